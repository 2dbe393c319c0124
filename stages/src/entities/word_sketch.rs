//! A 256-bit sketch of a few words: each word sets the bit its length,
//! first byte and last byte pick. A word whose bit is clear is surely not
//! among them, so a pass over every capitalised word compares the text of
//! only the few that may be.

#[derive(Default)]
pub struct WordSketch([u64; 4]);

impl WordSketch {
    pub fn insert(&mut self, word: &[u8]) {
        if let Some(bit) = bit(word) {
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// False only when `word` was surely not inserted.
    pub fn may_contain(&self, word: &[u8]) -> bool {
        bit(word).is_some_and(|bit| self.0[bit / 64] & 1 << (bit % 64) != 0)
    }
}

fn bit(word: &[u8]) -> Option<usize> {
    let (&first, &last) = (word.first()?, word.last()?);
    let mixed = (word.len() as u32)
        .wrapping_mul(0x9e37_79b9)
        .wrapping_add((first as u32) << 8 | last as u32)
        .wrapping_mul(0x85eb_ca6b);
    Some((mixed >> 24) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_words_are_found_and_most_others_not() {
        let mut sketch = WordSketch::default();
        for word in ["Ramani", "Putin", "Rahmon"] {
            sketch.insert(word.as_bytes());
        }
        assert!(["Ramani", "Putin", "Rahmon"]
            .iter()
            .all(|w| sketch.may_contain(w.as_bytes())));
        let others = [
            "Iran",
            "Moscow",
            "Tajikistan",
            "Kyrgyzstan",
            "Russia",
            "Dushanbe",
        ];
        assert!(
            others
                .iter()
                .filter(|w| sketch.may_contain(w.as_bytes()))
                .count()
                <= 1
        );
        assert!(!sketch.may_contain(b""));
    }
}
