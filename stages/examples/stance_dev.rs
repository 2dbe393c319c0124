//! Stance development tool, for NewsMTSC-style gold files
//! (`{"id", "text", "targets": [{"start", "end", "polarity"}]}`, code points).
//!
//!   cargo run --release -p newspipe-stages --example stance_dev -- features GOLD > rows.tsv
//!   cargo run --release -p newspipe-stages --example stance_dev -- eval GOLD
//!
//! `features` writes one row per gold target for `scripts/stance_train.py`:
//! `polarity<TAB>dense,values<TAB>slot:stem slot:stem …`.
//! `eval` scores the stance stage with the rules of the gold folder's README
//! (overlapping judgements → majority label, tie by mean score sign ±0.05,
//! none → neutral; 3-class macro-F1). Each record is one sentence in English
//! with no quotes, tokenized by `stance::testing::tokenize`.

use pipeline::{Document, Span};
use serde_json::{json, Map, Value};
use stages::stance::summary::majority_label;
use stages::stance::{testing, StanceSettings, StanceStage};
use std::io::{BufRead, Write};

const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: stance_dev features|eval GOLD.jsonl");
        std::process::exit(2);
    };
    let stage = StanceStage::new(StanceSettings::default()).expect("stance resources");
    let file = std::fs::File::open(path).expect("gold file");
    let mut confusion = [[0usize; 3]; 3];
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("read");
        let record: Value = serde_json::from_str(&line).expect("json");
        let (doc, gold) = document(&record);
        match mode.as_str() {
            "features" => {
                for row in stage.training_rows(&doc) {
                    let polarity = gold.iter().find(|(s, _)| *s == row.mention).map(|g| g.1);
                    let dense: Vec<String> = row.dense.iter().map(|v| format!("{v:.4}")).collect();
                    writeln!(
                        out,
                        "{}\t{}\t{}",
                        CLASSES[polarity.unwrap_or(1)],
                        dense.join(","),
                        row.bag.join(" ")
                    )
                    .expect("write");
                }
            }
            "eval" => {
                let stances = stage.judge_document(&doc);
                for (span, truth) in &gold {
                    let hits: Vec<_> = stances
                        .iter()
                        .filter(|s| s.mention.overlaps(*span))
                        .collect();
                    let mean = if hits.is_empty() {
                        0.0
                    } else {
                        hits.iter().map(|s| s.score).sum::<f64>() / hits.len() as f64
                    };
                    let predicted =
                        match majority_label(hits.iter().map(|s| s.label.as_str()), mean) {
                            "against" => 0,
                            "favor" => 2,
                            _ => 1,
                        };
                    confusion[*truth][predicted] += 1;
                }
            }
            other => panic!("unknown mode {other}"),
        }
    }
    if mode == "eval" {
        report(&confusion);
    }
}

/// The record as a document (one sentence, gold targets as PERSON entities)
/// and its gold targets as byte spans with class indices.
fn document(record: &Value) -> (Document, Vec<(Span, usize)>) {
    let targets = record["targets"].as_array().cloned().unwrap_or_default();
    let entities: Vec<Value> = targets
        .iter()
        .map(|t| json!({"start": t["start"], "end": t["end"], "label": "PERSON"}))
        .collect();
    let mut map = Map::new();
    map.insert("id".into(), record["id"].clone());
    map.insert("text".into(), record["text"].clone());
    map.insert("entities".into(), Value::Array(entities));
    let mut doc = Document::from_json(map, "gold").expect("valid record");
    doc.tokens = Some(testing::tokenize(&doc.text));
    doc.sentences = Some(vec![Span::new(0, doc.text.len())]);
    doc.quotes = Some(Vec::new());
    let gold = doc
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .zip(&targets)
        .map(|(e, t)| {
            let class = CLASSES
                .iter()
                .position(|c| t["polarity"].as_str() == Some(c))
                .expect("polarity");
            (e.span(), class)
        })
        .collect();
    (doc, gold)
}

fn report(confusion: &[[usize; 3]; 3]) {
    let total: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    let f1: Vec<f64> = (0..3)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted: usize = (0..3).map(|t| confusion[t][c]).sum();
            let actual: usize = confusion[c].iter().sum();
            if tp == 0.0 {
                0.0
            } else {
                2.0 * tp / (predicted + actual) as f64
            }
        })
        .collect();
    println!(
        "macro-F1 {:.3}  accuracy {:.3}  F1pn {:.3}  F1 neg/neu/pos {:.3} / {:.3} / {:.3}  (n={total})",
        f1.iter().sum::<f64>() / 3.0,
        correct as f64 / total as f64,
        (f1[0] + f1[2]) / 2.0,
        f1[0],
        f1[1],
        f1[2]
    );
    println!("confusion (rows gold neg/neu/pos, cols predicted): {confusion:?}");
}
