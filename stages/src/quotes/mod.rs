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

use attribution::{
    after_quote, before_quote, clause_subject, headline_speaker, introduced_speaker, left_clause,
    right_clause, sentence_ends_between,
};
use lexicon::{Lexicon, PronounKind};
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
        let mut line = Vec::new();
        for (n, q) in quoted.iter().enumerate() {
            // memchr's vector search: `str::find` with a char scans a word
            // at a time, and paragraphs run to hundreds of bytes.
            let bytes = text.as_bytes();
            let para_start = memchr::memrchr(b'\n', &bytes[..q.start]).map_or(0, |i| i + 1);
            let para_end = memchr::memchr(b'\n', &bytes[q.end..]).map_or(text.len(), |i| q.end + i);
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
            // “… minutes.” The audience …: a new sentence, not an attribution.
            if ends_with_full_stop(text, q) && right.first().is_some_and(|w| w.is_capitalized(text))
            {
                right.clear();
            }
            let opens_paragraph = text[para_start..q.start].trim().is_empty();
            // The text before this quote's sentence: the same paragraph, or
            // for a quote opening its paragraph, the paragraph before.
            let before = if !text[floor..q.start].trim().is_empty() {
                Some((floor, q.start))
            } else if opens_paragraph {
                previous_paragraph(text, para_start).map(|(start, end)| {
                    let prev_end = n.checked_sub(1).map_or(0, |p| quoted[p].end);
                    (start.max(prev_end).min(end), end)
                })
            } else {
                None
            };
            // "In a 1963 speech, he declared:¶¶“It is …"
            if let Some((start, end)) = before.filter(|_| left.is_empty()) {
                if text[start..end].ends_with(':') {
                    left_clause(text, start, end, &mut left);
                }
            }

            let own = after_quote(text, &right, false)
                .or_else(|| before_quote(text, &left))
                .or_else(|| after_quote(text, &right, true));
            let headline = own
                .is_none()
                .then(|| headline_speaker(text, para_start, q.start, &mut line))
                .flatten();
            let own = own.or(headline);
            let (speaker, cue) = match own {
                Some(found) => (
                    Some(doc.resolve(found.speaker)),
                    Some(Cue {
                        text: text[found.cue.0..found.cue.1].to_string(),
                        start: found.cue.0,
                        end: found.cue.1,
                    }),
                ),
                None => {
                    let intro = before.filter(|_| left.is_empty());
                    // "X said Rubio was “a lightweight” while Cruz is “a
                    // basket case”": later quotes of the sentence are still
                    // X's, whoever their own clause names.
                    let known = doc.sentence_speaker(n, para_start).or_else(|| {
                        clause_subject(text, &left, left.len())
                            .and_then(|mention| doc.known_person(mention))
                    });
                    match known {
                        Some(speaker) => (Some(speaker), None),
                        None => (doc.turn_speaker(n, para_start, intro, &mut right), None),
                    }
                }
            };
            let kind = if is_statement(text, q, &left) {
                "direct"
            } else {
                "mixed"
            };
            let left_out = if speaker.is_none() {
                word_count(text, q) < self.settings.min_unattributed_words
            } else {
                // A headline is title-cased: its quoted words are speech.
                kind == "mixed" && headline.is_none() && is_title(&text[q.start..q.end])
            };
            if left_out {
                doc.speakers.push(None);
                continue;
            }
            if let Some(speaker) = &speaker {
                doc.remember(speaker);
            }
            doc.speakers.push(speaker.clone());
            doc.last_speech = Some(n);
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

/// “Carlos Danger,” “Meet the Press”, “Look East”: two to eight words, each
/// capitalised but for small words; a name or title, not speech.
fn is_title(quote: &str) -> bool {
    let words: Vec<&str> = quote
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    (2..=8).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                || matches!(
                    *w,
                    "of" | "the"
                        | "a"
                        | "an"
                        | "and"
                        | "to"
                        | "in"
                        | "on"
                        | "for"
                        | "with"
                        | "at"
                        | "is"
                        | "or"
                )
        })
}

/// The quote's last punctuation before its closing mark is a full stop
/// (not the abbreviation's point in “… in the U.S.,”).
fn ends_with_full_stop(text: &str, q: &Quoted) -> bool {
    !q.open_ended
        && text[q.start..q.end]
            .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '.' | ','))
            .ends_with('.')
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
    /// The last quote so far kept as speech: a title or scare quote left
    /// out between two quotes ("…," said Cuban, host of “Shark Tank.” “I
    /// mean …") does not end a speaker's turn.
    last_speech: Option<usize>,
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
            last_speech: None,
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
                // "Tory MP Boris Johnson": the person, not the party that
                // comes first; a full name, as a lone word after another
                // entity is more often a mistagged part of it ("Swiss Re").
                let overlapping = || self.entities.iter().filter(|e| e.span().overlaps(span));
                let full_person = |e: &&Entity| e.label == "PERSON" && e.text.contains(' ');
                if let Some(person) = overlapping()
                    .find(full_person)
                    .or_else(|| overlapping().next().filter(|e| e.label == "PERSON"))
                {
                    return speaker(person.name(), person.start, person.end);
                }
                if let Some(entity) = overlapping().next() {
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
            // "the veteran analyst Dana Okoye": the person by their cluster
            // name, so one speaker is one holder downstream; other phrases
            // and pronouns as written.
            MentionKind::Phrase | MentionKind::Pronoun(_) => {
                let apposed = (mention.kind == MentionKind::Phrase)
                    .then(|| self.apposed_person(mention))
                    .flatten();
                match apposed {
                    Some(entity) => speaker(entity.name(), entity.start, entity.end),
                    None => speaker(
                        &text[mention.start..mention.end],
                        mention.start,
                        mention.end,
                    ),
                }
            }
        }
    }

    /// The PERSON that ends a phrase as its apposition ("the veteran analyst
    /// Dana Okoye", "the paper's Dana Okoye"), not a modifier ("the Okoye
    /// campaign"), the object of a preposition ("an adviser to Okoye"), nor a
    /// name the phrase only determines ("both Okoyes").
    fn apposed_person(&self, mention: Mention) -> Option<&'a Entity> {
        let before_end = self.persons.partition_point(|e| e.start < mention.end);
        let entity = self.persons[..before_end]
            .iter()
            .rev()
            .take_while(|e| e.start > mention.start)
            .find(|e| e.end == mention.end)?;
        let previous = self.text[mention.start..entity.start]
            .split_whitespace()
            .next_back()?;
        let apposed = !attribution::is_preposition(previous) && !mentions::is_determiner(previous);
        apposed.then_some(*entity)
    }

    /// The speaker a clause subject names when it is surely a person: a
    /// PERSON entity, "he"/"she", or an earlier speaker's name. ("Clinton
    /// blamed the “fog of war”" has no cue, but Clinton spoke; "Iran sees
    /// its “Look East” policy" is no speech.)
    fn known_person(&self, mention: Mention) -> Option<Speaker> {
        let speaker = self.resolve(mention);
        let span = pipeline::Span::new(mention.start, mention.end);
        let person = match mention.kind {
            MentionKind::Pronoun(PronounKind::Person) => {
                speaker.name != self.text[span.start..span.end]
            }
            MentionKind::Name => {
                self.persons.iter().any(|e| e.span().overlaps(span))
                    || self.named.iter().any(|s| s.name == speaker.name)
            }
            _ => false,
        };
        person.then_some(speaker)
    }

    /// The speaker of the last speech quote before quote `n` when both
    /// stand in one sentence (no sentence end after it, inside its marks or
    /// between).
    fn sentence_speaker(&self, n: usize, para_start: usize) -> Option<Speaker> {
        let p = self.last_speech?;
        let (prev, q) = (&self.quoted[p], &self.quoted[n]);
        let one_sentence = prev.end >= para_start
            && !prev.open_ended
            && !ends_with_full_stop(self.text, prev)
            && !sentence_ends_between(self.text, prev.end, q.start);
        self.speakers[p].clone().filter(|_| one_sentence)
    }

    /// The name of the most recent person before `pos`: a PERSON mention
    /// outside quotes or a named speaker.
    fn antecedent(&self, pos: usize) -> Option<String> {
        let i = self.persons.partition_point(|e| e.end <= pos);
        // "Анна Смирнова выступила в Думе. «…», — сказала она": a name
        // after a preposition is an object (or a mistagged place), so the
        // nearest person not after one is preferred.
        let before = &self.persons[..i];
        let entity = before
            .iter()
            .rev()
            .find(|e| !self.after_preposition(e))
            .or(before.last())
            .copied();
        let speaker = self.named.iter().rev().find(|s| s.end <= pos);
        match (entity, speaker) {
            (Some(e), Some(s)) if s.start > e.start => Some(s.name.clone()),
            (Some(e), _) => Some(e.name().to_string()),
            (None, Some(s)) => Some(s.name.clone()),
            (None, None) => None,
        }
    }

    /// The word before the entity is a preposition or article in lower
    /// case ("with Smith", "в Думе", "die Schule"); capitalised, it opens
    /// the sentence and a title may follow ("Die Ministerin Julia Berger").
    fn after_preposition(&self, entity: &Entity) -> bool {
        self.text[..entity.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|word| {
                !word.starts_with(char::is_uppercase) && attribution::is_preposition(word)
            })
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
    /// sentence before introduced, or the last speech quote's speaker when this
    /// quote continues their turn.
    fn turn_speaker(
        &self,
        n: usize,
        para_start: usize,
        intro: Option<(usize, usize)>,
        scratch: &mut Vec<Word>,
    ) -> Option<Speaker> {
        let text = self.text;
        let q = &self.quoted[n];
        if let Some((start, end)) = intro {
            // The sentence before, without its final stop.
            let end = start + text[start..end].trim_end().len();
            let end = start + text[start..end].trim_end_matches(['.', '!', '?']).len();
            left_clause(text, start, end, scratch);
            if let Some(mention) = introduced_speaker(text, scratch) {
                return Some(self.resolve(mention));
            }
        }
        let p = self.last_speech?;
        let prev = &self.quoted[p];
        let previous = self.speakers[p].clone()?;
        let same_paragraph = prev.end >= para_start;
        let opens_paragraph = text[para_start..q.start].trim().is_empty();
        // The previous quote's paragraph is the one just before this one.
        let previous_paragraph = !same_paragraph
            && memchr::memchr_iter(b'\n', &text.as_bytes()[prev.end..para_start]).count() <= 2;
        if same_paragraph || prev.open_ended || (opens_paragraph && previous_paragraph) {
            return Some(previous);
        }
        None
    }
}

/// The last non-blank paragraph (line) ending before `para_start`, with its
/// trailing space trimmed.
fn previous_paragraph(text: &str, para_start: usize) -> Option<(usize, usize)> {
    let end = text[..para_start].trim_end().len();
    if end == 0 {
        return None;
    }
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..end]).map_or(0, |i| i + 1);
    Some((start, end))
}

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
