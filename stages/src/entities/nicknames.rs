//! Nicknames in quotation marks inside a person's name: "Joaquín “El
//! Chapo” Guzmán", "Marion "Suge" Knight", "Ahmed 'Mido' Hossam". The
//! tagger stops at the mark and leaves two or three people; a quoted run of
//! one to three capitalised words between two person spans on one line
//! makes them one name. Both sides must be people, so a headline's quoted
//! title ("Trump’s ‘Working Class’ Support") is left alone.

use super::features::{same_line, DocContext};
use super::labels::PERSON;
use pipeline::Shape;

/// The most words a nickname has ("El Mayo", "Big Bad John").
const MAX_WORDS: usize = 3;

fn is_opening_mark(mark: &str) -> bool {
    matches!(mark, "“" | "‘" | "\"" | "'" | "«" | "„")
}

fn is_closing_mark(mark: &str) -> bool {
    matches!(mark, "”" | "’" | "\"" | "'" | "»" | "“")
}

/// The token after the closing mark of a quoted nickname opening at token
/// `open`, when there is one: the mark follows a space, the words are
/// capitalised, and the closing mark touches the last of them.
fn after_nickname(ctx: &DocContext, open: usize) -> Option<usize> {
    let tokens = ctx.tokens;
    let spaced = |i: usize| tokens[i].start > tokens[i - 1].end;
    let mark = |i: usize| tokens.get(i).map(|t| t.text(ctx.text));
    if open == 0
        || open >= tokens.len()
        || !spaced(open)
        || !mark(open).is_some_and(is_opening_mark)
    {
        return None;
    }
    let words = tokens[open + 1..]
        .iter()
        .take(MAX_WORDS + 1)
        .take_while(|t| matches!(t.shape, Shape::Title | Shape::Upper | Shape::Initial))
        .count()
        .min(MAX_WORDS);
    let close = open + 1 + words;
    (words > 0 && mark(close).is_some_and(is_closing_mark) && !spaced(close))
        .then_some(close + 1)
        .filter(|&after| after < tokens.len() && spaced(after))
}

/// Joins PERSON `(start, end, label)` token spans around a quoted
/// nickname, absorbing any span inside the quotes.
pub fn join_over_nicknames(ctx: &DocContext, spans: &mut Vec<(usize, usize, usize)>) {
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    let mut next = 0;
    while next < spans.len() {
        let (start, mut end, label) = spans[next];
        next += 1;
        if label == PERSON {
            if let Some(after) = after_nickname(ctx, end) {
                // the spans after this one up to the surname's
                let inside = spans[next..].iter().take_while(|s| s.0 < after).count();
                let surname = spans.get(next + inside);
                if let Some(&(s, e, PERSON)) = surname {
                    if s == after && same_line(ctx.text, ctx.tokens, start, s) {
                        end = e;
                        next += inside + 1;
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
    use super::super::labels::ORG;
    use super::*;
    use crate::entities::testing::apply_to_token_spans;

    fn joined(text: &str, spans: &[(&str, usize)]) -> Vec<(String, usize)> {
        apply_to_token_spans(join_over_nicknames, text, spans)
    }

    fn person(text: &str) -> (String, usize) {
        (text.to_string(), PERSON)
    }

    #[test]
    fn a_quoted_nickname_joins_a_persons_names() {
        assert_eq!(
            joined(
                "Joaquín “El Chapo” Guzmán met Marion \"Suge\" Knight and Ahmed 'Mido' Hossam.",
                &[
                    ("Joaquín", PERSON),
                    ("El Chapo", PERSON),
                    ("Guzmán", PERSON),
                    ("Marion", PERSON),
                    ("Knight", PERSON),
                    ("Ahmed", PERSON),
                    ("Mido", PERSON),
                    ("Hossam", PERSON),
                ]
            ),
            [
                person("Joaquín “El Chapo” Guzmán"),
                person("Marion \"Suge\" Knight"),
                person("Ahmed 'Mido' Hossam"),
            ]
        );
    }

    #[test]
    fn titles_other_labels_and_lines_stay_apart() {
        // a quoted title between a person and an organisation
        assert_eq!(
            joined(
                "Smith “Good Morning” Reuters",
                &[("Smith", PERSON), ("Reuters", ORG)]
            ),
            [person("Smith"), ("Reuters".to_string(), ORG)]
        );
        // lower-case words, too many words, a line break
        for text in [
            "Smith “the boss” Jones",
            "Smith “A B C D” Jones",
            "Smith “Boss”\nJones",
            "Smith “Boss Jones",
        ] {
            assert_eq!(
                joined(text, &[("Smith", PERSON), ("Jones", PERSON)]),
                [person("Smith"), person("Jones")],
                "{text}"
            );
        }
    }
}
