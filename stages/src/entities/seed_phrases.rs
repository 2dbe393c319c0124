//! The built-in gazetteer's lists and how a phrase is keyed: shared by the
//! stage and by `build.rs`, which keys every built-in phrase at build time
//! so that a process does not hash 23,000 list entries at every start (so
//! this file uses nothing but `std`).

use super::hash::{Fnv, LOWERCASE};
use crate::seed_lines::entries;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// What a gazetteer says a phrase is; one bit each, a phrase may be several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Country = 0,
    Place,
    Region,
    Demonym,
    GivenName,
    Title,
    Organization,
    OrgHead,
    Month,
    /// "The", "But", "He": closed-class words, never a name alone.
    FunctionWord,
    /// "Home", "Subscribe": page navigation when alone on a line.
    Furniture,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Country,
        Kind::Place,
        Kind::Region,
        Kind::Demonym,
        Kind::GivenName,
        Kind::Title,
        Kind::Organization,
        Kind::OrgHead,
        Kind::Month,
        Kind::FunctionWord,
        Kind::Furniture,
    ];

    pub fn bit(self) -> u16 {
        1 << self as u8
    }
}

/// Marks a phrase that begins a longer entry, so matching can stop early.
pub const PREFIX: u16 = 1 << 15;

/// The seed lists: the name a `gazetteer` setting extends them by, the
/// kind each gives, and the built-in text.
pub const LISTS: &[(&str, Kind, &str)] = &[
    (
        "countries",
        Kind::Country,
        include_str!("../../../seeds/entities/countries.txt"),
    ),
    (
        "countries_extra",
        Kind::Country,
        include_str!("../../../seeds/entities/countries_extra.txt"),
    ),
    (
        "places",
        Kind::Place,
        include_str!("../../../seeds/entities/places.txt"),
    ),
    (
        "regions",
        Kind::Region,
        include_str!("../../../seeds/entities/regions.txt"),
    ),
    (
        "demonyms",
        Kind::Demonym,
        include_str!("../../../seeds/entities/demonyms.txt"),
    ),
    (
        "demonyms_extra",
        Kind::Demonym,
        include_str!("../../../seeds/entities/demonyms_extra.txt"),
    ),
    (
        "given_names",
        Kind::GivenName,
        include_str!("../../../seeds/entities/given_names.txt"),
    ),
    (
        "person_titles",
        Kind::Title,
        include_str!("../../../seeds/entities/person_titles.txt"),
    ),
    (
        "org_heads",
        Kind::OrgHead,
        include_str!("../../../seeds/entities/org_heads.txt"),
    ),
    (
        "months",
        Kind::Month,
        include_str!("../../../seeds/entities/months.txt"),
    ),
    (
        "function_words",
        Kind::FunctionWord,
        include_str!("../../../seeds/entities/function_words.txt"),
    ),
    (
        "page_furniture",
        Kind::Furniture,
        include_str!("../../../seeds/entities/page_furniture.txt"),
    ),
];

/// `Long Form|ACRONYM` lines, extended as list `organizations`.
pub const ORGANIZATIONS: &str = include_str!("../../../seeds/entities/organizations.txt");

/// [`phrase_hash`], also passing the hash of each shorter prefix of whole
/// words to `prefix` ("shanghai", "shanghai cooperation").
pub fn phrase_hash_with(phrase: &str, prefix: impl FnMut(u64)) -> u64 {
    if phrase.is_ascii() {
        // split on bytes: `split_whitespace` decodes every character
        let words = phrase
            .as_bytes()
            .split(is_white_space_byte)
            .filter(|w| !w.is_empty());
        words_hash_with(words, prefix)
    } else {
        words_hash_with(phrase.split_whitespace().map(str::as_bytes), prefix)
    }
}

/// An ASCII byte that `char::is_whitespace` accepts, so ASCII text split
/// on these bytes splits as `split_whitespace` does (`u8::is_ascii_whitespace`
/// leaves out the vertical tab).
pub fn is_white_space_byte(b: &u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// [`phrase_hash_with`] of a phrase's words.
fn words_hash_with<'a>(words: impl Iterator<Item = &'a [u8]>, mut prefix: impl FnMut(u64)) -> u64 {
    let mut words = words.peekable();
    let mut first = words.next();
    if first.is_some_and(|w| w.eq_ignore_ascii_case(b"the")) && words.peek().is_some() {
        first = words.next();
    }
    let mut hash = Fnv::default();
    for (i, word) in first.into_iter().chain(words).enumerate() {
        if i > 0 {
            prefix(hash.value());
            hash.byte(b' ');
        }
        hash.lower(word, &LOWERCASE);
    }
    hash.value()
}

/// Adds `phrase` with kinds `bits` to a table of kinds by phrase hash, and
/// marks each shorter prefix of whole words as one ([`PREFIX`]).
pub fn add_phrase<S: BuildHasher>(phrases: &mut HashMap<u64, u16, S>, phrase: &str, bits: u16) {
    let key = phrase_hash_with(phrase, |prefix| {
        *phrases.entry(prefix).or_default() |= PREFIX;
    });
    *phrases.entry(key).or_default() |= bits;
}

/// An `organizations` line (`Long Form|ACRONYM`, either part may be
/// missing): the name of its cluster and its two forms (empty when
/// missing).
pub fn organization(line: &str) -> (&str, [&str; 2]) {
    let (long, acronym) = line.split_once('|').unwrap_or((line, ""));
    let (long, acronym) = (long.trim(), acronym.trim());
    let canonical = if long.is_empty() { acronym } else { long };
    (canonical, [long, acronym])
}

/// Every built-in list's phrases with their kinds, as [`add_phrase`] builds
/// them: what `build.rs` stores.
#[allow(dead_code)] // used by build.rs and the tests
pub fn builtin_phrases<S: BuildHasher + Default>() -> HashMap<u64, u16, S> {
    let mut phrases = HashMap::default();
    for (_, kind, list) in LISTS {
        for line in entries(list) {
            add_phrase(&mut phrases, line, kind.bit());
        }
    }
    for line in entries(ORGANIZATIONS) {
        for form in organization(line).1.into_iter().filter(|f| !f.is_empty()) {
            add_phrase(&mut phrases, form, Kind::Organization.bit());
        }
    }
    phrases
}

/// Bytes of a stored phrase: its hash, then its kinds, little-endian.
const PHRASE_BYTES: usize = 10;

/// Phrases in binary form, in the order given.
#[allow(dead_code)] // used by build.rs and the tests
pub fn to_binary(phrases: &[(u64, u16)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(phrases.len() * PHRASE_BYTES);
    for (hash, bits) in phrases {
        bytes.extend_from_slice(&hash.to_le_bytes());
        bytes.extend_from_slice(&bits.to_le_bytes());
    }
    bytes
}

/// The phrases of [`to_binary`]'s bytes.
pub fn from_binary(bytes: &[u8]) -> impl ExactSizeIterator<Item = (u64, u16)> + '_ {
    bytes.chunks_exact(PHRASE_BYTES).map(|phrase| {
        let (hash, bits) = phrase.split_at(8);
        (
            u64::from_le_bytes(hash.try_into().expect("8 bytes")),
            u16::from_le_bytes([bits[0], bits[1]]),
        )
    })
}
