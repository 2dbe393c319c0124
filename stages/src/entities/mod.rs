//! The `entities` stage: named entities with in-document clusters.
//!
//! Gazetteers (`seeds/entities/`) and a small averaged-perceptron BIO tagger
//! (`seeds/entities/tagger.txt`, trained by `scripts/train_entities.sh`) find
//! the mentions; rules trim titles and possessives and split places into GPE
//! and LOC; clusters give each mention its canonical name.

mod amounts;
mod article_modifiers;
mod clusters;
mod common_words;
mod features;
mod gazetteer;
mod hash;
mod headings;
mod hyphenated_names;
mod known_phrases;
mod labels;
mod mention;
mod model;
mod model_text;
mod name_particles;
mod nicknames;
mod seed_phrases;
mod spans;
mod tagger;
#[cfg(test)]
mod testing;
mod training;
mod web_names;
mod word_hashes;
mod word_list;
mod word_sketch;

/// Tokens as the `sentences` stage makes them for English, for tests.
#[cfg(test)]
fn english_tokens(text: &str) -> Vec<Token> {
    crate::sentences::split(text, Some("en")).1
}

pub use gazetteer::Gazetteer;
pub use model::Weights;
pub use training::{train_model, TrainingDoc};

use crate::language::function_words::FunctionWords;
use features::DocContext;
use pipeline::{parse_settings, Document, Entity, Layer, SettingDoc, Stage, StageError, Token};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EntitiesSettings {
    /// Labels to output; empty = all.
    pub labels: Vec<String>,
    /// The user's files over the built-in lists, by list name.
    pub gazetteer: crate::resources::Gazetteer,
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "labels",
        default: "[] (all)",
        about: "labels to keep, e.g. [\"PERSON\", \"ORG\"]; PERSON ORG GPE LOC NORP DATE MONEY PERCENT",
    },
    SettingDoc {
        name: "gazetteer",
        default: "{}",
        about: "your files over the built-in lists, by list name: countries, countries_extra, places, regions, demonyms, demonyms_extra, given_names, person_titles, org_heads, months, function_words, page_furniture, organizations (`Long Form|ACRONYM`)",
    },
];

pub const ABOUT: &str = "named entities (PERSON, ORG, GPE, LOC, NORP, DATE; MONEY and PERCENT by rule) from gazetteers and a perceptron tagger; `canonical` names each mention's in-document cluster";

/// The shipped model (`seeds/entities/tagger.txt`) as binary rows, which
/// `build.rs` wrote.
const MODEL_ROWS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tagger_rows.bin"));

/// The built-in gazetteer, built once per process.
fn builtin_gazetteer() -> Arc<Gazetteer> {
    static GAZETTEER: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    GAZETTEER
        .get_or_init(|| Arc::new(Gazetteer::builtin()))
        .clone()
}

/// The built-in model, parsed once per process.
fn builtin_weights() -> Arc<Weights> {
    static WEIGHTS: OnceLock<Arc<Weights>> = OnceLock::new();
    WEIGHTS
        .get_or_init(|| Arc::new(Weights::from_binary(MODEL_ROWS)))
        .clone()
}

pub struct EntitiesStage {
    settings: EntitiesSettings,
    gazetteer: Arc<Gazetteer>,
    weights: Arc<Weights>,
}

impl EntitiesStage {
    pub fn new(settings: EntitiesSettings) -> Result<Self, StageError> {
        let gazetteer = if settings.gazetteer.names().next().is_none() {
            builtin_gazetteer()
        } else {
            Arc::new(Gazetteer::with_lists(&settings.gazetteer)?)
        };
        Ok(EntitiesStage {
            gazetteer,
            ..EntitiesStage::with_weights(settings, builtin_weights())
        })
    }

    /// The stage with another tagger model (a cross-validation fold's).
    pub fn with_weights(settings: EntitiesSettings, weights: Arc<Weights>) -> Self {
        EntitiesStage {
            settings,
            gazetteer: builtin_gazetteer(),
            weights,
        }
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(EntitiesStage::new(parse_settings(settings)?)?))
    }

    /// The entities of an English text with its tokens, byte offsets.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<Entity> {
        self.find_in(text, tokens, None)
    }

    /// The entities of a text in language `lang` (ISO code; `None` when
    /// unknown) with its tokens, byte offsets.
    pub fn find_in(&self, text: &str, tokens: &[Token], lang: Option<&str>) -> Vec<Entity> {
        let ctx = DocContext::new(text, tokens, &self.gazetteer);
        let tagged = tagger::tag(&self.weights, &ctx);
        let mut spans = spans::split_at_line_breaks(&ctx, tagged);
        known_phrases::grow_to_phrases(&ctx, &mut spans);
        common_words::drop_sentence_initial_common_words(&ctx, &mut spans);
        common_words::drop_plural_acronyms(&ctx, &mut spans);
        article_modifiers::drop_bare_names_after_articles(&ctx, &mut spans);
        hyphenated_names::extend_over_hyphens(&ctx, &mut spans);
        name_particles::join_over_particles(&ctx, &mut spans);
        nicknames::join_over_nicknames(&ctx, &mut spans);
        web_names::label_web_names(&ctx, &mut spans);
        let mut entities = spans::mentions(&ctx, &self.gazetteer, &spans);
        // The tagger learnt English: another language's capitalised
        // articles and prepositions ("Le", "Selon") open its spans.
        let foreign = lang.filter(|&l| l != "en");
        if let Some(words) = foreign.and_then(|l| FunctionWords::shared().of_language(l)) {
            spans::trim_leading_words(&ctx, &self.gazetteer, &mut entities, |w| words.contains(w));
        }
        headings::trim_mentions(&ctx, &mut entities);
        amounts::add(&mut entities, amounts::find(&ctx));
        spans::join_split_names(text, &mut entities);
        spans::join_org_names(&ctx, &self.gazetteer, &mut entities);
        spans::add_last_names(&ctx, &mut entities);
        let mut same_text = clusters::SameText::of(&entities);
        spans::harmonize_labels(&mut entities, &same_text);
        if !self.settings.labels.is_empty() {
            same_text.retain(&mut entities, |m| {
                self.settings.labels.iter().any(|l| l == m.label.name())
            });
        }
        let names = clusters::assign(&entities, &same_text, &self.gazetteer);
        entities
            .iter()
            .zip(names)
            .map(|(m, name)| m.to_entity(name))
            .collect()
    }
}

impl Stage for EntitiesStage {
    fn name(&self) -> &str {
        "entities"
    }

    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Entities]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let tokens = doc
            .tokens
            .as_deref()
            .ok_or_else(|| StageError::new("entities: the document has no tokens"))?;
        let lang = doc.lang.as_ref().map(|l| l.code.as_str());
        let entities = self.find_in(&doc.text, tokens, lang);
        doc.entities = Some(entities);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Vec<Entity> {
        let stage = EntitiesStage::new(EntitiesSettings::default()).unwrap();
        stage.find(text, &english_tokens(text))
    }

    fn has(found: &[Entity], text: &str, label: &str) -> bool {
        found.iter().any(|e| e.text == text && e.label == label)
    }

    #[test]
    fn an_organisation_head_joins_its_name_over_of_the() {
        let found = entities(
            "The Ministry of the Interior said on Monday that the International Federation of the Red Cross would help.",
        );
        assert!(has(&found, "Ministry of the Interior", "ORG"), "{found:?}");
        assert!(
            has(&found, "International Federation of the Red Cross", "ORG"),
            "{found:?}"
        );
        // a place after "of the" stays a place of its own
        let found = entities("The Embassy of the United States was closed.");
        assert!(has(&found, "United States", "GPE"), "{found:?}");
    }

    #[test]
    fn the_binary_model_is_the_shipped_text_model() {
        let text = include_str!("../../../seeds/entities/tagger.txt");
        let rows = model_text::parse::<{ labels::CLASSES }>(text).unwrap();
        assert!(rows.len() > 10_000 && rows.iter().all(|(_, row)| row.iter().any(|&w| w != 0)));
        assert_eq!(model_text::to_binary(&rows), MODEL_ROWS);
        let read: Vec<_> = model_text::from_binary(MODEL_ROWS).collect();
        assert_eq!(read, rows);
    }

    #[test]
    fn people_places_and_groups_with_clusters() {
        let text = "Dr. Samuel Ramani, an associate fellow at the Royal United Services Institute, said Iran’s leaders \
                    would not send troops to Tajikistan. Iranian officials met Russian diplomats in Moscow on September 14. \
                    “It is a risk,” Ramani said.";
        let found = entities(text);
        assert!(has(&found, "Samuel Ramani", "PERSON"), "{found:#?}");
        assert!(has(&found, "Ramani", "PERSON"), "{found:#?}");
        assert!(
            found
                .iter()
                .filter(|e| e.label == "PERSON")
                .all(|e| e.name() == "Samuel Ramani"),
            "{found:#?}"
        );
        assert!(
            has(&found, "Royal United Services Institute", "ORG"),
            "{found:#?}"
        );
        assert!(has(&found, "Iran", "GPE"), "possessive outside: {found:#?}");
        assert!(has(&found, "Tajikistan", "GPE"), "{found:#?}");
        assert!(has(&found, "Moscow", "GPE"), "{found:#?}");
        assert!(
            has(&found, "Iranian", "NORP") && has(&found, "Russian", "NORP"),
            "{found:#?}"
        );
        assert!(has(&found, "September 14", "DATE"), "{found:#?}");
        for e in &found {
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }

    #[test]
    fn acronyms_join_their_long_form() {
        let found = entities("Leaders of the Shanghai Cooperation Organization met in Dushanbe. The SCO summit ended.");
        let sco = found.iter().find(|e| e.text == "SCO").expect("SCO found");
        assert_eq!(sco.label, "ORG");
        assert_eq!(sco.name(), "Shanghai Cooperation Organization");
    }

    #[test]
    fn no_panic_and_char_boundaries_on_any_script() {
        let pieces = [
            "Iran",
            "’s",
            "“",
            "”",
            "«",
            "»",
            "…",
            "Москва",
            "Тегеран",
            "ایران",
            "東京",
            "Côte",
            "d’Ivoire",
            " ",
            "\n",
            ".",
            "Dr.",
            "SCO",
            "1991",
            "$",
            "-",
            "'s",
            "the",
            "of",
            "Al-",
            "É",
        ];
        let mut state = 7u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
                if state & 1 == 0 {
                    text.push(' ');
                }
            }
            for e in entities(&text) {
                assert!(
                    text.is_char_boundary(e.start)
                        && text.is_char_boundary(e.end)
                        && e.start < e.end
                );
                assert!(!e.text.contains('\n'), "{e:?} crosses a line break");
                assert_eq!(&text[e.start..e.end], e.text);
            }
        }
    }

    #[test]
    fn gazetteer_setting_extends_lists_and_rejects_unknown_ones() {
        let dir = std::env::temp_dir().join(format!("newspipe-entities-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let orgs = dir.join("orgs.txt");
        std::fs::write(&orgs, "Zorblax Quantum Holdings|ZQH\n").unwrap();
        let settings = |list: &str| -> EntitiesSettings {
            let json = serde_json::json!({ "gazetteer": { list: orgs.to_str().unwrap() } });
            serde_json::from_value(json).unwrap()
        };
        let stage = EntitiesStage::new(settings("organizations")).unwrap();
        let text = "Shares of ZQH rose.";
        let found = stage.find(text, &english_tokens(text));
        let zqh = found.iter().find(|e| e.text == "ZQH");
        assert_eq!(
            zqh.and_then(|e| e.canonical.as_deref()),
            Some("Zorblax Quantum Holdings"),
            "{found:?}"
        );
        assert!(EntitiesStage::new(settings("planets")).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn labels_setting_filters() {
        let stage = EntitiesStage::new(EntitiesSettings {
            labels: vec!["GPE".into()],
            ..Default::default()
        })
        .unwrap();
        let text = "Iranian officials visited Tehran.";
        let found = stage.find(text, &english_tokens(text));
        assert!(
            !found.is_empty() && found.iter().all(|e| e.label == "GPE"),
            "{found:?}"
        );
        // clusters still join the mentions kept (their texts are numbered
        // before the filter)
        let stage = EntitiesStage::new(EntitiesSettings {
            labels: vec!["PERSON".into()],
            ..Default::default()
        })
        .unwrap();
        let text = "Iranian officials met Dr. Samuel Ramani in Tehran. Ramani left Tehran, and Ramani said so.";
        let found = stage.find(text, &english_tokens(text));
        assert!(
            found.len() == 3
                && found
                    .iter()
                    .all(|e| e.label == "PERSON" && e.name() == "Samuel Ramani"),
            "{found:?}"
        );
    }

    #[test]
    fn names_stay_on_their_line_and_headings_lose_common_words() {
        let text = "Rising Stakes in the Caspian Standoff\n\nIran’s envoy met Kazakh officials in Astana. \
                    Prices rose 12 per cent, to $5bn, in Tehran\nMoscow and Kiev";
        let found = entities(text);
        for e in &found {
            assert!(!e.text.contains('\n'), "{e:?} crosses a line break");
            assert!(
                !["Rising", "Stakes", "Standoff"]
                    .iter()
                    .any(|w| e.text.contains(w)),
                "heading word in {e:?}"
            );
        }
        assert!(has(&found, "Tehran", "GPE"), "{found:#?}");
        assert!(has(&found, "Moscow", "GPE"), "{found:#?}");
        assert!(has(&found, "12 per cent", "PERCENT"), "{found:#?}");
        assert!(has(&found, "$5bn", "MONEY"), "{found:#?}");
    }

    #[test]
    fn headline_phrases_are_not_people_and_bylines_are() {
        let text = "Harbour Deal Divides Coastal Towns\n\nTech Firm Recalls 50,000 Heaters\n\n\
                    Samuel Okafor\n\nThe Coastal Herald reported on Monday that Samuel Okafor left.";
        let found = entities(text);
        for e in &found {
            assert!(
                !["Deal", "Divides", "Coastal Towns", "Firm", "Recalls"]
                    .iter()
                    .any(|w| e.text.contains(w)),
                "headline word in {e:?}"
            );
        }
        assert!(
            found
                .iter()
                .filter(|e| e.text == "Samuel Okafor" && e.label == "PERSON")
                .count()
                == 2,
            "{found:#?}"
        );
    }

    #[test]
    fn a_title_with_its_period_stays_outside_the_name() {
        let found = entities(
            "Talks stalled.\n\nProf. Kenji Watanabe, a researcher, said so. Prof. Watanabe left.",
        );
        assert!(has(&found, "Kenji Watanabe", "PERSON"), "{found:#?}");
        assert!(found.iter().all(|e| !e.text.contains("Prof")), "{found:#?}");
        assert!(
            found
                .iter()
                .all(|e| e.canonical.as_deref() == Some("Kenji Watanabe")),
            "{found:#?}"
        );
    }

    #[test]
    fn other_languages_lose_leading_function_words_and_titles() {
        let stage = EntitiesStage::new(EntitiesSettings::default()).unwrap();
        let in_lang = |text: &str, lang: &str| {
            let tokens = crate::sentences::split(text, Some(lang)).1;
            stage.find_in(text, &tokens, Some(lang))
        };
        let fr = in_lang(
            "Le maire de Lyon a parlé mardi. Selon Marc Lefèvre, la dette a doublé. \
             La Paz et Le Havre ont voté.",
            "fr",
        );
        assert!(has(&fr, "Marc Lefèvre", "PERSON"), "{fr:#?}");
        assert!(
            has(&fr, "La Paz", "GPE") && has(&fr, "Le Havre", "GPE"),
            "{fr:#?}"
        );
        assert!(
            fr.iter()
                .all(|e| e.text != "Le" && !e.text.starts_with("Selon")),
            "{fr:#?}"
        );
        let ru = in_lang(
            "Губернатор Анна Петрова заявила в понедельник, что выборы пройдут честно.",
            "ru",
        );
        assert!(has(&ru, "Анна Петрова", "PERSON"), "{ru:#?}");
    }

    /// The seed article's expectations (issue 4); skipped without the file.
    #[test]
    fn seed_article() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/seed/iran-kyrgyzstan-tajikistan.txt"
        );
        let beside_worktrees = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/seed/iran-kyrgyzstan-tajikistan.txt"
        );
        let Some(text) = [path, beside_worktrees]
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
        else {
            eprintln!("skipped: seed article not found at {path}");
            return;
        };
        let found = entities(&text);
        let mut missing = Vec::new();
        let mut check = |name: &str, label: &str| {
            if !found
                .iter()
                .any(|e| e.label == label && (e.text == name || e.name() == name))
            {
                missing.push(format!("{name} as {label}"));
            }
        };
        for person in [
            "Nasser Kanaani",
            "Ebrahim Raisi",
            "Emomali Rahmon",
            "Mahsa Amini",
            "Giorgio Cafiero",
            "Samuel Ramani",
            "Abdolrasool Divsallar",
        ] {
            check(person, "PERSON");
        }
        for place in [
            "Iran",
            "Kyrgyzstan",
            "Tajikistan",
            "Russia",
            "Turkey",
            "Bishkek",
            "Dushanbe",
            "Tehran",
            "Moscow",
            "Ankara",
            "Milan",
        ] {
            check(place, "GPE");
        }
        for region in ["Central Asia", "South Caucasus"] {
            check(region, "LOC");
        }
        for org in [
            "Gulf International Forum",
            "Shanghai Cooperation Organization",
            "Royal United Services Institute",
            "Islamic Revival Party of Tajikistan",
        ] {
            check(org, "ORG");
        }
        for group in ["Iranian", "Russians"] {
            check(group, "NORP");
        }
        let wrong: Vec<String> = found
            .iter()
            .filter(|e| {
                (e.text == "Tajikistan" && e.label == "NORP")
                    || (e.text == "Dushanbe" && e.label == "ORG")
                    || (e.text == "Bishkek" && e.label == "PERSON")
                    || matches!(e.text.as_str(), "Home" | "Subscribe")
            })
            .map(|e| format!("{} as {}", e.text, e.label))
            .collect();
        assert!(
            missing.is_empty() && wrong.is_empty(),
            "missing: {missing:?}\nwrong: {wrong:?}"
        );
        // the experts carry full canonical names wherever they are mentioned
        for e in found
            .iter()
            .filter(|e| e.label == "PERSON" && e.text.split_whitespace().count() == 1)
        {
            if ["Ramani", "Divsallar", "Cafiero"].contains(&e.text.as_str()) {
                assert!(
                    e.name().contains(' '),
                    "{} has canonical {}",
                    e.text,
                    e.name()
                );
            }
        }
    }
}
