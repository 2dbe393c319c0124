//! Reading the stance seed tables (lines of tab-separated words and decimal
//! weights) at start-up and in `build.rs` (so this file uses nothing but
//! `std` and `seed_lines.rs`): byte scans for field ends and an exact
//! short path for plain decimals, where `str::lines`, `str::split(char)` and
//! `str::parse::<f32>` cost a few hundred instructions per field over
//! thousands of lines.

use crate::seed_lines::split_at_byte;

/// `word.to_lowercase()`; most seed words are lower-case ASCII already and
/// are copied without mapping each character.
pub fn lowercase(word: &str) -> String {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

/// The word of a `word<TAB>…` seed line, lower-cased.
pub fn entry_word(line: &str) -> String {
    lowercase(fields(line).next().unwrap_or_default())
}

/// The tab-separated fields of `line`.
pub fn fields(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let text = rest?;
        let (field, next) = match split_at_byte(text, b'\t') {
            Some((field, next)) => (field, Some(next)),
            None => (text, None),
        };
        rest = next;
        Some(field)
    })
}

/// `text.trim()` as `str::parse::<f32>` reads it.
pub fn parse_trimmed_f32(text: &str) -> Option<f32> {
    // A plain decimal has no white space to trim.
    plain_decimal(text).or_else(|| text.trim().parse().ok())
}

/// Powers of ten exact in `f32`.
const POWERS_OF_TEN: [f32; 8] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7];

/// Most significant digits read on the short path: below 10^7 < 2^24, the
/// digits as an integer are exact in `f32`.
const MAX_DIGITS: usize = 7;

/// An optional `-`, then at most `MAX_DIGITS` digits with at most one `.`.
/// The digits and the power of ten are both exact in `f32`, so their one
/// quotient is the decimal correctly rounded, as `str::parse` gives it.
fn plain_decimal(text: &str) -> Option<f32> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    let (mut mantissa, mut count, mut point) = (0u32, 0usize, None);
    for &b in digits {
        match b {
            b'0'..=b'9' if count < MAX_DIGITS => {
                mantissa = mantissa * 10 + u32::from(b - b'0');
                count += 1;
            }
            b'.' if point.is_none() => point = Some(count),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let decimals = count - point.unwrap_or(count);
    let value = mantissa as f32 / POWERS_OF_TEN[decimals];
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_at_every_tab() {
        fn split(line: &str) -> Vec<&str> {
            fields(line).collect()
        }
        assert_eq!(
            split("stem\tU\twürde\t-0.5"),
            ["stem", "U", "würde", "-0.5"]
        );
        assert_eq!(split("a\t\tb\t"), ["a", "", "b", ""]);
        assert_eq!(split(""), [""]);
    }

    #[test]
    fn decimals_read_exactly_as_str_parse() {
        let samples = [
            "0",
            "-0",
            "-0.0000",
            "1.",
            ".5",
            "-.5",
            "0.1",
            "2.5",
            "-0.74",
            "1234567",
            "0.1234567",
            "9.999999",
            "12345678",
            "0.12345678",
            "1e3",
            "+1",
            "-",
            ".",
            "",
            "1..2",
            "1-2",
            "0.30000001",
            "-3.4028235",
            " 1",
            "-0.5 ",
            "\t2.5",
            "1 2",
        ];
        for text in samples {
            let expected = text.trim().parse::<f32>().ok().map(f32::to_bits);
            assert_eq!(
                parse_trimmed_f32(text).map(f32::to_bits),
                expected,
                "{text:?}"
            );
        }
        // Every weight of the shipped seeds, and a sweep of short decimals.
        let seeds = [
            include_str!("../../../seeds/stance/model_en.tsv"),
            include_str!("../../../seeds/stance/vader_en.tsv"),
        ];
        let mut checked = 0;
        for text in seeds.iter().flat_map(|seed| seed.lines()).flat_map(fields) {
            if let Ok(expected) = text.trim().parse::<f32>() {
                let parsed = parse_trimmed_f32(text).map(f32::to_bits);
                assert_eq!(parsed, Some(expected.to_bits()), "{text:?}");
                checked += 1;
            }
        }
        assert!(checked > 20_000, "{checked} weights");
        for n in (0..10_000_000u32).step_by(997) {
            for text in [format!("{n}"), format!("-{}.{:04}", n / 10_000, n % 10_000)] {
                let expected = text.parse::<f32>().map(f32::to_bits).ok();
                assert_eq!(plain_decimal(&text).map(f32::to_bits), expected, "{text}");
            }
        }
    }
}
