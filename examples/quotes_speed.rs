//! Throughput of the `quotes` stage alone (no JSON, no other stage) over
//! the texts of a JSON Lines corpus:
//! `cargo run --release --example quotes_speed -- ../shared/data/corpus/bbc.jsonl`.

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: quotes_speed CORPUS.jsonl");
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .expect("readable corpus")
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| record["text"].as_str().map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let stage = stages::quotes::QuotesStage::new(Default::default());
    let mut best = f64::MAX;
    let mut quotes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        quotes = texts
            .iter()
            .map(|t| stage.find(t, &[]).len())
            .sum::<usize>();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} docs, {:.1} MB, {quotes} quotes: {:.0} MB/s (best of 5, one thread)",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best
    );
}
