//! Capitalised common words the tagger takes for names: a sentence opens
//! with "Analysts", "Film" or "Cup", and the tagger, which has seen few of
//! them, guesses a name. The document itself tells: a word its writer also
//! uses in lower case is a common word. No gazetteer phrase is dropped, and a
//! person's bare last name the tagger missed this way comes back with the
//! last-name pass ("Brown said" after "Gordon Brown"). An acronym in the
//! plural ("PCs", "DVDs", "MEPs") is a kind of thing or of people, not a
//! name, wherever it stands.

use super::features::DocContext;
use super::labels::ORG;
use pipeline::Shape;

/// Whether `word` (ASCII letters) occurs in `text` in lower case as a word
/// of its own.
fn used_in_lower_case(text: &str, word: &str) -> bool {
    let mut lower = [0u8; 32];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let bytes = text.as_bytes();
    // a word of running text, not part of a web address's slug
    // ("/article/3185609/south-koreas-yoon-faces…") or a compound
    let joined = |b: &u8| b.is_ascii_alphanumeric() || b"/-_.@".contains(b);
    // memchr's vector search: `str::match_indices` reads the whole text at
    // a fraction of its speed (the same non-overlapping matches)
    memchr::memmem::find_iter(bytes, &*lower).any(|at| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + lower.len());
        !before.as_ref().is_some_and(joined) && !after.is_some_and(joined)
    })
}

/// Drops each one-token span that opens a sentence, is listed in no
/// gazetteer, and whose word (or its singular) the document also writes in
/// lower case.
pub fn drop_sentence_initial_common_words(
    ctx: &DocContext,
    spans: &mut Vec<(usize, usize, usize)>,
) {
    spans.retain(|&(start, end, _)| {
        let token = &ctx.tokens[start];
        let candidate = end == start + 1
            && token.sentence_start
            && token.shape == Shape::Title
            && ctx.begins[start] | ctx.insides[start] == 0;
        if !candidate {
            return true;
        }
        let word = token.text(ctx.text);
        let letters = word.len() <= 32 && word.bytes().all(|b| b.is_ascii_alphabetic());
        // "Analysts" opens a sentence, "an analyst" is in the next one
        let singular = word.strip_suffix('s').filter(|w| w.len() >= 3);
        !(letters
            && (used_in_lower_case(ctx.text, word)
                || singular.is_some_and(|w| used_in_lower_case(ctx.text, w))))
    });
}

/// Whether `word` is two or more capitals and a plural "s": "PCs", "NGOs".
fn is_plural_acronym(word: &str) -> bool {
    word.strip_suffix('s')
        .is_some_and(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Drops each one-token span that is an acronym in the plural, unless the
/// tagger calls it an organisation ("SMEs", "IITs" can be one) or a
/// gazetteer lists it.
pub fn drop_plural_acronyms(ctx: &DocContext, spans: &mut Vec<(usize, usize, usize)>) {
    spans.retain(|&(start, end, label)| {
        end != start + 1
            || label == ORG
            || ctx.begins[start] | ctx.insides[start] != 0
            || !is_plural_acronym(ctx.tokens[start].text(ctx.text))
    });
}

#[cfg(test)]
mod tests {
    use super::super::labels::{LOC, NORP, PERSON};
    use super::*;
    use crate::entities::testing::apply_to_token_spans;

    /// The texts of the one-word spans `rule` keeps.
    fn kept_by(
        rule: fn(&DocContext, &mut Vec<(usize, usize, usize)>),
        text: &str,
        words: &[(&str, usize)],
    ) -> Vec<String> {
        apply_to_token_spans(rule, text, words)
            .into_iter()
            .map(|(word, _)| word)
            .collect()
    }

    fn kept(text: &str, words: &[&str]) -> Vec<String> {
        let words: Vec<(&str, usize)> = words.iter().map(|&w| (w, PERSON)).collect();
        kept_by(drop_sentence_initial_common_words, text, &words)
    }

    #[test]
    fn capitalised_common_words_go_and_names_stay() {
        let text = "Analysts expect growth. One analyst disagrees. Ramani said so. \
                    Tehran disagreed. Okafor left, says example.com/okafor-story.";
        // "Analysts" is written in lower case elsewhere; "Ramani" is not,
        // nor "Okafor" outside a web address; "Tehran" is a listed place
        assert_eq!(
            kept(text, &["Analysts", "Ramani", "Tehran", "Okafor"]),
            ["Ramani", "Tehran", "Okafor"]
        );
        // a lower-case form inside another word does not count
        assert_eq!(kept("Cup winners. The cupboard.", &["Cup"]), ["Cup"]);
    }

    #[test]
    fn plural_acronyms_are_not_names_unless_organisations() {
        let text = "Sales of PCs and DVDs rose, MEPs said, as did SMEs and the UN and DVDs Ltd.";
        let spans = [
            ("PCs", PERSON),
            ("DVDs", LOC),
            ("MEPs", NORP),
            ("SMEs", ORG),
            ("UN", ORG),
        ];
        assert_eq!(kept_by(drop_plural_acronyms, text, &spans), ["SMEs", "UN"]);
        assert!(!is_plural_acronym("Ps") && !is_plural_acronym("PCS"));
        assert!(is_plural_acronym("NGOs"));
    }
}
