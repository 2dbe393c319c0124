//! Each token's word hash, computed once per document when first read and
//! shared: the gazetteer starts its phrase keys from it, the tagger's
//! features read it for a token and its neighbours. Most tokens are never
//! read (lower-case words far from any name).

use super::hash::{Fnv, LOWERCASE, LOWERCASE_DIGITS_AS_ZERO};
use pipeline::Token;
use std::cell::Cell;

pub struct WordHashes<'t> {
    pub text: &'t str,
    pub tokens: &'t [Token],
    /// [`word_hash`] of each token and whether it has an ASCII digit; hash
    /// 0 = not computed yet (a word that hashes to 0 is only hashed again
    /// when read again).
    hashes: Vec<Cell<(u64, bool)>>,
}

impl<'t> WordHashes<'t> {
    pub fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        WordHashes {
            text,
            tokens,
            hashes: vec![Cell::new((0, false)); tokens.len()],
        }
    }

    /// [`word_hash`] of token `i`. Inlined: the tagger reads five per
    /// scored token, most of them already computed.
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        self.hash_and_digits(i).0
    }

    #[inline]
    fn hash_and_digits(&self, i: usize) -> (u64, bool) {
        match self.hashes[i].get() {
            (0, _) => self.compute(i),
            known => known,
        }
    }

    #[inline(never)]
    fn compute(&self, i: usize) -> (u64, bool) {
        let mut hash = Fnv::default();
        let digits = hash.lower(self.tokens[i].bytes(self.text), &LOWERCASE_DIGITS_AS_ZERO);
        self.hashes[i].set((hash.value(), digits));
        (hash.value(), digits)
    }

    /// Token `i` lowercased with its digits kept, hashed: the gazetteer's
    /// key of a phrase's first word. Without an ASCII digit that is the same
    /// hash as [`word_hash`]'s, so it is shared.
    pub fn lowercase(&self, i: usize) -> u64 {
        match self.hash_and_digits(i) {
            (_, true) => lowercase_hash(self.tokens[i].bytes(self.text)),
            (hash, false) => hash,
        }
    }
}

/// Hash of the lowercased word with every digit read as `0`, so "2019"
/// and "1998" share evidence.
pub fn word_hash(word: &[u8]) -> u64 {
    let mut hash = Fnv::default();
    hash.lower(word, &LOWERCASE_DIGITS_AS_ZERO);
    hash.value()
}

/// Hash of the lowercased word (digits kept).
pub fn lowercase_hash(word: &[u8]) -> u64 {
    let mut hash = Fnv::default();
    hash.lower(word, &LOWERCASE);
    hash.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_and_digit_values() {
        assert_eq!(word_hash("Iran".as_bytes()), word_hash("IRAN".as_bytes()));
        assert_eq!(word_hash("2019".as_bytes()), word_hash("1998".as_bytes()));
        assert_ne!(word_hash("Iran".as_bytes()), word_hash("Iraq".as_bytes()));
        assert_eq!(
            word_hash("МОСКВА".as_bytes()),
            word_hash("москва".as_bytes())
        );
    }

    #[test]
    fn shared_hashes_equal_the_gazetteers_own() {
        let text = "Tehran G20 МОСКВА 1998 Côte";
        let tokens = crate::entities::english_tokens(text);
        let words = WordHashes::new(text, &tokens);
        for (i, token) in tokens.iter().enumerate() {
            assert_eq!(words.lowercase(i), lowercase_hash(token.bytes(text)));
            assert_eq!(words.get(i), word_hash(token.bytes(text)));
        }
        assert_ne!(
            lowercase_hash("G20".as_bytes()),
            word_hash("G20".as_bytes())
        );
    }
}
