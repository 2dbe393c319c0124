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
use pipeline::{Document, Entity, Span};

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

/// The entities a flat labelling (IOB tags, spaCy's `ents`) can hold,
/// with their spans trimmed of whitespace: sorted, and of overlapping ones
/// only the first (the longest at a tie).
pub fn flat_entities(doc: &Document) -> Vec<(Span, &Entity)> {
    let mut entities: Vec<(Span, &Entity)> = doc
        .entities
        .iter()
        .flatten()
        .map(|e| (tokens::trimmed(&doc.text, e.span()), e))
        .filter(|(span, _)| !span.is_empty())
        .collect();
    entities.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut kept: Vec<(Span, &Entity)> = Vec::with_capacity(entities.len());
    for (span, entity) in entities {
        if kept.last().is_none_or(|(last, _)| last.end <= span.start) {
            kept.push((span, entity));
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

#[cfg(test)]
pub(crate) mod tests {
    use pipeline::{Cue, Document, Entity, Quote, Span, Speaker};

    /// A small deterministic generator: tests stay reproducible without a
    /// dependency.
    pub struct Lcg(pub u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// Documents with random spans on char boundaries: overlapping,
    /// crossing, empty, reversed, touching the ends.
    pub fn random_doc(rng: &mut Lcg, n: usize) -> Document {
        const PIECES: [&str; 8] = [
            "Iran",
            "’s ",
            "«Да»",
            " — ",
            "北京",
            "\n\n",
            "📈",
            "said, \"x\" ",
        ];
        let text: String = (0..1 + rng.below(12))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect();
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let at = |rng: &mut Lcg| bounds[rng.below(bounds.len())];
        let mut doc = Document::new(format!("r{n}"), text.clone());
        doc.entities = Some(
            (0..rng.below(5))
                .map(|_| {
                    let (start, end) = (at(rng), at(rng));
                    Entity {
                        start,
                        end,
                        text: String::new(),
                        label: ["PERSON", "GPE"][rng.below(2)].into(),
                        canonical: None,
                    }
                })
                .collect(),
        );
        doc.quotes = Some(
            (0..rng.below(3))
                .map(|_| Quote {
                    start: at(rng),
                    end: at(rng),
                    text: String::new(),
                    speaker: Some(Speaker {
                        name: "X".into(),
                        start: at(rng),
                        end: at(rng),
                    }),
                    cue: Some(Cue {
                        text: "said".into(),
                        start: at(rng),
                        end: at(rng),
                    }),
                    kind: "direct".into(),
                })
                .collect(),
        );
        doc.sentences = Some(vec![Span::new(0, at(rng)), Span::new(at(rng), text.len())]);
        doc
    }

    #[test]
    fn no_export_or_page_panics_on_odd_spans() {
        let mut rng = Lcg(7);
        let docs: Vec<Document> = (0..300).map(|n| random_doc(&mut rng, n)).collect();
        let mut sink = Vec::new();
        super::conll::write(&docs, &mut sink).unwrap();
        super::spacy::write(&docs, &mut sink).unwrap();
        super::prodigy::write(&docs, &mut sink).unwrap();
        super::label_studio::write(&docs, &mut sink).unwrap();
        super::csv::write(&docs, &mut sink).unwrap();
        let dir = std::env::temp_dir().join(format!("np-odd-{}", std::process::id()));
        super::brat::write(&docs, &dir).unwrap();
        crate::render::html(&docs);
        crate::report::html(&crate::report::summarize(&docs));
        for doc in &docs {
            for token in super::tokens::aligned_tokens(doc) {
                assert!(
                    doc.text.is_char_boundary(token.start) && doc.text.is_char_boundary(token.end)
                );
                assert!(token.start < token.end, "{token:?} in {:?}", doc.text);
            }
        }
    }
}
