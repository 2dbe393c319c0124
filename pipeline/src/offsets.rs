//! Byte offsets inside, code-point offsets outside.
//!
//! Stages work on byte offsets into `Document::text` (slicing a `str` is then
//! free). The output format counts code points, so every offset is converted
//! once, when a record is read or written, through a [`CharIndex`].

/// One count per this many bytes: a lookup counts at most this many bytes,
/// and the table costs 4 bytes per 64 bytes of text.
const BLOCK: usize = 64;

/// Converts between byte offsets and code-point offsets of one text.
///
/// ASCII text (most news in English) needs no table at all. Otherwise the
/// table holds the code points before every `BLOCK`-th byte, so a byte
/// offset converts in constant time (the table plus the character starts in
/// the rest of its block), with no search, in whatever order offsets come.
pub struct CharIndex<'a> {
    text: &'a str,
    /// Code points before byte `k * BLOCK`, for every block; empty for
    /// ASCII text.
    chars_before_block: Vec<u32>,
    chars: usize,
}

/// How many characters start in `bytes` (every byte but UTF-8 continuation
/// bytes `0b10xx_xxxx`).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                text,
                chars_before_block: Vec::new(),
                chars: text.len(),
            };
        }
        let mut chars_before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            chars_before_block.push(chars as u32);
            chars += char_starts(block);
        }
        CharIndex {
            text,
            chars_before_block,
            chars,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Code-point offset of a byte offset. A byte offset inside a character
    /// counts as that character's start; past the end it clamps to the end.
    pub fn to_char(&self, byte: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return byte.min(self.text.len());
        }
        if byte >= self.text.len() {
            return self.chars;
        }
        let block = byte / BLOCK;
        let from = block * BLOCK;
        // The characters starting before `byte`; one of them is the
        // character `byte` lies inside, when it is not a boundary.
        let before = self.chars_before_block[block] as usize
            + char_starts(&self.text.as_bytes()[from..byte]);
        if self.text.is_char_boundary(byte) {
            before
        } else {
            before - 1
        }
    }

    /// Byte offset of a code-point offset, or `None` past the end of the text.
    pub fn to_byte(&self, char_offset: usize) -> Option<usize> {
        if char_offset > self.chars {
            return None;
        }
        if self.chars_before_block.is_empty() {
            return Some(char_offset);
        }
        if char_offset == self.chars {
            return Some(self.text.len());
        }
        // The last block starting at or before the character.
        let block = self
            .chars_before_block
            .partition_point(|&c| c as usize <= char_offset)
            - 1;
        let from = block * BLOCK;
        let mut chars = self.chars_before_block[block] as usize;
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
