//! The text form of the tagger's weights, one line per feature: its key in
//! hex, then `class:weight` pairs with weights in thousandths (16-bit).
//!
//! Read by the stage for a model given as text (a cross-validation fold's)
//! and by `build.rs`, which turns the shipped model into binary rows at build
//! time; so this file uses nothing but `std`.

/// Bytes of a binary row: the key, then `N` weights, little-endian.
pub const fn row_bytes(classes: usize) -> usize {
    8 + 2 * classes
}

/// The rows of the text form (`#` lines are comments); an error names the
/// line. Byte by byte: the model is a megabyte.
pub fn parse<const N: usize>(text: &str) -> Result<Vec<(u64, [i16; N])>, String> {
    let mut rows = Vec::with_capacity(text.len() / 32);
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let row = parse_row(line.as_bytes())
            .ok_or_else(|| format!("tagger model line {}: cannot read `{line}`", n + 1))?;
        rows.push(row);
    }
    Ok(rows)
}

/// Rows in binary form (see [`row_bytes`]), as `build.rs` writes them.
#[allow(dead_code)] // used by build.rs and the tests
pub fn to_binary<const N: usize>(rows: &[(u64, [i16; N])]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rows.len() * row_bytes(N));
    for (key, weights) in rows {
        bytes.extend_from_slice(&key.to_le_bytes());
        for weight in weights {
            bytes.extend_from_slice(&weight.to_le_bytes());
        }
    }
    bytes
}

/// The rows of [`to_binary`]'s bytes.
pub fn from_binary<const N: usize>(
    bytes: &[u8],
) -> impl ExactSizeIterator<Item = (u64, [i16; N])> + '_ {
    bytes.chunks_exact(row_bytes(N)).map(|row| {
        let (key, weights) = row.split_at(8);
        let key = u64::from_le_bytes(key.try_into().expect("8 bytes"));
        let mut row = [0i16; N];
        for (weight, pair) in row.iter_mut().zip(weights.chunks_exact(2)) {
            *weight = i16::from_le_bytes([pair[0], pair[1]]);
        }
        (key, row)
    })
}

/// One model line: `key class:weight class:weight …` (key in hex).
fn parse_row<const N: usize>(line: &[u8]) -> Option<(u64, [i16; N])> {
    let mut fields = line.split(|&b| b == b' ');
    let key = fields.next().filter(|k| !k.is_empty() && k.len() <= 16)?;
    let key = key.iter().try_fold(0u64, |acc, &b| {
        Some(acc << 4 | (b as char).to_digit(16)? as u64)
    })?;
    let mut row = [0i16; N];
    for pair in fields {
        let colon = pair.iter().position(|&b| b == b':')?;
        let class = decimal(&pair[..colon])?;
        let weight = match &pair[colon + 1..] {
            [b'-', digits @ ..] => -decimal(digits)?,
            digits => decimal(digits)?,
        };
        *row.get_mut(usize::try_from(class).ok()?)? = i16::try_from(weight).ok()?;
    }
    Some((key, row))
}

/// A non-empty run of ASCII digits (at most 6: enough for an `i16`).
fn decimal(digits: &[u8]) -> Option<i32> {
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    digits.iter().try_fold(0i32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + (b - b'0') as i32)
    })
}
