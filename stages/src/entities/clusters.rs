//! In-document clusters: every mention gets the name of its cluster.
//!
//! A person's later "Ramani" joins the fullest earlier or later mention
//! ending in that word ("Samuel Ramani"); an organisation's acronym joins
//! its long form, whether the gazetteer knows the pair or the document
//! spells it out.

use super::gazetteer::Gazetteer;
use crate::fx_hash::FxBuildHasher;
use pipeline::Entity;
use std::collections::HashMap;

/// Words an acronym skips: "Organization of the Petroleum…" → "OPEC".
const MINOR: &[&str] = &["of", "the", "and", "for", "in", "on", "&", "de"];

pub fn assign(entities: &mut [Entity], same_text: &SameText, gazetteer: &Gazetteer) {
    let people: Vec<(&str, &str)> = entities
        .iter()
        .filter(|e| e.label == "PERSON")
        .filter_map(|e| Some((e.text.as_str(), last_word(&e.text)?)))
        .collect();
    // A mention's cluster depends on its label and text alone, so a text
    // seen before with the same label takes the name found then (news
    // repeats its names).
    let mut first_with_text = vec![usize::MAX; same_text.distinct];
    let mut names: Vec<String> = Vec::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        let first = &mut first_with_text[same_text.ids[i] as usize];
        if *first == usize::MAX {
            *first = i;
        }
        let name = if *first < i && entities[*first].label == e.label {
            names[*first].clone()
        } else {
            let cluster = match e.label.as_str() {
                "PERSON" => person_cluster(&people, &e.text),
                "ORG" => org_cluster(entities, &e.text, gazetteer),
                _ => None,
            };
            cluster.unwrap_or(&e.text).to_string()
        };
        names.push(name);
    }
    for (e, name) in entities.iter_mut().zip(names) {
        e.canonical = Some(name);
    }
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
    pub fn of(mentions: &[Entity]) -> Self {
        let mut ids: HashMap<&str, u32, FxBuildHasher> = HashMap::default();
        ids.reserve(mentions.len());
        let numbers = mentions
            .iter()
            .map(|m| {
                let next = ids.len() as u32;
                *ids.entry(&m.text).or_insert(next)
            })
            .collect();
        SameText {
            ids: numbers,
            distinct: ids.len(),
        }
    }

    /// Keeps the mentions `keep` picks, and their numbers (no longer all
    /// in use, still equal for equal texts).
    pub fn retain(&mut self, mentions: &mut Vec<Entity>, keep: impl Fn(&Entity) -> bool) {
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

pub fn last_word(name: &str) -> Option<&str> {
    name.split_whitespace().next_back()
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

fn org_cluster<'e>(
    entities: &'e [Entity],
    text: &str,
    gazetteer: &'e Gazetteer,
) -> Option<&'e str> {
    let is_acronym =
        text.len() >= 2 && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if is_acronym {
        if let Some(long) = entities
            .iter()
            .find(|e| e.label == "ORG" && e.text != text && abbreviates(text, &e.text))
        {
            return Some(&long.text);
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

    fn entity(text: &str, label: &str) -> Entity {
        Entity {
            start: 0,
            end: text.len(),
            text: text.to_string(),
            label: label.to_string(),
            canonical: None,
        }
    }

    #[test]
    fn surnames_and_acronyms_join_their_full_names() {
        let mut entities = vec![
            entity("Samuel Ramani", "PERSON"),
            entity("Ramani", "PERSON"),
            entity("Sexual Minorities Uganda", "ORG"),
            entity("SMUG", "ORG"),
            entity("SCO", "ORG"),
            entity("Iran", "GPE"),
            entity("Kato", "PERSON"),
            entity("OPEC", "ORG"),
            entity("Organization of the Petroleum Exporting Countries", "ORG"),
        ];
        let same_text = SameText::of(&entities);
        assign(&mut entities, &same_text, &Gazetteer::builtin());
        let names: Vec<&str> = entities.iter().map(|e| e.name()).collect();
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
