//! Throughput of the `entities` stage alone, one thread: tokens are built
//! first by the `sentences` stage's tokenizer (not timed), then every document is tagged; median of several runs.
//!
//!   cargo run --release -p newspipe-stages --example entities_bench -- [CORPUS] [RUNS]
//!
//! CORPUS defaults to the shared BBC corpus (JSON Lines with a `text` field).

use pipeline::Document;
use stages::entities::{EntitiesSettings, EntitiesStage};
use std::time::Instant;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| {
        let beside_repo = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/corpus/bbc.jsonl"
        );
        let beside_worktrees = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/corpus/bbc.jsonl"
        );
        if std::path::Path::new(beside_repo).exists() {
            beside_repo
        } else {
            beside_worktrees
        }
        .to_string()
    });
    let runs: usize = args
        .next()
        .map_or(Ok(7), |r| r.parse())
        .map_err(|e| format!("runs: {e}"))?;
    let input =
        std::fs::read_to_string(&corpus).map_err(|e| format!("cannot read {corpus}: {e}"))?;
    let mut docs: Vec<Document> = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let text = value["text"]
                .as_str()
                .ok_or("record without text")?
                .to_string();
            let mut doc = Document::new("", text);
            doc.tokens = Some(stages::sentences::split(&doc.text, Some("en")).1);
            Ok(doc)
        })
        .collect::<Result<_, String>>()?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let stage = EntitiesStage::new(EntitiesSettings::default()).map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut mentions = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let cpu_started = thread_cpu_seconds();
        mentions = 0;
        for doc in &mut docs {
            let found = stage.find(&doc.text, doc.tokens.as_deref().unwrap_or_default());
            mentions += found.len();
        }
        times.push(started.elapsed().as_secs_f64());
        cpu_times.push(thread_cpu_seconds() - cpu_started);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (wall, cpu) = (median(times), median(cpu_times));
    let mb = bytes as f64 / 1e6;
    println!(
        "entities: {} docs, {mb:.2} MB, {mentions} mentions; median of {runs} runs: wall {:.1} ms = {:.1} MB/s, thread CPU {:.0} ms = {:.1} MB/s (one thread)",
        docs.len(),
        wall * 1e3,
        mb / wall,
        cpu * 1e3,
        mb / cpu
    );
    Ok(())
}

/// CPU time of this thread so far (Linux: /proc/thread-self/stat, in clock
/// ticks of 10 ms), so a busy shared machine does not count against the
/// stage; NaN elsewhere.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return f64::NAN;
    };
    // fields after the parenthesised command name; utime and stime are 14th and 15th
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (ticks(11) + ticks(12)) / 100.0
}
