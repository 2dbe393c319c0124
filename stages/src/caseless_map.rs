//! A map from listed words (abbreviations, cue verbs, titles, …) that the
//! hot paths look up for every candidate word, most of them
//! case-insensitively. Nearly every word looked up is ASCII of at most 8
//! bytes: such keys are one number ([`pack`]), so a lookup needs no
//! lower-cased copy, no UTF-8 validation and no byte-wise hash.

use crate::byte_lanes::{ascii_lower, load8};
use crate::fx_hash::FxBuildHasher;
use crate::lowercase::lowercase_in;
use std::collections::HashMap;

#[derive(Debug)]
pub struct CaselessMap<V> {
    /// Keys of 1 to 8 ASCII bytes, by [`pack`].
    short: HashMap<u64, V, FxBuildHasher>,
    /// The other keys, as UTF-8 bytes.
    long: HashMap<Box<[u8]>, V, FxBuildHasher>,
}

impl<V> Default for CaselessMap<V> {
    fn default() -> Self {
        CaselessMap {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

impl<V> CaselessMap<V> {
    /// The value of `key` (stored as written: lists give their words in
    /// lower case), `value` inserted first when the key is new.
    pub fn entry_or_insert(&mut self, key: &str, value: V) -> &mut V {
        match pack(key) {
            Some(packed) => self.short.entry(packed).or_insert(value),
            None => self
                .long
                .entry(key.as_bytes().to_vec().into_boxed_slice())
                .or_insert(value),
        }
    }

    /// The value of `word` compared in lower case (`char::to_lowercase`);
    /// `None` for a word whose lower case is over 32 bytes.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        if let Some(packed) = pack(word) {
            return self.short.get(&ascii_lower(packed));
        }
        let mut buffer = [0u8; 32];
        let lower = lowercase_in(word, &mut buffer)?;
        self.get_exact(lower)
    }

    /// The value of `word` exactly as written.
    #[inline]
    pub fn get_exact(&self, word: &str) -> Option<&V> {
        match pack(word) {
            Some(packed) => self.short.get(&packed),
            None => self.long.get(word.as_bytes()),
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.short.values().chain(self.long.values())
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.short.values_mut().chain(self.long.values_mut())
    }

    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A word of 1 to 8 ASCII characters other than NUL as one number: its
/// bytes, zero-padded (so different words give different numbers).
#[inline]
fn pack(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 || !bytes.iter().all(|b| (1..0x80).contains(b)) {
        return None;
    }
    Some(load8(bytes, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_non_ascii_keys_match_like_a_lower_cased_string_map() {
        let mut map = CaselessMap::default();
        for (i, key) in ["said", "according", "сказал", "dr", "k"]
            .iter()
            .enumerate()
        {
            map.entry_or_insert(key, i);
        }
        assert_eq!(map.len(), 5);
        assert_eq!(map.get("SAID"), Some(&0));
        assert_eq!(map.get("According"), Some(&1));
        assert_eq!(map.get("Сказал"), Some(&2));
        assert_eq!(map.get("Dr"), Some(&3));
        // The Kelvin sign lower-cases to ASCII "k".
        assert_eq!(map.get("\u{212A}"), Some(&4));
        assert_eq!(map.get("sai"), None);
        assert_eq!(map.get("saids"), None);
        assert_eq!(map.get(""), None);
        assert_eq!(map.get(&"a".repeat(40)), None);
        assert_eq!(map.get_exact("said"), Some(&0));
        assert_eq!(map.get_exact("Said"), None);
        assert_eq!(map.get_exact("сказал"), Some(&2));
        assert_eq!(map.get_exact("Сказал"), None);
        // A second insert keeps the first value.
        assert_eq!(*map.entry_or_insert("said", 9), 0);
    }
}
