//! `newspipe eval stance`: target sentiment on NewsMTSC-style gold
//! (`{"id", "text", "targets": [{"start", "end", "polarity"}]}`, code points),
//! scored as `../shared/data/stance/README.md` says.
//!
//! Each record goes in with its gold targets as PERSON entities (no
//! polarity), through `language,sentences,quotes,stance`. Per gold target,
//! the judgements whose mention overlaps it vote: majority label
//! (favor → positive, against → negative), a tie broken by the sign of their
//! mean score (±0.05), none → neutral. Headline: 3-class macro-F1.

use super::{annotate_all, prf, read_jsonl, EvalOptions, Report, ScoreRow, Task};
use pipeline::offsets::CharIndex;
use pipeline::{Document, Entity, Registry, Span};
use serde::Deserialize;
use stages::stance::summary::majority_label;
use std::path::Path;

pub const TASK: Task = Task {
    name: "stance",
    about: "target sentiment (NewsMTSC-style jsonl): 3-class macro-F1",
    run,
};

pub const DEFAULT_STAGES: &str = "language,sentences,quotes,stance";

pub const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    pub targets: Vec<GoldTarget>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldTarget {
    /// Code points, end-exclusive.
    pub start: usize,
    pub end: usize,
    pub polarity: String,
}

pub fn run(gold: &Path, registry: &Registry, options: &EvalOptions) -> Result<Report, String> {
    let records: Vec<GoldRecord> = read_jsonl(gold, &options.items)?;
    let docs = records
        .iter()
        .map(to_document)
        .collect::<Result<Vec<_>, _>>()?;
    let docs = annotate_all(registry, options, DEFAULT_STAGES, docs)?;
    score(&gold.display().to_string(), &records, &docs)
}

/// The input document of a gold record: its text, with every gold target as
/// a PERSON entity (byte offsets).
pub fn to_document(record: &GoldRecord) -> Result<Document, String> {
    let mut doc = Document::new(record.id.clone(), record.text.clone());
    let spans = gold_spans(record)?;
    doc.entities = Some(
        spans
            .iter()
            .map(|span| Entity {
                start: span.start,
                end: span.end,
                text: span.slice(&record.text).to_string(),
                label: "PERSON".to_string(),
                canonical: None,
            })
            .collect(),
    );
    Ok(doc)
}

/// The gold targets of a record as byte spans.
fn gold_spans(record: &GoldRecord) -> Result<Vec<Span>, String> {
    let index = CharIndex::new(&record.text);
    record
        .targets
        .iter()
        .map(|t| match (index.to_byte(t.start), index.to_byte(t.end)) {
            (Some(start), Some(end)) if start <= end => Ok(Span::new(start, end)),
            _ => Err(format!(
                "record {}: target {}..{} is outside the text",
                record.id, t.start, t.end
            )),
        })
        .collect()
}

/// The predicted class index (negative, neutral, positive) of every gold
/// target of `doc`.
pub fn predicted_classes(record: &GoldRecord, doc: &Document) -> Result<Vec<usize>, String> {
    let stances = doc.stances.as_deref().unwrap_or(&[]);
    Ok(gold_spans(record)?
        .into_iter()
        .map(|span| {
            let hits: Vec<_> = stances
                .iter()
                .filter(|s| s.mention.overlaps(span))
                .collect();
            let mean = if hits.is_empty() {
                0.0
            } else {
                hits.iter().map(|s| s.score).sum::<f64>() / hits.len() as f64
            };
            match majority_label(hits.iter().map(|s| &*s.label), mean) {
                "against" => 0,
                "favor" => 2,
                _ => 1,
            }
        })
        .collect())
}

/// Scores annotated documents (in record order) against their records.
pub fn score(gold: &str, records: &[GoldRecord], docs: &[Document]) -> Result<Report, String> {
    let mut confusion = [[0usize; 3]; 3];
    let mut notes = Vec::new();
    for (record, doc) in records.iter().zip(docs) {
        for error in &doc.errors {
            notes.push(format!(
                "{}: {} failed: {}",
                doc.id, error.stage, error.message
            ));
        }
        for (target, predicted) in record.targets.iter().zip(predicted_classes(record, doc)?) {
            let truth = CLASSES
                .iter()
                .position(|c| *c == target.polarity)
                .ok_or_else(|| {
                    format!(
                        "record {}: unknown polarity `{}`",
                        record.id, target.polarity
                    )
                })?;
            confusion[truth][predicted] += 1;
        }
    }
    let total: usize = confusion.iter().flatten().sum();
    let mut rows = Vec::new();
    let mut f1 = [0.0; 3];
    for (c, name) in CLASSES.iter().enumerate() {
        let predicted: usize = (0..3).map(|t| confusion[t][c]).sum();
        let gold_count: usize = confusion[c].iter().sum();
        let class = prf(confusion[c][c], predicted, gold_count);
        f1[c] = class.2;
        rows.push(ScoreRow::prf(name, class, gold_count));
    }
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    let accuracy = if total == 0 {
        0.0
    } else {
        correct as f64 / total as f64
    };
    rows.push(ScoreRow::value("accuracy", accuracy));
    rows.push(ScoreRow::value("F1pn", (f1[0] + f1[2]) / 2.0));
    notes.insert(
        0,
        "confusion (rows gold, columns predicted: negative neutral positive):".to_string(),
    );
    for (c, name) in CLASSES.iter().enumerate() {
        let row = &confusion[c];
        notes.insert(
            c + 1,
            format!("  {name:<9} {:>5} {:>5} {:>5}", row[0], row[1], row[2]),
        );
    }
    Ok(Report {
        task: "stance".to_string(),
        gold: gold.to_string(),
        items: total,
        headline: "3-class macro-F1".to_string(),
        score: f1.iter().sum::<f64>() / 3.0,
        rows,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::{Stance, Unit};

    fn record(targets: &[(usize, usize, &str)]) -> GoldRecord {
        GoldRecord {
            id: "r".into(),
            text: "“Ана” met Bob and Cy.".into(),
            targets: targets
                .iter()
                .map(|&(start, end, polarity)| GoldTarget {
                    start,
                    end,
                    polarity: polarity.into(),
                })
                .collect(),
        }
    }

    fn stance(span: Span, score: f64, label: &str) -> Stance {
        Stance {
            holder: Some("author".into()),
            target: "x".into(),
            target_label: "PERSON".into(),
            mention: span,
            unit: Unit {
                kind: "sentence".into(),
                start: 0,
                end: 1,
            },
            score,
            label: label.to_string().into(),
            evidence: vec![],
        }
    }

    #[test]
    fn targets_become_person_entities_in_bytes() {
        let doc = to_document(&record(&[(1, 4, "positive")])).unwrap();
        let entity = &doc.entities.as_ref().unwrap()[0];
        assert_eq!(entity.text, "Ана");
        assert_eq!(entity.label, "PERSON");
        assert!(to_document(&record(&[(1, 99, "positive")])).is_err());
    }

    #[test]
    fn votes_majority_then_mean_sign_and_none_is_neutral() {
        // Targets: "Ана" (1..4), "Bob" (10..13), "Cy" (18..20) in code points.
        let rec = record(&[
            (1, 4, "positive"),
            (10, 13, "negative"),
            (18, 20, "neutral"),
        ]);
        let mut doc = to_document(&rec).unwrap();
        let spans: Vec<Span> = doc
            .entities
            .as_ref()
            .unwrap()
            .iter()
            .map(|e| e.span())
            .collect();
        doc.stances = Some(vec![
            stance(spans[0], 0.6, "favor"),
            stance(spans[0], -0.1, "against"),
            stance(spans[0], 0.3, "favor"),
            stance(spans[1], -0.3, "against"),
            stance(spans[1], 0.1, "favor"),
        ]);
        assert_eq!(predicted_classes(&rec, &doc).unwrap(), vec![2, 0, 1]);
        let report = score("g", &[rec], &[doc]).unwrap();
        assert_eq!(report.items, 3);
        assert!((report.score - 1.0).abs() < 1e-9, "{report:?}");
    }

    #[test]
    fn empty_predictions_score_the_always_neutral_baseline() {
        let rec = record(&[(1, 4, "positive"), (10, 13, "neutral"), (18, 20, "neutral")]);
        let doc = to_document(&rec).unwrap();
        let report = score("g", &[rec], &[doc]).unwrap();
        // neutral F1 = 2·2/(3+2) = 0.8; others 0.
        assert!((report.score - 0.8 / 3.0).abs() < 1e-9, "{}", report.score);
    }
}
