//! Lower-case particles inside people's names: "Omar al-Bashir", "Luiz
//! Inácio Lula da Silva", "Charles de Gaulle", "Mohammed bin Salman". The
//! tagger, deciding word by word, often stops at the particle and leaves
//! "Omar" and "Bashir" as two people; a particle between a person's span and
//! a capitalised word joins them, and a particle right before a person's
//! span that follows no name is part of it ("dos Santos", "al-Assad").

use super::features::{same_line, DocContext};
use super::labels::PERSON;
use super::word_list::WordList;
use pipeline::{Shape, TokenKind};

/// Particles of Arabic, Portuguese, Spanish, French, Italian, Dutch and
/// German names (not "la", "le", "do", "y": common words of running text).
const PARTICLES: WordList = WordList::new(&[
    "al", "el", "bin", "ibn", "bint", "da", "das", "dos", "de", "del", "della", "di", "du", "van",
    "von", "der", "den", "ter",
]);

/// Whether token `i` is a lower-case particle.
fn is_particle(ctx: &DocContext, i: usize) -> bool {
    let token = &ctx.tokens[i];
    token.kind == TokenKind::Word
        && token.shape == Shape::Lower
        && PARTICLES.contains(token.text(ctx.text))
}

/// Whether token `i` is a hyphen written without spaces ("al-Bashir").
fn is_joining_hyphen(ctx: &DocContext, i: usize) -> bool {
    let tokens = ctx.tokens;
    i > 0
        && i + 1 < tokens.len()
        && tokens[i].text(ctx.text) == "-"
        && tokens[i - 1].end == tokens[i].start
        && tokens[i].end == tokens[i + 1].start
}

/// The token after the particles (each perhaps with its hyphen) from `i`
/// on, when there is at least one and the run stays on one line.
fn after_particles(ctx: &DocContext, mut i: usize) -> Option<usize> {
    let first = i;
    while i < ctx.tokens.len() && is_particle(ctx, i) {
        i += 1 + is_joining_hyphen(ctx, i + 1) as usize;
    }
    (i > first && i < ctx.tokens.len() && same_line(ctx.text, ctx.tokens, first - 1, i))
        .then_some(i)
}

/// Joins and extends PERSON `(start, end, label)` token spans over name
/// particles, as the module says.
pub fn join_over_particles(ctx: &DocContext, spans: &mut Vec<(usize, usize, usize)>) {
    let tokens = ctx.tokens;
    let title = |i: usize| tokens[i].shape == Shape::Title;
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    let mut next = 0;
    while next < spans.len() {
        let (mut start, mut end, label) = spans[next];
        next += 1;
        if label != PERSON {
            out.push((start, end, label));
            continue;
        }
        // "dos Santos": particles before, and no name before them
        let mut first = start;
        while first >= 2 && is_joining_hyphen(ctx, first - 1) && is_particle(ctx, first - 2) {
            first -= 2;
        }
        while first >= 1 && is_particle(ctx, first - 1) {
            first -= 1;
        }
        let after_name = first >= 1
            && matches!(tokens[first - 1].shape, Shape::Title | Shape::Upper)
            && same_line(ctx.text, tokens, first - 1, first);
        let free = out.last().is_none_or(|previous| previous.1 <= first);
        if first < start && !after_name && free && same_line(ctx.text, tokens, first, start) {
            start = first;
        }
        // "Omar" + "al-" + "Bashir": the next span or capitalised word
        while let Some(word) = after_particles(ctx, end).filter(|&i| title(i)) {
            match spans.get(next) {
                Some(&(s, e, _)) if s == word => {
                    end = e;
                    next += 1;
                }
                Some(&(s, _, _)) if s < word => break,
                _ => {
                    end = word + 1;
                    while end < tokens.len()
                        && title(end)
                        && same_line(ctx.text, tokens, end - 1, end)
                        && spans.get(next).is_none_or(|&(s, _, _)| s > end)
                    {
                        end += 1;
                    }
                }
            }
        }
        out.push((start, end, label));
    }
    *spans = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::testing::apply_to_token_spans;

    /// The spans after the rule, for spans given as (text, label).
    fn joined(text: &str, spans: &[(&str, usize)]) -> Vec<(String, usize)> {
        apply_to_token_spans(join_over_particles, text, spans)
    }

    fn person(text: &str) -> (String, usize) {
        (text.to_string(), PERSON)
    }

    #[test]
    fn particles_join_a_persons_name() {
        assert_eq!(
            joined(
                "Omar al-Bashir met Lula da Silva and later dos Santos.",
                &[
                    ("Omar", PERSON),
                    ("Bashir", PERSON),
                    ("Lula", PERSON),
                    ("Santos", PERSON)
                ]
            ),
            [
                person("Omar al-Bashir"),
                person("Lula da Silva"),
                person("dos Santos")
            ]
        );
        assert_eq!(
            joined(
                "Charles de Gaulle spoke; Mohammed bin Salman listened.",
                &[("Charles", PERSON), ("Mohammed", PERSON)]
            ),
            [person("Charles de Gaulle"), person("Mohammed bin Salman")]
        );
    }

    #[test]
    fn other_labels_lines_and_lower_case_words_stay_apart() {
        const ORG: usize = 1;
        assert_eq!(
            joined(
                "The Bank of England and Ramani de\nGaulle met Ramani de la mer.",
                &[("Bank", ORG), ("Ramani", PERSON), ("Gaulle", PERSON)]
            ),
            [
                ("Bank".to_string(), ORG),
                person("Ramani"),
                person("Gaulle")
            ]
        );
    }
}
