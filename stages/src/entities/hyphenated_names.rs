//! Given names written with a hyphen and a lower-case second part: "Kim
//! Jong-un", "Moon Jae-in", "Yoon Suk-yeol". The tokenizer splits at the
//! hyphen and the tagger stops at the lower-case word, leaving "Kim Jong";
//! a person's span takes the rest of the hyphenated word back, and the
//! capitalised first part of a double-barrelled name it left out
//! ("Dube-Ncube").

use super::features::DocContext;
use super::labels::PERSON;
use super::word_list::WordList;
use pipeline::{Shape, TokenKind};

/// Second parts of English compounds made on a name: "Blair-era",
/// "Jackson-style", "Oscar-winning" (the length limit turns most away).
const COMPOUND_TAILS: WordList = WordList::new(&[
    "era", "style", "led", "based", "born", "like", "backed", "owned", "made", "run", "type",
    "free", "ray", "wide", "sized", "esque", "ish", "fest", "gate", "ite", "ites", "ism", "ist",
    "ists", "mania", "less", "linked", "tied", "held", "bound", "proof", "year", "old", "day",
    "week", "month", "time", "team", "side", "star", "fan", "fans", "law", "act", "bill", "deal",
    "plan", "ban", "row", "case", "trial", "probe", "area", "zone", "level", "post", "pre",
]);

/// Whether tokens `i` and `i + 1` touch, no space between them.
fn touching(ctx: &DocContext, i: usize) -> bool {
    ctx.tokens[i].end == ctx.tokens[i + 1].start
}

/// First parts of English compounds written before a name: "Anti-Gaddafi",
/// "Ex-Beatle", "Pro-Kremlin".
const COMPOUND_HEADS: WordList = WordList::new(&[
    "anti", "pro", "ex", "non", "pre", "post", "neo", "pan", "mid", "multi", "co", "semi", "super",
    "mini", "self", "high", "ultra", "counter", "over", "under", "inter", "trans", "all", "de",
    "re", "un", "euro", "afro", "sino", "russo", "franco", "anglo", "spider", "bat", "iron",
]);

/// Extends each PERSON `(start, end, label)` token span of two words or more
/// ("Kim Jong", not "Oscar") over a following hyphen and short lower-case
/// word joined to its last token, unless that word makes an English
/// compound.
pub fn extend_over_hyphens(ctx: &DocContext, spans: &mut [(usize, usize, usize)]) {
    let tokens = ctx.tokens;
    for at in 0..spans.len() {
        let (start, mut end, label) = spans[at];
        let next_start = spans.get(at + 1).map_or(tokens.len(), |s| s.0);
        while label == PERSON
            && end - start >= 2
            && end + 1 < next_start
            && matches!(tokens[end].text(ctx.text), "-" | "‐" | "‑")
            && touching(ctx, end - 1)
            && touching(ctx, end)
            && tokens[end + 1].kind == TokenKind::Word
            && tokens[end + 1].shape == Shape::Lower
            && tokens[end + 1].end - tokens[end + 1].start <= 6
            && !COMPOUND_TAILS.contains(tokens[end + 1].text(ctx.text))
        {
            end += 2;
        }
        spans[at].1 = end;
        // "Dube-Ncube", "Akufo-Addo": a capitalised first part the tagger
        // left out
        let previous_end = at.checked_sub(1).map_or(0, |p| spans[p].1);
        if label == PERSON
            && start >= previous_end + 2
            && matches!(tokens[start - 1].text(ctx.text), "-" | "‐" | "‑")
            && touching(ctx, start - 2)
            && touching(ctx, start - 1)
            && tokens[start - 2].shape == Shape::Title
            && !COMPOUND_HEADS.contains(tokens[start - 2].text(ctx.text))
        {
            spans[at].0 = start - 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{english_tokens, Gazetteer};

    #[test]
    fn lower_case_name_parts_after_a_hyphen_join_the_person() {
        let text = "Kim Jong-un met Moon Jae-in, and Kim Jong - un left in a Janet Jackson-style \
                    car with Oscar-winning Blair-era staff, Nana Akufo-Addo and Anti-Gaddafi men.";
        let gazetteer = Gazetteer::builtin();
        let tokens = english_tokens(text);
        let ctx = DocContext::new(text, &tokens, &gazetteer);
        let at = |word: &str, nth: usize| {
            tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.text(text) == word)
                .nth(nth)
                .unwrap()
                .0
        };
        let mut spans = vec![
            (at("Kim", 0), at("Jong", 0) + 1, PERSON),
            (at("Moon", 0), at("Jae", 0) + 1, PERSON),
            (at("Kim", 1), at("Jong", 1) + 1, PERSON),
            (at("Janet", 0), at("Jackson", 0) + 1, PERSON),
            (at("Oscar", 0), at("Oscar", 0) + 1, PERSON),
            (at("Blair", 0), at("Blair", 0) + 1, 1),
            (at("Addo", 0), at("Addo", 0) + 1, PERSON),
            (at("Gaddafi", 0), at("Gaddafi", 0) + 1, PERSON),
        ];
        extend_over_hyphens(&ctx, &mut spans);
        let texts: Vec<&str> = spans
            .iter()
            .map(|&(s, e, _)| &text[tokens[s].start..tokens[e - 1].end])
            .collect();
        // spaced hyphens are a dash; compounds and one-word spans stay
        assert_eq!(
            texts,
            [
                "Kim Jong-un",
                "Moon Jae-in",
                "Kim Jong",
                "Janet Jackson",
                "Oscar",
                "Blair",
                "Akufo-Addo",
                "Gaddafi"
            ]
        );
    }
}
