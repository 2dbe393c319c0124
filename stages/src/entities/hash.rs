//! FNV-1a over lowercased text, fed piece by piece, and a map keyed by
//! such hashes: gazetteer phrases and features are looked up without
//! building strings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
    }

    /// Feeds `text` lowercased, each byte through `map`. ASCII (most
    /// words) is lowercased in one pass over the bytes; on the first other
    /// byte the word starts over character by character.
    #[inline]
    pub fn lower(&mut self, text: &str, map: impl Fn(u8) -> u8) {
        let start = *self;
        for &b in text.as_bytes() {
            if !b.is_ascii() {
                *self = start;
                self.lower_chars(text, map);
                return;
            }
            self.byte(map(b.to_ascii_lowercase()));
        }
    }

    fn lower_chars(&mut self, text: &str, map: impl Fn(u8) -> u8) {
        let mut buf = [0u8; 4];
        for c in text.chars().flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                self.byte(map(b));
            }
        }
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

/// Passes an already-hashed `u64` key through unchanged.
#[derive(Default)]
pub struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;
