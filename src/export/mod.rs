//! `newspipe export`: annotated documents into the formats other tools
//! read. Each format is one module; this one holds what they share.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod label_studio;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod prodigy;
pub mod regions;
pub mod spacy;
pub mod tokens;

use pipeline::offsets::CharIndex;
use pipeline::{Document, Entity};

/// The formats `newspipe export --to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// CoNLL-2003 style: token and IOB2 tag per line, sentences apart
    Conll,
    /// spaCy's Doc JSON (`Doc.from_json`), one document per line
    Spacy,
    /// Prodigy tasks (JSONL): spans and speaker relations
    Prodigy,
    /// Label Studio tasks (JSON) with predictions to correct
    LabelStudio,
    /// brat standoff: a .txt and .ann per document, in a directory
    Brat,
    /// The quotes table: one row per quote and stance target
    Csv,
    /// One row per document with nested layers (needs the `parquet` feature)
    Parquet,
}

/// The entities a flat labelling (IOB tags, spaCy's `ents`) can hold:
/// sorted, and of overlapping ones only the first (the longest at a tie).
pub fn flat_entities(doc: &Document) -> Vec<&Entity> {
    let mut entities: Vec<&Entity> = doc.entities.iter().flatten().collect();
    entities.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    let mut kept: Vec<&Entity> = Vec::with_capacity(entities.len());
    for entity in entities {
        if kept.last().is_none_or(|last| last.end <= entity.start) && entity.start < entity.end {
            kept.push(entity);
        }
    }
    kept
}

/// Byte → code-point conversion of one document's offsets, for the formats
/// that count characters as Python does (all of them).
pub struct Chars<'a>(CharIndex<'a>);

impl<'a> Chars<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Chars(CharIndex::new(&doc.text))
    }

    pub fn at(&self, byte: usize) -> usize {
        self.0.to_char(byte)
    }
}

/// The label exports give quotes, next to entity labels.
pub const QUOTE: &str = "QUOTE";
/// The label of a speech cue ("said", "according to").
pub const CUE: &str = "CUE";
/// The label of a speaker mention that is not an entity ("she").
pub const MENTION: &str = "MENTION";
/// Relation from a quote to its speaker's mention.
pub const SPEAKER_RELATION: &str = "SPEAKER";
/// Relation from a quote to its cue.
pub const CUE_RELATION: &str = "CUE";
