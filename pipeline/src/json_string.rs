//! JSON string literals, fast, for the article text: it is most of every
//! input and output record, mostly ASCII with few escapes.
//!
//! - Writing checks eight bytes at a time and copies long runs. The escapes
//!   are exactly serde_json's (`\"`, `\\`, `\b \t \n \f \r`, other
//!   control characters as `\u00xx`; everything else, non-ASCII included, as
//!   is), so a record reads the same whichever wrote it.
//! - Reading unescapes a literal straight into a `String` of the right size
//!   (serde_json goes through a growing scratch buffer per record and copies
//!   the text twice); anything odd is left to serde_json.

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use crate::byte_lanes::lane_bits;
use crate::byte_lanes::{first_lanes, lanes_equal, load16, load8, HIGHS, LANES};

/// The bytes of `word` that may need escaping (control characters, `"`,
/// `\`), as the high bit of each byte. The bit tricks may flag a byte above
/// a real hit (a borrow), never below one: the lowest flagged byte is always
/// one to escape.
#[inline]
pub(crate) fn escape_mask(word: u64) -> u64 {
    let below_space = word.wrapping_sub(LANES * 0x20) & !word & HIGHS;
    below_space | lanes_equal(word, b'"') | lanes_equal(word, b'\\')
}

/// The escape of one byte, as serde_json writes it, or `None`.
#[inline]
fn escape(byte: u8) -> Option<&'static [u8]> {
    const CONTROL: [&[u8]; 32] = [
        b"\\u0000", b"\\u0001", b"\\u0002", b"\\u0003", b"\\u0004", b"\\u0005", b"\\u0006",
        b"\\u0007", b"\\b", b"\\t", b"\\n", b"\\u000b", b"\\f", b"\\r", b"\\u000e", b"\\u000f",
        b"\\u0010", b"\\u0011", b"\\u0012", b"\\u0013", b"\\u0014", b"\\u0015", b"\\u0016",
        b"\\u0017", b"\\u0018", b"\\u0019", b"\\u001a", b"\\u001b", b"\\u001c", b"\\u001d",
        b"\\u001e", b"\\u001f",
    ];
    match byte {
        0..=0x1F => Some(CONTROL[byte as usize]),
        b'"' => Some(b"\\\""),
        b'\\' => Some(b"\\\\"),
        _ => None,
    }
}

/// Appends `s` to `out` as a JSON string, quotes included.
///
/// Sixteen bytes at a time (the last few zero-padded, the padding masked
/// off): a block with something to escape jumps straight to its first such
/// byte, so no byte is looked at alone. Most strings written are short
/// (names, labels): up to 16 bytes without an escape are written as two
/// whole words between their quotes and cut back, with no loop and no call
/// to `memcpy`.
///
/// The short case is inlined into the writer's call sites (names, labels
/// and kinds are most of the strings a record holds); the rest is not.
#[inline(always)]
pub fn write_json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if n <= 16 {
        let word = load16(bytes);
        let escapes = escapes_in_16(&word.to_le_bytes());
        // Any of the string's own bytes (none for ""); the zero padding
        // after them reads as control bytes.
        if escapes & ((1 << n) - 1) == 0 {
            // One fixed-size append (one capacity check), cut back.
            let mut block = [b'"'; 18];
            block[1..17].copy_from_slice(&word.to_le_bytes());
            block[1 + n] = b'"';
            let end = out.len() + n + 2;
            out.extend_from_slice(&block);
            out.truncate(end);
            return;
        }
    }
    write_escaped(out, bytes);
}

/// The index of the first byte of `bytes[from..]` that JSON escapes (a
/// control character, `"` or `\\`), or `bytes.len()`. Clean stretches, most
/// of an article, go sixteen bytes a step.
#[inline]
pub(crate) fn next_special(bytes: &[u8], from: usize) -> usize {
    let n = bytes.len();
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 16) {
        let escapes = escapes_in_16(block.try_into().expect("16 bytes"));
        if escapes != 0 {
            return i + escapes.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < n {
        // past the end, `load8` pads with zeros, which read as control bytes
        let mut mask = escape_mask(load8(bytes, i));
        if n - i < 8 {
            mask &= first_lanes(n - i);
        }
        if mask != 0 {
            return i + (mask.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    n
}

/// The bytes of `block` that JSON escapes, a bit each (byte `k` at bit
/// `k`), exactly: SSE2, which every x86-64 has, compares sixteen bytes in
/// one instruction, four times cheaper than [`escape_mask`] twice.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn escapes_in_16(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_set_epi64x,
    };
    #[target_feature(enable = "sse2")]
    fn with_sse2(block: &[u8; 16]) -> u32 {
        let half = |at: usize| i64::from_le_bytes(block[at..at + 8].try_into().expect("8 bytes"));
        let v = _mm_set_epi64x(half(8), half(0));
        // A byte is at most 0x1F when the larger of it and 0x1F is 0x1F.
        let last_control = _mm_set1_epi8(0x1F);
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) as u32
    }
    // SAFETY: this build enables SSE2 (the `cfg` above; every x86-64 CPU
    // has it), the one CPU feature `with_sse2` needs.
    unsafe { with_sse2(block) }
}

/// [`escapes_in_16`] elsewhere, eight bytes at a time: a bit may be set
/// above a byte to escape, never below the first one (see
/// [`escape_mask`]), which is all the callers read.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn escapes_in_16(block: &[u8; 16]) -> u32 {
    let half = |at: usize| u64::from_le_bytes(block[at..at + 8].try_into().expect("8 bytes"));
    (lane_bits(escape_mask(half(0))) | lane_bits(escape_mask(half(8))) << 8) as u32
}

/// [`write_json_string`] for a string longer than 16 bytes or with
/// something to escape.
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run_start = 0;
    loop {
        let at = next_special(bytes, run_start);
        out.extend_from_slice(&bytes[run_start..at]);
        if at == bytes.len() {
            break;
        }
        push_escape(out, bytes[at]);
        run_start = at + 1;
    }
    out.push(b'"');
}

/// Appends the escape of `byte`, which needs one. The escapes of news text
/// (`"`, newlines, `\\`) are copied as constants, without a call.
#[inline(always)]
fn push_escape(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\\' => out.extend_from_slice(b"\\\\"),
        _ => out.extend_from_slice(escape(byte).expect("the lowest flagged byte needs escaping")),
    }
}

/// The value of the JSON string literal `literal` (quotes included, no raw
/// control character inside: [`crate::record_fields`] cuts it out so).
/// `None` when it holds an unknown escape, a `\u` escape of a surrogate
/// without its pair, or is not a string: the caller then leaves the record
/// to serde_json, which decides what that means.
pub fn read_json_string(literal: &str) -> Option<String> {
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'\\', &bytes[i..]) {
        let at = i + found;
        out.push_str(&body[i..at]);
        let (c, len) = match *bytes.get(at + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let unit = hex4(bytes, at + 2)?;
                match unit {
                    0xD800..=0xDBFF => {
                        if bytes.get(at + 6..at + 8)? != b"\\u" {
                            return None;
                        }
                        let low = hex4(bytes, at + 8)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        (char::from_u32(code)?, 12)
                    }
                    _ => (char::from_u32(unit)?, 6),
                }
            }
            _ => return None,
        };
        out.push(c);
        i = at + len;
    }
    out.push_str(&body[i..]);
    Some(out)
}

/// The four hex digits at `bytes[at..at + 4]` as a number.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = std::str::from_utf8(bytes.get(at..at + 4)?).ok()?;
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_json_string(&mut out, s);
        out
    }

    #[test]
    fn escapes_exactly_like_serde_json() {
        let mut every_ascii: String = (0u8..128).map(char::from).collect();
        every_ascii.push_str("“quoted” «Да» ایران 北京 😀 \u{7f}\u{80}\u{2028}");
        let samples = [
            "",
            "plain",
            "exactly8",
            "He said \"no\".\n\nThen\\left\ttab\r\u{0}\u{1f}",
            every_ascii.as_str(),
        ];
        for sample in samples {
            // Every alignment of the specials to the 8-byte words.
            for pad in 0..9 {
                let s = format!("{}{sample}{}", "x".repeat(pad), "y".repeat(pad));
                assert_eq!(written(&s), serde_json::to_vec(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn short_strings_escape_at_every_place_like_serde_json() {
        // Every length the two-word path takes and a little past it, with
        // one special (or none) at every place, after ASCII or not.
        for len in 0..=18 {
            for special in [None, Some('"'), Some('\\'), Some('\n'), Some('\u{1f}')] {
                for place in 0..len.max(1) {
                    let s: String = (0..len)
                        .map(|k| match special {
                            Some(c) if k == place => c,
                            _ if k % 5 == 4 => 'é',
                            _ => 'a',
                        })
                        .collect();
                    let mut out = b"prefix".to_vec();
                    write_json_string(&mut out, &s);
                    let mut expected = b"prefix".to_vec();
                    expected.extend(serde_json::to_vec(&s).unwrap());
                    assert_eq!(out, expected, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let literals = [
            r#""""#,
            r#""plain text""#,
            r#""He said \"no\".\n\nThen\\left\ttab\r\/\b\f""#,
            r#""\u00e9t\u00C9 \u2028 \ud83d\ude00 \u0000 «Да» 北京""#,
        ];
        for literal in literals {
            let expected: String = serde_json::from_str(literal).unwrap();
            assert_eq!(
                read_json_string(literal).as_deref(),
                Some(expected.as_str())
            );
        }
        // Every string written reads back.
        let mut every_char: String = (0u8..128).map(char::from).collect();
        every_char.push_str("“quoted” ایران 😀 \u{2029}");
        let mut out = Vec::new();
        write_json_string(&mut out, &every_char);
        let literal = std::str::from_utf8(&out).unwrap();
        assert_eq!(
            read_json_string(literal).as_deref(),
            Some(every_char.as_str())
        );
    }

    #[test]
    fn leaves_lone_surrogates_and_non_strings_to_serde_json() {
        for odd in [
            r#""\ud83d""#,
            r#""\ud83d\u0041""#,
            r#""\ude00x""#,
            "12",
            "null",
        ] {
            assert_eq!(read_json_string(odd), None, "{odd}");
        }
    }

    #[test]
    fn sixteen_byte_blocks_find_the_first_special_byte() {
        for byte in 0..=255u8 {
            for lane in 0..16 {
                for other in [b'a', 0x20, 0x7F, 0xC3, b'"'] {
                    let mut block = [other; 16];
                    block[lane] = byte;
                    let first = block.iter().position(|&b| escape(b).is_some());
                    let escapes = escapes_in_16(&block);
                    let found = (escapes != 0).then(|| escapes.trailing_zeros() as usize);
                    assert_eq!(found, first, "{byte:#x} in lane {lane} among {other:#x}");
                }
            }
        }
    }

    #[test]
    fn the_word_test_flags_exactly_the_first_special_byte() {
        let specials: Vec<u8> = (0u8..0x20).chain([b'"', b'\\']).collect();
        let first_flagged = |word: [u8; 8]| {
            let mask = escape_mask(u64::from_le_bytes(word));
            (mask != 0).then(|| mask.trailing_zeros() as usize / 8)
        };
        for &special in &specials {
            for pos in 0..8 {
                // Whatever follows the special byte (another special, one
                // that borrows, anything), it is the first one flagged.
                for after in [b'a', b' ', b'!', b'#', b']', 0x80, 0xFF, 0x00, b'"'] {
                    let mut word = [b'a'; 8];
                    word[pos] = special;
                    for byte in &mut word[pos + 1..] {
                        *byte = after;
                    }
                    assert_eq!(first_flagged(word), Some(pos), "{word:?}");
                }
            }
        }
        for byte in (0x20u8..=0xFF).filter(|b| !specials.contains(b)) {
            assert_eq!(first_flagged([byte; 8]), None, "{byte}");
        }
    }
}
