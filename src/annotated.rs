//! Reading newspipe's own output (annotated JSON Lines) back into
//! documents, for the commands that work on it: export, report, render.

use pipeline::Document;
use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Reads every record of an annotated JSON Lines file (`-` = stdin), with
/// offsets converted to bytes. A bad line is an error naming file and line:
/// an export that silently lost records would be worse than none.
pub fn read(path: &Path) -> Result<Vec<Document>, String> {
    let name = path.display().to_string();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?)
    };
    let mut docs = Vec::new();
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|e| format!("cannot read {name}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let record = match serde_json::from_str::<Value>(&line) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(format!("{at}: a record must be a JSON object")),
            Err(e) => return Err(format!("{at}: {e}")),
        };
        docs.push(Document::from_json(record, &at).map_err(|e| format!("{at}: {e}"))?);
    }
    Ok(docs)
}

/// A document's JSON record in the output format (code-point offsets).
pub fn to_json(doc: &Document) -> Value {
    let mut out = Vec::new();
    doc.write_json(false, &mut out);
    serde_json::from_slice(&out).expect("newspipe writes valid JSON")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The hand-annotated fixture every export, report and page test uses.
    pub fn fixture() -> Vec<Document> {
        read(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/annotated.jsonl"
        )))
        .unwrap()
    }

    /// Asserts that `item`'s `start`..`end` (code points) cut its `text`
    /// out of the document's `text`.
    pub fn assert_cuts(text: &[char], item: &serde_json::Value) {
        let at = |key: &str| item[key].as_u64().unwrap() as usize;
        let cut: String = text[at("start")..at("end")].iter().collect();
        assert_eq!(cut, item["text"].as_str().unwrap(), "{item}");
    }

    #[test]
    fn fixture_reads_with_byte_offsets() {
        let docs = fixture();
        assert_eq!(docs.len(), 3);
        let doc = &docs[1];
        let petrov = &doc.entities.as_ref().unwrap()[1];
        assert_eq!(&doc.text[petrov.start..petrov.end], "Сергей Петров");
        assert!(docs[2].entities.is_none());
    }

    #[test]
    fn a_bad_line_names_its_file_and_line() {
        let path = std::env::temp_dir().join(format!("np-annotated-{}.jsonl", std::process::id()));
        std::fs::write(&path, "{\"text\":\"a\"}\n\n[1]\n").unwrap();
        let err = read(&path).unwrap_err();
        assert!(err.ends_with(":3: a record must be a JSON object"), "{err}");
    }
}
