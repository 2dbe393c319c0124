//! Unsigned integers in decimal, for the offsets and counts the record
//! writer writes by the hundred per record.
//!
//! Below 10^8 (every offset of a news article) the eight digits are made
//! at once, zero-padded, from four two-digit pairs (no loop, no digit count
//! first); the leading zeros are found in the block as a whole and skipped
//! by a fixed-size append that is cut back: a fixed-size copy is a few
//! moves, where a formatter's variable-length result (`itoa`) is copied by a
//! call to `memcpy`, and the buffer's capacity is checked once.

use crate::byte_lanes::LANES;

/// Decimal digits of the numbers below 100, two bytes each.
const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Appends `value` in decimal, as serde_json writes it.
#[inline(always)]
pub fn write_json_number(out: &mut Vec<u8>, value: usize) {
    if value >= 100_000_000 {
        return write_long_number(out, value);
    }
    let value = value as u32;
    // Eight digits, zero-padded, then eight bytes to copy past them.
    let mut block = [0u8; 16];
    for (k, four) in [value / 10_000, value % 10_000].into_iter().enumerate() {
        let (high, low) = (2 * (four / 100) as usize, 2 * (four % 100) as usize);
        block[4 * k..4 * k + 2].copy_from_slice(&DIGIT_PAIRS[high..high + 2]);
        block[4 * k + 2..4 * k + 4].copy_from_slice(&DIGIT_PAIRS[low..low + 2]);
    }
    // The leading '0's (lane k is digit k): all but the last digit of 0.
    let digits = u64::from_le_bytes(block[..8].try_into().expect("8 bytes"));
    let zeros = ((digits ^ (LANES * b'0' as u64)).trailing_zeros() / 8).min(7) as usize;
    let end = out.len() + 8 - zeros;
    out.extend_from_slice(&block[zeros..zeros + 8]);
    out.truncate(end);
}

/// [`write_json_number`] from 10^8 up: two digits a step, from the last.
#[cold]
#[inline(never)]
fn write_long_number(out: &mut Vec<u8>, value: usize) {
    let mut block = [0u8; 20];
    let (mut rest, mut at) = (value, block.len());
    while rest >= 100 {
        let pair = 2 * (rest % 100);
        rest /= 100;
        at -= 2;
        block[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if rest >= 10 {
        at -= 2;
        block[at..at + 2].copy_from_slice(&DIGIT_PAIRS[2 * rest..2 * rest + 2]);
    } else {
        at -= 1;
        block[at] = b'0' + rest as u8;
    }
    out.extend_from_slice(&block[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_like_to_string_after_what_is_there() {
        let mut out = b"[".to_vec();
        let mut expected = String::from("[");
        let edges = [
            9_999_999,
            99_999_999,
            100_000_000,
            100_000_001,
            1_000_000_000,
            u32::MAX as usize,
            usize::MAX - 1,
            usize::MAX,
        ];
        for value in (0..1_100_000usize).chain(edges) {
            write_json_number(&mut out, value);
            out.push(b',');
            expected.push_str(&value.to_string());
            expected.push(',');
        }
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
