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
//! `bench` runs the real upstream stages once (untimed), then times the
//! stance stage alone, one thread, `ROUNDS` times over the corpus, and the
//! JSON writing its layers add to the output: the stage's share of the
//! pipeline's time budget.

use newspipe::eval::stance::{score, to_document, GoldRecord, CLASSES};
use newspipe::eval::{annotate_all, read_jsonl, EvalOptions, Selection};
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
    let records: Vec<GoldRecord> = read_jsonl(Path::new(path), &Selection::default())?;
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

/// Runs the real upstream stages (language, sentences, entities, quotes)
/// once, untimed, then times the stance stage alone over the corpus
/// `rounds` times on one thread, and the JSON writing its two layers add.
fn bench(path: &str, rounds: usize) -> Result<(), String> {
    #[derive(serde::Deserialize)]
    struct Article {
        text: String,
    }
    let articles: Vec<Article> = read_jsonl(Path::new(path), &Selection::default())?;
    let docs: Vec<pipeline::Document> = articles
        .into_iter()
        .enumerate()
        .map(|(i, a)| pipeline::Document::new(i.to_string(), a.text))
        .collect();
    let registry = newspipe::setup::registry();
    let docs = annotate_all(
        &registry,
        &EvalOptions::default(),
        "language,sentences,entities,quotes",
        docs,
    )?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let stage = StanceStage::new(StanceSettings::default()).map_err(|e| e.to_string())?;
    let mb = (rounds * bytes) as f64 / 1e6;
    let (mut judge_seconds, mut write_with, mut write_without) = (0.0, 0.0, 0.0);
    let (mut judgements, mut bytes_with, mut bytes_without) = (0, 0, 0);
    let mut out = Vec::new();
    // Small batches, copied untimed, so the layers are as warm in cache as
    // after the upstream stages of a real run; writing consumes documents.
    for _ in 0..rounds {
        for chunk in docs.chunks(32) {
            let mut batch = chunk.to_vec();
            let started = thread_cpu_seconds();
            for doc in &mut batch {
                stage.process(doc).map_err(|e| e.to_string())?;
            }
            judge_seconds += thread_cpu_seconds() - started;
            judgements += batch
                .iter()
                .flat_map(|d| &d.stances)
                .map(Vec::len)
                .sum::<usize>();
            let without: Vec<pipeline::Document> = chunk.to_vec();
            for (batch, seconds, bytes) in [
                (batch, &mut write_with, &mut bytes_with),
                (without, &mut write_without, &mut bytes_without),
            ] {
                let started = thread_cpu_seconds();
                for doc in batch {
                    out.clear();
                    doc.write_json(false, &mut out);
                    *bytes += out.len();
                }
                *seconds += thread_cpu_seconds() - started;
            }
        }
    }
    println!(
        "stance stage: {mb:.1} MB in {judge_seconds:.3} s CPU = {:.1} MB/s (one thread), {judgements} judgements",
        mb / judge_seconds
    );
    let per_round = |x: f64| x / rounds as f64;
    println!(
        "stance output: +{:.1} MB per round (records {:.1} MB -> {:.1} MB), writing it +{:.3} s CPU per round",
        per_round((bytes_with - bytes_without) as f64) / 1e6,
        per_round(bytes_without as f64) / 1e6,
        per_round(bytes_with as f64) / 1e6,
        per_round(write_with - write_without)
    );
    println!(
        "stance in total: {:.3} s CPU per round = {:.1} MB/s",
        per_round(judge_seconds + write_with - write_without),
        mb / (judge_seconds + write_with - write_without)
    );
    Ok(())
}

/// CPU time of this thread so far (Linux's scheduler account, in
/// nanoseconds), so a busy machine does not skew the timing; wall-clock time
/// since the first call elsewhere.
fn thread_cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(|ns| ns as f64 / 1e9)
        .unwrap_or_else(|| {
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_secs_f64()
        })
}
