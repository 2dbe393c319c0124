//! Gazetteers from `seeds/entities/`: which token sequences name a country,
//! a city, a region, a nationality, a known organisation, a title…
//!
//! Names are matched on tokens, lowercased, with any run of white space read
//! as one space, so the lists need no knowledge of how the tokenizer splits
//! "U.S." or "Workers'" — only that a name starts and ends on token edges.

use super::hash::{Fnv, HashedMap, LOWERCASE};
pub use super::seed_phrases::Kind;
use super::seed_phrases::{
    self, add_phrase, organization, phrase_hash_with, LISTS, ORGANIZATIONS, PREFIX,
};
use super::word_hashes::WordHashes;
use crate::resources;
use pipeline::Shape;
use pipeline::StageError;
use std::borrow::Cow;

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

/// The built-in lists' phrases as `build.rs` keyed them (see
/// [`seed_phrases::builtin_phrases`]).
const BUILTIN_PHRASES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer_phrases.bin"));

impl Gazetteer {
    /// The built-in lists: their phrases keyed at build time, only the
    /// organisations' long forms (a few hundred) at start.
    pub fn builtin() -> Self {
        let mut gazetteer = Gazetteer::empty();
        let phrases = seed_phrases::from_binary(BUILTIN_PHRASES);
        gazetteer.phrases.reserve(phrases.len());
        gazetteer.phrases.extend(phrases);
        for line in resources::entries(ORGANIZATIONS) {
            gazetteer.add_long_forms(line);
        }
        gazetteer
    }

    fn empty() -> Self {
        Gazetteer {
            phrases: HashedMap::default(),
            long_forms: HashedMap::default(),
            max_tokens: 8,
        }
    }

    /// The built-in lists, each extended by the user's files (the stage's
    /// `gazetteer` setting).
    pub fn with_lists(user: &resources::Gazetteer) -> Result<Self, StageError> {
        let mut names: Vec<&str> = LISTS.iter().map(|(name, _, _)| *name).collect();
        names.push("organizations");
        user.check(&names)?;
        let mut gazetteer = Gazetteer::empty();
        let mut lists = Vec::with_capacity(LISTS.len());
        for (name, kind, list) in LISTS {
            lists.push((kind.bit(), list_entries(user, name, list)?));
        }
        let organizations = list_entries(user, "organizations", ORGANIZATIONS)?;
        // room for every entry at once: growing the table step by step
        // rehashes it again and again
        let entries = lists.iter().map(|(_, lines)| lines.len()).sum::<usize>();
        gazetteer.phrases.reserve(entries + 2 * organizations.len());
        for (bits, lines) in lists {
            for line in lines {
                add_phrase(&mut gazetteer.phrases, &line, bits);
            }
        }
        for line in organizations {
            for form in organization(&line).1.into_iter().filter(|f| !f.is_empty()) {
                add_phrase(&mut gazetteer.phrases, form, Kind::Organization.bit());
            }
            gazetteer.add_long_forms(&line);
        }
        Ok(gazetteer)
    }

    /// Maps both forms of an `organizations` line to its long form.
    fn add_long_forms(&mut self, line: &str) {
        let (canonical, forms) = organization(line);
        for form in forms.into_iter().filter(|f| !f.is_empty()) {
            // the first pair listed names the cluster ("SCO" has two spellings)
            self.long_forms
                .entry(phrase_hash(form))
                .or_insert_with(|| canonical.into());
        }
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
        // at most one match per start: no growing step by step
        out.reserve(starts.len());
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
    fn the_phrases_keyed_at_build_time_are_the_lists_own() {
        let built = Gazetteer::builtin();
        let listed = Gazetteer::with_lists(&resources::Gazetteer::default()).unwrap();
        assert!(built.phrases.len() > 20_000);
        assert!(built.phrases == listed.phrases);
        assert!(built.long_forms == listed.long_forms);
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
