//! Test support for the rules that rework the tagger's token spans.

use super::features::DocContext;
use super::{english_tokens, Gazetteer};

/// A token-span rule's result on `text`, for spans given as (the first
/// occurrence of their text, label), in text order: the spans after the
/// rule as (text, label).
pub fn apply_to_token_spans(
    rule: fn(&DocContext, &mut Vec<(usize, usize, usize)>),
    text: &str,
    spans: &[(&str, usize)],
) -> Vec<(String, usize)> {
    let gazetteer = Gazetteer::builtin();
    let tokens = english_tokens(text);
    let ctx = DocContext::new(text, &tokens, &gazetteer);
    let mut tagged: Vec<(usize, usize, usize)> = spans
        .iter()
        .map(|&(part, label)| {
            let start = text.find(part).expect("the span's text is in the text");
            let first = tokens.iter().position(|t| t.start == start).unwrap();
            let last = tokens
                .iter()
                .rposition(|t| t.end == start + part.len())
                .unwrap();
            (first, last + 1, label)
        })
        .collect();
    rule(&ctx, &mut tagged);
    tagged
        .iter()
        .map(|&(s, e, label)| (text[tokens[s].start..tokens[e - 1].end].to_string(), label))
        .collect()
}
