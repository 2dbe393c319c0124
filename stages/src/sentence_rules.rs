//! Per-language resources of the sentence splitter: abbreviation lists and
//! sentence-starter words from `seeds/`, and the few punctuation rules that
//! depend on the language. Built once, shared by every document.

use crate::byte_lanes::{ascii_lower, load8};
use crate::fx_hash::FxBuildHasher;
use crate::lowercase::lowercase_in;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What a listed abbreviation does before a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationKind {
    /// Precedes a name ("Dr.", "Mt."): the sentence goes on.
    Title,
    /// Anything else ("etc.", "Co."): a capitalised word after it starts a
    /// new sentence.
    Plain,
}

/// The splitter's resources for one language.
#[derive(Debug, Default)]
pub struct Rules {
    /// Lower-cased, without the period, the ASCII ones of at most 8 bytes
    /// as one number ([`pack_lower`]): most words looked up are such, and
    /// need no lower-cased copy, no validation and no byte-wise hash.
    short_abbreviations: HashMap<u64, AbbreviationKind, FxBuildHasher>,
    /// The other abbreviations, lower-cased, without the period; keys are
    /// UTF-8 bytes so that a lookup needs no validation of the lower-cased
    /// word.
    abbreviations: HashMap<Box<[u8]>, AbbreviationKind, FxBuildHasher>,
    /// Lower-cased words that typically open a sentence ("the", "how"): after
    /// an ambiguous abbreviation ("U.S."), such a word starts a new one.
    starters: HashSet<Box<[u8]>, FxBuildHasher>,
    /// ";" is a question mark (Greek).
    pub semicolon_question: bool,
    /// "3." before a word is an ordinal, not a sentence end (German, …).
    pub dotted_ordinals: bool,
}

/// Abbreviation lists, by language code.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("en", include_str!("../../seeds/abbreviations/en.txt")),
    ("de", include_str!("../../seeds/abbreviations/de.txt")),
    ("fr", include_str!("../../seeds/abbreviations/fr.txt")),
    ("es", include_str!("../../seeds/abbreviations/es.txt")),
    ("it", include_str!("../../seeds/abbreviations/it.txt")),
    ("pt", include_str!("../../seeds/abbreviations/pt.txt")),
    ("nl", include_str!("../../seeds/abbreviations/nl.txt")),
    ("ru", include_str!("../../seeds/abbreviations/ru.txt")),
];

/// Sentence-starter lists, by language code.
const STARTERS: &[(&str, &str)] = &[
    ("en", include_str!("../../seeds/sentence_starters/en.txt")),
    ("de", include_str!("../../seeds/sentence_starters/de.txt")),
    ("fr", include_str!("../../seeds/sentence_starters/fr.txt")),
    ("es", include_str!("../../seeds/sentence_starters/es.txt")),
];

/// Languages that write ordinal numbers with a period ("am 3. Oktober").
const DOTTED_ORDINAL_LANGUAGES: &[&str] = &[
    "de", "da", "nb", "nn", "no", "fi", "cs", "sk", "pl", "hu", "tr", "sl", "hr", "sr", "bs", "lv",
    "et", "is",
];

struct RuleBook {
    by_language: Vec<(&'static str, Rules)>,
    neutral: Rules,
    greek: Rules,
    ordinals: Rules,
}

/// The rules for a document in language `code` (ISO 639-1, as the language
/// stage writes it); language-neutral rules for `None`, `und` and languages
/// without lists of their own.
pub fn rules_for(code: Option<&str>) -> &'static Rules {
    let book = BOOK.get_or_init(RuleBook::load);
    let Some(code) = code else {
        return &book.neutral;
    };
    if let Some((_, rules)) = book.by_language.iter().find(|(c, _)| *c == code) {
        return rules;
    }
    if code == "el" {
        return &book.greek;
    }
    if DOTTED_ORDINAL_LANGUAGES.contains(&code) {
        return &book.ordinals;
    }
    &book.neutral
}

static BOOK: OnceLock<RuleBook> = OnceLock::new();

impl RuleBook {
    fn load() -> RuleBook {
        let by_language: Vec<(&'static str, Rules)> = ABBREVIATIONS
            .iter()
            .map(|(code, list)| {
                let mut rules = Rules::default();
                rules.add_abbreviations(list, true);
                if let Some((_, starters)) = STARTERS.iter().find(|(c, _)| c == code) {
                    rules.add_starters(starters);
                }
                rules.dotted_ordinals = DOTTED_ORDINAL_LANGUAGES.contains(code);
                (*code, rules)
            })
            .collect();
        RuleBook {
            by_language,
            neutral: Rules::neutral(false, false),
            greek: Rules::neutral(true, false),
            ordinals: Rules::neutral(false, true),
        }
    }
}

impl Rules {
    /// Rules for a text whose language has no lists: English titles, and
    /// every other list's abbreviations as plain ones (a foreign title such
    /// as Italian "On." is an ordinary word elsewhere, so it must not block
    /// a sentence end).
    fn neutral(semicolon_question: bool, dotted_ordinals: bool) -> Rules {
        let mut rules = Rules {
            semicolon_question,
            dotted_ordinals,
            ..Default::default()
        };
        for (code, list) in ABBREVIATIONS {
            rules.add_abbreviations(list, *code == "en");
        }
        for (code, list) in STARTERS {
            if *code == "en" {
                rules.add_starters(list);
            }
        }
        rules
    }

    /// Parses a seed list: one abbreviation per line with its period,
    /// optionally followed by `title`; `#` starts a comment.
    fn add_abbreviations(&mut self, list: &str, keep_titles: bool) {
        for line in seed_lines(list) {
            let mut fields = line.split_whitespace();
            let Some(word) = fields.next() else { continue };
            let word = word.strip_suffix('.').unwrap_or(word).to_lowercase();
            let kind = match fields.next() {
                Some("title") if keep_titles => AbbreviationKind::Title,
                _ => AbbreviationKind::Plain,
            };
            let entry = match pack_lower(&word) {
                Some(key) => self.short_abbreviations.entry(key).or_insert(kind),
                None => self
                    .abbreviations
                    .entry(word.into_bytes().into_boxed_slice())
                    .or_insert(kind),
            };
            if kind == AbbreviationKind::Title {
                *entry = kind;
            }
        }
    }

    fn add_starters(&mut self, list: &str) {
        for line in seed_lines(list) {
            self.starters
                .insert(line.to_lowercase().into_bytes().into_boxed_slice());
        }
    }

    /// How `word` (without its period) is listed, case-insensitively.
    pub fn abbreviation(&self, word: &str) -> Option<AbbreviationKind> {
        if let Some(key) = pack_lower(word) {
            return self.short_abbreviations.get(&key).copied();
        }
        let mut buffer = [0u8; 32];
        let lower = lowercase_in(word, &mut buffer)?;
        match pack_lower(lower) {
            // A word whose lower case is short ASCII ("K" with the Kelvin sign).
            Some(key) => self.short_abbreviations.get(&key).copied(),
            None => self.abbreviations.get(lower.as_bytes()).copied(),
        }
    }

    /// Whether `word` typically opens a sentence, case-insensitively.
    pub fn is_starter(&self, word: &str) -> bool {
        let mut buffer = [0u8; 32];
        lowercase_in(word, &mut buffer)
            .is_some_and(|lower| self.starters.contains(lower.as_bytes()))
    }
}

/// The lower case of a word of 1 to 8 ASCII characters other than NUL as
/// one number: its bytes, zero-padded (so different words give different
/// numbers); `None` for any other word.
fn pack_lower(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 || !bytes.iter().all(|b| (1..0x80).contains(b)) {
        return None;
    }
    Some(ascii_lower(load8(bytes, 0)))
}

/// The non-empty lines of a seed file, comments (`#`) removed.
fn seed_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_list_loads() {
        for (code, _) in ABBREVIATIONS {
            let rules = rules_for(Some(code));
            let listed = rules.abbreviations.len() + rules.short_abbreviations.len();
            assert!(listed > 20, "{code}");
        }
        let en = rules_for(Some("en"));
        assert_eq!(en.abbreviation("Dr"), Some(AbbreviationKind::Title));
        assert_eq!(en.abbreviation("CO"), Some(AbbreviationKind::Plain));
        assert_eq!(en.abbreviation("said"), None);
        // Short ASCII words go through the packed table, others not.
        assert_eq!(en.abbreviation("dR"), Some(AbbreviationKind::Title));
        assert_eq!(en.abbreviation("Dr\0"), None);
        assert_eq!(en.abbreviation(""), None);
        assert_eq!(
            rules_for(Some("ru")).abbreviation("ТОВ"),
            Some(AbbreviationKind::Title)
        );
        assert!(en.is_starter("How"));
        assert!(!en.is_starter("Government"));
        assert_eq!(
            rules_for(Some("ru")).abbreviation("Проф"),
            Some(AbbreviationKind::Title)
        );
        assert!(rules_for(Some("de")).dotted_ordinals);
        assert!(rules_for(Some("el")).semicolon_question);
    }

    #[test]
    fn neutral_rules_keep_only_english_titles() {
        let neutral = rules_for(None);
        assert_eq!(neutral.abbreviation("dr"), Some(AbbreviationKind::Title));
        assert_eq!(neutral.abbreviation("mme"), Some(AbbreviationKind::Plain));
        assert_eq!(
            rules_for(Some("xx")).abbreviation("bzw"),
            Some(AbbreviationKind::Plain)
        );
    }
}
