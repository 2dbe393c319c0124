//! Stance behaviour on hand-built documents (our own sentences, modelled on
//! the seed-article checks), with the other stages' layers set by hand.

use super::lexicon::Lexicon;
use super::*;
use pipeline::Speaker;

pub use super::testing::tokenize;

pub fn english() -> &'static Lexicon {
    static RESOURCES: OnceLock<Arc<LanguageResources>> = OnceLock::new();
    &RESOURCES.get_or_init(|| super::english().unwrap()).lexicon
}

/// A document of one sentence per entry of `sentences` (joined by spaces),
/// entities at every occurrence of each (name, label), and quotes given as
/// (quoted text with marks, speaker).
pub fn document(
    sentences: &[&str],
    entities: &[(&str, &str)],
    quotes: &[(&str, Option<&str>)],
) -> Document {
    let text = sentences.join(" ");
    let mut doc = Document::new("t", text.clone());
    let mut at = 0;
    let mut spans = Vec::new();
    for s in sentences {
        spans.push(Span::new(at, at + s.len()));
        at += s.len() + 1;
    }
    doc.sentences = Some(spans);
    doc.tokens = Some(tokenize(&text));
    let mut found = Vec::new();
    for (name, label) in entities {
        for (start, _) in text.match_indices(name) {
            found.push(Entity {
                start,
                end: start + name.len(),
                text: name.to_string(),
                label: label.to_string(),
                canonical: None,
            });
        }
    }
    found.sort_by_key(|e| e.start);
    doc.entities = Some(found);
    doc.quotes = Some(
        quotes
            .iter()
            .map(|(quoted, speaker)| {
                let start = text.find(quoted).expect("quote in text");
                Quote {
                    start,
                    end: start + quoted.len(),
                    text: quoted.to_string(),
                    speaker: speaker.map(|name| {
                        let at = text.rfind(name).unwrap_or(0);
                        Speaker {
                            name: name.to_string(),
                            start: at,
                            end: at + name.len(),
                        }
                    }),
                    cue: None,
                    kind: "direct".to_string(),
                }
            })
            .collect(),
    );
    doc
}

/// `text` through the whole default pipeline, with no errors.
fn default_pipeline(id: &str, text: &str) -> Document {
    let registry = crate::builtin_registry();
    let stages = pipeline::pipeline::stage_list(crate::DEFAULT_STAGES);
    let pipeline = pipeline::Pipeline::from_config(&registry, &stages).unwrap();
    let mut doc = Document::new(id, text);
    pipeline.process(&mut doc);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    doc
}

fn run(doc: &mut Document) -> Vec<Stance> {
    let stage = StanceStage::new(StanceSettings::default()).unwrap();
    stage.process(doc).unwrap();
    doc.stances.clone().unwrap()
}

fn about<'s>(stances: &'s [Stance], target: &str) -> &'s Stance {
    stances
        .iter()
        .find(|s| s.target == target)
        .expect("a judgement of the target")
}

#[test]
fn doubt_about_engagement_is_not_favourable() {
    let quote = "“I do not think Tehran would actively engage in a diplomatic front,”";
    let mut doc = document(
        &[&format!(
            "{quote} said Dr. Leyla Karimi, a visiting fellow."
        )],
        &[("Tehran", "GPE"), ("Leyla Karimi", "PERSON")],
        &[(quote, Some("Leyla Karimi"))],
    );
    let stances = run(&mut doc);
    let tehran = about(&stances, "Tehran");
    assert_eq!(tehran.holder.as_deref(), Some("Leyla Karimi"));
    assert_eq!(tehran.unit.kind, "quote");
    assert_ne!(tehran.label, "favor", "{tehran:?}");
    let karimi = about(&stances, "Leyla Karimi");
    assert_eq!(karimi.holder.as_deref(), Some("author"));
    assert_eq!(karimi.unit.kind, "sentence");
}

#[test]
fn naturally_limited_influence_is_against_and_earning_stripes_is_favour() {
    let limited = "“Tehran’s influence over the region is naturally limited,”";
    let stripes = "“Tehran is showing that it is earning its stripes as a mediator,”";
    let mut doc = document(
        &[
            &format!("{limited} said Omar Haddad, an analyst."),
            &format!("{stripes} Haddad added."),
        ],
        &[("Tehran", "GPE"), ("Omar Haddad", "PERSON")],
        &[
            (limited, Some("Omar Haddad")),
            (stripes, Some("Omar Haddad")),
        ],
    );
    let stances = run(&mut doc);
    let tehran: Vec<&Stance> = stances.iter().filter(|s| s.target == "Tehran").collect();
    assert_eq!(tehran.len(), 2);
    assert_eq!(tehran[0].label, "against", "{:?}", tehran[0]);
    assert!(
        tehran[0]
            .evidence
            .iter()
            .any(|e| e.text.contains("naturally limited")),
        "{:?}",
        tehran[0]
    );
    assert_eq!(tehran[1].label, "favor", "{:?}", tehran[1]);
    assert!(tehran[1]
        .evidence
        .iter()
        .any(|e| e.text.contains("earning its stripes")));
    let summary = doc.stance_summary.unwrap();
    let haddad_on_tehran = summary
        .iter()
        .find(|s| s.holder.as_deref() == Some("Omar Haddad") && s.target == "Tehran")
        .unwrap();
    assert_eq!(haddad_on_tehran.n, 2);
}

#[test]
fn institution_names_carry_no_sentiment() {
    let mut doc = document(
        &["Anna Berg of the Institute for Peace and Justice spoke to reporters on Tuesday."],
        &[
            ("Anna Berg", "PERSON"),
            ("Institute for Peace and Justice", "ORG"),
        ],
        &[],
    );
    let stances = run(&mut doc);
    for stance in &stances {
        for evidence in &stance.evidence {
            assert!(
                !evidence.text.contains("Peace") && !evidence.text.contains("Justice"),
                "{stance:?}"
            );
        }
    }
    assert_eq!(about(&stances, "Anna Berg").label, "neutral", "{stances:?}");
}

#[test]
fn one_sentence_can_favour_one_target_and_oppose_another() {
    let mut doc = document(
        &["Ministers praised Norway for its generous aid, while they condemned Ruritania for the brutal crackdown."],
        &[("Norway", "GPE"), ("Ruritania", "GPE")],
        &[],
    );
    let stances = run(&mut doc);
    assert_eq!(about(&stances, "Norway").label, "favor", "{stances:?}");
    assert_eq!(about(&stances, "Ruritania").label, "against", "{stances:?}");
}

#[test]
fn unattributed_quote_has_no_holder_and_offsets_stay_on_char_boundaries() {
    let quote = "«Пётр is a disgrace», — “Ali’s” failure… 北京 praised";
    let mut doc = document(
        &[quote],
        &[("Пётр", "PERSON"), ("Ali", "PERSON"), ("北京", "GPE")],
        &[(quote, None)],
    );
    let stances = run(&mut doc);
    assert_eq!(stances.len(), 3);
    for stance in &stances {
        assert_eq!(stance.holder, None);
        for e in &stance.evidence {
            assert!(doc.text.get(e.start..e.end).is_some());
        }
    }
    assert_eq!(about(&stances, "Пётр").label, "against", "{stances:?}");
}

#[test]
fn other_languages_get_no_judgement_and_missing_layers_do_not_panic() {
    let mut doc = document(&["Die Regierung lobte Berlin."], &[("Berlin", "GPE")], &[]);
    doc.lang = Some(pipeline::Language {
        code: "de".into(),
        confidence: 0.9,
    });
    assert!(run(&mut doc).is_empty());
    let mut bare = Document::new("b", "Nobody here.");
    bare.entities = Some(vec![Entity {
        start: 0,
        end: 6,
        text: "Nobody".into(),
        label: "PERSON".into(),
        canonical: None,
    }]);
    let stances = run(&mut bare);
    assert_eq!(stances.len(), 1);
    assert_eq!(stances[0].unit.kind, "sentence");
}

/// The seed article (research-licensed, read at test time, never copied),
/// through the full default pipeline.
#[test]
fn seed_article_checks_end_to_end() {
    let candidates = [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/seed/iran-kyrgyzstan-tajikistan.txt"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/seed/iran-kyrgyzstan-tajikistan.txt"
        ),
    ];
    let Some(text) = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
    else {
        eprintln!("skipped: the seed article (shared/data/seed) is not present");
        return;
    };
    let doc = default_pipeline("seed", &text);
    let text = &doc.text;
    let stances = doc.stances.as_deref().unwrap();
    // The Iran mention just before `cue` inside a quote.
    let judged = |cue: &str| -> &Stance {
        let at = text
            .find(cue)
            .unwrap_or_else(|| panic!("`{cue}` in the seed article"));
        stances
            .iter()
            .filter(|s| s.target == "Iran" && s.unit.kind == "quote" && s.mention.end <= at)
            .filter(|s| s.unit.start <= at && at < s.unit.end)
            .max_by_key(|s| s.mention.start)
            .unwrap_or_else(|| panic!("a quote judgement of Iran before `{cue}`"))
    };
    let engage = judged("would actively engage");
    assert_ne!(engage.label, "favor", "{engage:?}");
    let limited = judged("influence is naturally limited");
    assert_eq!(limited.label, "against", "{limited:?}");
    let stripes = judged("is showing that it is earning its stripes");
    assert_eq!(stripes.label, "favor", "{stripes:?}");
    // Institution names carry no sentiment: no evidence inside an entity.
    for entity in doc.entities.as_deref().unwrap() {
        for stance in stances {
            for e in &stance.evidence {
                assert!(
                    !entity.span().overlaps(Span::new(e.start, e.end)) || e.text.contains(" … "),
                    "evidence {e:?} inside entity {:?}",
                    entity.text
                );
            }
        }
    }
}

#[test]
fn one_speaker_is_one_holder_however_the_attribution_names_them() {
    // Introduced by a descriptive phrase, then by title and surname.
    let text = "“Iran is clearly gaining respect in the region,” said the veteran analyst Martin Okafor.\n\n\
                Trade between the two countries has grown. “Tehran will not abandon its partners,” Dr. Okafor added.\n\n\
                “The sanctions have badly hurt Iran,” said Dr Okafor.";
    let doc = default_pipeline("okafor", text);
    let quote_holders: Vec<&str> = doc
        .stances
        .iter()
        .flatten()
        .filter(|s| s.unit.kind == "quote")
        .filter_map(|s| s.holder.as_deref())
        .collect();
    assert_eq!(quote_holders.len(), 3, "{quote_holders:?}");
    assert!(
        quote_holders.iter().all(|h| *h == "Martin Okafor"),
        "{quote_holders:?}"
    );
    let summary = doc.stance_summary.unwrap();
    assert!(summary.iter().all(|s| s
        .holder
        .as_deref()
        .is_none_or(|h| h == "author" || h == "Martin Okafor")));
}

#[test]
fn evidence_is_the_few_strongest_cues_in_text_order_and_never_changes_the_score() {
    let sentence = "The council praised Tehran for its generous, brave and wise help, \
                    but critics condemned the slow and clumsy delivery.";
    let judge = |min_evidence: f64, max_evidence: usize| {
        let mut doc = document(&[sentence], &[("Tehran", "GPE")], &[]);
        let settings = StanceSettings {
            min_evidence,
            max_evidence,
            ..StanceSettings::default()
        };
        StanceStage::new(settings)
            .unwrap()
            .process(&mut doc)
            .unwrap();
        doc.stances.unwrap().remove(0)
    };
    let all = judge(0.0, usize::MAX);
    let default = StanceSettings::default();
    let few = judge(default.min_evidence, default.max_evidence);
    assert_eq!((all.score, &all.label), (few.score, &few.label));
    assert!(all.evidence.len() > few.evidence.len(), "{all:?}");
    assert!(!few.evidence.is_empty() && few.evidence.len() <= default.max_evidence);
    assert!(few.evidence.windows(2).all(|w| w[0].start < w[1].start));
    assert!(few
        .evidence
        .iter()
        .all(|e| e.weight.abs() >= default.min_evidence));
    // The kept items are the strongest of all.
    let mut strengths: Vec<f64> = all.evidence.iter().map(|e| e.weight.abs()).collect();
    strengths.sort_by(|a, b| b.total_cmp(a));
    let weakest_kept = few
        .evidence
        .iter()
        .map(|e| e.weight.abs())
        .fold(f64::MAX, f64::min);
    assert!(weakest_kept >= strengths[few.evidence.len() - 1], "{all:?}");
}

#[test]
fn searching_from_a_hint_finds_what_a_binary_search_finds() {
    // Every split point of every length, from every hint (past the end too).
    for len in 0..40usize {
        let slice: Vec<usize> = (0..len).collect();
        for split in 0..=len {
            for near in 0..=len + 2 {
                let found = partition_point_near(&slice, near, |&x| x < split);
                assert_eq!(found, split, "len {len}, near {near}");
            }
        }
    }
}

/// The training row of `target` in a one-sentence document of PERSON names.
fn row_of(sentence: &str, names: &[&str], target: &str) -> TrainingRow {
    let entities: Vec<(&str, &str)> = names.iter().map(|n| (*n, "PERSON")).collect();
    let doc = document(&[sentence], &entities, &[]);
    let stage = StanceStage::new(StanceSettings::default()).unwrap();
    let at = sentence.find(target).unwrap();
    stage
        .training_rows(&doc)
        .into_iter()
        .find(|r| r.mention.start == at)
        .expect("a row for the target")
}

fn dense(row: &TrainingRow, name: &str) -> f32 {
    row.dense[features::DENSE.iter().position(|d| *d == name).unwrap()]
}

#[test]
fn a_cue_behind_another_name_is_shielded_from_the_target() {
    let sentence = "Acosta asked Sanders about the disgraceful claim of Trump.";
    let names = ["Acosta", "Sanders", "Trump"];
    let acosta = row_of(sentence, &names, "Acosta");
    assert!(dense(&acosta, "shielded_neg") > 0.0, "{acosta:?}");
    let trump = row_of(sentence, &names, "Trump");
    assert_eq!(dense(&trump, "shielded_neg"), 0.0, "{trump:?}");
    assert!(dense(&trump, "clause_neg") > 0.0, "{trump:?}");
}

#[test]
fn the_speaker_of_a_reporting_verb_gets_speaker_cues_and_the_verb_after_a_subject_its_slot() {
    let said = row_of("The plan is a disgrace, Okoye said.", &["Okoye"], "Okoye");
    assert!(dense(&said, "speaker_neg") > 0.0, "{said:?}");
    let praised = row_of("Okoye praised the plan.", &["Okoye"], "Okoye");
    assert_eq!(dense(&praised, "speaker_pos"), 0.0, "{praised:?}");
    assert!(praised.bag.iter().any(|f| f == "A:prais"), "{praised:?}");
    let object = row_of("They praised Okoye.", &["Okoye"], "Okoye");
    assert!(
        !object.bag.iter().any(|f| f.starts_with("A:")),
        "{object:?}"
    );
}

#[test]
fn cue_sums_also_enter_saturated() {
    let two = row_of(
        "Critics condemned and lambasted Okoye.",
        &["Okoye"],
        "Okoye",
    );
    let sum = dense(&two, "clause_neg");
    assert!(
        sum > dense(
            &row_of("Critics condemned Okoye.", &["Okoye"], "Okoye"),
            "clause_neg"
        )
    );
    assert!(
        (dense(&two, "clause_neg_log") - sum.ln_1p()).abs() < 1e-6,
        "{two:?}"
    );
    assert!(dense(&two, "near_neg_log") > 0.0, "{two:?}");
    assert_eq!(dense(&two, "clause_pos_log"), 0.0, "{two:?}");
}

#[test]
fn a_favor_or_against_label_lists_a_cue_pointing_its_way() {
    let sentences = [
        "The council praised Tehran for its generous and wise help.",
        "Critics condemned Moscow for the slow and clumsy delivery.",
        "The company said on Friday that it now owns 8% of Google.",
        "Analysts expect Berlin to announce the figures next week.",
    ];
    let entities = [
        ("Tehran", "GPE"),
        ("Moscow", "GPE"),
        ("Google", "ORG"),
        ("Berlin", "GPE"),
    ];
    let judge = |min_evidence: f64| {
        let mut doc = document(&sentences, &entities, &[]);
        let settings = StanceSettings {
            min_evidence,
            ..StanceSettings::default()
        };
        StanceStage::new(settings)
            .unwrap()
            .process(&mut doc)
            .unwrap();
        doc.stances.unwrap()
    };
    let stances = judge(StanceSettings::default().min_evidence);
    for stance in &stances {
        let sign = match &*stance.label {
            "favor" => 1.0,
            "against" => -1.0,
            _ => continue,
        };
        assert!(
            stance.evidence.iter().any(|e| e.weight * sign > 0.0),
            "{stance:?}"
        );
    }
    assert_eq!(about(&stances, "Tehran").label, "favor");
    assert_eq!(about(&stances, "Moscow").label, "against");
    // With no cue strong enough to list, every label is neutral and every
    // score stays the model's.
    let unlisted = judge(f64::MAX);
    for (bare, listed) in unlisted.iter().zip(&stances) {
        assert_eq!((&*bare.label, bare.score), ("neutral", listed.score));
        assert!(bare.evidence.is_empty());
    }
}
