//! Greedy left-to-right BIO tagging over the tokens that can be part of a
//! name; every other token is `O` without being scored, which is what makes
//! the stage fast (most news tokens are lower-case words).

use super::amounts::CURRENCY;
use super::features::{DocContext, OPEN_STATIC};
use super::gazetteer::Kind;
use super::labels::{inside, is_inside, label_of, may_follow, CLASSES, O};
use super::model::{Scorer, Trainer, Weights};
use super::word_list::WordList;
use pipeline::{Shape, Token, TokenKind};

/// Lower-case words and marks that may sit inside a name between two
/// name tokens: "Islamic Revival Party of Tajikistan", "Bingu wa Mutharika".
const BRIDGES: WordList = WordList::new(&[
    "of", "and", "for", "the", "de", "da", "du", "des", "dos", "das", "di", "del", "della", "wa",
    "bin", "ibn", "bint", "al", "el", "la", "le", "van", "von", "der", "den", "y", "e", "on", "in",
    "at", "to", "upon", "&", "'s", "’s", "'", "’", "-", "–", ".", ",",
]);

/// Lower-case words that may end an amount: "$7 million".
const AMOUNT_TAILS: WordList =
    WordList::new(&["million", "billion", "trillion", "thousand", "percent", "%"]);

fn is_name_token(token: &Token) -> bool {
    matches!(
        token.shape,
        Shape::Title | Shape::Upper | Shape::Initial | Shape::Other
    ) || token.kind == TokenKind::Number
}

/// Whether token `i` is scored, given the class of the token before it.
/// Runs for every token and is inlined into the tagging loop; the text of
/// a lower-case word is read only right after a name.
#[inline]
fn taggable(ctx: &DocContext, i: usize, previous: u8) -> bool {
    let token = &ctx.tokens[i];
    if is_name_token(token) {
        // a capitalised "The" or "He" starts no name
        return previous != O
            || token.shape == Shape::Upper
            || ctx.begins[i] & Kind::FunctionWord.bit() == 0;
    }
    if token.kind == TokenKind::Symbol && is_currency(ctx, i) {
        return true;
    }
    previous != O && continues_name(ctx, i)
}

#[inline(never)]
fn is_currency(ctx: &DocContext, i: usize) -> bool {
    CURRENCY.contains(ctx.tokens[i].text(ctx.text))
}

/// Whether the lower-case word or mark `i` after a name may go on with
/// it: an amount's tail, or a bridge to another name token.
#[inline(never)]
fn continues_name(ctx: &DocContext, i: usize) -> bool {
    let word = ctx.tokens[i].text(ctx.text);
    AMOUNT_TAILS.contains(word)
        || (ctx.tokens.get(i + 1).is_some_and(is_name_token) && BRIDGES.contains(word))
}

/// The best class allowed after `previous` (see [`may_follow`]): any
/// begin tag, or the inside tag of the previous tag's label.
fn best(scores: &[f32; CLASSES], previous: u8) -> u8 {
    let own_inside = label_of(previous).map_or(O, inside);
    let mut best = O;
    for class in 1..CLASSES as u8 {
        let allowed = !is_inside(class) || class == own_inside;
        if allowed && scores[class as usize] > scores[best as usize] {
            best = class;
        }
    }
    best
}

/// The tags given so far: the classes of the last two tokens, and the
/// labelled token ranges built from all of them.
struct Tags {
    previous: u8,
    before: u8,
    spans: Vec<(usize, usize, usize)>,
    /// The open-vocabulary feature keys of the token being scored.
    open: [u64; OPEN_STATIC + 1],
}

impl Tags {
    fn new() -> Self {
        Tags {
            previous: O,
            before: O,
            spans: Vec::new(),
            open: [0; OPEN_STATIC + 1],
        }
    }

    /// Tags token `i`, the one after the last tagged.
    fn tag_token(&mut self, weights: &Weights, ctx: &DocContext, i: usize) {
        let class = if taggable(ctx, i, self.previous) {
            let closed = ctx.features(i, &mut self.open);
            self.open[OPEN_STATIC] = ctx.history_word_key(i, self.previous);
            let scores = weights.scores(&self.open, &closed, self.previous, self.before);
            best(&scores, self.previous)
        } else {
            O
        };
        add_to_spans(&mut self.spans, i, class);
        (self.before, self.previous) = (self.previous, class);
    }
}

/// Tags a document: the labelled token ranges (end-exclusive) of its
/// names, built as the tags are given (most tokens are `O`). Only the
/// tokens that may be tagged after an `O` (among the context's `starts`)
/// are visited, and those right after a name: every other token is `O`,
/// as [`taggable`] would say.
pub fn tag(weights: &Weights, ctx: &DocContext) -> Vec<(usize, usize, usize)> {
    let mut tags = Tags::new();
    let end = ctx.tokens.len();
    // the first token not tagged yet
    let mut next = 0;
    for start in ctx.starts.iter().map(|&i| i as usize).chain([end]) {
        while next < start && tags.previous != O {
            tags.tag_token(weights, ctx, next);
            next += 1;
        }
        if next < start {
            // tokens `next..start` are all `O`
            (tags.before, tags.previous) = (O, O);
        }
        if start < end {
            tags.tag_token(weights, ctx, start);
        }
        next = start + 1;
    }
    tags.spans
}

/// One training pass over a document: tags it with the current weights and
/// corrects every wrong decision. Returns (correct, scored) decisions.
pub fn train(
    trainer: &mut Trainer,
    ctx: &DocContext,
    gold: &[u8],
    features: &mut Vec<u64>,
) -> (usize, usize) {
    let (mut previous, mut before) = (O, O);
    let (mut correct, mut scored) = (0, 0);
    for (i, &gold_class) in gold.iter().enumerate() {
        let class = if taggable(ctx, i, previous) {
            ctx.static_features(i, features);
            ctx.history_features(i, previous, before, features);
            let mut scores = [0.0; CLASSES];
            trainer.add_scores(features, &mut scores);
            let guess = best(&scores, previous);
            // An inside tag after a missed begin is taught as a begin.
            let truth = match gold_class {
                c if is_inside(c) && !may_follow(previous, c) => c - 1,
                c => c,
            };
            trainer.update(features, truth, guess);
            scored += 1;
            correct += (truth == guess) as usize;
            guess
        } else {
            O
        };
        (before, previous) = (previous, class);
    }
    (correct, scored)
}

/// Token-level gold classes from labelled byte spans.
pub fn gold_classes(tokens: &[Token], spans: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut classes = vec![O; tokens.len()];
    for &(start, end, label) in spans {
        let mut first = true;
        for (i, token) in tokens.iter().enumerate() {
            if token.end > start && token.start < end {
                classes[i] = if first {
                    super::labels::begin(label)
                } else {
                    super::labels::inside(label)
                };
                first = false;
            }
        }
    }
    classes
}

/// Adds token `i`'s class to labelled token ranges (end-exclusive): an
/// inside tag of the last range's label right after it grows that range,
/// any other `B-`/`I-` tag starts one.
fn add_to_spans(spans: &mut Vec<(usize, usize, usize)>, i: usize, class: u8) {
    let Some(label) = label_of(class) else {
        return;
    };
    match spans.last_mut() {
        Some((_, end, open)) if *end == i && *open == label && is_inside(class) => *end = i + 1,
        _ => spans.push((i, i + 1, label)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::labels::{begin, inside, ORG, PERSON};
    use super::*;

    #[test]
    fn summed_tables_score_as_every_key_added_one_by_one() {
        let text = "Dr. Samuel Ramani of the Royal United Services Institute said on \
                    September 14, 2022 that Iran’s IRGC and Tajik officials met in Dushanbe.\n\
                    Home\n$5bn for 12 per cent of the Islamic Revival Party of Tajikistan";
        let tokens = crate::entities::english_tokens(text);
        let gazetteer = super::super::Gazetteer::builtin();
        let ctx = DocContext::new(text, &tokens, &gazetteer);
        let weights = super::super::builtin_weights();
        let (mut keys, mut open) = (Vec::new(), [0; OPEN_STATIC + 1]);
        for i in 0..tokens.len() {
            for (previous, before) in [(O, O), (begin(PERSON), O), (inside(ORG), begin(ORG))] {
                ctx.static_features(i, &mut keys);
                ctx.history_features(i, previous, before, &mut keys);
                let mut one_by_one = [0.0; CLASSES];
                weights.add_scores(&keys, &mut one_by_one);
                let closed = ctx.features(i, &mut open);
                open[OPEN_STATIC] = ctx.history_word_key(i, previous);
                assert_eq!(weights.scores(&open, &closed, previous, before), one_by_one);
            }
        }
    }

    #[test]
    fn visiting_candidates_tags_as_visiting_every_token() {
        let text = "Dr. Samuel Ramani of the Royal United Services Institute said on \
                    September 14, 2022 that Iran’s IRGC and Tajik officials met in Dushanbe.\n\
                    Home\n$5bn for 12 per cent of the Islamic Revival Party of Tajikistan, \
                    € 7 million and Bingu wa Mutharika; the Bank of England & Co.";
        let tokens = crate::entities::english_tokens(text);
        let gazetteer = super::super::Gazetteer::builtin();
        let ctx = DocContext::new(text, &tokens, &gazetteer);
        let weights = super::super::builtin_weights();
        let mut every = Tags::new();
        for i in 0..tokens.len() {
            every.tag_token(&weights, &ctx, i);
        }
        assert!(every.spans.len() > 5, "{:?}", every.spans);
        assert_eq!(tag(&weights, &ctx), every.spans);
    }

    #[test]
    fn the_best_class_is_the_best_one_that_may_follow() {
        for previous in 0..CLASSES as u8 {
            for top in 0..CLASSES {
                let mut scores = [0.0; CLASSES];
                for (class, score) in scores.iter_mut().enumerate() {
                    *score = ((class * 7 + top) % CLASSES) as f32 - (class == top) as u8 as f32;
                }
                scores[top] = 20.0;
                let expected = (0..CLASSES as u8)
                    .filter(|&c| c == O || may_follow(previous, c))
                    .fold(O, |b, c| {
                        if scores[c as usize] > scores[b as usize] {
                            c
                        } else {
                            b
                        }
                    });
                assert_eq!(best(&scores, previous), expected, "{previous} {scores:?}");
            }
        }
    }

    #[test]
    fn spans_follow_begin_and_inside_tags() {
        let classes = [
            O,
            begin(PERSON),
            inside(PERSON),
            begin(PERSON),
            O,
            begin(ORG),
            inside(ORG),
        ];
        let mut spans = Vec::new();
        for (i, &class) in classes.iter().enumerate() {
            add_to_spans(&mut spans, i, class);
        }
        assert_eq!(spans, vec![(1, 3, PERSON), (3, 4, PERSON), (5, 7, ORG)]);
    }
}
