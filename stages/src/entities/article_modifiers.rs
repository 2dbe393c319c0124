//! A lone capitalised word right after an article is mostly a modifier of
//! a thing, not a person: "the Ebola epidemic", "an Aadhaar card", "the
//! Opposition benches". The tagger reads such a word as a surname. A person
//! in that place ("the Biden administration") is one the document names in
//! full elsewhere, so only a word that is in no longer PERSON span of the
//! document is dropped.

use super::features::DocContext;
use super::labels::PERSON;

/// Whether `word` is an article.
fn is_article(word: &str) -> bool {
    matches!(word, "a" | "an" | "the" | "A" | "An" | "The")
}

/// Drops each one-token PERSON span right after an article whose word is no
/// token of a PERSON span of two or more tokens.
pub fn drop_bare_names_after_articles(ctx: &DocContext, spans: &mut Vec<(usize, usize, usize)>) {
    let word = |i: usize| ctx.tokens[i].text(ctx.text);
    let in_full_name = |w: &str| {
        spans
            .iter()
            .filter(|&&(start, end, label)| label == PERSON && end - start >= 2)
            .any(|&(start, end, _)| (start..end).any(|i| word(i) == w))
    };
    let dropped: Vec<usize> = spans
        .iter()
        .filter(|&&(start, end, label)| {
            label == PERSON
                && end == start + 1
                && start > 0
                && is_article(word(start - 1))
                && !in_full_name(word(start))
        })
        .map(|&(start, _, _)| start)
        .collect();
    spans.retain(|&(start, end, _)| end != start + 1 || !dropped.contains(&start));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::testing::apply_to_token_spans;

    #[test]
    fn things_after_articles_go_and_people_named_in_full_stay() {
        let text = "Joe Biden spoke of the Ebola epidemic. The Biden administration \
                    and an Aadhaar card. Ruto met Odinga.";
        let spans = [
            ("Joe Biden", PERSON),
            ("Ebola", PERSON),
            ("Biden", PERSON),
            ("Aadhaar", PERSON),
            ("Ruto", PERSON),
            ("Odinga", PERSON),
        ];
        let kept: Vec<String> = apply_to_token_spans(drop_bare_names_after_articles, text, &spans)
            .into_iter()
            .map(|(word, _)| word)
            .collect();
        assert_eq!(kept, ["Joe Biden", "Biden", "Ruto", "Odinga"]);
    }
}
