//! Per-language resources of the sentence splitter: abbreviation lists and
//! sentence-starter words from `seeds/`, and the few punctuation rules that
//! depend on the language. Built once, shared by every document.

use crate::caseless_map::CaselessMap;
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
    /// Abbreviations, lower-cased, without the period.
    abbreviations: CaselessMap<AbbreviationKind>,
    /// Lower-cased words that typically open a sentence ("the", "how"): after
    /// an ambiguous abbreviation ("U.S."), such a word starts a new one.
    starters: CaselessMap<()>,
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
            let entry = self.abbreviations.entry_or_insert(&word, kind);
            if kind == AbbreviationKind::Title {
                *entry = kind;
            }
        }
    }

    fn add_starters(&mut self, list: &str) {
        for line in seed_lines(list) {
            self.starters.entry_or_insert(&line.to_lowercase(), ());
        }
    }

    /// How `word` (without its period) is listed, case-insensitively.
    pub fn abbreviation(&self, word: &str) -> Option<AbbreviationKind> {
        self.abbreviations.get(word).copied()
    }

    /// Whether `word` typically opens a sentence, case-insensitively.
    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.get(word).is_some()
    }
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
            let listed = rules.abbreviations.len();
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
