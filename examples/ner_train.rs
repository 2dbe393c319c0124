//! Trains the entity tagger on a gold NER file and measures it honestly.
//!
//!   cargo run --release --example ner_train -- --gold FILE [--folds 5] [--epochs 8]
//!       [--min-seen N] [--write MODEL] [--predictions FILE]
//!
//! With `--folds K` (K ≥ 2) every document is tagged by a model that never saw
//! it (K-fold cross-validation) and the pooled result is scored exactly as
//! `newspipe eval ner` scores. With `--write` a model trained on every
//! document is written (the shipped `seeds/entities/tagger.txt`). With
//! `--predictions` the cross-validated mentions are written as JSON Lines
//! (`{"id", "entities": [{"start", "end", "label"}]}`, code points, the gold
//! file's labels) for error analysis against the gold file.

use newspipe::eval::ner::{gold_label, score, GoldDoc, Mention};
use newspipe::eval::{read_jsonl, Selection};
use pipeline::offsets::CharIndex;
use stages::entities::{train_model, EntitiesSettings, EntitiesStage, TrainingDoc, Weights};
use std::path::PathBuf;
use std::sync::Arc;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut gold, mut folds, mut epochs, mut write) = (None, 0usize, 8usize, None);
    let mut min_seen = 1u32;
    let mut predictions_file = None;
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--gold" => gold = Some(PathBuf::from(value()?)),
            "--folds" => folds = value()?.parse().map_err(|e| format!("--folds: {e}"))?,
            "--epochs" => epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--write" => write = Some(PathBuf::from(value()?)),
            "--predictions" => predictions_file = Some(PathBuf::from(value()?)),
            "--min-seen" => min_seen = value()?.parse().map_err(|e| format!("--min-seen: {e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let gold = gold.ok_or("--gold FILE is required")?;
    let docs: Vec<GoldDoc> = read_jsonl(&gold, &Selection::default())?;
    let training: Vec<TrainingDoc> = docs.iter().map(training_doc).collect();
    if folds >= 2 {
        let mut predicted = vec![Vec::new(); docs.len()];
        for fold in 0..folds {
            let train: Vec<&TrainingDoc> = training
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != fold)
                .map(|(_, d)| d)
                .collect();
            let model = train_model(
                &train,
                epochs,
                1 + fold as u64,
                min_seen,
                "cross-validation fold",
            );
            let stage = EntitiesStage::with_weights(
                EntitiesSettings::default(),
                Arc::new(Weights::parse(&model)?),
            );
            for (i, doc) in training
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == fold)
            {
                let index = CharIndex::new(&doc.text);
                predicted[i] = stage
                    .find(&doc.text, &doc.tokens)
                    .iter()
                    .map(|e| Mention {
                        start: index.to_char(e.start),
                        end: index.to_char(e.end),
                        label: gold_label(&e.label).to_string(),
                    })
                    .collect();
            }
            eprintln!("fold {} of {folds} done", fold + 1);
        }
        if let Some(path) = &predictions_file {
            write_predictions(path, &docs, &predicted)?;
        }
        let mut report = score(&docs, &predicted);
        report.gold = format!(
            "{} ({folds}-fold cross-validation, {epochs} epochs)",
            gold.display()
        );
        print!("{}", report.table(None));
    }
    if let Some(path) = write {
        let all: Vec<&TrainingDoc> = training.iter().collect();
        let header = format!(
            "newspipe entity tagger: averaged perceptron, {epochs} epochs on {} documents of {}.\nWritten by scripts/train_entities.sh; the weights are numbers, no text of the training data.",
            all.len(),
            gold.file_name().map_or(String::new(), |f| f.to_string_lossy().into_owned())
        );
        let model = train_model(&all, epochs, 1, min_seen, &header);
        std::fs::write(&path, model)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Gold code-point spans as byte spans over the text, with its tokens as
/// the pipeline's `sentences` stage makes them for English.
fn training_doc(doc: &GoldDoc) -> TrainingDoc {
    let index = CharIndex::new(&doc.text);
    let byte = |c: usize| index.to_byte(c).unwrap_or(doc.text.len());
    TrainingDoc {
        text: doc.text.clone(),
        tokens: stages::sentences::split(&doc.text, Some("en")).1,
        spans: doc
            .entities
            .iter()
            .map(|m| (byte(m.start), byte(m.end), m.label.clone()))
            .collect(),
    }
}

/// The cross-validated mentions, one JSON line per gold document.
fn write_predictions(
    path: &PathBuf,
    docs: &[GoldDoc],
    predicted: &[Vec<Mention>],
) -> Result<(), String> {
    let lines: Vec<String> = docs
        .iter()
        .zip(predicted)
        .map(|(doc, mentions)| {
            serde_json::json!({ "id": doc.id, "entities": mentions }).to_string() + "\n"
        })
        .collect();
    std::fs::write(path, lines.concat())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
