//! A lone capitalised word right after an article is mostly a modifier of
//! a thing, not a person: "the Ebola epidemic", "an Aadhaar card", "the
//! Opposition benches". The tagger reads such a word as a surname. A person
//! in that place ("the Biden administration") is one the document names in
//! full elsewhere, or one followed by what a person leads or has ("the
//! Clinton administration", "the Bush era"), so only a word that is neither
//! is dropped.

use super::features::DocContext;
use super::labels::PERSON;
use super::word_list::WordList;

/// What a person's name modifies: "the Clinton administration".
const HELD_BY_PEOPLE: WordList = WordList::new(&[
    "administration",
    "government",
    "presidency",
    "cabinet",
    "campaign",
    "camp",
    "camps",
    "era",
    "years",
    "family",
    "regime",
    "doctrine",
    "aides",
]);

/// Whether `word` is an article.
fn is_article(word: &str) -> bool {
    matches!(word, "a" | "an" | "the" | "A" | "An" | "The")
}

/// Drops each one-token PERSON span right after an article whose word is no
/// token of a PERSON span of two or more tokens and which does not modify a
/// word of [`HELD_BY_PEOPLE`].
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
                && !ctx
                    .tokens
                    .get(start + 1)
                    .is_some_and(|next| HELD_BY_PEOPLE.contains(next.text(ctx.text)))
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
                    and an Aadhaar card. Ruto met Odinga under the Obama administration.";
        let spans = [
            ("Joe Biden", PERSON),
            ("Ebola", PERSON),
            ("Biden", PERSON),
            ("Aadhaar", PERSON),
            ("Ruto", PERSON),
            ("Odinga", PERSON),
            ("Obama", PERSON),
        ];
        let kept: Vec<String> = apply_to_token_spans(drop_bare_names_after_articles, text, &spans)
            .into_iter()
            .map(|(word, _)| word)
            .collect();
        assert_eq!(kept, ["Joe Biden", "Biden", "Ruto", "Odinga", "Obama"]);
    }
}
