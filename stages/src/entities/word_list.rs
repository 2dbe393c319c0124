//! Short fixed word lists ("of", "million", "dollars", "’s"…) looked up
//! ignoring ASCII case for many tokens of every document: masks of the
//! lengths and first letters a list holds turn most words away before any
//! comparison.

pub struct WordList {
    words: &'static [&'static str],
    /// Bit [`length_bit`] of each word's length.
    lengths: u64,
    /// Bit [`initial_bit`] of each word's first byte.
    initials: u64,
}

impl WordList {
    /// The list of `words` (none empty).
    pub const fn new(words: &'static [&'static str]) -> Self {
        let (mut lengths, mut initials) = (0u64, 0u64);
        let mut i = 0;
        while i < words.len() {
            let bytes = words[i].as_bytes();
            lengths |= 1 << length_bit(bytes.len());
            initials |= 1 << initial_bit(bytes[0]);
            i += 1;
        }
        WordList {
            words,
            lengths,
            initials,
        }
    }

    /// Whether `word` is one of the words, ignoring ASCII case.
    pub fn contains(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return false;
        };
        self.lengths & 1 << length_bit(word.len()) != 0
            && self.initials & 1 << initial_bit(first) != 0
            && self.words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

/// Lengths of 63 bytes or more share the last bit.
const fn length_bit(length: usize) -> u32 {
    if length < 63 {
        length as u32
    } else {
        63
    }
}

/// Bytes that are equal ignoring ASCII case share a bit.
const fn initial_bit(byte: u8) -> u32 {
    (byte.to_ascii_lowercase() % 64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_listed_words_in_any_ascii_case_and_nothing_else() {
        const LIST: WordList = WordList::new(&["of", "million", "’s", "$"]);
        for word in ["of", "OF", "Of", "Million", "’s", "’S", "$"] {
            assert!(LIST.contains(word), "{word}");
        }
        for word in ["", "o", "off", "on", "millions", "‘s", "€", "ÖF", "f"] {
            assert!(!LIST.contains(word), "{word}");
        }
    }
}
