//! Eight bytes of text in one `u64`, classified at once (SWAR): the hot
//! scanners (tokenizer, function-word counter) find where an ASCII word or
//! a run of spaces ends with a few arithmetic operations instead of a
//! mispredicted branch per byte.
//!
//! A lane is one byte of the word, little-endian (lane 0 is the first
//! byte); a set of lanes is the high bit of each lane in it.

use pipeline::byte_lanes::LANES;
pub use pipeline::byte_lanes::{first_lanes, lane_bits, lanes_equal, load8, HIGHS};

/// The lanes of `x` holding an ASCII byte in `lo..=hi` (`lo >= 1`): the
/// bytes are cut to 7 bits, so the two additions cannot carry into the next
/// lane, and each sets a lane's high bit exactly when the byte is at least
/// `lo`, or above `hi`; non-ASCII lanes are then dropped.
#[inline(always)]
pub fn ascii_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & !HIGHS;
    let at_least_lo = low7 + LANES * (0x80 - lo) as u64;
    let above_hi = low7 + LANES * (0x7F - hi) as u64;
    at_least_lo & !above_hi & !x & HIGHS
}

/// The lanes of `x` holding an ASCII letter, either case (setting bit 5
/// lower-cases a letter and makes no other byte a lower-case letter).
#[inline(always)]
pub fn ascii_letters(x: u64) -> u64 {
    ascii_in_range(x | (LANES * 0x20), b'a', b'z')
}

/// `x` with its ASCII capitals lower-cased (the lanes of `A..=Z` get their
/// 0x20 bit).
#[inline(always)]
pub fn ascii_lower(x: u64) -> u64 {
    x | ascii_in_range(x, b'A', b'Z') >> 2
}

/// The number of lanes before the first one in `stops`; 8 when it is empty.
#[inline(always)]
pub fn lanes_before(stops: u64) -> usize {
    (stops.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lanes(x)` against `is(b)` for every byte value, in every lane.
    fn check(lanes: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // Neighbours of every kind around the byte.
                let mut bytes = [b'a', 0xC3, b'Z', 0, b'9', 0xFF, b' ', 0x7F];
                bytes[lane] = b;
                let x = u64::from_le_bytes(bytes);
                let expected = bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| is(b))
                    .fold(0, |set, (k, _)| set | (0x80 << (8 * k)));
                assert_eq!(lanes(x), expected, "byte {b:#x} in lane {lane}");
            }
        }
    }

    #[test]
    fn ranges_and_letters_are_exact_for_every_byte() {
        check(ascii_letters, |b| b.is_ascii_alphabetic());
        check(
            |x| ascii_in_range(x, b'A', b'Z'),
            |b| b.is_ascii_uppercase(),
        );
        check(
            |x| ascii_in_range(x, b'a', b'z'),
            |b| b.is_ascii_lowercase(),
        );
        check(|x| ascii_in_range(x, b'0', b'9'), |b| b.is_ascii_digit());
        check(|x| ascii_in_range(x, 1, 0x7F), |b| (1..0x80).contains(&b));
    }

    #[test]
    fn lanes_count() {
        assert_eq!(lanes_before(0), 8);
        assert_eq!(lanes_before(0x80 << 16), 2);
        let word = u64::from_le_bytes(*b"AZaz@[09");
        assert_eq!(ascii_lower(word), u64::from_le_bytes(*b"azaz@[09"));
    }
}
