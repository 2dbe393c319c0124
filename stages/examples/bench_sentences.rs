//! Throughput of the `sentences` stage (sentences + tokens) on one thread.
//!
//! Reads the texts of a JSON Lines file into memory, then times the
//! splitter over all of them, five times; prints the median in MB/s, by
//! the thread's CPU time (what one core does, whatever else the machine
//! runs) and by wall-clock time.
//!
//!     cargo run --release -p newspipe-stages --example bench_sentences -- ../shared/data/corpus/bbc.jsonl

use stages::sentence_rules::rules_for;
use stages::sentences::{segment, LineBreaks};
use std::time::Instant;

const RUNS: usize = 5;

#[repr(C)]
struct Timespec {
    seconds: i64,
    nanoseconds: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
}

/// CPU time of the calling thread, in seconds (Linux, 64-bit).
fn thread_cpu_seconds() -> f64 {
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut time = Timespec {
        seconds: 0,
        nanoseconds: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the valid pointer.
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime failed");
    time.seconds as f64 + time.nanoseconds as f64 * 1e-9
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/corpus/bbc.jsonl".to_string());
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    let texts: Vec<String> = data
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            record["text"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{}: {} documents, {:.2} MB of text",
        path,
        texts.len(),
        bytes as f64 / 1e6
    );
    // What plain whitespace splitting costs on this machine right now, to
    // read the numbers below against (shared machines vary a lot).
    {
        let mut cpu = Vec::new();
        let mut words = 0;
        for _ in 0..RUNS {
            let cpu_start = thread_cpu_seconds();
            words = texts
                .iter()
                .map(|t| t.split_whitespace().count())
                .sum::<usize>();
            cpu.push(thread_cpu_seconds() - cpu_start);
        }
        let cpu = median(cpu);
        println!("reference for this machine, str::split_whitespace: {words} words; CPU {:.1} ms = {:.0} MB/s", cpu * 1e3, bytes as f64 / 1e6 / cpu);
    }
    {
        let rules = rules_for(Some("en"));
        let mut cpu = Vec::new();
        let mut n = 0;
        for _ in 0..RUNS {
            let cpu_start = thread_cpu_seconds();
            n = texts
                .iter()
                .map(|t| stages::tokens::tokenize(t, rules).tokens.len())
                .sum::<usize>();
            cpu.push(thread_cpu_seconds() - cpu_start);
        }
        let cpu = median(cpu);
        println!(
            "tokens only (no sentence rules): {n} tokens; CPU {:.1} ms = {:.0} MB/s",
            cpu * 1e3,
            bytes as f64 / 1e6 / cpu
        );
    }
    for (label, lang) in [("en rules", Some("en")), ("neutral rules", None)] {
        let rules = rules_for(lang);
        let mut wall = Vec::with_capacity(RUNS);
        let mut cpu = Vec::with_capacity(RUNS);
        let mut counts = (0, 0);
        for _ in 0..RUNS {
            let start = Instant::now();
            let cpu_start = thread_cpu_seconds();
            counts = (0, 0);
            for text in &texts {
                let (sentences, tokens) = segment(text, rules, LineBreaks::Auto);
                counts.0 += sentences.len();
                counts.1 += tokens.len();
            }
            cpu.push(thread_cpu_seconds() - cpu_start);
            wall.push(start.elapsed().as_secs_f64());
        }
        let mb = bytes as f64 / 1e6;
        let (cpu, wall) = (median(cpu), median(wall));
        println!(
            "{label}: {} sentences, {} tokens; median of {RUNS} runs: CPU {:.1} ms = {:.0} MB/s, wall {:.1} ms = {:.0} MB/s",
            counts.0,
            counts.1,
            cpu * 1e3,
            mb / cpu,
            wall * 1e3,
            mb / wall
        );
    }
}
