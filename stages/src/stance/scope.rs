//! The rules layer: reads the tokens of one unit (a sentence, or the part of
//! it inside a quote) into sentiment cues with weights adjusted by negation,
//! hedges, intensifiers and contrast, and marks clause boundaries.
//!
//! Everything here is independent of the target, so it is computed once per
//! unit and shared by every target mention in it.

use super::lexicon::{Lexicon, Modifier, WordCache, WordInfo};
use pipeline::{Token, TokenKind};

/// One token of a unit, as the stance rules see it.
#[derive(Debug, Clone, Copy)]
pub struct ScopeToken {
    pub info: WordInfo,
    pub is_word: bool,
    /// Inside an entity mention: its words carry no sentiment.
    pub masked: bool,
    /// Ends a clause (punctuation, or a contrast word).
    pub boundary: bool,
    /// Index of the clause within the unit.
    pub clause: u16,
    /// The cue's valence after the rules, on VADER's -4..4 scale; 0 when the
    /// token is not a cue.
    pub valence: f32,
    /// A cue spanning several tokens (a phrase) ends before this token.
    pub cue_end: u32,
    /// The negator that flipped this cue.
    pub negated_by: Option<u32>,
}

/// Punctuation that ends a clause, judged by its first character: one of
/// `,;:()-"?!.` or, in UTF-8, `—` `–` `“` `”` `…` (all `E2 80 xx`). Read
/// from the bytes: no character decoding per token.
fn is_clause_break(word: &[u8]) -> bool {
    matches!(
        word,
        [
            b',' | b';' | b':' | b'(' | b')' | b'-' | b'"' | b'?' | b'!' | b'.',
            ..
        ] | [0xE2, 0x80, 0x93 | 0x94 | 0x9C | 0x9D | 0xA6, ..]
    )
}

/// Reads `tokens` into `out` (cleared first). `masked[i]` says whether
/// token `i` is part of an entity name.
pub fn read_scope(
    text: &str,
    tokens: &[Token],
    masked: &[bool],
    lexicon: &Lexicon,
    out: &mut Vec<ScopeToken>,
) {
    out.clear();
    lexicon.with_cache(|words| read_tokens(text, tokens, masked, words, out));
    match_phrases(lexicon, out);
    apply_modifiers(out);
}

fn read_tokens(
    text: &str,
    tokens: &[Token],
    masked: &[bool],
    words: &mut WordCache,
    out: &mut Vec<ScopeToken>,
) {
    let mut clause: u16 = 0;
    // Extended from zipped slices, so sized once and written without a
    // capacity check per token.
    let read = tokens
        .iter()
        .zip(masked)
        .enumerate()
        .map(|(i, (token, &masked))| {
            let is_word = token.kind == TokenKind::Word;
            // Only unmasked words are looked up (an unknown word modifies
            // nothing), only punctuation is read as a clause break.
            let (info, boundary) = if !is_word {
                (WordInfo::UNKNOWN, is_clause_break(token_bytes(text, token)))
            } else if masked {
                (WordInfo::UNKNOWN, false)
            } else {
                let info = words.get_bytes(token_bytes(text, token), || token.text(text));
                let boundary = matches!(
                    info.modifier,
                    Modifier::Contrast(_) | Modifier::Concession(_)
                );
                (info, boundary)
            };
            let opens = matches!(info.modifier, Modifier::Concession(_));
            if boundary && opens {
                // "although" opens the clause it belongs to.
                clause += 1;
            }
            let read = ScopeToken {
                info,
                is_word,
                masked,
                boundary,
                clause,
                valence: info.valence,
                cue_end: i as u32 + 1,
                negated_by: None,
            };
            if boundary && !opens {
                clause += 1;
            }
            read
        });
    out.extend(read);
}

/// The bytes of `token` (empty if its span is not in `text`): the lookup
/// reads bytes, and slicing a `str` would check character boundaries.
fn token_bytes<'t>(text: &'t str, token: &Token) -> &'t [u8] {
    text.as_bytes().get(token.start..token.end).unwrap_or(&[])
}

/// A phrase cue puts its valence on its first token and silences the rest.
fn match_phrases(lexicon: &Lexicon, scope: &mut [ScopeToken]) {
    let mut i = 0;
    while i < scope.len() {
        let mut matched = None;
        if scope[i].info.starts_phrase {
            for phrase in lexicon.phrases_from(scope[i].info.stem) {
                let n = phrase.stems.len();
                if i + n <= scope.len()
                    && phrase
                        .stems
                        .iter()
                        .zip(&scope[i..i + n])
                        .all(|(s, t)| *s == t.info.stem && !t.masked)
                {
                    matched = Some((n, phrase.valence));
                    break;
                }
            }
        }
        if let Some((n, valence)) = matched {
            scope[i].valence = valence;
            scope[i].info.stance_cue = true;
            scope[i].cue_end = (i + n) as u32;
            for t in &mut scope[i + 1..i + n] {
                t.valence = 0.0;
                t.info.modifier = Modifier::None;
            }
            i += n;
        } else {
            i += 1;
        }
    }
}

/// Negation and hedges to the end of the clause, intensifiers on the next
/// cue, contrast and concession weights.
fn apply_modifiers(scope: &mut [ScopeToken]) {
    let mut negator: Option<(usize, f32)> = None;
    let mut hedge = 1.0f32;
    let mut boost: Option<(usize, f32)> = None;
    let mut concession = 1.0f32;
    let mut clause = 0;
    for i in 0..scope.len() {
        if scope[i].clause != clause {
            clause = scope[i].clause;
            negator = None;
            hedge = 1.0;
            boost = None;
            concession = 1.0;
        }
        match scope[i].info.modifier {
            Modifier::Negator(f) => negator = Some((i, f)),
            Modifier::Hedge(f) => hedge *= f,
            Modifier::Intensifier(f) => boost = Some((i, f)),
            Modifier::Concession(f) => concession = f,
            Modifier::Contrast(f) => {
                for t in &mut scope[..i] {
                    t.valence *= f;
                }
            }
            Modifier::None => {}
        }
        if scope[i].valence != 0.0 {
            let mut v = scope[i].valence * hedge * concession;
            if let Some((at, f)) = boost.take() {
                if i - at <= 2 {
                    v *= f;
                }
            }
            if let Some((at, f)) = negator {
                v *= f;
                scope[i].negated_by = Some(at as u32);
            }
            scope[i].valence = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{english, tokenize};
    use super::*;

    fn valences(text: &str) -> Vec<(String, f32)> {
        let tokens = tokenize(text);
        let mut scope = Vec::new();
        read_scope(
            text,
            &tokens,
            &vec![false; tokens.len()],
            english(),
            &mut scope,
        );
        tokens
            .iter()
            .zip(&scope)
            .filter(|(_, s)| s.valence != 0.0)
            .map(|(t, s)| (t.text(text).to_string(), s.valence))
            .collect()
    }

    #[test]
    fn negation_flips_to_the_end_of_the_clause_only() {
        let v = valences("They do not trust the plan, but welcome the talks.");
        let trust = v.iter().find(|(w, _)| w == "trust").unwrap().1;
        let welcome = v.iter().find(|(w, _)| w == "welcome").unwrap().1;
        assert!(trust < 0.0, "{v:?}");
        assert!(welcome > 0.0, "{v:?}");
        // "but" weakens what came before it.
        assert!(welcome.abs() > trust.abs(), "{v:?}");
    }

    #[test]
    fn contracted_negation_and_hedge() {
        let v = valences("I don't think they would help.");
        assert!(v[0].1 < 0.0 && v[0].1 > -2.0, "{v:?}");
    }

    #[test]
    fn intensifier_strengthens_the_next_cue() {
        let plain = valences("It was a good deal.")[0].1;
        let strong = valences("It was a very good deal.")[0].1;
        assert!(strong > plain);
    }

    #[test]
    fn phrase_cue_counts_once() {
        let v = valences("The army is earning its stripes.");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].0, "earning");
        assert!(v[0].1 > 1.0);
    }

    #[test]
    fn clause_breaks_are_read_from_the_first_bytes() {
        let breaks = ",;:()—–-\"“”?!.…";
        for c in breaks.chars() {
            let word = format!("{c}x");
            assert!(is_clause_break(word.as_bytes()), "{c}");
        }
        // Apostrophes and other marks of the same UTF-8 lead bytes do not.
        for word in ["’", "‘", "'", "„", "•", "x.", "", "/", "€"] {
            assert!(!is_clause_break(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn topic_nouns_are_not_sentiment() {
        assert!(valences("The peace talks on border security resumed.").is_empty());
    }
}
