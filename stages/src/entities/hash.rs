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
    /// Goes on from an earlier hash's `value`.
    pub fn starting_at(value: u64) -> Self {
        Fnv(value)
    }

    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
    }

    /// Feeds `text` (UTF-8) lowercased, each byte through `map`, and says
    /// whether it holds an ASCII digit (where the maps differ). ASCII (most
    /// words) is hashed with one table load per byte, noting four bytes at a
    /// time whether any was not ASCII, or a digit; if one was not ASCII, the
    /// word starts over character by character.
    #[inline]
    pub fn lower(&mut self, text: &[u8], map: &ByteMap) -> bool {
        let start = *self;
        let mut hash = self.0;
        let mut step = |b: u8| hash = (hash ^ map.0[b as usize] as u64).wrapping_mul(PRIME);
        let (mut seen, mut digits) = (0u32, 0u32);
        let mut quads = text.chunks_exact(4);
        for quad in &mut quads {
            let bytes: [u8; 4] = quad.try_into().expect("chunks of four");
            let quad = u32::from_ne_bytes(bytes);
            seen |= quad;
            digits |= ascii_digits(quad);
            bytes.into_iter().for_each(&mut step);
        }
        for &b in quads.remainder() {
            seen |= b as u32;
            digits |= ascii_digits(b as u32);
            step(b);
        }
        self.0 = hash;
        if seen & 0x8080_8080 != 0 {
            *self = start;
            return self.lower_chars(text, map);
        }
        digits != 0
    }

    #[cold]
    #[inline(never)]
    fn lower_chars(&mut self, text: &[u8], map: &ByteMap) -> bool {
        let mut buf = [0u8; 4];
        // text cut at character boundaries is valid UTF-8: borrowed
        for c in String::from_utf8_lossy(text)
            .chars()
            .flat_map(char::to_lowercase)
        {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                self.byte(map.0[b as usize]);
            }
        }
        text.iter().any(u8::is_ascii_digit)
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

/// Bit 7 of each byte of `quad` (four ASCII bytes) that is an ASCII digit:
/// adding 0x50 sets it from `0` up, adding 0x46 from past `9` up.
fn ascii_digits(quad: u32) -> u32 {
    quad.wrapping_add(0x5050_5050) & !quad.wrapping_add(0x4646_4646) & 0x8080_8080
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_tells_ascii_digits() {
        let digits = |text: &str| Fnv::default().lower(text.as_bytes(), &LOWERCASE);
        for text in ["G20", "MI5", "2019", "Côte9", "abcdefg0", "/09:"] {
            assert!(digits(text), "{text}");
        }
        for text in ["", "Iran", "Москва", "/:@", "ABCDEFGH", "O’Neil"] {
            assert!(!digits(text), "{text}");
        }
    }
}
