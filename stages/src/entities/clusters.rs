//! In-document clusters: every mention gets the name of its cluster.
//!
//! A person's later "Ramani" joins the fullest earlier or later mention
//! ending in that word ("Samuel Ramani"); an organisation's acronym joins
//! its long form, whether the gazetteer knows the pair or the document
//! spells it out.

use super::gazetteer::Gazetteer;
use pipeline::Entity;

/// Words an acronym skips: "Organization of the Petroleum…" → "OPEC".
const MINOR: &[&str] = &["of", "the", "and", "for", "in", "on", "&", "de"];

pub fn assign(entities: &mut [Entity], gazetteer: &Gazetteer) {
    for i in 0..entities.len() {
        let canonical = match entities[i].label.as_str() {
            "PERSON" => person_cluster(entities, i),
            "ORG" => org_cluster(entities, i, gazetteer),
            _ => None,
        };
        entities[i].canonical = Some(canonical.unwrap_or_else(|| entities[i].text.clone()));
    }
}

/// The longest other PERSON mention whose words include all of this one's
/// and that ends with the same word.
fn person_cluster(entities: &[Entity], i: usize) -> Option<String> {
    let mine = &entities[i].text;
    let last = mine.split_whitespace().next_back()?;
    entities
        .iter()
        .filter(|e| e.label == "PERSON" && e.text.len() > mine.len())
        .filter(|e| {
            e.text.split_whitespace().next_back() == Some(last)
                && mine
                    .split_whitespace()
                    .all(|w| e.text.split_whitespace().any(|t| t == w))
        })
        .max_by_key(|e| e.text.len())
        .map(|e| e.text.clone())
}

fn org_cluster(entities: &[Entity], i: usize, gazetteer: &Gazetteer) -> Option<String> {
    let text = entities[i].text.as_str();
    let is_acronym =
        text.len() >= 2 && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if is_acronym {
        if let Some(long) = entities
            .iter()
            .find(|e| e.label == "ORG" && e.text != text && abbreviates(text, &e.text))
        {
            return Some(long.text.clone());
        }
    }
    gazetteer.long_form(text).map(str::to_string)
}

/// Whether `acronym` spells `name`: each major word gives its first
/// letters in order (one or more: "SMUG" for "Sexual Minorities Uganda"),
/// minor words give their initial or nothing.
fn abbreviates(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().flat_map(char::to_lowercase).collect();
    let words: Vec<Vec<char>> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    words.len() >= 2 && spells(&letters, &words)
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
        assign(&mut entities, &Gazetteer::builtin());
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
