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

    /// Feeds `text` (UTF-8) lowercased, each byte through `map`. ASCII (most
    /// words) is hashed with one table load per byte, noting whether any
    /// byte was not ASCII; if one was, the word starts over character by
    /// character.
    #[inline]
    pub fn lower(&mut self, text: &[u8], map: &ByteMap) {
        let start = *self;
        let mut hash = self.0;
        let mut seen = 0;
        for &b in text {
            seen |= b;
            hash = (hash ^ map.0[b as usize] as u64).wrapping_mul(PRIME);
        }
        self.0 = hash;
        if !seen.is_ascii() {
            *self = start;
            // text cut at character boundaries is valid UTF-8: borrowed
            self.lower_chars(&String::from_utf8_lossy(text), map);
        }
    }

    fn lower_chars(&mut self, text: &str, map: &ByteMap) {
        let mut buf = [0u8; 4];
        for c in text.chars().flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                self.byte(map.0[b as usize]);
            }
        }
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

/// What [`Fnv::lower`] feeds for each byte: ASCII letters lowercased,
/// digits kept or read as `0`, bytes past ASCII unchanged (so the UTF-8 of
/// lowercased characters is fed as it is).
pub struct ByteMap([u8; 256]);

impl ByteMap {
    const fn new(digits_as_zero: bool) -> Self {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let byte = (b as u8).to_ascii_lowercase();
            table[b] = if digits_as_zero && byte.is_ascii_digit() {
                b'0'
            } else {
                byte
            };
            b += 1;
        }
        ByteMap(table)
    }
}

/// Lowercase only.
pub const LOWERCASE: ByteMap = ByteMap::new(false);

/// Lowercase, every digit as `0`.
pub const LOWERCASE_DIGITS_AS_ZERO: ByteMap = ByteMap::new(true);

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
