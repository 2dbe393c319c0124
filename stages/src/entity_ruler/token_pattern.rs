//! Token patterns: a sequence of conditions on tokens, spaCy's Matcher
//! syntax kept small: `[{"lower": "prime"}, {"lower": "minister"},
//! {"shape": "title", "op": "+"}]`.
//!
//! Keys (upper or lower case): `text` (or `orth`), `lower` — a string, or
//! `{"in": [...]}`; `shape` — lower, title, upper, initial, other, none;
//! `kind` — word, number, punct, symbol; `op` — `?` (optional), `*`, `+`.
//! `{}` is any one token. A match never crosses a sentence start.

use pipeline::{Shape, Token, TokenKind};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct TokenPattern(Vec<TokenSpec>);

#[derive(Debug, Clone, PartialEq)]
struct TokenSpec {
    text: Option<Vec<String>>,
    lower: Option<Vec<String>>,
    shape: Option<Shape>,
    kind: Option<TokenKind>,
    op: Op,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    One,
    Optional,
    Any,
    Some,
}

impl TokenPattern {
    /// Reads a pattern; the error names the bad key or value.
    pub fn parse(specs: &[Value]) -> Result<TokenPattern, String> {
        if specs.is_empty() {
            return Err("an empty token pattern".into());
        }
        let specs = specs
            .iter()
            .map(|spec| match spec {
                Value::Object(map) => TokenSpec::parse(map),
                other => Err(format!(
                    "a token pattern item must be an object, not {other}"
                )),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if specs.iter().all(|s| matches!(s.op, Op::Optional | Op::Any)) {
            return Err("every item is optional: the pattern would match nothing".into());
        }
        Ok(TokenPattern(specs))
    }

    /// The end (exclusive token index) of the longest match starting at
    /// token `at`, if any.
    pub fn longest_at(&self, tokens: &[Token], text: &str, at: usize) -> Option<usize> {
        longest(&self.0, tokens, text, at, at).filter(|&end| end > at)
    }
}

/// The longest end of `specs` matched from token `at`; `start` is where the
/// whole match began (a sentence start after it is a barrier).
fn longest(
    specs: &[TokenSpec],
    tokens: &[Token],
    text: &str,
    start: usize,
    at: usize,
) -> Option<usize> {
    let Some((spec, rest)) = specs.split_first() else {
        return Some(at);
    };
    let fits = |i: usize| {
        i < tokens.len()
            && (i == start || !tokens[i].sentence_start)
            && spec.matches(&tokens[i], text)
    };
    let (min, max) = match spec.op {
        Op::One => (1, 1),
        Op::Optional => (0, 1),
        Op::Any => (0, usize::MAX),
        Op::Some => (1, usize::MAX),
    };
    let mut run = 0;
    while run < max && fits(at + run) {
        run += 1;
    }
    (min..=run)
        .rev()
        .filter_map(|n| longest(rest, tokens, text, start, at + n))
        .max()
}

impl TokenSpec {
    fn parse(map: &Map<String, Value>) -> Result<TokenSpec, String> {
        let mut spec = TokenSpec {
            text: None,
            lower: None,
            shape: None,
            kind: None,
            op: Op::One,
        };
        for (key, value) in map {
            match key.to_lowercase().as_str() {
                "text" | "orth" => spec.text = Some(strings(key, value, false)?),
                "lower" => spec.lower = Some(strings(key, value, true)?),
                "shape" => spec.shape = Some(enum_value(key, value)?),
                "kind" => spec.kind = Some(enum_value(key, value)?),
                "op" => {
                    spec.op = match value.as_str() {
                        Some("?") => Op::Optional,
                        Some("*") => Op::Any,
                        Some("+") => Op::Some,
                        Some("1") | Some("") => Op::One,
                        _ => {
                            return Err(format!(
                                "`{key}` must be one of \"?\", \"*\", \"+\", not {value}"
                            ))
                        }
                    }
                }
                _ => {
                    return Err(format!(
                        "unknown token attribute `{key}` (known: text, lower, shape, kind, op)"
                    ))
                }
            }
        }
        Ok(spec)
    }

    fn matches(&self, token: &Token, text: &str) -> bool {
        let word = token.text(text);
        self.text
            .as_ref()
            .is_none_or(|options| options.iter().any(|o| o == word))
            && self.lower.as_ref().is_none_or(|options| {
                let lower = token.lower(text);
                options.iter().any(|o| *o == lower)
            })
            && self.shape.is_none_or(|shape| token.shape == shape)
            && self.kind.is_none_or(|kind| token.kind == kind)
    }
}

/// `"x"` or `{"in": ["x", "y"]}`; lowercased for `lower`.
fn strings(key: &str, value: &Value, lowercase: bool) -> Result<Vec<String>, String> {
    let list = match value {
        Value::String(s) => vec![s.clone()],
        Value::Object(map) if map.len() == 1 => match map.iter().next() {
            Some((k, Value::Array(items))) if k.eq_ignore_ascii_case("in") => items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("`{key}.in` must list strings"))?,
            _ => return Err(format!("`{key}` must be a string or {{\"in\": [...]}}")),
        },
        _ => return Err(format!("`{key}` must be a string or {{\"in\": [...]}}")),
    };
    Ok(if lowercase {
        list.iter().map(|s| s.to_lowercase()).collect()
    } else {
        list
    })
}

fn enum_value<T: serde::de::DeserializeOwned>(key: &str, value: &Value) -> Result<T, String> {
    let lower = value.as_str().map(|s| Value::String(s.to_lowercase()));
    serde_json::from_value(lower.unwrap_or_else(|| value.clone()))
        .map_err(|e| format!("`{key}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Tokens of a whitespace-separated text, shapes and kinds as a
    /// tokenizer would give them.
    fn tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut offset = 0;
        for word in text.split(' ') {
            let first_upper = word.chars().next().is_some_and(char::is_uppercase);
            let shape = if word.chars().all(|c| !c.is_alphabetic()) {
                Shape::None
            } else if first_upper && word.chars().skip(1).all(char::is_lowercase) {
                Shape::Title
            } else if word.chars().all(char::is_lowercase) {
                Shape::Lower
            } else {
                Shape::Other
            };
            let kind = if word.chars().all(|c| c.is_ascii_digit()) {
                TokenKind::Number
            } else if word.chars().all(|c| c.is_ascii_punctuation()) {
                TokenKind::Punct
            } else {
                TokenKind::Word
            };
            out.push(Token {
                start: offset,
                end: offset + word.len(),
                kind,
                shape,
                sentence_start: false,
            });
            offset += word.len() + 1;
        }
        out
    }

    fn pattern(value: Value) -> TokenPattern {
        TokenPattern::parse(value.as_array().unwrap()).unwrap()
    }

    #[test]
    fn ops_match_the_longest_run() {
        let text = "said Prime Minister Kyriakos Mitsotakis on Monday";
        let toks = tokens(text);
        let p = pattern(
            json!([{"LOWER": "prime"}, {"lower": "minister"}, {"shape": "title", "op": "+"}]),
        );
        assert_eq!(p.longest_at(&toks, text, 1), Some(5));
        assert_eq!(p.longest_at(&toks, text, 0), None);
        let p = pattern(
            json!([{"lower": {"in": ["prime", "deputy"]}, "op": "?"}, {"lower": "minister"}]),
        );
        assert_eq!(p.longest_at(&toks, text, 1), Some(3));
        assert_eq!(p.longest_at(&toks, text, 2), Some(3));
        // `+` backs off so the rest can match: Title+ then "on".
        let p = pattern(json!([{"shape": "title", "op": "+"}, {"text": "on"}]));
        assert_eq!(p.longest_at(&toks, text, 3), Some(6));
    }

    #[test]
    fn numbers_kinds_and_unicode_lower() {
        let text = "ÖSTERREICH won 3 medals";
        let toks = tokens(text);
        let p = pattern(json!([{"lower": "österreich"}, {}, {"kind": "number"}]));
        assert_eq!(p.longest_at(&toks, text, 0), Some(3));
    }

    #[test]
    fn a_match_stops_at_a_sentence_start() {
        let text = "Smith said. Jones Smith Brown";
        let mut toks = tokens(text);
        let p = pattern(json!([{"shape": "title", "op": "+"}]));
        assert_eq!(p.longest_at(&toks, text, 2), Some(5));
        toks[3].sentence_start = true;
        assert_eq!(p.longest_at(&toks, text, 2), Some(3));
        assert_eq!(p.longest_at(&toks, text, 3), Some(5));
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        let err = |v: Value| TokenPattern::parse(v.as_array().unwrap()).unwrap_err();
        assert!(err(json!([{"POS": "PROPN"}])).contains("unknown token attribute `POS`"));
        assert!(err(json!([{"shape": "xxx"}])).contains("`shape`"));
        assert!(err(json!([{"op": "?"}])).contains("match nothing"));
        assert!(err(json!([])).contains("empty"));
    }
}
