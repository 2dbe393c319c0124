//! The `sentences` stage: sentence boundaries and tokens.
//!
//! One pass over the bytes makes the tokens ([`crate::tokens`]); one pass
//! over the tokens decides the boundaries. A boundary is decided from the
//! punctuation that may end a sentence, the abbreviation before it, and the
//! first word after it:
//! - a paragraph break always ends a sentence; a single line break does too
//!   unless the next line starts in lower case (setting `line_breaks`);
//! - a bullet ("•", "⁃") after whitespace starts a sentence, and so does the
//!   next item of a numbered or lettered list ("1.", "2)", "b.");
//! - "." "!" "?" "…" (and 。！？ ؟ ۔ । ։ …) end a sentence when whitespace and a
//!   word that is not lower case follow; closing quotes and brackets right
//!   after the mark belong to the sentence;
//! - after an abbreviation the next word decides: titles ("Dr.") never end
//!   a sentence before a name, initials ("E.") and letter abbreviations
//!   ("U.S.") only before a typical sentence opener ("How", "The"), other
//!   abbreviations ("Co.") before any capitalised word;
//! - a three-dot ellipsis ends a sentence before a capitalised word other
//!   than "I", four dots before any; a period glued to a word and followed by
//!   a spaced ellipsis ends the sentence before the ellipsis.

use crate::sentence_rules::{rules_for, Rules};
use crate::tokens::{
    tokenize, Flags, Tokenized, ABBREVIATION, ABBREVIATION_PERIOD, BULLET, FINAL_MARK, INITIAL,
    LINE_BEFORE, MULTI_PERIOD, PARAGRAPH_BEFORE, PERIODS, SPACE_BEFORE, STARTS_LOWER, TITLE,
};
use pipeline::{
    parse_settings, Document, Layer, SettingDoc, Shape, Span, Stage, StageError, Token, TokenKind,
};
use serde::Deserialize;

/// What a single line break means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LineBreaks {
    /// Ends a sentence unless the next line starts in lower case.
    #[default]
    Auto,
    /// Always ends a sentence.
    Always,
    /// Never does: only blank lines (paragraphs) do; for hard-wrapped text.
    Paragraph,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SentenceSettings {
    pub line_breaks: LineBreaks,
    /// Use this language's rules for every document instead of `lang`.
    pub language: Option<String>,
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "line_breaks",
        default: "auto",
        about: "a single line break ends a sentence: `auto` (unless the next line starts in lower case), `always`, `paragraph` (never; only blank lines do)",
    },
    SettingDoc {
        name: "language",
        default: "the document's lang",
        about: "language code whose abbreviation lists to use for every document",
    },
];

pub const ABOUT: &str =
    "splits sentences and tokens (rules + per-language abbreviation lists; uses lang when present)";

pub struct SentenceStage {
    settings: SentenceSettings,
}

impl SentenceStage {
    pub fn new(settings: SentenceSettings) -> Self {
        SentenceStage { settings }
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(SentenceStage::new(parse_settings(settings)?)))
    }
}

impl Stage for SentenceStage {
    fn name(&self) -> &str {
        "sentences"
    }

    fn requires(&self) -> Vec<Layer> {
        Vec::new()
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Sentences, Layer::Tokens]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let lang = match &self.settings.language {
            Some(code) => Some(code.as_str()),
            None => doc.lang.as_ref().map(|lang| lang.code.as_str()),
        };
        let (sentences, tokens) = segment(&doc.text, rules_for(lang), self.settings.line_breaks);
        doc.sentences = Some(sentences);
        doc.tokens = Some(tokens);
        Ok(())
    }
}

/// Sentences and tokens of `text` with the rules of language `lang`
/// (`None`: language-neutral) and automatic line breaks.
pub fn split(text: &str, lang: Option<&str>) -> (Vec<Span>, Vec<Token>) {
    segment(text, rules_for(lang), LineBreaks::Auto)
}

/// Sentences and tokens of `text`.
pub fn segment(text: &str, rules: &Rules, line_breaks: LineBreaks) -> (Vec<Span>, Vec<Token>) {
    let Tokenized {
        tokens,
        flags,
        turns,
    } = tokenize(text, rules);
    let mut splitter = Splitter {
        text,
        tokens,
        flags,
        turns,
        starts: Vec::with_capacity(text.len() / 100 + 1),
        rules,
        line_breaks,
    };
    splitter.run();
    let Splitter { tokens, starts, .. } = splitter;
    // A sentence runs from its first token to the token before the next
    // sentence's first (the first token always starts one).
    let sentences = starts
        .iter()
        .enumerate()
        .map(|(k, &first)| {
            let last = starts.get(k + 1).map_or(tokens.len(), |&next| next) - 1;
            Span::new(tokens[first].start, tokens[last].end)
        })
        .collect();
    (sentences, tokens)
}

/// A list item's marker: "1.", "2)", "3.)", "a.", "b)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    value: u32,
    style: MarkerStyle,
    /// Tokens the marker takes.
    len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerStyle {
    NumberDot,
    NumberParen,
    NumberDotParen,
    LetterDot,
    LetterParen,
}

/// Where a run of sentence-final punctuation ends, and where the next
/// sentence starts (if one does).
struct End {
    last: usize,
    next_start: Option<usize>,
}

const CLOSERS: &[&str] = &[
    "”", "\"", "’", "'", ")", "]", "}", "»", "›", "」", "』", "）", "】", "〉", "》", "〕", "］",
];
const OPENERS: &[&str] = &[
    "“", "\"", "‘", "'", "(", "[", "{", "«", "‹", "¿", "¡", "„", "‚", "「", "『", "（", "【", "〈",
    "《", "〔", "［",
];
/// Marks after which a sentence ends without whitespace (Chinese, Japanese).
const CJK_FINAL_MARKS: &[&str] = &["。", "！", "？", "｡"];

struct Splitter<'t, 'r> {
    text: &'t str,
    tokens: Vec<Token>,
    flags: Vec<Flags>,
    /// [`Tokenized::turns`].
    turns: Vec<usize>,
    /// The first token of every sentence, in order.
    starts: Vec<usize>,
    rules: &'r Rules,
    line_breaks: LineBreaks,
}

impl Splitter<'_, '_> {
    fn run(&mut self) {
        let n = self.tokens.len();
        let mut i = 0;
        let mut first = 0;
        let mut starting = true;
        let mut marker: Option<Marker> = None;
        // The next of the turns to look at.
        let mut turn = 0;
        while i < n {
            // Most tokens neither break, end nor list anything: go to the
            // next turn without the checks below (what they would decide
            // of the others is known).
            if !starting && marker.is_none() {
                while turn < self.turns.len() && self.turns[turn] < i {
                    turn += 1;
                }
                match self.turns.get(turn) {
                    Some(&next) => i = next,
                    None => break,
                }
            }
            if !starting && (self.breaks_before(i) || self.continues_list(i, marker)) {
                starting = true;
            }
            // A list may open inside a sentence: "Steps: 1) Mix 2) Bake",
            // "Steps: 1. Mix 2. Bake" (but "ranked No 1. The" ends).
            if !starting && self.may_open_list(i) {
                let opens = |m: &Marker| {
                    m.value == 1
                        && (!matches!(m.style, MarkerStyle::NumberDot | MarkerStyle::LetterDot)
                            || self.is_one_of(i - 1, &[":"]))
                };
                if let Some(found) = self.marker_at(i).filter(opens) {
                    marker = Some(found);
                    i += found.len;
                    continue;
                }
            }
            if starting {
                starting = false;
                self.start_at(i);
                first = i;
                if self.has(i, PARAGRAPH_BEFORE) {
                    marker = None;
                }
                let at = if self.has(i, BULLET) { i + 1 } else { i };
                if let Some(found) = self.marker_at(at) {
                    marker = Some(found);
                    i = at + found.len;
                    continue;
                }
            }
            match self.sentence_end(i, first) {
                Some(End { last, next_start }) => {
                    match next_start {
                        Some(start) if start <= last => {
                            self.start_at(start);
                            first = start;
                        }
                        Some(_) => starting = true,
                        None => {}
                    }
                    i = last + 1;
                }
                None => i += 1,
            }
        }
    }

    /// A sentence starts at token `i` (after every earlier start).
    fn start_at(&mut self, i: usize) {
        debug_assert!(self.starts.last().is_none_or(|&last| last < i));
        self.tokens[i].sentence_start = true;
        self.starts.push(i);
    }

    fn text_of(&self, i: usize) -> &str {
        let token = &self.tokens[i];
        &self.text[token.start..token.end]
    }

    fn has(&self, i: usize, flag: Flags) -> bool {
        self.flags[i] & flag != 0
    }

    fn is_one_of(&self, i: usize, marks: &[&str]) -> bool {
        i < self.tokens.len()
            && matches!(self.tokens[i].kind, TokenKind::Punct | TokenKind::Symbol)
            && marks.contains(&self.text_of(i))
    }

    /// Periods in a period or ellipsis token, 0 for any other token.
    fn dots(&self, i: usize) -> usize {
        if !self.has(i, PERIODS) {
            0
        } else if self.text_of(i) == "…" {
            3
        } else {
            self.text_of(i).len()
        }
    }

    /// A sentence starts at token `i` whatever the punctuation before it.
    fn breaks_before(&self, i: usize) -> bool {
        let flags = self.flags[i];
        if flags & PARAGRAPH_BEFORE != 0 {
            return true;
        }
        if flags & LINE_BEFORE != 0 {
            return match self.line_breaks {
                LineBreaks::Always => true,
                LineBreaks::Paragraph => false,
                LineBreaks::Auto => flags & STARTS_LOWER == 0,
            };
        }
        flags & (SPACE_BEFORE | BULLET) == SPACE_BEFORE | BULLET
    }

    /// Token `i` is the marker of the item after `previous` in a list.
    fn continues_list(&self, i: usize, previous: Option<Marker>) -> bool {
        let Some(previous) = previous else {
            return false;
        };
        self.has(i, SPACE_BEFORE)
            && self.marker_at(i).is_some_and(|marker| {
                marker.style == previous.style && marker.value == previous.value + 1
            })
    }

    /// A cheap test before [`Self::marker_at`] inside a sentence: a short
    /// token after whitespace with punctuation glued to it.
    fn may_open_list(&self, i: usize) -> bool {
        i + 1 < self.tokens.len()
            && !self.has(i + 1, SPACE_BEFORE)
            && self.has(i, SPACE_BEFORE)
            && self.tokens[i].end - self.tokens[i].start <= 2
    }

    fn marker_at(&self, i: usize) -> Option<Marker> {
        let n = self.tokens.len();
        if i >= n {
            return None;
        }
        let text = self.text_of(i);
        let glued = |k: usize| k < n && !self.has(k, SPACE_BEFORE);
        let (value, style, len) = if self.tokens[i].kind == TokenKind::Number
            && text.len() <= 2
            && text.bytes().all(|b| b.is_ascii_digit())
        {
            let value: u32 = text.parse().ok()?;
            if !glued(i + 1) {
                return None;
            }
            match self.text_of(i + 1) {
                "." if glued(i + 2) && self.text_of(i + 2) == ")" => {
                    (value, MarkerStyle::NumberDotParen, 3)
                }
                "." => (value, MarkerStyle::NumberDot, 2),
                ")" => (value, MarkerStyle::NumberParen, 2),
                _ => return None,
            }
        } else if text.len() <= 2 && text.as_bytes()[0].is_ascii_lowercase() {
            let value = (text.as_bytes()[0] - b'a' + 1) as u32;
            if self.has(i, INITIAL) && text.len() == 2 {
                (value, MarkerStyle::LetterDot, 1)
            } else if text.len() == 1 && glued(i + 1) && self.text_of(i + 1) == ")" {
                (value, MarkerStyle::LetterParen, 2)
            } else {
                return None;
            }
        } else {
            return None;
        };
        let after = i + len;
        (after < n && self.has(after, SPACE_BEFORE)).then_some(Marker { value, style, len })
    }

    /// If token `i` may end a sentence: where its punctuation run ends and
    /// whether a sentence starts after it.
    fn sentence_end(&self, i: usize, first: usize) -> Option<End> {
        if !self.has(i, ABBREVIATION_PERIOD | PERIODS | FINAL_MARK) {
            None
        } else if self.has(i, ABBREVIATION_PERIOD | PERIODS) {
            Some(self.period_end(i, first))
        } else if self.has(i, FINAL_MARK) {
            Some(self.mark_end(i))
        } else {
            None
        }
    }

    /// After "!", "?" and the other final marks.
    fn mark_end(&self, i: usize) -> End {
        let n = self.tokens.len();
        let mut j = i;
        let mut cjk = self.is_one_of(i, CJK_FINAL_MARKS);
        while j + 1 < n && !self.has(j + 1, SPACE_BEFORE) && self.has(j + 1, FINAL_MARK | PERIODS) {
            j += 1;
            cjk |= self.is_one_of(j, CJK_FINAL_MARKS);
        }
        let last = self.closers_after(j);
        let next = last + 1;
        let split = next < n && (cjk || self.starts_sentence(next));
        End {
            last,
            next_start: split.then_some(next),
        }
    }

    /// After a period, an ellipsis or an abbreviation's period.
    fn period_end(&self, i: usize, first: usize) -> End {
        let n = self.tokens.len();
        let abbreviation = self.has(i, ABBREVIATION_PERIOD);
        let mut dots = if abbreviation { 1 } else { self.dots(i) };
        let first_glued = dots == 1 && i > 0 && !self.has(i, SPACE_BEFORE);
        let mut spaced = false;
        let mut marks = false;
        let mut j = i;
        while j + 1 < n && !self.has(j + 1, LINE_BEFORE | PARAGRAPH_BEFORE) {
            let k = j + 1;
            let more = self.dots(k);
            if more > 0 {
                spaced |= self.has(k, SPACE_BEFORE);
                dots += more;
            } else if !self.has(k, SPACE_BEFORE) && self.has(k, FINAL_MARK) {
                marks = true;
            } else {
                break;
            }
            j = k;
        }
        let last = self.closers_after(j);
        let next = last + 1;
        let end = |split: bool| End {
            last,
            next_start: split.then_some(next),
        };
        if next >= n {
            return end(false);
        }
        if !self.starts_sentence(next) {
            return end(false);
        }
        if marks {
            return end(true);
        }
        let content = self.content_after(next);
        if dots == 1 {
            return end(self.period_ends_sentence(i, first, content));
        }
        // "compounds. . . . The": the period ends the sentence, the
        // ellipsis opens the next one.
        if first_glued && spaced && dots == 4 {
            return End {
                last,
                next_start: Some(i + 1),
            };
        }
        if dots >= 4 {
            return end(true);
        }
        // "[...]" marks an omission inside a sentence.
        let bracketed = i > 0 && !self.has(i, SPACE_BEFORE) && self.is_one_of(i - 1, &["[", "("]);
        // "I" is capitalised anywhere, so it says nothing after "...".
        let pronoun_i = content.is_some_and(|c| self.text_of(c) == "I");
        end(!bracketed && !pronoun_i)
    }

    /// A single period at `i` (or an abbreviation's period), followed by
    /// whitespace and a token that may start a sentence (`content`: the
    /// first token after any opening quotes or brackets).
    fn period_ends_sentence(&self, i: usize, first: usize, content: Option<usize>) -> bool {
        let Some(c) = content else {
            return true;
        };
        let next_is_number = self.tokens[c].kind == TokenKind::Number;
        let next_is_starter = || {
            self.tokens[c].kind == TokenKind::Word
                && !self.has(c, ABBREVIATION_PERIOD)
                && self.rules.is_starter(self.text_of(c))
        };
        if self.has(i, TITLE) {
            return false;
        }
        if self.has(i, MULTI_PERIOD) {
            // "in the U.S. How …" ends; "the U.S. Government" does not; a
            // title after a complete clause starts a new sentence ("at 6
            // P.M. Mr. Smith"), after a bare phrase it does not ("At 5 a.m.
            // Mr. Smith went").
            return next_is_starter() || (self.has(c, TITLE) && self.has_lower_word(first, i));
        }
        if self.has(i, INITIAL) && self.tokens[i].shape == Shape::Initial {
            // "you and I. Did" ends; "Albert I. Jones", "J. K. Rowling",
            // "В. В. Петров" do not.
            let pronoun =
                self.text_of(i) == "I." && i > first && self.tokens[i - 1].shape == Shape::Lower;
            // A letter glued to what precedes it is no initial: "AT&T. The".
            let glued = i > 0 && !self.has(i, SPACE_BEFORE);
            return !next_is_number && (pronoun || glued || next_is_starter());
        }
        if self.has(i, ABBREVIATION | INITIAL) {
            // "Co. It", "p. The" end; "p. 55", "No. 10" do not.
            return !next_is_number;
        }
        // A plain period, glued to the token before it (if any).
        let before = (i > 0 && !self.has(i, SPACE_BEFORE)).then(|| i - 1);
        if next_is_number {
            // "N°. 1026" goes on; "$100.00. 20 people", "(£2bn). 2004" end.
            return !before.is_some_and(|b| self.tokens[b].kind == TokenKind::Symbol);
        }
        if self.rules.dotted_ordinals {
            // "am 3. Oktober" goes on; "wurde 3. Die …" ends.
            if let Some(b) = before {
                let number = self.text_of(b);
                if number.len() <= 2
                    && number.bytes().all(|b| b.is_ascii_digit())
                    && !next_is_starter()
                {
                    return false;
                }
            }
        }
        true
    }

    /// The next token could open a sentence: not lower case, not
    /// punctuation that continues one.
    fn starts_sentence(&self, next: usize) -> bool {
        if !self.has(next, SPACE_BEFORE) {
            return false;
        }
        if self.has(next, LINE_BEFORE | PARAGRAPH_BEFORE) {
            return true;
        }
        match self.content_after(next) {
            None => true,
            Some(c) => {
                if self.has(c, STARTS_LOWER) {
                    return false;
                }
                self.tokens[c].kind != TokenKind::Punct || self.has(c, BULLET)
            }
        }
    }

    /// The first token from `i` on that is not an opening quote or bracket.
    fn content_after(&self, mut i: usize) -> Option<usize> {
        while i < self.tokens.len() && self.is_one_of(i, OPENERS) {
            i += 1;
        }
        (i < self.tokens.len()).then_some(i)
    }

    /// `j`, or the last closing quote/bracket glued after it.
    fn closers_after(&self, mut j: usize) -> usize {
        while j + 1 < self.tokens.len()
            && !self.has(j + 1, SPACE_BEFORE)
            && self.is_one_of(j + 1, CLOSERS)
        {
            j += 1;
        }
        j
    }

    /// Some token in `from..to` is a lower-case word (not an abbreviation).
    fn has_lower_word(&self, from: usize, to: usize) -> bool {
        (from..to).any(|k| {
            self.tokens[k].kind == TokenKind::Word
                && self.has(k, STARTS_LOWER)
                && !self.has(k, ABBREVIATION_PERIOD)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
