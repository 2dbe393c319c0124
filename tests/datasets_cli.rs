//! The dataset commands end to end through the binary: export every
//! format, import a Label Studio export back, report and render.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/annotated.jsonl");

fn newspipe(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "newspipe {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_text_format_exports_to_stdout_and_files() {
    let dir = common::temp_dir("datasets-export");
    for format in ["conll", "spacy", "prodigy", "label-studio", "csv"] {
        let stdout = newspipe(&["export", "--to", format, FIXTURE]).stdout;
        assert!(!stdout.is_empty(), "{format}");
        let file = dir.join(format);
        newspipe(&["export", "--to", format, FIXTURE, "-o", path(&file)]);
        assert_eq!(std::fs::read(&file).unwrap(), stdout, "{format}");
    }
    newspipe(&[
        "export",
        "--to",
        "brat",
        FIXTURE,
        "-o",
        path(&dir.join("brat")),
    ]);
    assert!(dir.join("brat/0001-veloria-1.ann").exists());
    assert!(dir.join("brat/annotation.conf").exists());
}

#[test]
fn brat_and_parquet_need_an_output_path() {
    let out = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .args(["export", "--to", "brat", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs -o"));
}

#[test]
fn label_studio_round_trip_through_the_binary() {
    let dir = common::temp_dir("datasets-roundtrip");
    let tasks = dir.join("tasks.json");
    let config = dir.join("config.xml");
    newspipe(&[
        "export",
        "--to",
        "label-studio",
        FIXTURE,
        "-o",
        path(&tasks),
        "--label-config",
        path(&config),
    ]);
    assert!(std::fs::read_to_string(&config)
        .unwrap()
        .contains("<Relation value=\"SPEAKER\"/>"));
    let back = newspipe(&["import", path(&tasks)]).stdout;
    let back = String::from_utf8(back).unwrap();
    let lines: Vec<serde_json::Value> = back
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "veloria-1");
    assert_eq!(lines[0]["entities"].as_array().unwrap().len(), 11);
    assert_eq!(lines[1]["quotes"][1]["speaker"]["name"], "Сергей Петров");
}

#[test]
fn report_and_render_write_text_and_pages() {
    let text = String::from_utf8(newspipe(&["report", FIXTURE]).stdout).unwrap();
    assert!(
        text.starts_with("3 documents, 5 quotes, 3 speakers"),
        "{text}"
    );
    let dir = common::temp_dir("datasets-pages");
    let page = dir.join("r.html");
    newspipe(&["report", FIXTURE, "--html", "-o", path(&page)]);
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let page = String::from_utf8(newspipe(&["render", "--html", FIXTURE]).stdout).unwrap();
    assert!(page.contains("<article id=\"doc-2\""));
}
