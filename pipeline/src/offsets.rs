//! Byte offsets inside, code-point offsets outside.
//!
//! Stages work on byte offsets into `Document::text` (slicing a `str` is then
//! free). The output format counts code points, so every offset is converted
//! once, when a record is read or written, through a [`CharIndex`].

use crate::byte_lanes::{lane_bits, HIGHS};

/// One table entry per this many bytes: a block's continuation bytes fit
/// one `u64` bit mask.
const BLOCK: usize = 64;

/// Converts between byte offsets and code-point offsets of one text.
///
/// ASCII text (most news in English) needs no table at all. Otherwise the
/// table holds, for every `BLOCK` bytes, the code points before the block
/// and which of its bytes continue a character: a byte offset converts with
/// one lookup and a population count, with no loop or search, in whatever
/// order offsets come (a record writes hundreds of them).
pub struct CharIndex<'a> {
    text: &'a str,
    /// One per block; empty for ASCII text.
    blocks: Vec<Block>,
    chars: usize,
}

#[derive(Clone, Copy)]
struct Block {
    /// Code points before the block's first byte.
    chars_before: u32,
    /// Bit `k` set: byte `k` of the block is a UTF-8 continuation byte
    /// (`0b10xx_xxxx`), so no character starts there.
    continuation: u64,
}

/// The continuation bytes of `bytes` (at most 64), as a bit per byte.
fn continuation_mask(bytes: &[u8]) -> u64 {
    let mut mask = 0;
    for (k, chunk) in bytes.chunks(8).enumerate() {
        let word = match chunk.try_into() {
            Ok(eight) => u64::from_le_bytes(eight),
            // The text's last few bytes, zero-padded (a zero byte is no
            // continuation byte).
            Err(_) => {
                let mut eight = [0u8; 8];
                eight[..chunk.len()].copy_from_slice(chunk);
                u64::from_le_bytes(eight)
            }
        };
        // Top bit set and the next one clear, per byte.
        let lanes = word & !(word << 1) & HIGHS;
        mask |= lane_bits(lanes) << (8 * k);
    }
    mask
}

/// The bits below bit `n` (`n < 64`).
#[inline(always)]
fn bits_below(n: usize) -> u64 {
    (1u64 << n) - 1
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                text,
                blocks: Vec::new(),
                chars: text.len(),
            };
        }
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            let continuation = continuation_mask(block);
            blocks.push(Block {
                chars_before: chars as u32,
                continuation,
            });
            chars += block.len() - continuation.count_ones() as usize;
        }
        CharIndex {
            text,
            blocks,
            chars,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Code-point offset of a byte offset. A byte offset inside a character
    /// counts as that character's start; past the end it clamps to the end.
    #[inline]
    pub fn to_char(&self, byte: usize) -> usize {
        if self.blocks.is_empty() {
            return byte.min(self.text.len());
        }
        if byte >= self.text.len() {
            return self.chars;
        }
        let block = self.blocks[byte / BLOCK];
        let offset = byte % BLOCK;
        // The characters starting before `byte` in its block; when `byte`
        // continues a character, that character is one of them.
        let starts = offset - (block.continuation & bits_below(offset)).count_ones() as usize;
        let inside = (block.continuation >> offset) & 1;
        block.chars_before as usize + starts - inside as usize
    }

    /// Byte offset of a code-point offset, or `None` past the end of the text.
    pub fn to_byte(&self, char_offset: usize) -> Option<usize> {
        if char_offset > self.chars {
            return None;
        }
        if self.blocks.is_empty() {
            return Some(char_offset);
        }
        if char_offset == self.chars {
            return Some(self.text.len());
        }
        // The last block starting at or before the character.
        let block = self
            .blocks
            .partition_point(|b| b.chars_before as usize <= char_offset)
            - 1;
        let from = block * BLOCK;
        let mut chars = self.blocks[block].chars_before as usize;
        for (i, &b) in self.text.as_bytes()[from..].iter().enumerate() {
            if (b as i8) >= -0x40 {
                if chars == char_offset {
                    return Some(from + i);
                }
                chars += 1;
            }
        }
        Some(self.text.len())
    }
}

/// The largest char boundary at or below `byte`: where a stage may cut a
/// prefix of the text without splitting a character.
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    if byte >= text.len() {
        return text.len();
    }
    let mut b = byte;
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_roundtrip(text: &str) {
        let index = CharIndex::new(text);
        assert_eq!(index.char_len(), text.chars().count());
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(index.to_char(b), c, "to_char({b}) in {text:?}");
            assert_eq!(index.to_byte(c), Some(b), "to_byte({c}) in {text:?}");
        }
        assert_eq!(index.to_byte(index.char_len()), Some(text.len()));
        assert_eq!(index.to_char(text.len()), index.char_len());
        assert_eq!(index.to_byte(index.char_len() + 1), None);
    }

    #[test]
    fn ascii_is_identity() {
        check_roundtrip("Dr. Ramani told Gulf International Forum.");
        check_roundtrip("");
    }

    #[test]
    fn non_ascii_roundtrips() {
        check_roundtrip("“I do not think Iran would…,” said Dr. Divsallar.");
        check_roundtrip("«Москва» — столица России. Он сказал: «Да».");
        check_roundtrip("ایران گفت: «ما آماده‌ایم».");
        check_roundtrip("北京是中国的首都。他说：「好。」");
        check_roundtrip("e\u{301}👍🏽 mixed ASCII and emoji");
    }

    #[test]
    fn long_text_crosses_many_checkpoints() {
        let text = "Iran’s “Look East” — ".repeat(200);
        check_roundtrip(&text);
    }

    #[test]
    fn characters_straddling_block_edges_convert_both_ways() {
        // Three- and four-byte characters at every alignment to the blocks.
        for pad in 0..4 {
            let text = format!("{}{}", "a".repeat(pad), "’😀«x".repeat(60));
            check_roundtrip(&text);
            let index = CharIndex::new(&text);
            for byte in 0..=text.len() {
                let starts_before = text.char_indices().filter(|&(b, _)| b < byte).count();
                let expected = starts_before - usize::from(!text.is_char_boundary(byte));
                assert_eq!(index.to_char(byte), expected, "to_char({byte})");
            }
        }
    }

    #[test]
    fn continuation_masks_flag_exactly_the_continuation_bytes() {
        let text = "a’😀«xé北".repeat(9);
        let bytes = text.as_bytes();
        for start in 0..16 {
            for len in 0..=64.min(bytes.len() - start) {
                let block = &bytes[start..start + len];
                let expected = block
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b & 0xC0 == 0x80)
                    .fold(0u64, |mask, (k, _)| mask | 1 << k);
                assert_eq!(continuation_mask(block), expected, "{start} {len}");
            }
        }
        // every byte value in every lane
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut eight = [b'a'; 8];
                eight[lane] = b;
                let expected = u64::from(b & 0xC0 == 0x80) << lane;
                assert_eq!(continuation_mask(&eight), expected, "{b:#x} at {lane}");
            }
        }
    }

    #[test]
    fn byte_inside_a_character_maps_to_its_start() {
        let text = "a’b";
        let index = CharIndex::new(text);
        assert_eq!(index.to_char(2), 1);
        assert_eq!(index.to_char(3), 1);
        assert_eq!(index.to_char(4), 2);
    }

    #[test]
    fn floor_boundary() {
        let text = "a’b";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(floor_char_boundary(text, 4), 4);
        assert_eq!(floor_char_boundary(text, 99), 5);
    }
}
