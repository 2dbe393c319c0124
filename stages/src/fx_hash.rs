//! A fast, non-cryptographic hasher for short keys in built-in tables
//! (the multiply-rotate scheme of rustc's FxHash). std's SipHash resists
//! hash flooding, which tables built from our own seed lists do not need,
//! and costs several times more per short word looked up.

use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap::with_hasher(FxBuildHasher::default())` and friends.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while let Some((chunk, rest)) = bytes.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*chunk));
            bytes = rest;
        }
        if let Some((chunk, rest)) = bytes.split_first_chunk::<4>() {
            self.add(u32::from_le_bytes(*chunk) as u64);
            bytes = rest;
        }
        for &byte in bytes {
            self.add(byte as u64);
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(value as u64);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tells_short_words_apart() {
        let words = [
            "a", "b", "ab", "ba", "dr", "mr", "mrs", "etc", "corp", "inc",
        ];
        let mut set: HashSet<&str, FxBuildHasher> = HashSet::default();
        set.extend(words);
        assert_eq!(set.len(), words.len());
        assert!(words.iter().all(|w| set.contains(w)));
        assert!(!set.contains("xyz"));
        let hash = |w: &str| {
            let mut h = FxHasher::default();
            h.write(w.as_bytes());
            h.finish()
        };
        assert_ne!(hash("ab"), hash("ba"));
    }
}
