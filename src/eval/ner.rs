//! `newspipe eval ner`: named entities against a gold JSON Lines file
//! (`{"id", "text", "entities": [{"start", "end", "label"}]}`, code points).
//!
//! Scoring as the gold file's README specifies: our OntoNotes labels are
//! mapped to the file's, both sides are trimmed (white space, a leading
//! "the ", a trailing "'s"), and a mention counts when span and label match
//! exactly. Headline: micro-F1 over Person, Organization, Location, NORP and
//! Date.

use super::{annotate_all, prf, read_jsonl, EvalOptions, Report, ScoreRow};
use pipeline::offsets::CharIndex;
use pipeline::{Document, Registry};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

pub const DEFAULT_STAGES: &str = "language,sentences,entities";

pub const CORE: [&str; 5] = ["Person", "Organization", "Location", "NORP", "Date"];
const ALL: [&str; 9] = [
    "Person",
    "Organization",
    "Location",
    "NORP",
    "Date",
    "Misc",
    "Money",
    "Facility",
    "Product",
];

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    #[serde(default)]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub entities: Vec<Mention>,
}

/// A mention in code points, with the gold file's label names (or ours
/// before [`gold_label`]).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// The gold file's label for one of ours.
pub fn gold_label(ours: &str) -> &'static str {
    match ours {
        "PERSON" => "Person",
        "ORG" => "Organization",
        "GPE" | "LOC" => "Location",
        "NORP" => "NORP",
        "DATE" => "Date",
        "FAC" => "Facility",
        "MONEY" => "Money",
        "PRODUCT" => "Product",
        _ => "Misc",
    }
}

pub fn run(gold: &Path, registry: &Registry, options: &EvalOptions) -> Result<Report, String> {
    let gold_docs: Vec<GoldDoc> = read_jsonl(gold, &options.items)?;
    // Only id and text go in: the gold layer must not reach the pipeline.
    let docs = gold_docs
        .iter()
        .map(|g| Document::new(g.id.clone(), g.text.clone()))
        .collect();
    let annotated = annotate_all(registry, options, DEFAULT_STAGES, docs)?;
    let mut notes = Vec::new();
    let predicted: Vec<Vec<Mention>> = annotated
        .iter()
        .map(|doc| {
            for error in &doc.errors {
                notes.push(format!("{}: {}: {}", doc.id, error.stage, error.message));
            }
            predicted_mentions(doc)
        })
        .collect();
    let mut report = score(&gold_docs, &predicted);
    report.gold = gold.display().to_string();
    report.notes.extend(notes);
    Ok(report)
}

/// A document's entities in code points, labels mapped to the gold file's.
pub fn predicted_mentions(doc: &Document) -> Vec<Mention> {
    let index = CharIndex::new(&doc.text);
    doc.entities
        .iter()
        .flatten()
        .map(|e| Mention {
            start: index.to_char(e.start),
            end: index.to_char(e.end),
            label: gold_label(&e.label).to_string(),
        })
        .collect()
}

/// One trimmed, labelled span: (start, end, label) in code points.
type Item = (usize, usize, String);

/// Scores predictions (gold-file labels, code points) against gold docs.
pub fn score(gold: &[GoldDoc], predicted: &[Vec<Mention>]) -> Report {
    let mut gold_items: Vec<HashSet<Item>> = Vec::new();
    let mut pred_items: Vec<HashSet<Item>> = Vec::new();
    for (doc, pred) in gold.iter().zip(predicted) {
        let chars: Vec<char> = doc.text.chars().collect();
        gold_items.push(
            doc.entities
                .iter()
                .filter_map(|m| trimmed(&chars, m))
                .collect(),
        );
        pred_items.push(pred.iter().filter_map(|m| trimmed(&chars, m)).collect());
    }
    let count = |labels: &[&str]| {
        let (mut tp, mut p, mut g) = (0, 0, 0);
        for (gold, pred) in gold_items.iter().zip(&pred_items) {
            let keep = |item: &&Item| labels.contains(&item.2.as_str());
            p += pred.iter().filter(keep).count();
            g += gold.iter().filter(keep).count();
            tp += pred
                .iter()
                .filter(keep)
                .filter(|i| gold.contains(*i))
                .count();
        }
        (tp, p, g)
    };
    let core = count(&CORE);
    let (tp, p, g) = core;
    let mut rows = vec![ScoreRow::prf("core-five micro", prf(tp, p, g), g)];
    let (tp, p, g) = count(&ALL);
    rows.push(ScoreRow::prf("all-class micro", prf(tp, p, g), g));
    rows.push(unlabelled(&gold_items, &pred_items));
    rows.push(lenient_core(&gold_items, &pred_items));
    for label in ALL {
        let (tp, p, g) = count(&[label]);
        rows.push(ScoreRow::prf(label, prf(tp, p, g), g));
    }
    let (tp, p, g) = core;
    Report {
        task: "ner".to_string(),
        gold: String::new(),
        items: gold.len(),
        headline: "core-five micro-F1".to_string(),
        score: prf(tp, p, g).2,
        rows,
        notes: Vec::new(),
    }
}

fn unlabelled(gold: &[HashSet<Item>], pred: &[HashSet<Item>]) -> ScoreRow {
    let (mut tp, mut p, mut g) = (0, 0, 0);
    for (gold, pred) in gold.iter().zip(pred) {
        let spans: HashSet<(usize, usize)> = gold.iter().map(|i| (i.0, i.1)).collect();
        let predicted: HashSet<(usize, usize)> = pred.iter().map(|i| (i.0, i.1)).collect();
        tp += predicted.intersection(&spans).count();
        p += predicted.len();
        g += spans.len();
    }
    ScoreRow::prf("unlabelled spans", prf(tp, p, g), g)
}

/// Overlap with the same label, core five: precision over predictions that
/// overlap a gold item, recall over gold items that a prediction overlaps.
fn lenient_core(gold: &[HashSet<Item>], pred: &[HashSet<Item>]) -> ScoreRow {
    let (mut hit_p, mut hit_g, mut p, mut g) = (0, 0, 0, 0);
    let core = |i: &&Item| CORE.contains(&i.2.as_str());
    let touches = |a: &Item, b: &Item| a.2 == b.2 && a.0 < b.1 && b.0 < a.1;
    for (gold, pred) in gold.iter().zip(pred) {
        let gold: Vec<&Item> = gold.iter().filter(core).collect();
        let pred: Vec<&Item> = pred.iter().filter(core).collect();
        p += pred.len();
        g += gold.len();
        hit_p += pred
            .iter()
            .filter(|x| gold.iter().any(|y| touches(x, y)))
            .count();
        hit_g += gold
            .iter()
            .filter(|y| pred.iter().any(|x| touches(x, y)))
            .count();
    }
    let precision = if p == 0 { 0.0 } else { hit_p as f64 / p as f64 };
    let recall = if g == 0 { 0.0 } else { hit_g as f64 / g as f64 };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    ScoreRow::prf("lenient overlap, core five", (precision, recall, f1), g)
}

/// The span with white space, a leading "the " and a trailing "'s"
/// trimmed; `None` when nothing is left or the span is out of range.
fn trimmed(chars: &[char], m: &Mention) -> Option<Item> {
    let (mut s, mut e) = (m.start, m.end.min(chars.len()));
    let trim_space = |s: &mut usize, e: &mut usize| {
        while *s < *e && chars[*s].is_whitespace() {
            *s += 1;
        }
        while *e > *s && chars[*e - 1].is_whitespace() {
            *e -= 1;
        }
    };
    trim_space(&mut s, &mut e);
    if e >= s + 4 && matches!(&chars[s..s + 4], ['t' | 'T', 'h', 'e', ' ']) {
        s += 4;
    }
    if e >= s + 2 && matches!(&chars[e - 2..e], ['\'' | '’', 's']) {
        e -= 2;
    }
    trim_space(&mut s, &mut e);
    (s < e).then(|| (s, e, m.label.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: usize, end: usize, label: &str) -> Mention {
        Mention {
            start,
            end,
            label: label.to_string(),
        }
    }

    #[test]
    fn trims_both_sides_and_matches_strictly() {
        //          0         1         2         3
        //          0123456789012345678901234567890123456
        let text = "The Court met Kato’s lawyer in Kampala";
        let gold = vec![GoldDoc {
            id: "d".into(),
            text: text.into(),
            entities: vec![
                mention(0, 9, "Organization"),
                mention(14, 18, "Person"),
                mention(31, 38, "Location"),
            ],
        }];
        // "Court" (no "The"), "Kato’s" (with the possessive), Kampala as Person
        let predicted = vec![vec![
            mention(4, 9, "Organization"),
            mention(14, 20, "Person"),
            mention(31, 38, "Person"),
        ]];
        let report = score(&gold, &predicted);
        let row = |name: &str| report.rows.iter().find(|r| r.name == name).unwrap().clone();
        assert!((report.score - 2.0 / 3.0).abs() < 1e-9, "{report:?}");
        assert_eq!(row("Location").recall, Some(0.0));
        assert_eq!(row("Person").precision, Some(0.5));
        assert_eq!(row("unlabelled spans").f1, Some(1.0));
    }

    #[test]
    fn our_labels_map_to_the_gold_files() {
        assert_eq!(gold_label("GPE"), "Location");
        assert_eq!(gold_label("LOC"), "Location");
        assert_eq!(gold_label("PERCENT"), "Misc");
    }
}
