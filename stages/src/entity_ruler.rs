//! The `entity_ruler` stage: entities from rules, no code. Patterns come
//! from a JSON Lines file in spaCy's EntityRuler format and from plain name
//! lists (`gazetteer`, one name per line per label):
//!
//! ```text
//! {"label": "ORG", "pattern": "Gulf International Forum"}
//! {"label": "PERSON", "pattern": [{"lower": "prime"}, {"lower": "minister"}, {"shape": "title", "op": "+"}]}
//! {"label": "ORG", "pattern": "UN", "id": "United Nations"}
//! ```
//!
//! A phrase pattern matches text between word boundaries (case-folded with
//! `ignore_case`); a token pattern matches tokens (see [`token_pattern`]), so
//! a ruler with token patterns requires `tokens`. `id` becomes the entity's
//! `canonical`. Of overlapping matches the longest wins (then the earliest).
//!
//! With entities already on the document (the `entities` stage before it),
//! the ruler adds to them: its spans replace the entities they overlap
//! (`overwrite_entities`, the default), or only fill the gaps.

pub mod token_pattern;

use crate::resources::Gazetteer;
use aho_corasick::AhoCorasick;
use pipeline::{parse_settings, Document, Entity, Layer, SettingDoc, Span, Stage, StageError};
use serde::Deserialize;
use serde_json::Value;
use std::path::PathBuf;
use token_pattern::TokenPattern;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EntityRulerSettings {
    /// A JSON Lines file of patterns.
    pub patterns: Option<PathBuf>,
    /// Label → files of names, one per line (phrase patterns).
    pub gazetteer: Gazetteer,
    /// Phrase patterns match whatever the case.
    pub ignore_case: bool,
    /// Ruler spans replace overlapping entities already on the document.
    pub overwrite_entities: bool,
}

impl Default for EntityRulerSettings {
    fn default() -> Self {
        EntityRulerSettings {
            patterns: None,
            gazetteer: Gazetteer::default(),
            ignore_case: false,
            overwrite_entities: true,
        }
    }
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "patterns",
        default: "-",
        about: "JSON Lines file: {\"label\": \"ORG\", \"pattern\": \"Gulf International Forum\" or [{\"lower\": …}, …], \"id\": canonical}",
    },
    SettingDoc {
        name: "gazetteer",
        default: "{}",
        about: "label → name-list files, one name per line: {\"ORG\": \"newsroom/orgs.txt\"}",
    },
    SettingDoc {
        name: "ignore_case",
        default: "false",
        about: "phrase patterns match whatever the case",
    },
    SettingDoc {
        name: "overwrite_entities",
        default: "true",
        about: "ruler spans replace overlapping entities found earlier; false: only fill gaps",
    },
];

pub const ABOUT: &str = "adds entities from rules: phrase and token patterns (spaCy EntityRuler JSONL) and name lists; after `entities` it corrects and extends it";

/// What a match becomes.
#[derive(Debug, Clone, PartialEq)]
struct Rule {
    label: String,
    id: Option<String>,
}

pub struct EntityRuler {
    /// Phrase automaton over the (folded) phrases; pattern i is `phrase_rules[i]`.
    phrases: Option<AhoCorasick>,
    phrase_rules: Vec<Rule>,
    token_patterns: Vec<(TokenPattern, Rule)>,
    ignore_case: bool,
    overwrite: bool,
}

impl EntityRuler {
    pub fn new(settings: EntityRulerSettings) -> Result<Self, StageError> {
        let mut phrases = Vec::new();
        let mut phrase_rules = Vec::new();
        let mut token_patterns = Vec::new();
        if let Some(path) = &settings.patterns {
            let text = std::fs::read_to_string(path).map_err(|e| {
                StageError::new(format!("`patterns`: cannot read {}: {e}", path.display()))
            })?;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let (pattern, rule) = read_pattern(line).map_err(|e| {
                    StageError::new(format!(
                        "`patterns`: {} line {}: {e}",
                        path.display(),
                        i + 1
                    ))
                })?;
                match pattern {
                    Value::String(phrase) => {
                        phrases.push(phrase);
                        phrase_rules.push(rule);
                    }
                    Value::Array(specs) => {
                        let pattern = TokenPattern::parse(&specs).map_err(|e| {
                            StageError::new(format!(
                                "`patterns`: {} line {}: {e}",
                                path.display(),
                                i + 1
                            ))
                        })?;
                        token_patterns.push((pattern, rule));
                    }
                    _ => unreachable!("read_pattern returns a string or an array"),
                }
            }
        }
        let labels: Vec<String> = settings.gazetteer.names().map(str::to_string).collect();
        for label in labels {
            for name in settings.gazetteer.load(&label, "")? {
                phrases.push(name);
                phrase_rules.push(Rule {
                    label: label.clone(),
                    id: None,
                });
            }
        }
        if phrases.is_empty() && token_patterns.is_empty() {
            return Err(StageError::new(
                "no patterns: give a `patterns` file or `gazetteer` lists",
            ));
        }
        if settings.ignore_case {
            phrases = phrases.iter().map(|p| p.to_lowercase()).collect();
        }
        let automaton = if phrases.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&phrases).map_err(|e| StageError::new(e.to_string()))?)
        };
        Ok(EntityRuler {
            phrases: automaton,
            phrase_rules,
            token_patterns,
            ignore_case: settings.ignore_case,
            overwrite: settings.overwrite_entities,
        })
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(EntityRuler::new(parse_settings(settings)?)?))
    }

    /// Every match of every pattern: (span, rule).
    fn matches<'r>(&'r self, doc: &Document) -> Vec<(Span, &'r Rule)> {
        let text = doc.text.as_str();
        let mut found = Vec::new();
        if let Some(automaton) = &self.phrases {
            let folded = self.ignore_case.then(|| Folded::new(text));
            let haystack = folded.as_ref().map_or(text, |f| f.text.as_str());
            for m in automaton.find_overlapping_iter(haystack) {
                let span = match &folded {
                    Some(f) => Span::new(f.original(m.start()), f.original(m.end())),
                    None => Span::new(m.start(), m.end()),
                };
                if !span.is_empty() && on_word_boundaries(text, span) {
                    found.push((span, &self.phrase_rules[m.pattern().as_usize()]));
                }
            }
        }
        if let Some(tokens) = &doc.tokens {
            for (pattern, rule) in &self.token_patterns {
                for at in 0..tokens.len() {
                    if let Some(end) = pattern.longest_at(tokens, text, at) {
                        found.push((Span::new(tokens[at].start, tokens[end - 1].end), rule));
                    }
                }
            }
        }
        found
    }
}

/// One line of a patterns file: its pattern (a string or an array) and rule.
fn read_pattern(line: &str) -> Result<(Value, Rule), String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Line {
        label: String,
        pattern: Value,
        #[serde(default)]
        id: Option<String>,
    }
    let line: Line = serde_json::from_str(line).map_err(|e| e.to_string())?;
    match &line.pattern {
        Value::String(s) if !s.trim().is_empty() => {}
        Value::Array(_) => {}
        _ => return Err("`pattern` must be a phrase or a list of token conditions".into()),
    }
    if line.label.trim().is_empty() {
        return Err("`label` is empty".into());
    }
    Ok((
        line.pattern,
        Rule {
            label: line.label,
            id: line.id,
        },
    ))
}

/// Whether a match is a whole word at each end where it starts or ends in
/// a letter or digit ("UN" not in "UNESCO"; "$ACME" anywhere).
fn on_word_boundaries(text: &str, span: Span) -> bool {
    let inner = span.slice(text);
    let first = inner.chars().next();
    let last = inner.chars().next_back();
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let joins = |edge: Option<char>, neighbour: Option<char>| {
        edge.is_some_and(char::is_alphanumeric) && neighbour.is_some_and(char::is_alphanumeric)
    };
    !joins(first, before) && !joins(last, after)
}

/// The lower-cased text, with each of its bytes' original offset: some
/// characters change length when lower-cased ("İ" → "i̇").
struct Folded {
    text: String,
    /// Original byte offset of each folded byte, and of the end.
    origin: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        for (at, c) in text.char_indices() {
            for lower in c.to_lowercase() {
                folded.push(lower);
                origin.resize(folded.len(), at);
            }
        }
        origin.push(text.len());
        Folded {
            text: folded,
            origin,
        }
    }

    /// The original offset of a folded one: the start of the character it
    /// falls in (or the end).
    fn original(&self, folded: usize) -> usize {
        self.origin[folded]
    }
}

impl Stage for EntityRuler {
    fn name(&self) -> &str {
        "entity_ruler"
    }

    fn requires(&self) -> Vec<Layer> {
        if self.token_patterns.is_empty() {
            Vec::new()
        } else {
            vec![Layer::Tokens]
        }
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Entities]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut matches = self.matches(doc);
        // Longest first, then earliest, then pattern order (stable sort).
        matches.sort_by_key(|(span, _)| (std::cmp::Reverse(span.len()), span.start));
        let mut chosen: Vec<(Span, &Rule)> = Vec::new();
        for (span, rule) in matches {
            if !chosen.iter().any(|(taken, _)| taken.overlaps(span)) {
                chosen.push((span, rule));
            }
        }
        let mut entities = doc.entities.take().unwrap_or_default();
        if self.overwrite {
            entities.retain(|e| !chosen.iter().any(|(span, _)| span.overlaps(e.span())));
        } else {
            chosen.retain(|(span, _)| !entities.iter().any(|e| span.overlaps(e.span())));
        }
        entities.extend(chosen.into_iter().map(|(span, rule)| Entity {
            start: span.start,
            end: span.end,
            text: span.slice(&doc.text).to_string(),
            label: rule.label.clone(),
            canonical: rule.id.clone(),
        }));
        entities.sort_by_key(|e| (e.start, e.end));
        doc.entities = Some(entities);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::{Shape, Token, TokenKind};

    /// A temp file of its own per call: tests run in parallel.
    fn file(name: &str, text: &str) -> PathBuf {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("newspipe-ruler-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    fn ruler(patterns: &str, ignore_case: bool) -> EntityRuler {
        EntityRuler::new(EntityRulerSettings {
            patterns: Some(file(&format!("{}.jsonl", patterns.len()), patterns)),
            ignore_case,
            ..Default::default()
        })
        .unwrap()
    }

    fn found(ruler: &EntityRuler, doc: &mut Document) -> Vec<(String, String)> {
        ruler.process(doc).unwrap();
        doc.entities
            .iter()
            .flatten()
            .map(|e| (e.text.clone(), e.label.clone()))
            .collect()
    }

    const PHRASES: &str = r#"{"label": "ORG", "pattern": "Gulf International Forum"}
{"label": "ORG", "pattern": "Gulf"}
{"label": "ORG", "pattern": "UN", "id": "United Nations"}
{"label": "GPE", "pattern": "Москва"}
"#;

    #[test]
    fn phrases_match_whole_words_longest_first() {
        let r = ruler(PHRASES, false);
        let mut doc = Document::new(
            "a",
            "“Gulf International Forum” and UNESCO met the UN in «Москва».",
        );
        assert_eq!(
            found(&r, &mut doc),
            [
                ("Gulf International Forum".into(), "ORG".into()),
                ("UN".into(), "ORG".into()),
                ("Москва".into(), "GPE".into())
            ]
        );
        let un = &doc.entities.as_ref().unwrap()[1];
        assert_eq!(un.canonical.as_deref(), Some("United Nations"));
        assert_eq!(&doc.text[un.start..un.end], "UN");
    }

    #[test]
    fn ignore_case_folds_unicode_and_maps_offsets_back() {
        let r = ruler(PHRASES, true);
        // "İ" lower-cases to two characters: offsets after it must still map.
        let mut doc = Document::new("a", "İİ the gulf international forum, МОСКВА.");
        assert_eq!(
            found(&r, &mut doc),
            [
                ("gulf international forum".into(), "ORG".into()),
                ("МОСКВА".into(), "GPE".into())
            ]
        );
        let strict = ruler(PHRASES, false);
        let mut doc = Document::new("a", "the gulf international forum");
        assert!(found(&strict, &mut doc).is_empty());
    }

    fn entity(start: usize, end: usize, label: &str, text: &str) -> Entity {
        Entity {
            start,
            end,
            text: text[start..end].to_string(),
            label: label.into(),
            canonical: None,
        }
    }

    #[test]
    fn overwrites_or_fills_gaps_in_earlier_entities() {
        let text = "Gulf International Forum said Smith.";
        let earlier = || {
            Some(vec![
                entity(0, 4, "LOC", text),
                entity(30, 35, "PERSON", text),
            ])
        };
        let mut doc = Document::new("a", text);
        doc.entities = earlier();
        assert_eq!(
            found(&ruler(PHRASES, false), &mut doc),
            [
                ("Gulf International Forum".into(), "ORG".into()),
                ("Smith".into(), "PERSON".into())
            ]
        );
        let fill = EntityRuler {
            overwrite: false,
            ..ruler(PHRASES, false)
        };
        let mut doc = Document::new("a", text);
        doc.entities = earlier();
        assert_eq!(
            found(&fill, &mut doc),
            [
                ("Gulf".into(), "LOC".into()),
                ("Smith".into(), "PERSON".into())
            ]
        );
    }

    #[test]
    fn token_patterns_need_tokens() {
        let r = ruler(
            r#"{"label": "PERSON", "pattern": [{"lower": "minister"}, {"shape": "title", "op": "+"}]}"#,
            false,
        );
        assert_eq!(r.requires(), vec![Layer::Tokens]);
        let text = "Minister Ali Bagheri spoke";
        let token = |start, end, shape| Token {
            start,
            end,
            kind: TokenKind::Word,
            shape,
            sentence_start: start == 0,
        };
        let mut doc = Document::new("a", text);
        doc.tokens = Some(vec![
            token(0, 8, Shape::Title),
            token(9, 12, Shape::Title),
            token(13, 20, Shape::Title),
            token(21, 26, Shape::Lower),
        ]);
        assert_eq!(
            found(&r, &mut doc),
            [("Minister Ali Bagheri".into(), "PERSON".into())]
        );
        assert!(ruler(PHRASES, false).requires().is_empty());
    }

    #[test]
    fn gazetteer_lists_are_phrase_patterns() {
        let orgs = file(
            "orgs.txt",
            "# our sources\nGulf International Forum\nCarnegie Endowment\n",
        );
        let settings: EntityRulerSettings = serde_json::from_value(serde_json::json!({
            "gazetteer": {"ORG": orgs}
        }))
        .unwrap();
        let r = EntityRuler::new(settings).unwrap();
        let mut doc = Document::new(
            "a",
            "The Carnegie Endowment and the Gulf International Forum.",
        );
        assert_eq!(found(&r, &mut doc).len(), 2);
    }

    #[test]
    fn bad_pattern_files_name_the_line() {
        let path = file(
            "bad.jsonl",
            "{\"label\": \"ORG\", \"pattern\": \"A\"}\n{\"label\": \"ORG\"}\n",
        );
        let err = EntityRuler::new(EntityRulerSettings {
            patterns: Some(path),
            ..Default::default()
        })
        .err()
        .unwrap();
        assert!(
            err.message().contains("line 2: missing field `pattern`"),
            "{err}"
        );
        let err = EntityRuler::new(EntityRulerSettings::default())
            .err()
            .unwrap();
        assert!(err.message().contains("no patterns"));
    }
}
