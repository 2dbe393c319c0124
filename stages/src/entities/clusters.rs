//! In-document clusters: every mention gets the name of its cluster.
//!
//! A person's later "Ramani" joins the fullest earlier or later mention
//! ending in that word ("Samuel Ramani"); an organisation's acronym joins
//! its long form, whether the gazetteer knows the pair or the document
//! spells it out.

use super::gazetteer::Gazetteer;
use super::mention::{Label, Mention};
use super::seed_phrases::is_white_space_byte;
use crate::fx_hash::FxBuildHasher;
use std::collections::HashMap;

/// Words an acronym skips: "Organization of the Petroleum…" → "OPEC".
const MINOR: &[&str] = &["of", "the", "and", "for", "in", "on", "&", "de"];

/// The name of each mention's cluster, in order.
pub fn assign<'a>(
    entities: &[Mention<'a>],
    same_text: &SameText,
    gazetteer: &'a Gazetteer,
) -> Vec<&'a str> {
    // each person's text once, at its last mention: a repeated name adds
    // nothing to the search but time, and the last of equally long names
    // stays the last
    let mut seen = vec![false; same_text.distinct];
    let mut people: Vec<(&str, &str)> = entities
        .iter()
        .zip(&same_text.ids)
        .rev()
        .filter(|&(e, &id)| {
            e.label == Label::Person && !std::mem::replace(&mut seen[id as usize], true)
        })
        .filter_map(|(e, _)| Some((e.text, last_word(e.text)?)))
        .collect();
    people.reverse();
    // A mention's cluster depends on its label and text alone, so a text
    // seen before with the same label takes the name found then (news
    // repeats its names).
    let mut first_with_text = vec![usize::MAX; same_text.distinct];
    let mut names: Vec<&'a str> = Vec::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        let first = &mut first_with_text[same_text.ids[i] as usize];
        if *first == usize::MAX {
            *first = i;
        }
        let name = if *first < i && entities[*first].label == e.label {
            names[*first]
        } else {
            let cluster = match e.label {
                Label::Person => person_cluster(&people, e.text),
                Label::Org => org_cluster(entities, e.text, gazetteer),
                _ => None,
            };
            cluster.unwrap_or(e.text)
        };
        names.push(name);
    }
    names
}

/// Which mentions have the same text: numbered once per document for both
/// label voting and clusters (hashing every mention's text is not free).
pub struct SameText {
    /// Per mention, a number shared by the mentions with the same text
    /// (0, 1, … in order of first appearance).
    pub ids: Vec<u32>,
    /// How many numbers there are.
    pub distinct: usize,
}

impl SameText {
    pub fn of(mentions: &[Mention]) -> Self {
        let mut ids: HashMap<&str, u32, FxBuildHasher> = HashMap::default();
        ids.reserve(mentions.len());
        let numbers = mentions
            .iter()
            .map(|m| {
                let next = ids.len() as u32;
                *ids.entry(m.text).or_insert(next)
            })
            .collect();
        SameText {
            ids: numbers,
            distinct: ids.len(),
        }
    }

    /// Keeps the mentions `keep` picks, and their numbers (no longer all
    /// in use, still equal for equal texts).
    pub fn retain(&mut self, mentions: &mut Vec<Mention>, keep: impl Fn(&Mention) -> bool) {
        let mut ids = self.ids.iter();
        let mut kept = Vec::with_capacity(self.ids.len());
        mentions.retain(|m| {
            let id = ids.next().copied();
            let keep = keep(m);
            if keep {
                kept.extend(id);
            }
            keep
        });
        self.ids = kept;
    }
}

/// The last word of `name` (words are split at white space).
pub fn last_word(name: &str) -> Option<&str> {
    last_word_and_more(name).map(|(word, _)| word)
}

/// The last word of `name` when it has two words or more.
pub fn last_of_several_words(name: &str) -> Option<&str> {
    last_word_and_more(name).and_then(|(word, more)| more.then_some(word))
}

/// The last word of `name`, and whether another word comes before it. An
/// ASCII name (nearly every one) is read by bytes from its end:
/// `split_whitespace` decodes every character.
fn last_word_and_more(name: &str) -> Option<(&str, bool)> {
    if !name.is_ascii() {
        let mut words = name.split_whitespace();
        let last = words.next_back()?;
        return Some((last, words.next().is_some()));
    }
    let bytes = name.as_bytes();
    let space = is_white_space_byte;
    let end = bytes.iter().rposition(|b| !space(b))? + 1;
    let start = bytes[..end].iter().rposition(space).map_or(0, |i| i + 1);
    let more = bytes[..start].iter().any(|b| !space(b));
    Some((&name[start..end], more))
}

/// The longest other PERSON name (of `people`: name and last word) whose
/// words include all of `mine` and that ends with the same word.
fn person_cluster<'e>(people: &[(&'e str, &str)], mine: &str) -> Option<&'e str> {
    let last = last_word(mine)?;
    people
        .iter()
        .filter(|&&(name, name_last)| {
            name.len() > mine.len()
                && name_last == last
                && mine
                    .split_whitespace()
                    .all(|w| name.split_whitespace().any(|t| t == w))
        })
        .max_by_key(|(name, _)| name.len())
        .map(|&(name, _)| name)
}

fn org_cluster<'a>(
    entities: &[Mention<'a>],
    text: &str,
    gazetteer: &'a Gazetteer,
) -> Option<&'a str> {
    let is_acronym =
        text.len() >= 2 && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if is_acronym {
        if let Some(long) = entities
            .iter()
            .find(|e| e.label == Label::Org && e.text != text && abbreviates(text, e.text))
        {
            return Some(long.text);
        }
    }
    gazetteer.long_form(text)
}

/// Whether `acronym` spells `name`: each major word gives its first
/// letters in order (one or more: "SMUG" for "Sexual Minorities Uganda"),
/// minor words give their initial or nothing.
fn abbreviates(acronym: &str, name: &str) -> bool {
    let lower_initial = |w: &str| w.chars().flat_map(char::to_lowercase).next();
    let words = || {
        name.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
    };
    // the acronym's first letter is some word's initial: most names fail
    // here, before any letters are collected
    let first = lower_initial(acronym);
    if words().nth(1).is_none() || !words().any(|w| lower_initial(w) == first) {
        return false;
    }
    let letters: Vec<char> = acronym.chars().flat_map(char::to_lowercase).collect();
    let words: Vec<Vec<char>> = words()
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    spells(&letters, &words)
}

fn spells(letters: &[char], words: &[Vec<char>]) -> bool {
    let Some((word, rest)) = words.split_first() else {
        return letters.is_empty();
    };
    let minor = MINOR.iter().any(|m| m.chars().eq(word.iter().copied()));
    if minor && spells(letters, rest) {
        return true;
    }
    (1..=word.len().min(letters.len()))
        .take_while(|&n| letters[n - 1] == word[n - 1])
        .any(|n| spells(&letters[n..], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(text: &str, label: Label) -> Mention<'_> {
        Mention::new(text, 0, text.len(), label)
    }

    #[test]
    fn last_words_read_by_bytes_are_those_split_whitespace_gives() {
        for b in 0..=127u8 {
            assert_eq!(is_white_space_byte(&b), (b as char).is_whitespace(), "{b}");
        }
        for name in [
            "Samuel Ramani",
            " Ramani\t",
            "Ebrahim\x0bRaisi ",
            "",
            "  ",
            "Émomali Rahmon",
        ] {
            let mut words = name.split_whitespace();
            let last = words.next_back();
            assert_eq!(last_word(name), last, "{name:?}");
            let several = last.filter(|_| words.next().is_some());
            assert_eq!(last_of_several_words(name), several, "{name:?}");
        }
    }

    #[test]
    fn surnames_and_acronyms_join_their_full_names() {
        let entities = vec![
            entity("Samuel Ramani", Label::Person),
            entity("Ramani", Label::Person),
            entity("Sexual Minorities Uganda", Label::Org),
            entity("SMUG", Label::Org),
            entity("SCO", Label::Org),
            entity("Iran", Label::Gpe),
            entity("Kato", Label::Person),
            entity("OPEC", Label::Org),
            entity(
                "Organization of the Petroleum Exporting Countries",
                Label::Org,
            ),
        ];
        let same_text = SameText::of(&entities);
        let gazetteer = Gazetteer::builtin();
        let names = assign(&entities, &same_text, &gazetteer);
        assert_eq!(
            names,
            [
                "Samuel Ramani",
                "Samuel Ramani",
                "Sexual Minorities Uganda",
                "Sexual Minorities Uganda",
                "Shanghai Cooperation Organization",
                "Iran",
                "Kato",
                "Organization of the Petroleum Exporting Countries",
                "Organization of the Petroleum Exporting Countries",
            ]
        );
    }

    #[test]
    fn acronyms_spell_word_prefixes() {
        assert!(abbreviates("SCO", "Shanghai Cooperation Organization"));
        assert!(abbreviates("SMUG", "Sexual Minorities Uganda"));
        assert!(abbreviates("IRPT", "Islamic Revival Party of Tajikistan"));
        assert!(!abbreviates("SCO", "Samuel Ramani"));
        assert!(!abbreviates("UN", "Uganda"));
    }
}
