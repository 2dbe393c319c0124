//! A plain tokenizer for stance tests and the stance tools in `examples/`,
//! standing in for the `sentences` stage where it is not in the pipeline.

use pipeline::{Shape, Token, TokenKind};

/// Splits `text` into words (letters and digits, with inner apostrophes and
/// hyphens) and single punctuation marks; byte offsets.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(i, d)) = chars.peek() {
                let inner = matches!(d, '\'' | '’' | '-')
                    && text[i + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || inner {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        let word = &text[start..end];
        let kind = if word.chars().any(char::is_alphabetic) {
            TokenKind::Word
        } else if c.is_numeric() {
            TokenKind::Number
        } else {
            TokenKind::Punct
        };
        let shape = if kind != TokenKind::Word {
            Shape::None
        } else if word.chars().all(char::is_lowercase) {
            Shape::Lower
        } else {
            Shape::Title
        };
        tokens.push(Token {
            start,
            end,
            kind,
            shape,
            sentence_start: tokens.is_empty(),
        });
    }
    tokens
}
