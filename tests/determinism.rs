//! Same input and settings, byte-identical output, whatever the thread count
//! and batch size: the binary on the bundled samples, and on a slice of the
//! speed corpus when ../shared/data is here.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const THREADS: [&str; 3] = ["1", "2", "4"];
const BATCH_SIZES: [&str; 3] = ["1", "7", "256"];
/// Records taken from the speed corpus: several batches of 7 and of 256.
const CORPUS_RECORDS: usize = 300;

fn input(name: &str) -> PathBuf {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut text = std::fs::read_to_string(format!("{root}/fixtures/articles.jsonl")).unwrap();
    match common::shared_data("corpus/bbc.jsonl").map(std::fs::read_to_string) {
        Some(Ok(bbc)) => {
            for line in bbc.lines().take(CORPUS_RECORDS) {
                text.push_str(line);
                text.push('\n');
            }
        }
        _ => eprintln!("SKIPPED the corpus part: shared/data/corpus/bbc.jsonl not found"),
    }
    let path = std::env::temp_dir().join(format!(
        "newspipe-determinism-{name}-{}.jsonl",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    path
}

/// `newspipe annotate INPUT --quiet --emit tokens --threads T --batch-size B
/// [extra]`: its exit code and output.
fn annotate(input: &Path, threads: &str, batch: &str, extra: &[&str]) -> (Option<i32>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "annotate",
            input.to_str().unwrap(),
            "--quiet",
            "--emit",
            "tokens",
        ])
        .args(["--threads", threads, "--batch-size", batch])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), out.stdout)
}

#[test]
fn output_is_identical_at_every_thread_count_and_batch_size() {
    let input = input("plain");
    let run = |threads: &str, batch: &str| annotate(&input, threads, batch, &[]);
    let reference = run("1", "256");
    let lines = reference.1.iter().filter(|&&b| b == b'\n').count();
    assert!(lines >= 5, "{lines} records");
    for threads in THREADS {
        for batch in BATCH_SIZES {
            let other = run(threads, batch);
            assert!(
                other == reference,
                "--threads {threads} --batch-size {batch} differs from --threads 1 --batch-size 256"
            );
        }
    }
    let _ = std::fs::remove_file(&input);
}

/// A stage that takes batches (`exec`, its worker `cat`, which echoes every
/// record) in the middle of the default pipeline changes nothing, at any
/// thread count, batch size and number of workers: the stages after it see
/// what they would have seen without it.
#[cfg(unix)]
#[test]
fn an_echoing_exec_stage_changes_nothing_at_any_batch_size() {
    let input = input("exec");
    let reference = annotate(&input, "1", "256", &[]);
    for (threads, batch, workers) in [("1", "1", 1), ("2", "7", 2), ("4", "256", 3)] {
        let stages = serde_json::json!({"stages": [
            {"type": "language"}, {"type": "sentences"},
            {"type": "exec", "name": "echo", "command": ["cat"], "workers": workers},
            {"type": "entities"}, {"type": "quotes"}, {"type": "stance"}
        ]});
        let config = common::config_file(&format!("determinism-exec-{workers}"), &stages);
        let with_exec = annotate(
            &input,
            threads,
            batch,
            &["--config", config.to_str().unwrap()],
        );
        let _ = std::fs::remove_file(&config);
        assert!(
            with_exec == reference,
            "with exec at --threads {threads} --batch-size {batch}, {workers} workers: the output differs"
        );
    }
    let _ = std::fs::remove_file(&input);
}
