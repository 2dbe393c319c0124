//! From tags to entity mentions: trim what is not part of a name (titles,
//! a possessive, punctuation), and split places into GPE and LOC.

use super::features::DocContext;
use super::gazetteer::{Gazetteer, Kind};
use super::labels::{LABELS, LOC, MISC, PERSON};
use pipeline::{Entity, TokenKind};

/// Last words of non-political places.
const PLACE_HEADS: &[&str] = &[
    "river",
    "sea",
    "ocean",
    "lake",
    "mountain",
    "mountains",
    "mount",
    "valley",
    "desert",
    "island",
    "islands",
    "peninsula",
    "region",
    "coast",
    "basin",
    "gulf",
    "strait",
    "bay",
    "delta",
    "plateau",
    "forest",
    "park",
    "reserve",
    "canal",
    "hills",
    "plains",
    "corridor",
];

/// Tokens a name never ends with.
const TRAILERS: &[&str] = &[
    "'s", "’s", "'", "’", "of", "and", "for", "the", "de", "al", "-", "–", ".", ",", "&",
];

/// Whether `text[start..end]` stands alone on its line (bullets and
/// punctuation aside).
fn alone_on_line(text: &str, start: usize, end: usize) -> bool {
    let no_words = |s: &str| s.chars().all(|c| !c.is_alphanumeric());
    let before = &text[..start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &text[end..];
    let line_end = after.find('\n').unwrap_or(after.len());
    no_words(&before[line_start..]) && no_words(&after[..line_end])
}

/// Whether tokens `start..end` are exactly a page-furniture phrase.
fn is_furniture_phrase(ctx: &DocContext, start: usize, end: usize) -> bool {
    ctx.matches
        .binary_search_by_key(&start, |m| m.start)
        .is_ok_and(|at| {
            let m = ctx.matches[at];
            m.end == end && m.kinds & Kind::Furniture.bit() != 0
        })
}

/// Mentions (without canonical names) for labelled token ranges.
pub fn mentions(
    ctx: &DocContext,
    gazetteer: &Gazetteer,
    spans: &[(usize, usize, usize)],
) -> Vec<Entity> {
    let tokens = ctx.tokens;
    let word = |i: usize| tokens[i].text(ctx.text);
    let mut out = Vec::with_capacity(spans.len());
    for &(mut start, mut end, label) in spans {
        if label == MISC {
            continue;
        }
        while end > start
            && TRAILERS
                .iter()
                .any(|t| t.eq_ignore_ascii_case(word(end - 1)))
        {
            end -= 1;
        }
        while start < end
            && (tokens[start].kind == TokenKind::Punct || word(start).eq_ignore_ascii_case("the"))
        {
            start += 1;
        }
        if label == PERSON {
            start = skip_titles(ctx, start, end);
        }
        if start >= end {
            continue;
        }
        let (s, e) = (tokens[start].start, tokens[end - 1].end);
        if is_furniture_phrase(ctx, start, end) && alone_on_line(ctx.text, s, e) {
            continue;
        }
        let text = &ctx.text[s..e];
        let label = if label == LOC {
            let last = word(end - 1);
            if gazetteer.kinds(text) & Kind::Region.bit() != 0
                || PLACE_HEADS.iter().any(|h| h.eq_ignore_ascii_case(last))
            {
                "LOC"
            } else {
                "GPE"
            }
        } else {
            LABELS[label]
        };
        out.push(Entity {
            start: s,
            end: e,
            text: text.to_string(),
            label: label.to_string(),
            canonical: None,
        });
    }
    out
}

/// The first token after leading titles ("Dr.", "President") when a name
/// follows them.
fn skip_titles(ctx: &DocContext, mut start: usize, end: usize) -> usize {
    while let Ok(at) = ctx.matches.binary_search_by_key(&start, |m| m.start) {
        let m = ctx.matches[at];
        if m.kinds & Kind::Title.bit() == 0 || m.end >= end {
            break;
        }
        start = m.end;
        while start < end && ctx.tokens[start].text(ctx.text) == "." {
            start += 1;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::english_tokens;

    #[test]
    fn navigation_alone_on_a_line_is_furniture() {
        let text = "• Home\n  • Subscribe »\nHome Secretary Priti Patel";
        let gazetteer = Gazetteer::builtin();
        let tokens = english_tokens(text);
        let ctx = DocContext::new(text, &tokens, &gazetteer);
        let furniture = |i: usize| {
            is_furniture_phrase(&ctx, i, i + 1)
                && alone_on_line(text, tokens[i].start, tokens[i].end)
        };
        let at = |word: &str| tokens.iter().position(|t| t.text(text) == word).unwrap();
        assert!(furniture(at("Home")));
        assert!(furniture(at("Subscribe")));
        let second_home = tokens.iter().rposition(|t| t.text(text) == "Home").unwrap();
        assert!(!furniture(second_home), "Home inside a sentence");
    }
}
