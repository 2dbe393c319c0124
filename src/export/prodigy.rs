//! Prodigy tasks, one per line, in the shape `spans.manual` and
//! `rel.manual` read and `db-out` writes: `text`, `tokens` (with `ws`),
//! `spans` with token indices, and `relations` from each quote to its
//! speaker and cue (`head`/`child` are the spans' last tokens).
//! `newspipe` keeps the document id, meta and canonical names for the
//! round trip (`newspipe import`).

use super::regions::{regions, round_trip_data, Region};
use super::tokens::aligned_tokens;
use super::Chars;
use pipeline::Document;
use serde_json::{json, Value};
use std::io::{self, Write};

pub fn write(docs: &[Document], out: &mut dyn Write) -> io::Result<()> {
    for doc in docs {
        serde_json::to_writer(&mut *out, &task(doc))?;
        writeln!(out)?;
    }
    Ok(())
}

fn task(doc: &Document) -> Value {
    let chars = Chars::new(doc);
    let tokens = aligned_tokens(doc);
    let token_values: Vec<Value> = tokens
        .iter()
        .enumerate()
        .map(|(id, t)| {
            let ws = doc.text[t.end..].starts_with(char::is_whitespace);
            json!({"text": t.slice(&doc.text), "start": chars.at(t.start), "end": chars.at(t.end), "id": id, "ws": ws})
        })
        .collect();
    // Tokens are cut at every region edge, so both lookups find a token.
    let first = |r: &Region| tokens.partition_point(|t| t.start < r.bytes.start);
    let last = |r: &Region| {
        tokens
            .partition_point(|t| t.end <= r.bytes.end)
            .saturating_sub(1)
    };
    let found = regions(doc);
    let span = |r: &Region| json!({"start": r.start, "end": r.end, "token_start": first(r), "token_end": last(r), "label": r.label});
    let relations: Vec<Value> = found
        .relations
        .iter()
        .map(|rel| {
            let (head, child) = (&found.regions[rel.from], &found.regions[rel.to]);
            json!({"head": last(head), "child": last(child), "head_span": span(head), "child_span": span(child), "label": rel.label})
        })
        .collect();
    json!({
        "text": doc.text,
        "meta": {"id": doc.id},
        "tokens": token_values,
        "spans": found.regions.iter().map(span).collect::<Vec<_>>(),
        "relations": relations,
        "newspipe": round_trip_data(doc, found),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::{assert_cuts, fixture};

    /// Against Prodigy's documented task schema: token indices and offsets
    /// agree, span texts are the text's, relations point at span ends.
    #[test]
    fn tasks_follow_the_documented_schema() {
        for doc in fixture() {
            let t = task(&doc);
            let text: Vec<char> = t["text"].as_str().unwrap().chars().collect();
            let tokens = t["tokens"].as_array().unwrap();
            for (i, token) in tokens.iter().enumerate() {
                assert_eq!(token["id"], json!(i));
                assert_cuts(&text, token);
            }
            for span in t["spans"].as_array().unwrap() {
                let ts = span["token_start"].as_u64().unwrap() as usize;
                let te = span["token_end"].as_u64().unwrap() as usize;
                assert_eq!(tokens[ts]["start"], span["start"], "{span}");
                assert_eq!(tokens[te]["end"], span["end"], "{span}");
            }
            for rel in t["relations"].as_array().unwrap() {
                assert_eq!(rel["head"], rel["head_span"]["token_end"]);
                assert_eq!(rel["child"], rel["child_span"]["token_end"]);
            }
        }
        let t = task(&fixture()[0]);
        assert_eq!(t["relations"].as_array().unwrap().len(), 6);
        assert_eq!(t["newspipe"]["id"], "veloria-1");
    }
}
