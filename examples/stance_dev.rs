//! Stance development tool on NewsMTSC-style gold files:
//!
//!   cargo run --release --example stance_dev -- features GOLD > rows.tsv
//!   cargo run --release --example stance_dev -- eval GOLD
//!
//! `features` writes one row per gold target for `scripts/stance_train.py`
//! (`polarity<TAB>dense,values<TAB>slot:stem …`), from the same pipeline
//! `newspipe eval stance` runs, so training sees what inference sees.
//! `eval` prints the `newspipe eval stance` report. Where the registry has no
//! `sentences` stage yet, records are tokenized by the stance stage's
//! stand-in tokenizer as one sentence with no quotes.

use newspipe::eval::stance::{score, to_document, GoldRecord, CLASSES};
use newspipe::eval::{annotate_all, read_jsonl, EvalOptions};
use pipeline::{Span, Stage};
use stages::stance::{testing, StanceSettings, StanceStage};
use std::io::Write;
use std::path::Path;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(path)) = (args.first(), args.get(1)) else {
        return Err("usage: stance_dev features|eval GOLD.jsonl".into());
    };
    let records: Vec<GoldRecord> = read_jsonl(Path::new(path), None)?;
    let mut docs = records
        .iter()
        .map(to_document)
        .collect::<Result<Vec<_>, _>>()?;
    let registry = newspipe::setup::registry();
    if registry.get("sentences").is_some() {
        let upstream = if registry.get("quotes").is_some() {
            "language,sentences,quotes"
        } else {
            "language,sentences"
        };
        docs = annotate_all(&registry, &EvalOptions::default(), upstream, docs)?;
    } else {
        eprintln!("no `sentences` stage: using the stand-in tokenizer, one sentence per record");
        for doc in &mut docs {
            doc.tokens = Some(testing::tokenize(&doc.text));
            doc.sentences = Some(vec![Span::new(0, doc.text.len())]);
        }
    }
    let stage = StanceStage::new(StanceSettings::default()).map_err(|e| e.to_string())?;
    for doc in &mut docs {
        doc.quotes.get_or_insert_with(Vec::new);
    }
    match mode.as_str() {
        "features" => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for (record, doc) in records.iter().zip(&docs) {
                let rows = stage.training_rows(doc);
                for (target, entity) in record.targets.iter().zip(doc.entities.iter().flatten()) {
                    let Some(row) = rows.iter().find(|r| r.mention == entity.span()) else {
                        continue;
                    };
                    let class = CLASSES
                        .iter()
                        .position(|c| *c == target.polarity)
                        .unwrap_or(1);
                    let dense: Vec<String> = row.dense.iter().map(|v| format!("{v:.4}")).collect();
                    writeln!(
                        out,
                        "{}\t{}\t{}",
                        CLASSES[class],
                        dense.join(","),
                        row.bag.join(" ")
                    )
                    .map_err(|e| e.to_string())?;
                }
            }
        }
        "eval" => {
            for doc in &mut docs {
                stage.process(doc).map_err(|e| e.to_string())?;
            }
            print!("{}", score(path, &records, &docs)?.table(None));
        }
        other => return Err(format!("unknown mode `{other}`")),
    }
    Ok(())
}
