//! Throughput of the `sentences` stage (sentences + tokens) on one thread.
//!
//! Reads the texts of a JSON Lines file into memory, then times the
//! splitter over all of them, five times (`--runs N`); prints the median in
//! MB/s, by the thread's CPU time (what one core does, whatever else the
//! machine runs) and by wall-clock time, and a fingerprint of the output so
//! that a faster version can be checked to split exactly as before.
//!
//!     cargo run --release -p newspipe-stages --example bench_sentences -- ../shared/data/corpus/bbc.jsonl
//!
//! Under callgrind (instruction counts, robust on a busy machine), one run
//! of the English rules only:
//!
//!     valgrind --tool=callgrind --toggle-collect='*sentences::segment*' \
//!         target/release/examples/bench_sentences FILE --runs 1 --en-only

use pipeline::{Span, Token};
use stages::sentence_rules::rules_for;
use stages::sentences::{segment, LineBreaks};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

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

/// Folds everything the stage outputs into `hasher`.
fn fingerprint(hasher: &mut DefaultHasher, sentences: &[Span], tokens: &[Token]) {
    for span in sentences {
        (span.start, span.end).hash(hasher);
    }
    for token in tokens {
        (token.start, token.end, token.sentence_start).hash(hasher);
        format!("{:?}{:?}", token.kind, token.shape).hash(hasher);
    }
}

fn main() {
    let mut path = "../shared/data/corpus/bbc.jsonl".to_string();
    let mut runs = 5;
    let mut en_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--en-only" => en_only = true,
            _ => path = arg,
        }
    }
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
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{path}: {} documents, {mb:.2} MB of text", texts.len());
    // The median CPU time of `runs` calls of `pass`, and the last result.
    let time = |pass: &dyn Fn() -> usize| {
        let mut cpu = Vec::with_capacity(runs);
        let mut wall = Vec::with_capacity(runs);
        let mut result = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let cpu_start = thread_cpu_seconds();
            result = pass();
            cpu.push(thread_cpu_seconds() - cpu_start);
            wall.push(start.elapsed().as_secs_f64());
        }
        (median(cpu), median(wall), result)
    };
    if !en_only {
        // What plain whitespace splitting costs on this machine right now, to
        // read the numbers below against (shared machines vary a lot).
        let (cpu, _, words) = time(&|| texts.iter().map(|t| t.split_whitespace().count()).sum());
        println!(
            "reference for this machine, str::split_whitespace: {words} words; CPU {:.1} ms = {:.0} MB/s",
            cpu * 1e3,
            mb / cpu
        );
        let rules = rules_for(Some("en"));
        let (cpu, _, tokens) = time(&|| {
            texts
                .iter()
                .map(|t| stages::tokens::tokenize(t, rules).tokens.len())
                .sum()
        });
        println!(
            "tokens only (no sentence rules): {tokens} tokens; CPU {:.1} ms = {:.0} MB/s",
            cpu * 1e3,
            mb / cpu
        );
    }
    let languages: &[(&str, Option<&str>)] = if en_only {
        &[("en rules", Some("en"))]
    } else {
        &[("en rules", Some("en")), ("neutral rules", None)]
    };
    for &(label, lang) in languages {
        let rules = rules_for(lang);
        let (cpu, wall, tokens) = time(&|| {
            texts
                .iter()
                .map(|text| segment(text, rules, LineBreaks::Auto).1.len())
                .sum()
        });
        // Untimed: what the stage produced, to compare versions by.
        let mut hasher = DefaultHasher::new();
        let mut sentences = 0;
        for text in &texts {
            let (spans, tokens) = segment(text, rules, LineBreaks::Auto);
            sentences += spans.len();
            fingerprint(&mut hasher, &spans, &tokens);
        }
        println!(
            "{label}: {sentences} sentences, {tokens} tokens, fingerprint {:016x}; median of {runs} runs: CPU {:.1} ms = {:.0} MB/s, wall {:.1} ms = {:.0} MB/s",
            hasher.finish(),
            cpu * 1e3,
            mb / cpu,
            wall * 1e3,
            mb / wall
        );
    }
}
