//! The `exec` stage end to end: `newspipe annotate` with Python workers from
//! `fixtures/exec/`. The stage takes batches (`Stage::takes_batches`, the
//! batch path in `docs/custom-stages.md`): the pipeline hands it a run's
//! batch at once and it streams the records to its workers, several in
//! flight on each, so these tests also check that a failure stays on its
//! record whatever else was in flight.

mod common;

use common::config_file;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn python_available() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIP: python3 is not installed");
    }
    found
}

/// A config file of this test's own in the temp directory.
fn annotate(config: &Path, input: &str) -> Output {
    annotate_with(config, input, &[])
}

fn annotate_with(config: &Path, input: &str, flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .current_dir(ROOT)
        .args(["annotate", input, "--config"])
        .arg(config)
        .args(flags)
        .output()
        .expect("newspipe runs")
}

/// The failure test's pipeline, with `workers` worker processes.
fn misbehaving(name: &str, workers: usize) -> PathBuf {
    config_file(
        name,
        &json!({"stages": [
            {"type": "language"},
            {"type": "exec", "name": "tickers",
             "command": ["python3", "fixtures/exec/misbehave.py"],
             "provides": ["tickers"], "workers": workers, "timeout_ms": 1500, "startup_ms": 3000}
        ]}),
    )
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn the_python_example_adds_its_layer_with_code_point_offsets() {
    if !python_available() {
        return;
    }
    let output = annotate(
        Path::new("fixtures/exec/tickers.json"),
        "fixtures/exec/articles.jsonl",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let records = records(&output);
    assert_eq!(records.len(), 3);
    for record in &records {
        assert!(record.get("errors").is_none(), "{record}");
        assert_eq!(record["lang"]["code"].as_str().map(str::len), Some(2));
    }
    let tickers = &records[1]["custom"]["tickers"];
    assert_eq!(tickers[0]["symbol"], json!("OGZD"));
    let text: Vec<char> = records[1]["text"].as_str().unwrap().chars().collect();
    let (start, end) = (
        tickers[0]["start"].as_u64().unwrap() as usize,
        tickers[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[start..end].iter().collect::<String>(), "(LSE: OGZD)");
    assert_eq!(records[2]["custom"]["tickers"], json!([]));
}

#[test]
fn each_failure_is_an_error_on_its_record_and_the_others_come_out_whole() {
    if !python_available() {
        return;
    }
    let config = misbehaving("failures", 2);
    let output = annotate(&config, "fixtures/exec/failures.jsonl");
    std::fs::remove_file(&config).ok();
    assert_eq!(output.status.code(), Some(1), "some records failed");
    let records = records(&output);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "ok-1",
            "crash",
            "ok-2",
            "hang",
            "invalid",
            "ok-3",
            "changed",
            "undeclared",
            "other",
            "refused",
            "ok-4"
        ]
    );
    let expected = [
        ("crash", "the worker exited with status 3 before replying"),
        ("hang", "no reply within"),
        ("invalid", "the reply is not valid JSON"),
        ("changed", "the reply changed `text`"),
        (
            "undeclared",
            "the reply writes `entities`, which the stage does not declare",
        ),
        ("other", "the reply is for id \"someone-else\""),
        ("refused", "the worker reported: cannot handle this one"),
    ];
    for record in &records {
        let id = record["id"].as_str().unwrap();
        // Every record keeps its text and the layers that succeeded.
        assert!(record["text"].is_string(), "{record}");
        assert!(record["lang"].is_object(), "{record}");
        match expected.iter().find(|(bad, _)| *bad == id) {
            Some((_, message)) => {
                let errors = record["errors"].as_array().expect("an errors list");
                assert_eq!(errors.len(), 1, "{record}");
                assert_eq!(errors[0]["stage"], json!("tickers"));
                let got = errors[0]["message"].as_str().unwrap();
                assert!(got.contains(message), "{id}: {got}");
                assert!(record.get("custom").is_none(), "{record}");
            }
            None => {
                assert!(record.get("errors").is_none(), "{record}");
                assert!(record["custom"]["tickers"].is_array(), "{record}");
            }
        }
    }
    // Code points, past non-ASCII quotes: `text[start:end]` in Python.
    let text = records[2]["text"].as_str().unwrap();
    let start = text.chars().position(|c| c == '$').unwrap();
    assert_eq!(
        records[2]["custom"]["tickers"][0],
        json!({"symbol": "ACME", "start": start, "end": start + 5})
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("[tickers] looking at ok-3"), "{stderr}");
}

/// The exec stage streams each batch through its workers, several records
/// in flight on each; when a worker fails, the record it was on gets the
/// error and those queued behind it go to a new worker. So the output is the
/// same whether a batch holds one record or all of them, over one worker or
/// three.
#[test]
fn failures_give_the_same_output_at_any_batch_size_thread_and_worker_count() {
    if !python_available() {
        return;
    }
    let mut outputs = Vec::new();
    for (workers, threads, batch) in [(1, "1", "256"), (2, "2", "1"), (3, "4", "3")] {
        let config = misbehaving(&format!("same-{workers}"), workers);
        let flags = ["--threads", threads, "--batch-size", batch];
        let output = annotate_with(&config, "fixtures/exec/failures.jsonl", &flags);
        std::fs::remove_file(&config).ok();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        outputs.push(output.stdout);
    }
    let failed = String::from_utf8_lossy(&outputs[0])
        .matches("\"errors\"")
        .count();
    assert_eq!(failed, 7, "the seven misbehaving records, no more");
    assert!(outputs[1] == outputs[0], "1 record per batch differs");
    assert!(outputs[2] == outputs[0], "3 records per batch differ");
}

#[test]
fn an_unknown_program_stops_the_run_before_it_starts() {
    let config = config_file(
        "missing",
        &json!({"stages": [{"type": "exec", "command": ["no-such-program-xyz"], "provides": ["x"]}]}),
    );
    let output = annotate(&config, "fixtures/exec/articles.jsonl");
    std::fs::remove_file(&config).ok();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("program `no-such-program-xyz` not found"),
        "{stderr}"
    );
}
