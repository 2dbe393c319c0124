//! Gazetteers from `seeds/entities/`: which token sequences name a country,
//! a city, a region, a nationality, a known organisation, a title…
//!
//! Names are matched on tokens, lowercased, with any run of white space read
//! as one space, so the lists need no knowledge of how the tokenizer splits
//! "U.S." or "Workers'" — only that a name starts and ends on token edges.

use super::hash::{Fnv, HashedMap, LOWERCASE};
use super::word_hashes::WordHashes;
use crate::resources;
use pipeline::Shape;
use pipeline::StageError;
use std::borrow::Cow;

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
const PREFIX: u16 = 1 << 15;

/// The seed lists and the kind each one gives.
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

/// The longest gazetteer phrase starting at one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Token range, end-exclusive.
    pub start: usize,
    pub end: usize,
    pub kinds: u16,
}

pub struct Gazetteer {
    /// Kinds by the hash of the normalised phrase.
    phrases: HashedMap<u16>,
    /// Acronyms and long forms of known organisations → the long form,
    /// by the hash of the normalised phrase.
    long_forms: HashedMap<Box<str>>,
    max_tokens: usize,
}

impl Gazetteer {
    /// The built-in lists.
    pub fn builtin() -> Self {
        Gazetteer::with_lists(&resources::Gazetteer::default())
            .expect("built-in lists need no files")
    }

    /// The built-in lists, each extended by the user's files (the stage's
    /// `gazetteer` setting).
    pub fn with_lists(user: &resources::Gazetteer) -> Result<Self, StageError> {
        let mut names: Vec<&str> = LISTS.iter().map(|(name, _, _)| *name).collect();
        names.push("organizations");
        user.check(&names)?;
        let mut gazetteer = Gazetteer {
            phrases: HashedMap::default(),
            long_forms: HashedMap::default(),
            max_tokens: 8,
        };
        let mut lists = Vec::with_capacity(LISTS.len());
        for (name, kind, list) in LISTS {
            lists.push((kind.bit(), list_entries(user, name, list)?));
        }
        let organizations = list_entries(user, "organizations", ORGANIZATIONS)?;
        // room for every entry at once: growing the table step by step
        // rehashes it again and again, at every start
        let entries = lists.iter().map(|(_, lines)| lines.len()).sum::<usize>();
        gazetteer.phrases.reserve(entries + 2 * organizations.len());
        for (bits, lines) in lists {
            for line in lines {
                gazetteer.add(&line, bits);
            }
        }
        for line in organizations {
            let (long, acronym) = line.split_once('|').unwrap_or((&line, ""));
            let (long, acronym) = (long.trim(), acronym.trim());
            let canonical = if long.is_empty() { acronym } else { long };
            for form in [long, acronym] {
                if !form.is_empty() {
                    gazetteer.add(form, Kind::Organization.bit());
                    // the first pair listed names the cluster ("SCO" has two spellings)
                    gazetteer
                        .long_forms
                        .entry(phrase_hash(form))
                        .or_insert_with(|| canonical.into());
                }
            }
        }
        Ok(gazetteer)
    }

    fn add(&mut self, phrase: &str, bits: u16) {
        let phrases = &mut self.phrases;
        let key = phrase_hash_with(phrase, |prefix| {
            *phrases.entry(prefix).or_default() |= PREFIX;
        });
        *phrases.entry(key).or_default() |= bits;
    }

    /// The kinds of an exact phrase (any case, white space normalised).
    pub fn kinds(&self, phrase: &str) -> u16 {
        self.phrases
            .get(&phrase_hash(phrase))
            .map_or(0, |b| b & !PREFIX)
    }

    /// The long form of a known organisation named by `phrase`.
    pub fn long_form(&self, phrase: &str) -> Option<&str> {
        self.long_forms.get(&phrase_hash(phrase)).map(|s| &**s)
    }

    /// The longest phrase starting at each token that can start a name
    /// (not lower case, not punctuation), appended to `out` in token order.
    /// Only `starts` are tried (in order; any superset of those tokens); a
    /// phrase's first word is hashed once, by `words`.
    pub fn find(&self, words: &WordHashes, starts: &[u32], out: &mut Vec<Match>) {
        let (text, tokens) = (words.text, words.tokens);
        for &start in starts {
            let start = start as usize;
            if matches!(tokens[start].shape, Shape::Lower | Shape::None) {
                continue;
            }
            let mut key = Fnv::starting_at(words.lowercase(start));
            let mut best = None;
            let last = tokens.len().min(start + self.max_tokens);
            for end in start..last {
                let token = tokens[end];
                if end > start {
                    // bytes: no character-boundary checks for a one-space gap
                    let gap = &text.as_bytes()[tokens[end - 1].end..token.start];
                    if gap.contains(&b'\n') {
                        break;
                    }
                    if !gap.is_empty() {
                        key.byte(b' ');
                    }
                    key.lower(token.bytes(text), &LOWERCASE);
                }
                let followed_by_space = tokens
                    .get(end + 1)
                    .is_some_and(|next| next.start > token.end);
                match self.phrases.get(&key.value()) {
                    Some(&bits) => {
                        if bits & !PREFIX != 0 {
                            best = Some(Match {
                                start,
                                end: end + 1,
                                kinds: bits & !PREFIX,
                            });
                        }
                        if bits & PREFIX == 0 {
                            break;
                        }
                    }
                    None if followed_by_space => break,
                    None => {}
                }
            }
            out.extend(best);
        }
    }
}

/// List `name`'s entries: the seed text's own lines when the user gave no
/// files for it (built once per process, so this skips `load`'s
/// bookkeeping, which matters only to files that remove or replace
/// entries; the gazetteer merges duplicates anyway).
fn list_entries<'a>(
    user: &resources::Gazetteer,
    name: &str,
    default: &'a str,
) -> Result<Vec<Cow<'a, str>>, StageError> {
    if user.names().any(|n| n == name) {
        Ok(user
            .load(name, default)?
            .into_iter()
            .map(Cow::Owned)
            .collect())
    } else {
        Ok(resources::entries(default).map(Cow::Borrowed).collect())
    }
}

/// The hash of `phrase` normalised: lowercased, white space runs read as
/// one space, a leading "the " dropped; the same hash as `find` builds
/// token by token, computed without building the normalised string.
fn phrase_hash(phrase: &str) -> u64 {
    phrase_hash_with(phrase, |_| {})
}

/// [`phrase_hash`], also passing the hash of each shorter prefix of whole
/// words to `prefix` ("shanghai", "shanghai cooperation").
fn phrase_hash_with(phrase: &str, mut prefix: impl FnMut(u64)) -> u64 {
    let mut words = phrase.split_whitespace().peekable();
    let mut first = words.next();
    if first.is_some_and(|w| w.eq_ignore_ascii_case("the")) && words.peek().is_some() {
        first = words.next();
    }
    let mut hash = Fnv::default();
    for (i, word) in first.into_iter().chain(words).enumerate() {
        if i > 0 {
            prefix(hash.value());
            hash.byte(b' ');
        }
        hash.lower(word.as_bytes(), &LOWERCASE);
    }
    hash.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::entities::english_tokens;

    fn found(text: &str) -> Vec<(String, u16)> {
        let gazetteer = Gazetteer::builtin();
        let tokens = english_tokens(text);
        let mut out = Vec::new();
        let every: Vec<u32> = (0..tokens.len() as u32).collect();
        gazetteer.find(&WordHashes::new(text, &tokens), &every, &mut out);
        out.iter()
            .map(|m| {
                let span = &text[tokens[m.start].start..tokens[m.end - 1].end];
                (span.to_string(), m.kinds)
            })
            .collect()
    }

    #[test]
    fn finds_longest_names_with_their_kinds() {
        let got = found(
            "Tajik officials met the Shanghai Cooperation Organization in Dushanbe, Central Asia.",
        );
        let has = |s: &str, k: Kind| got.iter().any(|(t, b)| t == s && b & k.bit() != 0);
        assert!(has("Tajik", Kind::Demonym), "{got:?}");
        assert!(
            has("Shanghai Cooperation Organization", Kind::Organization),
            "{got:?}"
        );
        assert!(has("Dushanbe", Kind::Place), "{got:?}");
        assert!(has("Central Asia", Kind::Region), "{got:?}");
        // "Shanghai" alone is a city, but the longer organisation wins there
        assert!(!got.iter().any(|(t, _)| t == "Shanghai"), "{got:?}");
    }

    #[test]
    fn acronyms_lead_to_long_forms() {
        let gazetteer = Gazetteer::builtin();
        assert_eq!(
            gazetteer.long_form("SCO"),
            Some("Shanghai Cooperation Organization")
        );
        assert_eq!(
            gazetteer.long_form("the  Shanghai cooperation Organization"),
            Some("Shanghai Cooperation Organization")
        );
        assert!(gazetteer.kinds("Dr") & Kind::Title.bit() != 0);
        assert_eq!(gazetteer.kinds("said"), 0);
    }

    #[test]
    fn names_do_not_cross_lines_and_non_ascii_is_safe() {
        assert!(!found("Central\nAsia").iter().any(|(t, _)| t.contains('\n')));
        let got = found("«Москва» — Côte d’Ivoire, 東京 and Tehran’s");
        assert!(got.iter().any(|(t, _)| t == "Tehran"), "{got:?}");
    }
}
