//! `--resume`: an interrupted run, continued, equals an uninterrupted one.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn write_input(path: &Path, records: usize) {
    let texts = [
        "The minister said the talks would resume next week in the capital.",
        "«Мы готовы к переговорам», — заявил представитель министерства.",
        "Der Sprecher sagte, die Gespräche würden nächste Woche fortgesetzt.",
        "not json at all",
    ];
    let mut input = String::new();
    for i in 0..records {
        let text = texts[i % texts.len()];
        if text.starts_with("not json") {
            input.push_str("{broken\n");
        } else {
            input
                .push_str(&serde_json::json!({"id": format!("doc-{i}"), "text": text}).to_string());
            input.push('\n');
        }
    }
    std::fs::write(path, input).unwrap();
}

fn annotate(input: &Path, output: &Path, resume: bool) -> std::process::ExitStatus {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newspipe"));
    command.args([
        "annotate",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--quiet",
    ]);
    if resume {
        command.arg("--resume");
    }
    command.status().unwrap()
}

#[test]
fn a_cut_output_resumes_to_the_uninterrupted_bytes() {
    let dir = common::temp_dir("resume-cut");
    let input = dir.join("in.jsonl");
    write_input(&input, 2_000);
    let full = dir.join("full.jsonl");
    annotate(&input, &full, false);
    let expected = std::fs::read(&full).unwrap();
    // Interrupted at several points, including mid-record and on a boundary.
    for cut in [
        0,
        1,
        expected.len() / 3,
        expected.len() / 2 + 7,
        expected.len() - 1,
        expected.len(),
    ] {
        let partial = dir.join(format!("partial-{cut}.jsonl"));
        std::fs::write(&partial, &expected[..cut]).unwrap();
        annotate(&input, &partial, true);
        assert!(
            std::fs::read(&partial).unwrap() == expected,
            "resume after a cut at byte {cut}"
        );
    }
}

#[test]
fn a_killed_run_resumes_without_duplicates_or_gaps() {
    let dir = common::temp_dir("resume-kill");
    let input = dir.join("in.jsonl");
    write_input(&input, 20_000);
    let full = dir.join("full.jsonl");
    annotate(&input, &full, false);
    let expected = std::fs::read(&full).unwrap();

    let output = dir.join("out.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .args([
            "annotate",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
            "--quiet",
            "--batch-size",
            "64",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::fs::metadata(&output).map_or(0, |m| m.len()) < expected.len() as u64 / 4
        && started.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = std::fs::metadata(&output).unwrap().len();
    if written >= expected.len() as u64 {
        eprintln!("the run finished before it could be killed; the cut-output test covers resume");
        return;
    }
    annotate(&input, &output, true);
    assert!(
        std::fs::read(&output).unwrap() == expected,
        "killed after {written} bytes"
    );
}
