//! A newspipe stage written in Rust, as a user would write one: it tags the
//! sentences that mention any of a configured list of companies.
//!
//! It needs only the `pipeline` crate: implement [`Stage`], write a factory
//! that reads the stage's settings, and [`register`] it under a name. Then
//! run it with the built-in stages through the library
//! (`src/bin/company_report.rs`) or by name in a `--config` file through the
//! whole newspipe command line (`src/main.rs`). The guide is
//! `docs/custom-stages.md`.
//!
//! Settings: `{"type": "company_mentions", "companies": {"Apple":
//! ["Apple Inc."], "Gazprom": ["Газпром"]}, "layer": "company_mentions"}`.
//! Output, a custom layer with one item per sentence that names a company
//! (code-point offsets, like every offset in the output):
//! `{"custom": {"company_mentions": [{"start": 0, "end": 52, "companies":
//! ["Apple"]}]}}`.

use pipeline::offsets::CharIndex;
use pipeline::{
    parse_settings, Document, Layer, Registry, SettingDoc, Settings, Stage, StageError,
};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The name the stage is registered under: `"type"` in a config file.
pub const TYPE: &str = "company_mentions";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompanySettings {
    /// Company name → other names it goes by; the name itself always counts.
    pub companies: BTreeMap<String, Vec<String>>,
    /// The custom layer written (so the stage can run twice, say for two
    /// sectors, under different names).
    pub layer: String,
}

impl Default for CompanySettings {
    fn default() -> Self {
        CompanySettings {
            companies: BTreeMap::new(),
            layer: TYPE.to_string(),
        }
    }
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "companies",
        default: "(required)",
        about: "company name → its other names: {\"Apple\": [\"Apple Inc.\"]}",
    },
    SettingDoc {
        name: "layer",
        default: "company_mentions",
        about: "the custom layer written",
    },
];

/// Registers the stage type, so a config file can name it.
pub fn register(registry: &mut Registry) {
    registry.register(
        TYPE,
        "tags sentences that mention a configured company (custom layer)",
        SETTINGS.to_vec(),
        CompanyMentions::from_settings,
    );
}

pub struct CompanyMentions {
    layer: String,
    /// (surface form, company), longest forms first. Built once, read by
    /// every thread.
    names: Vec<(String, String)>,
}

impl CompanyMentions {
    pub fn new(settings: CompanySettings) -> Result<Self, StageError> {
        if settings.companies.is_empty() {
            return Err(StageError::new(
                "`companies` is required: {\"Apple\": [\"Apple Inc.\"], …}",
            ));
        }
        let mut names = Vec::new();
        for (company, aliases) in &settings.companies {
            for name in std::iter::once(company).chain(aliases) {
                if name.trim().is_empty() {
                    return Err(StageError::new(format!(
                        "`companies`: an empty name for {company}"
                    )));
                }
                names.push((name.clone(), company.clone()));
            }
        }
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        Ok(CompanyMentions {
            layer: settings.layer,
            names,
        })
    }

    /// The factory the registry calls with the config's settings.
    pub fn from_settings(settings: &Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(CompanyMentions::new(parse_settings(settings)?)?))
    }

    /// The companies a sentence names, each once, in name order.
    fn companies_in<'a>(&'a self, sentence: &str) -> Vec<&'a str> {
        let mut found: Vec<&str> = self
            .names
            .iter()
            .filter(|(name, _)| mentions(sentence, name))
            .map(|(_, company)| company.as_str())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Whether `name` occurs in `sentence` as whole words ("Apple" in "Apple's",
/// not in "Pineapple").
fn mentions(sentence: &str, name: &str) -> bool {
    sentence.match_indices(name).any(|(at, _)| {
        let before = sentence[..at].chars().next_back();
        let after = sentence[at + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Stage for CompanyMentions {
    fn name(&self) -> &str {
        TYPE
    }

    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Sentences]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::custom(self.layer.as_str())]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        // `requires` guarantees the layer; an error rather than a panic all
        // the same.
        let sentences = doc
            .sentences
            .as_ref()
            .ok_or("no sentences on the document")?;
        // Custom layers are written as given: convert byte offsets to code
        // points here.
        let index = CharIndex::new(&doc.text);
        let mut tagged = Vec::new();
        for sentence in sentences {
            let companies = self.companies_in(sentence.slice(&doc.text));
            if !companies.is_empty() {
                tagged.push(json!({
                    "start": index.to_char(sentence.start),
                    "end": index.to_char(sentence.end),
                    "companies": companies,
                }));
            }
        }
        doc.custom.insert(self.layer.clone(), json!(tagged));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::{Pipeline, Span};

    fn stage() -> CompanyMentions {
        let settings: CompanySettings = serde_json::from_value(json!({
            "companies": {"Apple": ["Apple Inc."], "Gazprom": ["Газпром"]}
        }))
        .unwrap();
        CompanyMentions::new(settings).unwrap()
    }

    #[test]
    fn whole_words_only() {
        assert!(mentions("Apple's shares rose.", "Apple"));
        assert!(mentions("«Газпром» отчитался.", "Газпром"));
        assert!(!mentions("Pineapple prices rose.", "Apple"));
        assert!(!mentions("Applesauce.", "Apple"));
    }

    #[test]
    fn tags_sentences_with_code_point_offsets() {
        let text = "«Газпром» отчитался. Pineapple rose. Apple Inc. and Gazprom met.";
        let first = text.find(" Pine").unwrap();
        let second = text.find(" Apple").unwrap();
        let mut doc = Document::new("a", text);
        doc.sentences = Some(vec![
            Span::new(0, first),
            Span::new(first + 1, second),
            Span::new(second + 1, text.len()),
        ]);
        let pipeline = Pipeline::builder()
            .stage(Box::new(stage()))
            .build()
            .unwrap();
        pipeline.process(&mut doc);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        let chars = |byte: usize| text[..byte].chars().count();
        assert_eq!(
            doc.custom[TYPE],
            json!([
                {"start": 0, "end": chars(first), "companies": ["Gazprom"]},
                {"start": chars(second + 1), "end": chars(text.len()), "companies": ["Apple", "Gazprom"]}
            ])
        );
    }

    #[test]
    fn settings_are_checked() {
        let mut registry = Registry::new();
        register(&mut registry);
        let err = registry
            .create(TYPE, &Settings::new())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("`companies` is required"), "{err}");
        let settings = json!({"companies": {"A": []}, "sector": "tech"});
        let err = registry
            .create(TYPE, settings.as_object().unwrap())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("unknown field `sector`"), "{err}");
    }
}
