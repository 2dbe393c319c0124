//! `newspipe` end to end: the binary on files, as a user runs it.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn newspipe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("every output line is JSON"))
        .collect()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn annotates_the_bundled_samples() {
    let out = newspipe(&["annotate", "fixtures/articles.jsonl", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = records(&out);
    assert_eq!(records.len(), 5);
    assert_eq!(records[0]["id"], "sample-001");
    assert_eq!(records[0]["format"], 1);
    assert_eq!(records[0]["lang"]["code"], "en");
    assert_eq!(records[3]["lang"]["code"], "ru");
    assert_eq!(records[4]["lang"]["code"], "fr");
    assert!(out.stderr.is_empty(), "--quiet prints nothing");
    // Attribution in other languages, through the whole pipeline: a cue
    // after a dash with its pronoun, French inversion, a source phrase.
    let speakers = |record: &serde_json::Value| -> Vec<(String, String)> {
        record["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| !q["speaker"].is_null())
            .map(|q| {
                let name = q["speaker"]["name"].as_str().unwrap().to_string();
                (name, q["cue"]["text"].as_str().unwrap_or("").to_string())
            })
            .collect()
    };
    let pair = |name: &str, cue: &str| (name.to_string(), cue.to_string());
    assert_eq!(
        speakers(&records[3]),
        [
            pair("Анна Петрова", "заявила"),
            pair("Анна Петрова", "сказала"),
            // "Оппозиционный депутат Игорь Смирнов назвал это обещание
            // «пустыми словами»": the person after the role words is the
            // clause's subject, so the fragment is his, with no cue.
            pair("Игорь Смирнов", "")
        ]
    );
    assert_eq!(
        speakers(&records[4]),
        [
            pair("Claire Dubois", "a-t-elle déclaré"),
            pair("Marc Lefèvre", "Selon")
        ]
    );
}

#[test]
fn the_summary_states_counts() {
    let out = newspipe(&["annotate", "fixtures/articles.jsonl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("5 records in, 5 out; 0 with errors"),
        "{stderr}"
    );
}

#[test]
fn one_and_two_threads_give_identical_bytes() {
    let one = newspipe(&[
        "annotate",
        "fixtures/articles.jsonl",
        "--threads",
        "1",
        "--quiet",
    ]);
    let two = newspipe(&[
        "annotate",
        "fixtures/articles.jsonl",
        "--threads",
        "2",
        "--batch-size",
        "2",
        "--quiet",
    ]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn bad_lines_yield_error_records_and_exit_status_one() {
    let dir = common::temp_dir("cli-bad");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        b"{\"id\": \"good\", \"text\": \"A short sentence in English about the weather today.\"}\n{oops\n{\"id\": \"no-text\"}\n\xff\n",
    )
    .unwrap();
    let out = newspipe(&["annotate", path_str(&input), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let records = records(&out);
    assert_eq!(records.len(), 4, "every input line yields a record");
    assert!(records[0].get("errors").is_none());
    let message = |i: usize| {
        records[i]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        message(1).contains("in.jsonl line 2: invalid JSON"),
        "{}",
        message(1)
    );
    assert_eq!(records[2]["id"], "no-text");
    assert!(message(3).contains("line 4: not valid UTF-8"));
}

#[test]
fn text_files_and_directories_are_documents() {
    let dir = common::temp_dir("cli-txt");
    std::fs::write(
        dir.join("a.txt"),
        "Die Regierung hat am Montag neue Gesetze beschlossen.",
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), b"Caf\xe9 au lait").unwrap();
    let out = newspipe(&["annotate", path_str(&dir), "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let records = records(&out);
    assert_eq!(records.len(), 2);
    assert!(records[0]["id"].as_str().unwrap().ends_with("a.txt"));
    assert_eq!(records[0]["lang"]["code"], "de");
    assert!(records[1]["id"].as_str().unwrap().ends_with("b.txt"));
    assert!(records[1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
}

#[test]
fn empty_input_is_an_empty_output() {
    let dir = common::temp_dir("cli-empty");
    let input = dir.join("empty.jsonl");
    std::fs::write(&input, "").unwrap();
    let out = newspipe(&["annotate", path_str(&input), "--quiet"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn stdin_and_output_file() {
    let dir = common::temp_dir("cli-stdin");
    let output = dir.join("out.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .args(["annotate", "-", "-o", path_str(&output), "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("{\"text\": \"«Да», — сказал он.\"}\n".as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let written = std::fs::read_to_string(&output).unwrap();
    let record: Value = serde_json::from_str(written.trim()).unwrap();
    assert_eq!(record["id"], "-:1");
}

#[test]
fn dash_output_is_stdout() {
    let dir = common::temp_dir("cli-dash-output");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, "{\"id\": \"x\", \"text\": \"Hello there.\"}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .current_dir(&dir)
        .args([
            "annotate", "in.jsonl", "-o", "-", "--quiet", "--stages", "language",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["id"], "x");
    assert!(
        !dir.join("-").exists(),
        "-o - must not create a file named '-'"
    );
}

#[test]
fn an_invalid_pipeline_is_refused_before_reading() {
    let out = newspipe(&[
        "annotate",
        "fixtures/articles.jsonl",
        "--stages",
        "language,nonsense",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown stage type `nonsense`"), "{stderr}");
}

#[test]
fn a_config_file_sets_stage_settings() {
    let dir = common::temp_dir("cli-config");
    let config = dir.join("pipeline.json");
    let annotate_with = |pipeline: &str| {
        std::fs::write(&config, pipeline).unwrap();
        newspipe(&[
            "annotate",
            "fixtures/articles.jsonl",
            "--config",
            path_str(&config),
            "--quiet",
        ])
    };
    let out = annotate_with(r#"{"stages": [{"type": "language", "min_confidence": 1.01}]}"#);
    assert!(out.status.success());
    for record in records(&out) {
        assert_eq!(
            record["lang"]["code"], "und",
            "no detection reaches confidence 1.01"
        );
    }
    let out = annotate_with(r#"{"stages": [{"type": "language", "min_confidense": 0.2}]}"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("min_confidense"));
}

#[test]
fn stages_explains_the_pipeline() {
    let out = newspipe(&["stages", "--stages", "language"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("provides: lang"), "{stdout}");
    assert!(stdout.contains("The pipeline, checked"));
}

#[test]
fn a_closed_output_pipe_ends_the_run_cleanly() {
    let dir = common::temp_dir("cli-pipe");
    let input = dir.join("many.jsonl");
    let line =
        "{\"text\": \"The minister said the talks would resume next week in the capital.\"}\n";
    std::fs::write(&input, line.repeat(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .args(["annotate", path_str(&input), "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken pipe"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}
