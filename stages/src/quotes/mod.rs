//! The `quotes` stage: quoted speech, its speaker and its cue.
//!
//! - [`marks`] finds the quoted stretches (byte scanning, every quotation
//!   style, nesting, unbalanced marks, multi-paragraph quotes);
//! - [`attribution`] reads the clause on each side of a quote for a cue and
//!   its subject ([`mentions`]: names, pronouns, noun phrases);
//! - this module adds the turn-taking rules (a quote without a cue continues
//!   the previous speaker's turn or belongs to the person the sentence
//!   before introduced) and resolves names through the entity clusters.

pub mod attribution;
pub mod lexicon;
pub mod marks;
pub mod mentions;
pub mod words;

use attribution::{after_quote, before_quote, introduced_speaker, left_clause, right_clause};
use lexicon::PronounKind;
use marks::Quoted;
use mentions::{Mention, MentionKind};
use pipeline::offsets::floor_char_boundary;
use pipeline::{
    parse_settings, Cue, Document, Entity, Layer, Quote, SettingDoc, Speaker, Stage, StageError,
};
use serde::Deserialize;
use words::Word;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuotesSettings {
    /// An unattributed quote shorter than this many words is a scare quote
    /// or a title ("Look East"), not speech, and is left out.
    pub min_unattributed_words: usize,
}

impl Default for QuotesSettings {
    fn default() -> Self {
        QuotesSettings {
            min_unattributed_words: 4,
        }
    }
}

pub const SETTINGS: &[SettingDoc] = &[SettingDoc {
    name: "min_unattributed_words",
    default: "4",
    about: "an unattributed quote with fewer words is a scare quote or title and is left out",
}];

pub const ABOUT: &str = "finds quoted speech (“…” \"…\" ‘…’ «…» „…“ »…« 「…」) and attributes it: speaker (canonical name and mention), cue verb or marker, kind direct/mixed";

pub struct QuotesStage {
    settings: QuotesSettings,
}

impl QuotesStage {
    pub fn new(settings: QuotesSettings) -> Self {
        QuotesStage { settings }
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(QuotesStage::new(parse_settings(settings)?)))
    }

    /// The quotes of `text`, given its entities (byte offsets; PERSON
    /// mentions with `canonical` give speakers their names).
    pub fn find(&self, text: &str, entities: &[Entity]) -> Vec<Quote> {
        let quoted = marks::find_quoted(text);
        let mut doc = DocState::new(text, entities, &quoted);
        let mut quotes = Vec::with_capacity(quoted.len());
        let mut left = Vec::new();
        let mut right = Vec::new();
        for (n, q) in quoted.iter().enumerate() {
            let para_start = text[..q.start].rfind('\n').map_or(0, |i| i + 1);
            let para_end = text[q.end..].find('\n').map_or(text.len(), |i| q.end + i);
            let prev_end = n
                .checked_sub(1)
                .map(|p| quoted[p].end)
                .filter(|&end| end >= para_start)
                .unwrap_or(para_start);
            let floor = prev_end.max(floor_char_boundary(
                text,
                q.start.saturating_sub(attribution::WINDOW),
            ));
            let next_start = quoted
                .get(n + 1)
                .map(|next| next.start)
                .filter(|&start| start <= para_end)
                .unwrap_or(para_end);
            let limit = floor_char_boundary(text, next_start.min(q.end + attribution::WINDOW));
            left_clause(text, floor, q.start, &mut left);
            right_clause(text, q.end, limit.max(q.end), &mut right);

            let own = after_quote(text, &right, false)
                .or_else(|| before_quote(text, &left))
                .or_else(|| after_quote(text, &right, true));
            let (speaker, cue) = match own {
                Some(found) => (
                    Some(doc.resolve(found.speaker)),
                    Some(Cue {
                        text: text[found.cue.0..found.cue.1].to_string(),
                        start: found.cue.0,
                        end: found.cue.1,
                    }),
                ),
                None => (
                    doc.turn_speaker(n, floor, para_start, left.is_empty()),
                    None,
                ),
            };
            let kind = if is_statement(text, q, &left) {
                "direct"
            } else {
                "mixed"
            };
            if speaker.is_none() && word_count(text, q) < self.settings.min_unattributed_words {
                doc.speakers.push(None);
                continue;
            }
            if let Some(speaker) = &speaker {
                doc.remember(speaker);
            }
            doc.speakers.push(speaker.clone());
            quotes.push(Quote {
                start: q.start,
                end: q.end,
                text: text[q.start..q.end].to_string(),
                speaker,
                cue,
                kind: kind.to_string(),
            });
        }
        quotes
    }
}

/// Words of a quote; in scripts written without spaces (CJK), two
/// characters count as a word.
fn word_count(text: &str, q: &Quoted) -> usize {
    let quote = &text[q.start..q.end];
    let unspaced = quote.chars().filter(|&c| c >= '\u{3040}').count();
    quote.split_whitespace().count() + unspaced / 2
}

/// A full statement rather than a fragment: it opens its clause (or follows
/// a colon or comma) and starts with a capital, or runs over paragraphs.
fn is_statement(text: &str, q: &Quoted, left: &[Word]) -> bool {
    if q.open_ended {
        return true;
    }
    let starts_upper = text[q.start..q.end]
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| !c.is_lowercase());
    let opens_clause = left
        .last()
        .is_none_or(|w| w.is_punct && matches!(w.first_char(text), ':' | ',' | '—' | '–'));
    starts_upper && opens_clause
}

/// Per-document state: entities, the quotes found so far and their speakers.
struct DocState<'a> {
    text: &'a str,
    /// PERSON mentions outside quotes, in text order: pronoun antecedents.
    persons: Vec<&'a Entity>,
    entities: &'a [Entity],
    quoted: &'a [Quoted],
    /// The speaker of each quote so far (`None` when unattributed or left out).
    speakers: Vec<Option<Speaker>>,
    /// Named speakers so far, for surnames and pronouns without entities.
    named: Vec<Speaker>,
}

impl<'a> DocState<'a> {
    fn new(text: &'a str, entities: &'a [Entity], quoted: &'a [Quoted]) -> Self {
        let inside_quote = |e: &Entity| {
            let i = quoted.partition_point(|q| q.end <= e.start);
            quoted.get(i).is_some_and(|q| q.start <= e.start)
        };
        let mut persons: Vec<&Entity> = entities
            .iter()
            .filter(|e| e.label == "PERSON" && !inside_quote(e))
            .collect();
        persons.sort_by_key(|e| e.start);
        DocState {
            text,
            persons,
            entities,
            quoted,
            speakers: Vec::new(),
            named: Vec::new(),
        }
    }

    /// The speaker a mention names: through the entity clusters, earlier
    /// speakers (surnames) and the most recent person (pronouns).
    fn resolve(&self, mention: Mention) -> Speaker {
        let text = self.text;
        let speaker = |name: &str, start, end| Speaker {
            name: name.to_string(),
            start,
            end,
        };
        match mention.kind {
            MentionKind::Pronoun(PronounKind::Person) => match self.antecedent(mention.start) {
                Some(name) => speaker(&name, mention.start, mention.end),
                None => speaker(
                    &text[mention.start..mention.end],
                    mention.start,
                    mention.end,
                ),
            },
            MentionKind::Name => {
                let span = pipeline::Span::new(mention.start, mention.end);
                if let Some(entity) = self.entities.iter().find(|e| e.span().overlaps(span)) {
                    if entity.label == "PERSON" {
                        return speaker(entity.name(), entity.start, entity.end);
                    }
                    return speaker(entity.name(), mention.start, mention.end);
                }
                let name = &text[mention.start..mention.end];
                let full = self.named.iter().rev().find(|s| {
                    s.name.len() > name.len()
                        && s.name.ends_with(name)
                        && s.name.as_bytes()[s.name.len() - name.len() - 1] == b' '
                });
                speaker(
                    full.map_or(name, |s| s.name.as_str()),
                    mention.start,
                    mention.end,
                )
            }
            _ => speaker(
                &text[mention.start..mention.end],
                mention.start,
                mention.end,
            ),
        }
    }

    /// The name of the most recent person before `pos`: a PERSON mention
    /// outside quotes or a named speaker.
    fn antecedent(&self, pos: usize) -> Option<String> {
        let i = self.persons.partition_point(|e| e.end <= pos);
        let entity = i.checked_sub(1).map(|i| self.persons[i]);
        let speaker = self.named.iter().rev().find(|s| s.end <= pos);
        match (entity, speaker) {
            (Some(e), Some(s)) if s.start > e.start => Some(s.name.clone()),
            (Some(e), _) => Some(e.name().to_string()),
            (None, Some(s)) => Some(s.name.clone()),
            (None, None) => None,
        }
    }

    fn remember(&mut self, speaker: &Speaker) {
        let mention = &self.text[speaker.start..speaker.end];
        if mention.chars().next().is_some_and(char::is_uppercase)
            && Lexicon::get().pronoun(mention).is_none()
        {
            self.named.push(speaker.clone());
        }
    }

    /// The speaker of quote `n`, which has no cue of its own: the person the
    /// sentence before introduced, or the previous quote's speaker when this
    /// quote continues their turn.
    fn turn_speaker(
        &self,
        n: usize,
        floor: usize,
        para_start: usize,
        opens_sentence: bool,
    ) -> Option<Speaker> {
        let text = self.text;
        let q = &self.quoted[n];
        if opens_sentence {
            let mut before = Vec::new();
            words::words_in(text, floor, q.start, &mut before);
            // Drop the terminator ending the previous sentence, then read it.
            before.pop();
            left_clause_words(text, &mut before);
            if let Some(mention) = introduced_speaker(text, &before) {
                return Some(self.resolve(mention));
            }
        }
        let p = n.checked_sub(1)?;
        let prev = &self.quoted[p];
        let previous = self.speakers[p].clone()?;
        let same_paragraph = prev.end >= para_start;
        let opens_paragraph = text[para_start..q.start].trim().is_empty();
        // The previous quote's paragraph is the one just before this one.
        let previous_paragraph =
            !same_paragraph && text[prev.end..para_start].matches('\n').count() <= 2;
        if same_paragraph || prev.open_ended || (opens_paragraph && previous_paragraph) {
            return Some(previous);
        }
        None
    }
}

/// Keeps the last sentence of `words`.
fn left_clause_words(text: &str, words: &mut Vec<Word>) {
    if let Some(last) = words
        .iter()
        .rposition(|w| w.is_punct && matches!(w.first_char(text), '.' | '!' | '?'))
    {
        words.drain(..=last);
    }
}

use lexicon::Lexicon;

impl Stage for QuotesStage {
    fn name(&self) -> &str {
        "quotes"
    }

    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Entities]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Quotes]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let entities = doc.entities.as_deref().unwrap_or(&[]);
        let quotes = self.find(&doc.text, entities);
        doc.quotes = Some(quotes);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
