//! Rules without code end to end: the `entity_ruler` stage with a patterns
//! file and a newsroom name list, through `newspipe annotate --config`.

use serde_json::{json, Value};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn annotate(args: &[&str], status: i32) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_newspipe"))
        .current_dir(ROOT)
        .arg("annotate")
        .args(args)
        .output()
        .expect("newspipe runs");
    assert_eq!(output.status.code(), Some(status), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// (text, label, canonical) of each entity, checking its offsets are code
/// points into the text.
fn entities(record: &Value) -> Vec<(String, String, Option<String>)> {
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    record["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            let covered: String = text[start as usize..end as usize].iter().collect();
            assert_eq!(covered, e["text"].as_str().unwrap());
            (
                covered,
                e["label"].as_str().unwrap().to_string(),
                e["canonical"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn entity(text: &str, label: &str, canonical: Option<&str>) -> (String, String, Option<String>) {
    (text.into(), label.into(), canonical.map(str::to_string))
}

#[test]
fn patterns_and_a_newsroom_list_through_annotate() {
    let records = annotate(
        &[
            "fixtures/rules/articles.jsonl",
            "--config",
            "fixtures/rules/pipeline.json",
        ],
        0,
    );
    assert_eq!(
        entities(&records[0]),
        [
            entity("gulf international forum", "ORG", None),
            entity("UN", "ORG", Some("United Nations")),
            entity("Dushanbe", "GPE", None),
        ]
    );
    assert_eq!(
        entities(&records[1]),
        [
            entity("Душанбе", "GPE", Some("Dushanbe")),
            entity("Shanghai Cooperation Organisation", "ORG", None),
            entity("United Nations", "ORG", Some("United Nations")),
        ]
    );
}

/// Token patterns read the `tokens` layer; here the input brings it (a
/// tokenizing stage in front does the same). A second ruler, named `titles`,
/// holds them.
#[test]
fn token_patterns_with_tokens_on_the_input() {
    let text = "Talks with Minister Sirojiddin Muhriddin at the UN ended.";
    let mut tokens = Vec::new();
    let mut at = 0;
    for word in text.split(' ') {
        let (word, punct) = match word.strip_suffix('.') {
            Some(w) => (w, true),
            None => (word, false),
        };
        let shape = if word.chars().next().unwrap().is_uppercase() {
            "title"
        } else {
            "lower"
        };
        tokens.push(json!({"start": at, "end": at + word.len(), "kind": "word", "shape": shape}));
        at += word.len();
        if punct {
            tokens.push(json!({"start": at, "end": at + 1, "kind": "punct", "shape": "none"}));
            at += 1;
        }
        at += 1;
    }
    let input = std::env::temp_dir().join(format!("newspipe-rules-{}.jsonl", std::process::id()));
    let record = json!({"id": "t1", "text": text, "tokens": tokens});
    std::fs::write(&input, format!("{record}\n")).unwrap();
    let records = annotate(
        &[
            input.to_str().unwrap(),
            "--config",
            "fixtures/rules/pipeline-tokens.json",
        ],
        0,
    );
    std::fs::remove_file(&input).ok();
    assert_eq!(
        entities(&records[0]),
        [
            entity("Minister Sirojiddin Muhriddin", "PERSON", None),
            entity("UN", "ORG", Some("United Nations")),
        ]
    );
}

#[test]
fn records_without_tokens_get_an_error_from_the_token_ruler_only() {
    let records = annotate(
        &[
            "fixtures/rules/articles.jsonl",
            "--config",
            "fixtures/rules/pipeline-tokens.json",
        ],
        1,
    );
    for record in &records {
        assert_eq!(record["errors"][0]["stage"], json!("titles"));
        let message = record["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("needs layer `tokens`"), "{message}");
        // The phrase ruler's entities are still there.
        assert_eq!(entities(record).len(), 3);
    }
}
