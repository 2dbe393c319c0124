//! Short fixed word lists ("of", "million", "dollars", "’s"…) looked up
//! ignoring ASCII case for many tokens of every document: masks of the
//! lengths and first letters a list holds turn most words away before any
//! comparison, and a small table, built at compile time, sends the others
//! to the one entry they can equal (by length and first and last letters),
//! so a lookup compares a word or two instead of scanning the list.

pub struct WordList {
    words: &'static [&'static str],
    /// Bit [`length_bit`] of each word's length.
    lengths: u64,
    /// Bit [`initial_bit`] of each word's first byte.
    initials: u64,
    /// Per slot: 1 + the index of a word whose [`slot`] starts probing
    /// here or before (linear probing); 0 = empty.
    slots: [u8; SLOTS],
}

/// Slots per list: at most a quarter full for the longest list (62 words),
/// so most lookups of a word not listed end at their first slot.
const SLOTS: usize = 256;

impl WordList {
    /// The list of `words` (none empty, fewer than 128).
    pub const fn new(words: &'static [&'static str]) -> Self {
        assert!(
            words.len() < SLOTS / 2,
            "a word list holds fewer than 128 words"
        );
        let mut slots = [0u8; SLOTS];
        let (mut lengths, mut initials) = (0u64, 0u64);
        let mut i = 0;
        while i < words.len() {
            let bytes = words[i].as_bytes();
            lengths |= 1 << length_bit(bytes.len());
            initials |= 1 << initial_bit(bytes[0]);
            let mut at = slot(bytes);
            while slots[at] != 0 {
                at = (at + 1) % SLOTS;
            }
            slots[at] = (i + 1) as u8;
            i += 1;
        }
        WordList {
            words,
            lengths,
            initials,
            slots,
        }
    }

    /// Whether `word` is one of the words, ignoring ASCII case.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return false;
        };
        if self.lengths & 1 << length_bit(word.len()) == 0
            || self.initials & 1 << initial_bit(first) == 0
        {
            return false;
        }
        let mut at = slot(word.as_bytes());
        loop {
            match self.slots[at] {
                0 => return false,
                n if self.words[n as usize - 1].eq_ignore_ascii_case(word) => return true,
                _ => at = (at + 1) % SLOTS,
            }
        }
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

/// Where probing for `word` (not empty) starts: words equal ignoring ASCII
/// case have the same length and the same first and last bytes lowercased.
const fn slot(word: &[u8]) -> usize {
    let first = word[0].to_ascii_lowercase() as u32;
    let last = word[word.len() - 1].to_ascii_lowercase() as u32;
    let key = (word.len() as u32) | first << 8 | last << 16;
    // Fibonacci hashing: the top byte of the product
    (key.wrapping_mul(0x9e37_79b1) >> 24) as usize
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

    #[test]
    fn words_sharing_a_slot_are_all_found() {
        // same length, first and last letters: one probe chain
        const LIST: WordList = WordList::new(&["cat", "cut", "cot", "dog"]);
        for word in ["cat", "CUT", "cot", "Dog"] {
            assert!(LIST.contains(word), "{word}");
        }
        for word in ["cit", "cats", "dig"] {
            assert!(!LIST.contains(word), "{word}");
        }
    }
}
