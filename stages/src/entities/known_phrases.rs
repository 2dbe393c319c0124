//! Tagged spans that stop short of a gazetteer phrase they start: the tagger
//! decides token by token, so "New Year" can come out as a bare "New" DATE
//! and "New York Times" as "New York" LOC. A listed phrase is one name, so
//! such a span grows to the phrase's end and takes the phrase's label when
//! the lists give it exactly one.

use super::features::DocContext;
use super::gazetteer::{Kind, Match};
use super::labels::{DATE, LOC, NORP, ORG};
use pipeline::Shape;

/// The tagger label a gazetteer kind stands for; kinds that are evidence
/// only (given names, titles, heads, function words) stand for none.
fn label_of_kind(kind: Kind) -> Option<usize> {
    match kind {
        Kind::Organization => Some(ORG),
        Kind::Country | Kind::Place | Kind::Region => Some(LOC),
        Kind::Demonym => Some(NORP),
        Kind::Month => Some(DATE),
        _ => None,
    }
}

/// The labels a phrase's kinds stand for, one bit each.
fn label_bits(kinds: u16) -> u8 {
    Kind::ALL
        .iter()
        .filter(|k| kinds & k.bit() != 0)
        .filter_map(|&k| label_of_kind(k))
        .fold(0, |bits, label| bits | 1 << label)
}

/// The label of a span grown to `phrase`: the phrase's own when the lists
/// give one, the tagger's when it is among the phrase's; `None` when the
/// phrase says nothing of the span's label.
fn grown_label(phrase: &Match, tagged: usize) -> Option<usize> {
    let bits = label_bits(phrase.kinds);
    if bits.is_power_of_two() {
        Some(bits.trailing_zeros() as usize)
    } else {
        (bits & 1 << tagged != 0).then_some(tagged)
    }
}

/// Grows each `(start, end, label)` token span that starts a gazetteer
/// phrase and ends inside it to the phrase's end; a following span wholly
/// inside the phrase is absorbed, one that runs past it leaves the span as
/// it was.
pub fn grow_to_phrases(ctx: &DocContext, spans: &mut Vec<(usize, usize, usize)>) {
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    let mut absorbed_until = 0;
    for (i, &(start, end, label)) in spans.iter().enumerate() {
        if end <= absorbed_until {
            continue;
        }
        let grown = ctx
            .phrase_at(start)
            .filter(|phrase| phrase.end > end)
            // "the Labour party", "the Indian ocean": a lower-case tail is
            // the writer's own phrase, not the listed name
            .filter(|phrase| ctx.tokens[phrase.end - 1].shape != Shape::Lower)
            .filter(|phrase| {
                spans[i + 1..]
                    .iter()
                    .take_while(|next| next.0 < phrase.end)
                    .all(|next| next.1 <= phrase.end)
            })
            .and_then(|phrase| Some((phrase.end, grown_label(phrase, label)?)));
        match grown {
            Some((phrase_end, label)) => {
                out.push((start, phrase_end, label));
                absorbed_until = phrase_end;
            }
            None => out.push((start, end, label)),
        }
    }
    *spans = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::testing::apply_to_token_spans;

    fn grown(text: &str, spans: &[(&str, usize)]) -> Vec<(String, usize)> {
        apply_to_token_spans(grow_to_phrases, text, spans)
    }

    #[test]
    fn spans_grow_to_the_phrase_they_start() {
        assert_eq!(
            grown("Sales rose over the New Year holiday.", &[("New", DATE)]),
            [("New Year".to_string(), DATE)]
        );
        // the phrase's label wins, and a span inside it is absorbed
        assert_eq!(
            grown(
                "He wrote in the New York Times today.",
                &[("New York", LOC), ("Times", ORG)]
            ),
            [("New York Times".to_string(), ORG)]
        );
        // a span running past the phrase leaves both as they were
        assert_eq!(
            grown(
                "The New York Times Square crowd.",
                &[("New York", LOC), ("Times Square", LOC)]
            ),
            [
                ("New York".to_string(), LOC),
                ("Times Square".to_string(), LOC)
            ]
        );
        // a span that is the whole phrase, or no phrase, is unchanged
        assert_eq!(
            grown(
                "Talks in Tehran and Ramani spoke.",
                &[("Tehran", LOC), ("Ramani", 0)]
            ),
            [("Tehran".to_string(), LOC), ("Ramani".to_string(), 0)]
        );
    }
}
