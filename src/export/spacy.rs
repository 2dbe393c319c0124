//! spaCy's own Doc JSON (`Doc.to_json` / `Doc.from_json`, spaCy ≥ 3.4),
//! one document per line: tokens, sentences, entities in `ents`, and
//! quotes, cues and speaker mentions as span groups (`spans["quotes"]`,
//! each labelled with its speaker's name). Load with
//! `Doc(nlp.vocab).from_json(record)` and save a `DocBin` for training
//! (docs/datasets.md); `scripts/test_exports.sh` does exactly that.
//!
//! spaCy rebuilds the text from tokens and one trailing space each, so any
//! other whitespace between tokens becomes a whitespace token, as spaCy's
//! own tokenizer makes it.

use super::tokens::{aligned_tokens, trimmed};
use super::{flat_entities, Chars};
use pipeline::{Document, Span};
use serde_json::{json, Value};
use std::io::{self, Write};

pub fn write(docs: &[Document], out: &mut dyn Write) -> io::Result<()> {
    for doc in docs {
        serde_json::to_writer(&mut *out, &doc_json(doc))?;
        writeln!(out)?;
    }
    Ok(())
}

fn doc_json(doc: &Document) -> Value {
    let chars = Chars::new(doc);
    let span = |s: Span| json!({"start": chars.at(s.start), "end": chars.at(s.end)});
    let tokens: Vec<Value> = with_whitespace_tokens(&doc.text, &aligned_tokens(doc))
        .into_iter()
        .enumerate()
        .map(|(id, t)| json!({"id": id, "start": chars.at(t.start), "end": chars.at(t.end)}))
        .collect();
    // Spans are trimmed of whitespace; empty or reversed ones (hand-made
    // input) are left out: spaCy has no span for them.
    let labelled = |s: Span, label: &str| {
        let s = trimmed(&doc.text, s);
        (!s.is_empty()).then(|| {
            json!({"start": chars.at(s.start), "end": chars.at(s.end), "label": label, "kb_id": ""})
        })
    };
    let ents: Vec<Value> = flat_entities(doc)
        .iter()
        .map(|(s, e)| json!({"start": chars.at(s.start), "end": chars.at(s.end), "label": e.label}))
        .collect();
    let quotes = doc.quotes.iter().flatten();
    let speaker = |q: &pipeline::Quote| {
        q.speaker
            .as_ref()
            .map_or("", |s| s.name.as_str())
            .to_string()
    };
    let mut record = json!({
        "text": doc.text,
        "ents": ents,
        "sents": doc.sentences.iter().flatten().map(|s| trimmed(&doc.text, *s)).filter(|s| !s.is_empty()).map(span).collect::<Vec<_>>(),
        "tokens": tokens,
        "spans": {
            "quotes": quotes.clone().filter_map(|q| labelled(q.span(), &speaker(q))).collect::<Vec<_>>(),
            "speakers": quotes.clone().filter_map(|q| q.speaker.as_ref().and_then(|s| labelled(Span::new(s.start, s.end), &s.name))).collect::<Vec<_>>(),
            "cues": quotes.filter_map(|q| q.cue.as_ref().and_then(|c| labelled(Span::new(c.start, c.end), super::CUE))).collect::<Vec<_>>(),
        },
        "user_data": {"id": doc.id},
    });
    // Only documents that have sentences say so: an empty list would tell
    // spaCy there are none.
    if doc.sentences.is_none() {
        record.as_object_mut().expect("an object").remove("sents");
    }
    record
}

/// The tokens plus whitespace tokens, following spaCy's rule: one space
/// after a token is that token's trailing space; any other whitespace run
/// (a newline, two spaces) is a token of its own.
fn with_whitespace_tokens(text: &str, tokens: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    for token in tokens {
        if token.start > at {
            out.push(Span::new(at, token.start));
        }
        out.push(*token);
        at = token.end;
        if text[at..].starts_with(' ') {
            at += 1;
        }
    }
    if at < text.len() {
        out.push(Span::new(at, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    #[test]
    fn whitespace_runs_become_tokens() {
        let text = "a b\n\nc  d ";
        let tokens = super::super::tokens::split(text);
        let all = with_whitespace_tokens(text, &tokens);
        let words: Vec<&str> = all.iter().map(|s| s.slice(text)).collect();
        assert_eq!(words, ["a", "b", "\n\n", "c", " ", "d"]);
    }

    #[test]
    fn every_span_starts_and_ends_on_a_token_edge() {
        let mut rng = super::super::tests::Lcg(11);
        let odd = (0..200).map(|n| super::super::tests::random_doc(&mut rng, n));
        for doc in fixture().into_iter().chain(odd) {
            let record = doc_json(&doc);
            let starts: Vec<&Value> = record["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| &t["start"])
                .collect();
            let ends: Vec<&Value> = record["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| &t["end"])
                .collect();
            let mut spans: Vec<&Value> = record["ents"].as_array().unwrap().iter().collect();
            for group in ["quotes", "speakers", "cues"] {
                spans.extend(record["spans"][group].as_array().unwrap());
            }
            for span in spans {
                assert!(
                    starts.contains(&&span["start"]) && ends.contains(&&span["end"]),
                    "{span}"
                );
            }
        }
        assert_eq!(
            doc_json(&fixture()[0])["spans"]["quotes"][1]["label"],
            "Amina Rahimova"
        );
    }
}
