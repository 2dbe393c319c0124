//! A small tokenizer for the entity stage's tests, training and benchmarks
//! until the `sentences` stage supplies the `tokens` layer: words (with
//! inner hyphens, apostrophes and acronym periods), numbers (with inner `,`
//! `.` `:`), one token per other character; a possessive `'s` is its own
//! token. Sentence starts follow `.`/`!`/`?` or a line break.

use pipeline::{Shape, Token, TokenKind};

pub fn simple_tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut new_line = true;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            new_line |= c == '\n';
            i += 1;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            i += 1;
            while let Some(c) = at(i) {
                let next_alnum = at(i + 1).is_some_and(char::is_alphanumeric);
                let joins = c.is_alphanumeric()
                    || (matches!(c, '-' | '‐') && next_alnum)
                    || (numeric
                        && matches!(c, ',' | '.' | ':')
                        && at(i + 1).is_some_and(|n| n.is_ascii_digit()))
                    || (!numeric
                        && matches!(c, '\'' | '’')
                        && next_alnum
                        && !is_possessive(&at, i));
                if !joins {
                    break;
                }
                i += 1;
            }
            // "U.S." and "U.N." keep their periods
            while at(i) == Some('.')
                && i - start == 1 + count_dots(&chars[start..i]) * 2
                && at(i + 1).is_some_and(char::is_alphabetic)
                && at(i + 2) == Some('.')
            {
                i += 2;
            }
            if at(i) == Some('.') && count_dots(&chars[start..i]) > 0 {
                i += 1;
            }
        } else if matches!(c, '\'' | '’') && is_possessive(&at, i) {
            i += 2;
        } else {
            i += 1;
        }
        let (s, e) = (byte(start), byte(i));
        let word = &text[s..e];
        let previous_ends = tokens
            .last()
            .is_some_and(|t| matches!(&text[t.start..t.end], "." | "!" | "?"));
        tokens.push(Token {
            start: s,
            end: e,
            kind: kind(word),
            shape: shape(word),
            sentence_start: new_line || previous_ends || tokens.is_empty(),
        });
        new_line = false;
    }
    tokens
}

fn count_dots(chars: &[(usize, char)]) -> usize {
    chars.iter().filter(|&&(_, c)| c == '.').count()
}

/// An apostrophe at `i` that starts a possessive "'s" ending a word.
fn is_possessive(at: &impl Fn(usize) -> Option<char>, i: usize) -> bool {
    matches!(at(i + 1), Some('s' | 'S')) && !at(i + 2).is_some_and(char::is_alphanumeric)
}

fn kind(word: &str) -> TokenKind {
    let first = word.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        TokenKind::Number
    } else if word.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else if first.is_ascii_punctuation()
        || matches!(first, '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '«' | '»')
    {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

fn shape(word: &str) -> Shape {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    match (upper, lower, letters) {
        (_, _, 0) => Shape::None,
        (0, l, n) if l == n => Shape::Lower,
        (0, _, _) => Shape::Other,
        (1, 0, 1) => Shape::Initial,
        (u, 0, _) if u >= 2 => Shape::Upper,
        _ if first_upper => Shape::Title,
        _ => Shape::Other,
    }
}
