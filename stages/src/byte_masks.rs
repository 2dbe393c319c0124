//! Sixty-four bytes of text classified at once into bit masks (byte `k` of
//! the block at bit `k`): the tokenizer and the language stage's word
//! reader find where an ASCII word or a run of spaces ends off the masks
//! with one bit scan, instead of looking at every byte.

use crate::byte_lanes::load8;

/// Bytes classified at once: a bit each in a `u64`.
pub const BLOCK: usize = 64;

/// The classes of the bytes of one block that the word readers need; bytes
/// past the end of the text are in none of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteMasks {
    /// ASCII letters and digits.
    pub words: u64,
    /// ASCII capitals.
    pub upper: u64,
    /// ASCII digits.
    pub digits: u64,
    /// The space character (not the other whitespace).
    pub spaces: u64,
    /// Bytes of multi-byte characters (`0x80` and up).
    pub non_ascii: u64,
}

impl ByteMasks {
    /// The masks of the [`BLOCK`] bytes of `bytes` from `at`.
    #[inline(always)]
    pub fn at(bytes: &[u8], at: usize) -> ByteMasks {
        match bytes.get(at..at + BLOCK) {
            Some(block) => classify(block.try_into().expect("a block")),
            None => Self::at_end(bytes, at),
        }
    }

    /// [`Self::at`] for the last bytes of a text, zero-padded (a zero byte
    /// is a control character: in no mask).
    #[inline(never)]
    fn at_end(bytes: &[u8], at: usize) -> ByteMasks {
        let mut block = [0u8; BLOCK];
        let tail = &bytes[at.min(bytes.len())..];
        block[..tail.len()].copy_from_slice(tail);
        classify(&block)
    }
}

/// The masks of `block`: SSE2, which every x86-64 has, compares sixteen
/// bytes in one instruction; eight times cheaper than
/// [`classify_by_lanes`], the portable fallback (measured under callgrind).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn classify(block: &[u8; BLOCK]) -> ByteMasks {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_set_epi64x,
    };
    /// The bytes of `v` in `lo..=hi`: adding `0x80 - lo` (wrapping) moves
    /// that range, and only it, to the bottom of the signed bytes.
    #[target_feature(enable = "sse2")]
    fn in_range(v: __m128i, lo: u8, hi: u8) -> __m128i {
        let moved = _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(lo) as i8));
        let above = _mm_set1_epi8((0x80 + (hi - lo) + 1) as i8);
        _mm_cmpgt_epi8(above, moved)
    }
    // Inlined (every x86-64 build has SSE2, so it may be): the call per
    // block cost the language stage 1.5 M of its 26.5 M instructions on
    // the first 1000 BBC articles (callgrind).
    #[inline]
    #[target_feature(enable = "sse2")]
    fn with_sse2(block: &[u8; BLOCK]) -> ByteMasks {
        let mut masks = ByteMasks::default();
        for part in 0..BLOCK / 16 {
            let half = |k: usize| {
                let at = 16 * part + 8 * k;
                i64::from_le_bytes(block[at..at + 8].try_into().expect("8 bytes"))
            };
            let v = _mm_set_epi64x(half(1), half(0));
            // Setting bit 5 lower-cases a letter and makes no other byte one.
            let letters = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let upper = in_range(v, b'A', b'Z');
            let digits = in_range(v, b'0', b'9');
            let spaces = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
            let bits = |set: __m128i| (_mm_movemask_epi8(set) as u32 as u64) << (16 * part);
            masks.words |= bits(_mm_or_si128(letters, digits));
            masks.upper |= bits(upper);
            masks.digits |= bits(digits);
            masks.spaces |= bits(spaces);
            // The sign bit of each byte is its non-ASCII flag already.
            masks.non_ascii |= bits(v);
        }
        masks
    }
    // SAFETY: this build enables SSE2 (the `cfg` above; every x86-64 CPU
    // has it), the one CPU feature `with_sse2` and `in_range` need.
    unsafe { with_sse2(block) }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn classify(block: &[u8; BLOCK]) -> ByteMasks {
    classify_by_lanes(block)
}

/// [`classify`] without SIMD instructions, eight bytes at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn classify_by_lanes(block: &[u8; BLOCK]) -> ByteMasks {
    use crate::byte_lanes::{ascii_in_range, ascii_letters, lane_bits, HIGHS};
    let mut masks = ByteMasks::default();
    for part in 0..BLOCK / 8 {
        let x = load8(block, 8 * part);
        let digits = ascii_in_range(x, b'0', b'9');
        let bits = |lanes: u64| lane_bits(lanes) << (8 * part);
        masks.words |= bits(ascii_letters(x) | digits);
        masks.upper |= bits(ascii_in_range(x, b'A', b'Z'));
        masks.digits |= bits(digits);
        masks.spaces |= bits(ascii_in_range(x, b' ', b' '));
        masks.non_ascii |= bits(x & HIGHS);
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masks of `bytes[at..]` byte by byte.
    fn expected(bytes: &[u8], at: usize) -> ByteMasks {
        let mut masks = ByteMasks::default();
        for (k, &b) in bytes.iter().skip(at).take(BLOCK).enumerate() {
            let bit = 1u64 << k;
            let set = |is: bool| if is { bit } else { 0 };
            masks.words |= set(b.is_ascii_alphanumeric());
            masks.upper |= set(b.is_ascii_uppercase());
            masks.digits |= set(b.is_ascii_digit());
            masks.spaces |= set(b == b' ');
            masks.non_ascii |= set(!b.is_ascii());
        }
        masks
    }

    #[test]
    fn every_byte_value_in_every_place() {
        for b in 0..=255u8 {
            for place in 0..BLOCK {
                // Neighbours of every kind around the byte.
                let mut block: Vec<u8> = b"a Z9\xC3\xA9.\n@[`{/:\x7F\xFF"
                    .iter()
                    .copied()
                    .cycle()
                    .take(BLOCK)
                    .collect();
                block[place] = b;
                let want = expected(&block, 0);
                assert_eq!(ByteMasks::at(&block, 0), want, "{b:#x} at {place}");
                let array: &[u8; BLOCK] = block.as_slice().try_into().unwrap();
                assert_eq!(classify_by_lanes(array), want, "{b:#x} at {place}");
            }
        }
    }

    #[test]
    fn the_end_of_a_text_is_in_no_mask() {
        let text = "Tajikistan’s border is 1,344 km long. ".repeat(3);
        let bytes = text.as_bytes();
        for at in 0..=bytes.len() {
            assert_eq!(ByteMasks::at(bytes, at), expected(bytes, at), "from {at}");
        }
    }
}
