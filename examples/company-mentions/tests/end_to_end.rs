//! The Rust-stage example end to end: by name in a `--config` file through
//! the whole newspipe CLI (`company-newspipe annotate`), and through the
//! library API (`company-report`).

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn records(output: &Output) -> Vec<Value> {
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn tagged(records: &[Value]) -> Vec<Value> {
    records
        .iter()
        .map(|r| r["custom"]["company_mentions"].clone())
        .collect()
}

#[test]
fn by_name_in_a_config_file_through_newspipe_annotate() {
    let output = Command::new(env!("CARGO_BIN_EXE_company-newspipe"))
        .current_dir(DIR)
        .args(["annotate", "articles.jsonl", "--config", "pipeline.json"])
        .output()
        .unwrap();
    let records = records(&output);
    assert_eq!(
        tagged(&records),
        [
            json!([{"start": 0, "end": 33, "companies": ["Apple"]}]),
            json!([
                {"start": 0, "end": 27, "companies": ["Gazprom"]},
                {"start": 28, "end": 61, "companies": ["Apple", "Gazprom"]}
            ]),
            json!([]),
        ]
    );
    // The built-in ran too.
    assert!(records.iter().all(|r| r["lang"]["code"].is_string()));
}

#[test]
fn the_checked_pipeline_lists_the_stage() {
    let output = Command::new(env!("CARGO_BIN_EXE_company-newspipe"))
        .current_dir(DIR)
        .args(["stages", "--config", "pipeline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2. company_mentions"), "{stdout}");
    assert!(
        stdout.contains("provides: custom.company_mentions"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`sentences` (for company_mentions)"),
        "{stdout}"
    );
}

#[test]
fn through_the_library_api() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_company-report"))
        .args(["Gazprom", "Газпром"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = std::fs::read(format!("{DIR}/articles.jsonl")).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let records = records(&child.wait_with_output().unwrap());
    assert_eq!(
        tagged(&records),
        [
            json!([]),
            json!([
                {"start": 0, "end": 27, "companies": ["Газпром"]},
                {"start": 28, "end": 61, "companies": ["Gazprom"]}
            ]),
            json!([]),
        ]
    );
}
