//! Byte offsets inside, code-point offsets outside.
//!
//! Stages work on byte offsets into `Document::text` (slicing a `str` is then
//! free). The output format counts code points, so every offset is converted
//! once, when a record is read or written, through a [`CharIndex`].

/// One checkpoint every this many code points: a lookup walks at most this
/// many characters, and the table costs 4 bytes per 64 characters.
const STRIDE: usize = 64;

/// Converts between byte offsets and code-point offsets of one text.
///
/// ASCII text (most news in English) needs no table at all.
pub struct CharIndex<'a> {
    text: &'a str,
    /// Byte offset of every `STRIDE`-th code point; empty for ASCII text.
    checkpoints: Vec<u32>,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                text,
                checkpoints: Vec::new(),
                chars: text.len(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push(byte as u32);
            }
            chars += 1;
        }
        CharIndex {
            text,
            checkpoints,
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
        if self.checkpoints.is_empty() {
            return byte.min(self.text.len());
        }
        if byte >= self.text.len() {
            return self.chars;
        }
        let slot = match self.checkpoints.binary_search(&(byte as u32)) {
            Ok(slot) => return slot * STRIDE,
            Err(slot) => slot - 1,
        };
        let from = self.checkpoints[slot] as usize;
        let walked = self.text[from..]
            .char_indices()
            .take_while(|(b, _)| from + b <= byte)
            .count();
        slot * STRIDE + walked - 1
    }

    /// Byte offset of a code-point offset, or `None` past the end of the text.
    pub fn to_byte(&self, char_offset: usize) -> Option<usize> {
        if char_offset > self.chars {
            return None;
        }
        if self.checkpoints.is_empty() {
            return Some(char_offset);
        }
        if char_offset == self.chars {
            return Some(self.text.len());
        }
        let from = self.checkpoints[char_offset / STRIDE] as usize;
        let rest = char_offset % STRIDE;
        self.text[from..]
            .char_indices()
            .nth(rest)
            .map(|(b, _)| from + b)
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
