//! Token features for the tagger, each hashed to a `u64` key.
//!
//! Only tokens that can be part of a name are tagged, so features are built
//! for those alone; each token's word hash is computed once per document.

use super::gazetteer::{Gazetteer, Kind, Match};
use super::mention::Mention;
use super::word_hashes::{word_hash, WordHashes};
use super::word_list::WordList;
use pipeline::{Shape, Token, TokenKind};
use std::ops::Range;

/// Per-document facts the features read.
pub struct DocContext<'t> {
    pub text: &'t str,
    pub tokens: &'t [Token],
    /// Hash of each token's lowercased form, digits as `0`, shared with the
    /// gazetteer's matching.
    words: WordHashes<'t>,
    /// The tokens a name or an amount can start at, in order: capitalised
    /// words ([`capitalised`]), numbers and symbols. The passes that look
    /// only at some of those read this instead of every token.
    pub starts: Vec<u32>,
    /// Gazetteer kinds of the phrase that begins at each token.
    pub begins: Vec<u16>,
    /// Gazetteer kinds of a phrase that covers each token past its first.
    pub insides: Vec<u16>,
    /// The longest phrase starting at each token (`None` when none).
    pub matches: Vec<Match>,
    /// For tokens in a run of capitalised words ("Islamic Revival Party of
    /// Tajikistan"): the gazetteer kinds anywhere in the run, the token's
    /// place in it (1 first, 2 inside, 3 last, 4 alone) and the run's length.
    runs: Vec<(u16, u8, u8)>,
}

/// Word classes: the token's shape, numbers split into years and others.
const LOWER: u8 = 0;
const TITLE: u8 = 1;
const UPPER: u8 = 2;
const INITIAL: u8 = 3;
const OTHER: u8 = 4;
const YEAR: u8 = 5;
const NUMBER: u8 = 6;
const PUNCT: u8 = 7;
const SYMBOL: u8 = 8;
/// Before the first or after the last token.
const EDGE: u8 = 9;

impl<'t> DocContext<'t> {
    pub fn new(text: &'t str, tokens: &'t [Token], gazetteer: &Gazetteer) -> Self {
        let words = WordHashes::new(text, tokens);
        let starts = gather(tokens, |t| {
            capitalised(t) || matches!(t.kind, TokenKind::Number | TokenKind::Symbol)
        });
        let mut matches = Vec::new();
        gazetteer.find(&words, &starts, &mut matches);
        let mut begins = vec![0u16; tokens.len()];
        let mut insides = vec![0u16; tokens.len()];
        for m in &matches {
            begins[m.start] |= m.kinds;
            for inside in &mut insides[m.start + 1..m.end] {
                *inside |= m.kinds;
            }
        }
        let runs = capitalised_runs(text, tokens, &starts, &begins, &insides);
        DocContext {
            text,
            tokens,
            words,
            starts,
            begins,
            insides,
            matches,
            runs,
        }
    }

    /// The longest gazetteer phrase starting at token `start`, if any:
    /// `begins` tells whether there is one, so most tokens need no search.
    pub fn phrase_at(&self, start: usize) -> Option<&Match> {
        if self.begins[start] == 0 {
            return None;
        }
        let at = self
            .matches
            .binary_search_by_key(&start, |m| m.start)
            .ok()?;
        Some(&self.matches[at])
    }

    /// The token after the last of `mention` (the first token that starts
    /// at or past its end).
    pub fn token_end(&self, mention: &Mention) -> usize {
        self.tokens.partition_point(|t| t.start < mention.end)
    }

    /// The tokens of `mention` (those that start inside it).
    pub fn token_range(&self, mention: &Mention) -> Range<usize> {
        self.tokens.partition_point(|t| t.start < mention.start)..self.token_end(mention)
    }

    /// The word feature of token `i`: its hash with the lowest bit set (as
    /// the model was trained), a constant past either end.
    #[inline]
    fn word(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.tokens.len() {
            return 0x9e37_79b9_7f4a_7c15;
        }
        self.words.get(i as usize) | 1
    }

    fn class(&self, i: isize) -> u8 {
        if i < 0 || i as usize >= self.tokens.len() {
            return EDGE;
        }
        let token = &self.tokens[i as usize];
        match token.kind {
            TokenKind::Number => {
                let t = token.text(self.text);
                if t.len() == 4 && (t.starts_with("19") || t.starts_with("20")) {
                    YEAR
                } else {
                    NUMBER
                }
            }
            TokenKind::Punct => PUNCT,
            TokenKind::Symbol => SYMBOL,
            TokenKind::Word => match token.shape {
                Shape::Lower => LOWER,
                Shape::Title => TITLE,
                Shape::Upper => UPPER,
                Shape::Initial => INITIAL,
                Shape::Other | Shape::None => OTHER,
            },
        }
    }

    fn gazetteer_bits(&self, i: isize) -> u16 {
        if i < 0 || i as usize >= self.tokens.len() {
            return 0;
        }
        self.begins[i as usize] | self.insides[i as usize]
    }

    /// The features of token `i` that do not depend on earlier tags, as
    /// keys in the order training has always used (the trainer sums its
    /// float weights in this order).
    pub fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        out.clear();
        let mut open = [0; OPEN_STATIC];
        let closed = self.features(i, &mut open);
        let [bias, class, classes, start] = class_keys(closed.classes, closed.sentence_start);
        out.push(bias);
        out.extend_from_slice(&open[..5]);
        out.extend([class, classes, start, open[5]]);
        for (slot, &kinds) in closed.kinds.iter().enumerate() {
            out.extend(kind_numbers(kinds).map(|kind| kind_key(slot, kind)));
        }
        let (kinds, place, length) = closed.run;
        if place != 0 {
            out.push(run_key(place, length, kinds));
            out.extend(kind_numbers(kinds).map(|kind| run_kind_key(kind, place)));
        }
    }

    /// The features of token `i` that do not depend on earlier tags: the
    /// open-vocabulary ones (words) as keys into the first [`OPEN_STATIC`]
    /// slots of `open`, the others as small numbers.
    pub fn features(&self, i: usize, open: &mut [u64]) -> ClosedFeatures {
        let at = i as isize;
        let class = self.class(at);
        let [before2, before, word, after, after2] = [-2, -1, 0, 1, 2].map(|d| self.word(at + d));
        // The word alone (template 2) and with either neighbour (7, 8) added
        // nothing that the word with its class (13) and the neighbours alone
        // do not give: see docs/entities.md.
        open[..OPEN_STATIC].copy_from_slice(&[
            key(3, before),
            key(4, after),
            key(5, before2),
            key(6, after2),
            key(9, suffix_hash(self.tokens[i].text(self.text))),
            key(13, mix(word, class as u64)),
        ]);
        ClosedFeatures {
            classes: [self.class(at - 1), class, self.class(at + 1)],
            sentence_start: self.tokens[i].sentence_start,
            kinds: [
                self.begins[i],
                self.insides[i],
                self.gazetteer_bits(at - 1),
                self.gazetteer_bits(at + 1),
            ],
            run: self.runs[i],
        }
    }

    /// The features that read the tags already given: appended to `out`.
    pub fn history_features(&self, i: usize, previous: u8, before: u8, out: &mut Vec<u64>) {
        out.extend(history_keys(previous, before, self.class(i as isize)));
        out.push(self.history_word_key(i, previous));
    }

    /// The one open-vocabulary feature that reads an earlier tag: the
    /// previous tag with the word.
    pub fn history_word_key(&self, i: usize, previous: u8) -> u64 {
        key(33, mix(previous as u64, self.word(i as isize)))
    }
}

/// How many open-vocabulary features [`DocContext::features`] gives.
pub const OPEN_STATIC: usize = 6;

/// How many word classes there are (the edge included).
pub const WORD_CLASSES: usize = EDGE as usize + 1;

/// Places in a capitalised run (0 = in none), and run lengths as features
/// see them (longer runs count as 6).
pub const RUN_PLACES: usize = 5;
pub const RUN_LENGTHS: usize = 7;

/// The features of a token with few values each: the model sums their
/// weights per combination once, at load time, instead of looking each one
/// up by hash for every token.
#[derive(Clone, Copy)]
pub struct ClosedFeatures {
    /// Word classes of the token before, the token, and the token after.
    pub classes: [u8; 3],
    pub sentence_start: bool,
    /// Gazetteer kinds of the phrase beginning at the token, of one covering
    /// it past its first token, and of the tokens before and after.
    pub kinds: [u16; 4],
    /// The capitalised run: its kinds, the token's place, its length.
    pub run: (u16, u8, u8),
}

/// Keys of the bias, the token's word class, the classes around it, and
/// its class at a sentence start.
pub fn class_keys(classes: [u8; 3], sentence_start: bool) -> [u64; 4] {
    let [before, class, after] = classes.map(u64::from);
    [
        key(1, 0),
        key(10, class),
        key(11, before << 16 | class << 8 | after),
        key(12, class << 1 | sentence_start as u64),
    ]
}

/// Key of gazetteer kind `kind` in slot `slot` of [`ClosedFeatures::kinds`].
pub fn kind_key(slot: usize, kind: u64) -> u64 {
    key(20 + slot as u64, kind)
}

/// Key of the place in a capitalised run, its length, and whether the run
/// holds an organisation's head word (from its `kinds`).
pub fn run_key(place: u8, length: u8, kinds: u16) -> u64 {
    let head = (kinds & Kind::OrgHead.bit() != 0) as u64;
    key(
        40,
        (place as u64) << 8 | (length.min(RUN_LENGTHS as u8 - 1) as u64) << 1 | head,
    )
}

/// Key of a gazetteer kind anywhere in the token's capitalised run, with
/// the token's place in it.
pub fn run_kind_key(kind: u64, place: u8) -> u64 {
    key(41, kind << 4 | place as u64)
}

/// Keys of the previous tag, of it with the token's class, and of the two
/// previous tags.
pub fn history_keys(previous: u8, before: u8, class: u8) -> [u64; 3] {
    let (previous, before, class) = (previous as u64, before as u64, class as u64);
    [
        key(30, previous),
        key(31, previous << 8 | class),
        key(32, before << 8 | previous),
    ]
}

/// The numbers (`Kind as u64`) of the kinds set in `kinds`, in order; bits
/// past the last kind (the gazetteer's phrase-prefix flag) are not kinds.
pub fn kind_numbers(kinds: u16) -> impl Iterator<Item = u64> {
    let mut rest = kinds & ((1 << Kind::ALL.len()) - 1);
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let kind = rest.trailing_zeros() as u64;
            rest &= rest - 1;
            kind
        })
    })
}

/// A feature key: template number and value, mixed.
fn key(template: u64, value: u64) -> u64 {
    mix(template.wrapping_mul(0x2545_f491_4f6c_dd1d), value)
}

fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// Hash of the last three characters, lowercased.
fn suffix_hash(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let start = match bytes {
        // three ASCII bytes are three characters: no decoding (most words)
        [.., a, b, c] if (a | b | c).is_ascii() => bytes.len() - 3,
        _ => word.char_indices().rev().nth(2).map_or(0, |(i, _)| i),
    };
    word_hash(&bytes[start..])
}

/// Words that join capitalised words into one run: "Bank of England".
const RUN_BRIDGES: WordList = WordList::new(&["of", "and", "for", "the", "de", "&"]);

/// Whether a token can start a name: it has letters, not all lower case.
pub fn capitalised(token: &Token) -> bool {
    matches!(
        token.shape,
        Shape::Title | Shape::Upper | Shape::Initial | Shape::Other
    )
}

/// The indices of the tokens `keep` picks, in order, gathered without a
/// branch per token: a test per token that is true at random (a shape, a
/// kind) mispredicts often, and most passes want few tokens.
pub fn gather(tokens: &[Token], keep: impl Fn(&Token) -> bool) -> Vec<u32> {
    let mut kept = vec![0u32; tokens.len()];
    let mut found = 0;
    for (i, token) in tokens.iter().enumerate() {
        kept[found] = i as u32;
        found += keep(token) as usize;
    }
    kept.truncate(found);
    kept
}

/// Whether no line break comes between tokens `a` and `b` (`a < b`).
pub fn same_line(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    // bytes, looped: the gap is a space or two, too short for a search
    text.as_bytes()[tokens[a].end..tokens[b].start]
        .iter()
        .all(|&byte| byte != b'\n')
}

/// Per token: (kinds in its run, place in the run, run length in tokens);
/// runs start at capitalised tokens among `starts`.
fn capitalised_runs(
    text: &str,
    tokens: &[Token],
    starts: &[u32],
    begins: &[u16],
    insides: &[u16],
) -> Vec<(u16, u8, u8)> {
    let mut runs = vec![(0u16, 0u8, 0u8); tokens.len()];
    // the first token that no run covers yet
    let mut i = 0;
    for &start in starts {
        let start = start as usize;
        if start < i
            || !capitalised(&tokens[start])
            || begins[start] & Kind::FunctionWord.bit() != 0
        {
            continue;
        }
        let mut end = start + 1;
        loop {
            let same_line = |a: usize, b: usize| same_line(text, tokens, a, b);
            if end < tokens.len() && capitalised(&tokens[end]) && same_line(end - 1, end) {
                end += 1;
            } else if end + 1 < tokens.len()
                && capitalised(&tokens[end + 1])
                && RUN_BRIDGES.contains(tokens[end].text(text))
                && same_line(end - 1, end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        let kinds = (start..end).fold(0, |k, t| k | begins[t] | insides[t]);
        let length = (end - start).min(255) as u8;
        for (t, slot) in runs[start..end].iter_mut().enumerate() {
            let place = match (t, end - start) {
                (_, 1) => 4,
                (0, _) => 1,
                (t, n) if t + 1 == n => 3,
                _ => 2,
            };
            *slot = (kinds, place, length);
        }
        i = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_the_last_three_characters() {
        assert_eq!(suffix_hash("Tajikistan"), word_hash("tan".as_bytes()));
        assert_eq!(suffix_hash("Ян"), word_hash("ян".as_bytes()));
        assert_eq!(suffix_hash("Tō"), word_hash("tō".as_bytes()));
        assert_eq!(suffix_hash("Côte"), word_hash("ôte".as_bytes()));
        assert_eq!(suffix_hash("Kôl"), word_hash("kôl".as_bytes()));
    }
}
