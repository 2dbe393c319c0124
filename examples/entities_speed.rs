//! Throughput of the `entities` stage's own work (no start-up, no JSON, no
//! other stage: each text is split into tokens just before, off the clock,
//! so its tokens are in cache as in the pipeline) over the texts of a JSON
//! Lines corpus:
//! `cargo run --release --example entities_speed -- ../shared/data/corpus/bbc.jsonl [RUNS]`
//! (best of RUNS, default 7; `1` under `valgrind --tool=cachegrind`, whose
//! counts do not depend on what else the machine is doing).

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: entities_speed CORPUS.jsonl");
    let runs: usize = std::env::args()
        .nth(2)
        .map_or(7, |n| n.parse().expect("RUNS"));
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .expect("readable corpus")
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| record["text"].as_str().map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let stage = stages::entities::EntitiesStage::new(Default::default()).expect("built-in model");
    let mut best = f64::MAX;
    let mut entities = 0;
    for _ in 0..runs {
        let mut seconds = 0.0;
        entities = 0;
        for text in &texts {
            let tokens = stages::sentences::split(text, Some("en")).1;
            let start = Instant::now();
            entities += stage.find(text, &tokens).len();
            seconds += start.elapsed().as_secs_f64();
        }
        best = best.min(seconds);
    }
    println!(
        "{} docs, {:.1} MB, {entities} entities: {:.3} s, {:.0} MB/s (best of {runs}, one thread)",
        texts.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
}
