//! Stance development tool on NewsMTSC-style gold files:
//!
//!   cargo run --release --example stance_dev -- features GOLD > rows.tsv
//!   cargo run --release --example stance_dev -- eval GOLD
//!
//! `features` writes one row per gold target for `scripts/stance_train.py`
//! (`polarity<TAB>dense,values<TAB>slot:stem …`), from the same pipeline
//! `newspipe eval stance` runs, so training sees what inference sees.
//! `eval` prints the `newspipe eval stance` report.
//!
//!   cargo run --release --example stance_dev -- bench ../shared/data/corpus/bbc.jsonl [ROUNDS]
//!
//! `bench` times the stance stage alone, one thread, on plain articles whose
//! upstream layers come from stand-ins (tokens as above, sentences cut at
//! "." "!" "?", every capitalised word run not opening a sentence as an entity,
//! no quotes): the stage's share of the pipeline's time budget. Where the registry has no
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
    if mode == "bench" {
        let rounds = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
        return bench(path, rounds);
    }
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

/// Runs the stage `rounds` times over the corpus (0: only the stand-ins, to
/// subtract their cost from a `perf stat` task-clock on a busy machine).
fn bench(path: &str, rounds: usize) -> Result<(), String> {
    #[derive(serde::Deserialize)]
    struct Article {
        text: String,
    }
    let articles: Vec<Article> = read_jsonl(Path::new(path), None)?;
    let mut docs: Vec<pipeline::Document> = articles
        .into_iter()
        .enumerate()
        .map(|(i, a)| stand_in_layers(pipeline::Document::new(i.to_string(), a.text)))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let stage = StanceStage::new(StanceSettings::default()).map_err(|e| e.to_string())?;
    let mut judgements = 0;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for doc in &mut docs {
            stage.process(doc).map_err(|e| e.to_string())?;
            judgements += doc.stances.take().map_or(0, |s| s.len());
            doc.stance_summary = None;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "stance stage: {:.1} MB in {seconds:.3} s = {:.1} MB/s (one thread), {judgements} judgements",
        (rounds * bytes) as f64 / 1e6,
        (rounds * bytes) as f64 / 1e6 / seconds
    );
    Ok(())
}

/// Tokens, sentences and entities good enough to exercise the stage.
fn stand_in_layers(mut doc: pipeline::Document) -> pipeline::Document {
    use pipeline::{Entity, Shape};
    let tokens = testing::tokenize(&doc.text);
    let mut sentences = Vec::new();
    let mut entities = Vec::new();
    let mut start = 0;
    let mut opening = true;
    let mut run: Option<(usize, usize)> = None;
    for t in &tokens {
        let word = t.text(&doc.text);
        if t.shape == Shape::Title && !opening {
            run = Some((run.map_or(t.start, |r| r.0), t.end));
        } else if let Some((s, e)) = run.take() {
            let text = doc.text[s..e].to_string();
            entities.push(Entity {
                start: s,
                end: e,
                text,
                label: "ORG".into(),
                canonical: None,
            });
        }
        opening = matches!(word, "." | "!" | "?");
        if opening {
            sentences.push(Span::new(start, t.end));
            start = t.end;
        }
    }
    if start < doc.text.len() {
        sentences.push(Span::new(start, doc.text.len()));
    }
    doc.tokens = Some(tokens);
    doc.sentences = Some(sentences);
    doc.entities = Some(entities);
    doc.quotes = Some(Vec::new());
    doc
}
