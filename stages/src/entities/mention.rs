//! A mention while the rules shape it: a byte span of the document with its
//! text borrowed and its label an enum, so trimming, joining and relabelling
//! copy no strings. The public `Entity`, with strings of its own, is built
//! once at the end.

use pipeline::Entity;

/// The labels the stage outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Date,
    Money,
    Percent,
}

impl Label {
    /// The OntoNotes name written in the output.
    pub fn name(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Norp => "NORP",
            Label::Date => "DATE",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Mention<'t> {
    /// Byte offsets into the document's text, end-exclusive.
    pub start: usize,
    pub end: usize,
    /// The document's text from `start` to `end`.
    pub text: &'t str,
    pub label: Label,
}

impl<'t> Mention<'t> {
    /// The mention of `text[start..end]`.
    pub fn new(text: &'t str, start: usize, end: usize, label: Label) -> Self {
        Mention {
            start,
            end,
            text: &text[start..end],
            label,
        }
    }

    /// Moves the mention to `text[start..end]`, keeping its label.
    pub fn respan(&mut self, text: &'t str, start: usize, end: usize) {
        *self = Mention::new(text, start, end, self.label);
    }

    /// The public entity, with its cluster's name.
    pub fn to_entity(self, canonical: &str) -> Entity {
        Entity {
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
            label: self.label.name().to_string(),
            canonical: Some(canonical.to_string()),
        }
    }
}
