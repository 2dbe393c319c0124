//! The properties checked on arbitrary input, shared by the cargo-fuzz
//! targets (`fuzz/`, coverage-guided, `scripts/fuzz.sh`) and the random-input
//! test (`tests/fuzzing.rs`, every `cargo test`). Each check panics when a
//! property breaks, which is what a fuzzer reports as a crash.
//!
//! The properties:
//! - reading a record never panics; a record that reads is written and read
//!   back to the same bytes; one that does not read gets an error record;
//! - [`CharIndex`] agrees with `str::char_indices` at every offset;
//! - no built-in stage panics on any text or any readable record, and every
//!   offset it writes lies on a char boundary inside the text, with
//!   `start <= end`; the annotated record round-trips like any other.

use pipeline::layers::Offsets;
use pipeline::offsets::CharIndex;
use pipeline::pipeline::stage_list;
use pipeline::runner::{parse, Origin, Payload, RawRecord};
use pipeline::{Document, Pipeline};
use serde_json::Value;
use std::sync::Arc;

fn raw(payload: Payload) -> RawRecord {
    RawRecord {
        origin: Origin {
            source: Arc::from("fuzz"),
            line: 1,
        },
        payload,
    }
}

/// Reads `data` as a JSON line and as a plain-text file: either a document
/// that round-trips, or an error record.
pub fn check_record_reader(data: &[u8]) {
    for payload in [
        Payload::JsonLine(data.to_vec()),
        Payload::Text(data.to_vec()),
    ] {
        match parse(raw(payload)) {
            Ok(doc) => check_round_trip(doc),
            Err(error) => {
                let record: Value = serde_json::from_slice(&error.to_json())
                    .expect("an error record is valid JSON");
                assert_eq!(record["errors"][0]["stage"], "input", "{record}");
                assert!(record["id"].is_string(), "{record}");
            }
        }
    }
}

/// Writes `doc` (tokens included), reads it back and writes it again: the
/// two writes are identical bytes, so nothing is lost or shifted on the way.
pub fn check_round_trip(doc: Document) {
    let mut first = Vec::new();
    doc.write_json(true, &mut first);
    let again = parse(raw(Payload::JsonLine(first.clone()))).unwrap_or_else(|e| {
        panic!(
            "a written record does not read back: {} in {}",
            e.message,
            String::from_utf8_lossy(&first)
        )
    });
    let mut second = Vec::new();
    again.write_json(true, &mut second);
    assert!(
        first == second,
        "a record changes when read back:\n{}\n{}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
}

/// Checks [`CharIndex`] on the text of `data` (invalid UTF-8 replaced) at
/// every byte and code-point offset, and one past each end.
pub fn check_char_index(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let index = CharIndex::new(&text);
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    assert_eq!(index.char_len(), starts.len());
    for (c, &b) in starts.iter().enumerate() {
        assert_eq!(index.to_byte(c), Some(b), "to_byte({c})");
    }
    assert_eq!(index.to_byte(starts.len()), Some(text.len()));
    assert_eq!(index.to_byte(starts.len() + 1), None);
    for byte in 0..=text.len() + 1 {
        // A byte inside a character counts as that character's start.
        let expected = if byte >= text.len() {
            starts.len()
        } else {
            starts.partition_point(|&s| s <= byte) - 1
        };
        assert_eq!(index.to_char(byte), expected, "to_char({byte})");
    }
}

/// A pipeline of built-in stages and the checks that run input through it.
pub struct StageChecker {
    pipeline: Pipeline,
}

impl StageChecker {
    /// The whole default pipeline.
    pub fn default_pipeline() -> Self {
        Self::of(&stage_list(stages::DEFAULT_STAGES))
    }

    /// The default pipeline up to and including `stage` (a stage is fuzzed
    /// with the layers it requires, made the way a real run makes them).
    pub fn up_to(stage: &str) -> Self {
        let all = stage_list(stages::DEFAULT_STAGES);
        let Some(at) = all.iter().position(|c| c.stage_type == stage) else {
            panic!("`{stage}` is not in the default pipeline");
        };
        Self::of(&all[..=at])
    }

    fn of(stages: &[pipeline::StageConfig]) -> Self {
        let pipeline = Pipeline::from_config(&stages::builtin_registry(), stages)
            .expect("the default pipeline builds");
        StageChecker { pipeline }
    }

    /// Annotates `data` as a document's text (invalid UTF-8 replaced).
    pub fn check_text(&self, data: &[u8]) {
        let doc = Document::new("fuzz", String::from_utf8_lossy(data));
        self.check_document(doc);
    }

    /// Annotates `data` as a JSON line, when it reads as a document: layers
    /// it brings are kept and used by the later stages.
    pub fn check_record(&self, data: &[u8]) {
        if let Ok(doc) = parse(raw(Payload::JsonLine(data.to_vec()))) {
            self.check_document(doc);
        }
    }

    fn check_document(&self, mut doc: Document) {
        self.pipeline.process(&mut doc);
        // The pipeline catches a stage's panic and records it: still a bug.
        if let Some(panic) = doc
            .errors
            .iter()
            .find(|e| e.message.starts_with("panicked"))
        {
            panic!("stage `{}` {}", panic.stage, panic.message);
        }
        check_offsets(&doc);
        check_round_trip(doc);
    }
}

/// Every offset of every layer is a char boundary of the text, and every
/// span runs forwards ([`Offsets`] visits each start just before its end).
pub fn check_offsets(doc: &Document) {
    let text = &doc.text;
    let mut start: Option<usize> = None;
    let mut check = |offset: usize| {
        assert!(
            text.is_char_boundary(offset),
            "offset {offset} is not a char boundary of a {}-byte text",
            text.len()
        );
        match start.take() {
            None => start = Some(offset),
            Some(s) => assert!(s <= offset, "a span from {s} to {offset} runs backwards"),
        }
        offset
    };
    let mut copy = doc.clone();
    copy.sentences.map_offsets(&mut check);
    copy.tokens.map_offsets(&mut check);
    copy.entities.map_offsets(&mut check);
    copy.quotes.map_offsets(&mut check);
    copy.stances.map_offsets(&mut check);
}
