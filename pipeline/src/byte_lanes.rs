//! Eight bytes of text in one `u64` (little-endian: lane 0 is the first
//! byte), loaded without a byte loop or a copy even at the end of a text:
//! the JSON string writer here and the scanners of the stages
//! (`stages::byte_lanes`) classify eight bytes at once.

/// The high bit of every lane: a set of lanes.
pub const HIGHS: u64 = 0x8080_8080_8080_8080;
/// One in every lane: `LANES * b` repeats byte `b` in each.
pub const LANES: u64 = 0x0101_0101_0101_0101;

/// The lanes of `word` holding `byte`. The borrow of the subtraction may
/// also flag a lane above a true hit, never one below: the first flagged
/// lane is always exact.
#[inline(always)]
pub fn lanes_equal(word: u64, byte: u8) -> u64 {
    let v = word ^ (LANES * byte as u64);
    v.wrapping_sub(LANES) & !v & HIGHS
}

/// The 8 bytes of `bytes` from `i`, zero-padded past the end (a zero byte
/// is an ASCII control character, which ends any word).
#[inline]
pub fn load8(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..i + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("8 bytes")),
        None => load_short(&bytes[i.min(bytes.len())..]),
    }
}

/// At most 16 bytes as a little-endian integer, zero-padded: two loads for
/// 8 bytes or more (overlapping, like [`load_short`]'s).
#[inline]
pub fn load16(bytes: &[u8]) -> u128 {
    let n = bytes.len();
    debug_assert!(n <= 16, "load16 takes at most 16 bytes");
    if n >= 8 {
        let first = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
        let last = u64::from_le_bytes(bytes[n - 8..].try_into().expect("8 bytes"));
        first as u128 | (last as u128) << (8 * (n - 8))
    } else {
        load_short(bytes) as u128
    }
}

/// Fewer than 8 bytes as a little-endian integer, zero-padded. Two
/// overlapping loads cover every length without a byte loop or a copy: the
/// bytes both loads read are the same, so OR-ing them changes nothing.
#[inline]
fn load_short(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 4 {
        let first = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        let last = u32::from_le_bytes(bytes[n - 4..].try_into().expect("4 bytes"));
        first as u64 | (last as u64) << (8 * (n - 4))
    } else if n > 0 {
        bytes[0] as u64
            | (bytes[n / 2] as u64) << (8 * (n / 2))
            | (bytes[n - 1] as u64) << (8 * (n - 1))
    } else {
        0
    }
}

/// The high bits of the eight lanes of `lanes` (a set of lanes, nothing
/// but high bits set) gathered into one byte, lane `k` at bit `k`: the
/// multiply moves lane k's bit to bit 56 + k, with no carries between them.
#[inline(always)]
pub fn lane_bits(lanes: u64) -> u64 {
    debug_assert_eq!(lanes & !HIGHS, 0, "a set of lanes");
    ((lanes >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) & 0xFF
}

/// The bits of the first `n` lanes (`n <= 8`).
#[inline(always)]
pub fn first_lanes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first flagged lane is the first lane holding the byte, for every
    /// byte value against neighbours just above and below it.
    #[test]
    fn lanes_equal_finds_the_first_hit() {
        for byte in 0..=255u8 {
            for lane in 0..8 {
                for other in [byte.wrapping_add(1), byte.wrapping_sub(1), 0, 0xFF] {
                    let mut bytes = [other; 8];
                    bytes[lane] = byte;
                    let first = bytes.iter().position(|&b| b == byte).unwrap();
                    let flagged = lanes_equal(u64::from_le_bytes(bytes), byte);
                    assert_eq!(
                        flagged.trailing_zeros() / 8,
                        first as u32,
                        "{byte:#x} {bytes:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn loads_pad_with_zeros() {
        assert_eq!(load8(b"abc", 0), u64::from_le_bytes(*b"abc\0\0\0\0\0"));
        assert_eq!(load8(b"abcdefghij", 2), u64::from_le_bytes(*b"cdefghij"));
        assert_eq!(load8(b"abc", 3), 0);
        // every length and start a short tail can have
        let text = b"0123456789abcdef";
        for end in 0..=text.len() {
            for start in 0..=end {
                let mut padded = [0u8; 8];
                let n = (end - start).min(8);
                padded[..n].copy_from_slice(&text[start..start + n]);
                assert_eq!(load8(&text[..end], start), u64::from_le_bytes(padded));
            }
        }
        for n in 0..=text.len() {
            let mut padded = [0u8; 16];
            padded[..n].copy_from_slice(&text[..n]);
            assert_eq!(load16(&text[..n]), u128::from_le_bytes(padded));
        }
        assert_eq!(first_lanes(0), 0);
        assert_eq!(first_lanes(3), 0xFF_FFFF);
        assert_eq!(first_lanes(8), u64::MAX);
    }

    #[test]
    fn lane_bits_gathers_every_set_of_lanes() {
        for set in 0..=255u64 {
            let lanes = (0..8)
                .filter(|k| set >> k & 1 != 0)
                .fold(0, |lanes, k| lanes | 0x80 << (8 * k));
            assert_eq!(lane_bits(lanes), set, "{set:#b}");
        }
    }
}
