//! The typed layers a document carries, as `FORMAT.md` defines them.
//!
//! Every `start`/`end` here is a byte offset into `Document::text` while a
//! document is inside the pipeline; [`Offsets::map_offsets`] converts all of
//! them at once when a record is read or written.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A string of a stance layer that is mostly one of a few fixed words
/// (`author`, `favor`, `sentence`, `GPE`): those are borrowed, so a
/// judgement does not allocate for them; serde writes and reads it as a
/// plain string.
pub type CowStr = Cow<'static, str>;

/// Visits every offset field of a layer item, so conversion between bytes
/// and code points is written once per type instead of once per use.
///
/// Offsets are visited in pairs, each span's `start` just before its `end`:
/// the reader relies on it to reject spans that run backwards.
pub trait Offsets {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize);
}

impl<T: Offsets> Offsets for Vec<T> {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        for item in self {
            item.map_offsets(f);
        }
    }
}

impl<T: Offsets> Offsets for Option<T> {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        if let Some(item) = self {
            item.map_offsets(f);
        }
    }
}

/// A half-open range of the text: sentences, mentions, units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The covered text; empty when the span is not a valid range of `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

impl Offsets for Span {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        self.start = f(self.start);
        self.end = f(self.end);
    }
}

/// The document's language (`lang` in the output).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-1 where one exists, else ISO 639-3; `und` when unknown.
    pub code: String,
    #[serde(default)]
    pub confidence: f64,
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
}

/// The capitalisation pattern of a token, which names and sentence starts
/// are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// all lower case: "said"
    Lower,
    /// first letter upper, some lower: "Iran", "McDonald"
    Title,
    /// all letters upper, two or more: "SCO", "USSR"
    Upper,
    /// a single upper-case letter: "A", "J"
    Initial,
    /// letters in another mix, or letters of a script without case
    Other,
    /// no letters
    None,
}

impl TokenKind {
    /// The name in the output format (as serde writes it).
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
        }
    }
}

impl Shape {
    /// The name in the output format (as serde writes it).
    pub fn name(self) -> &'static str {
        match self {
            Shape::Lower => "lower",
            Shape::Title => "title",
            Shape::Upper => "upper",
            Shape::Initial => "initial",
            Shape::Other => "other",
            Shape::None => "none",
        }
    }
}

/// A word, number or punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub shape: Shape,
    /// The first token of a sentence.
    #[serde(default)]
    pub sentence_start: bool,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span().slice(text)
    }

    /// The token's bytes: for byte-wise scans and hashes, which need no
    /// character-boundary checks.
    pub fn bytes<'t>(&self, text: &'t str) -> &'t [u8] {
        &text.as_bytes()[self.start..self.end]
    }

    /// The lowercased form; borrowed (no allocation) when already lower case.
    pub fn lower<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let word = self.text(text);
        if word.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(word.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(word)
        }
    }
}

impl Offsets for Token {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        self.start = f(self.start);
        self.end = f(self.end);
    }
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    /// The mention's text; filled from the span when an input omits it.
    #[serde(default)]
    pub text: String,
    /// An OntoNotes label: PERSON, ORG, GPE, LOC, NORP, DATE, …
    pub label: String,
    /// The name of the mention's in-document cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

impl Entity {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The cluster name, or the mention's own text when it has none.
    pub fn name(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.text)
    }
}

impl Offsets for Entity {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        self.start = f(self.start);
        self.end = f(self.end);
    }
}

/// Who a quote is attributed to, and the mention the attribution used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// The speech verb or marker of an attribution: "said", "according to", ":".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A stretch of quoted speech, marks included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub speaker: Option<Speaker>,
    #[serde(default)]
    pub cue: Option<Cue>,
    /// `direct`, `mixed`, later `indirect`.
    #[serde(default = "default_quote_kind")]
    pub kind: String,
}

fn default_quote_kind() -> String {
    "direct".to_string()
}

impl Quote {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

impl Offsets for Quote {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        self.start = f(self.start);
        self.end = f(self.end);
        if let Some(speaker) = &mut self.speaker {
            speaker.start = f(speaker.start);
            speaker.end = f(speaker.end);
        }
        if let Some(cue) = &mut self.cue {
            cue.start = f(cue.start);
            cue.end = f(cue.end);
        }
    }
}

/// The stretch of text a stance was judged in: a quote or a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// `quote` or `sentence`.
    pub kind: CowStr,
    pub start: usize,
    pub end: usize,
}

/// A cue that moved a stance score, so the number can be explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub weight: f64,
}

/// One judgement: how `holder` treats `target` at one mention in one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    /// The quote's speaker, `"author"` outside quotes, `None` for an
    /// unattributed quote.
    pub holder: Option<CowStr>,
    pub target: String,
    #[serde(default)]
    pub target_label: CowStr,
    pub mention: Span,
    pub unit: Unit,
    pub score: f64,
    /// `favor`, `against` or `neutral`.
    pub label: CowStr,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

impl Offsets for Stance {
    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        self.mention.map_offsets(f);
        self.unit.start = f(self.unit.start);
        self.unit.end = f(self.unit.end);
        for evidence in &mut self.evidence {
            evidence.start = f(evidence.start);
            evidence.end = f(evidence.end);
        }
    }
}

/// The stance of one holder toward one target over the whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceSummary {
    pub holder: Option<CowStr>,
    pub target: String,
    pub score: f64,
    pub label: CowStr,
    pub n: usize,
}

/// Something that failed for one document, in one stage (or `input`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    pub stage: String,
    pub message: String,
}
