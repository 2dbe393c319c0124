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

const FURNITURE: &str = include_str!("../../../seeds/entities/page_furniture.txt");

/// Whether `text[start..end]` is a navigation word alone on its line.
fn is_page_furniture(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let alone = |s: &str| s.chars().all(|c| !c.is_alphanumeric());
    alone(&text[line_start..start])
        && alone(&text[end..line_end])
        && FURNITURE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .any(|l| l.trim().eq_ignore_ascii_case(&text[start..end]))
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
        if is_page_furniture(ctx.text, s, e) {
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
    while let Some(m) = ctx.matches.iter().find(|m| m.start == start) {
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

    #[test]
    fn navigation_alone_on_a_line_is_furniture() {
        let text = "• Home\n  • Subscribe »\nHome Secretary Priti Patel";
        let at = |word: &str, from: usize| {
            let start = from + text[from..].find(word).unwrap();
            (start, start + word.len())
        };
        let (s, e) = at("Home", 0);
        assert!(is_page_furniture(text, s, e));
        let (s, e) = at("Subscribe", 0);
        assert!(is_page_furniture(text, s, e));
        let (s, e) = at("Home", e);
        assert!(!is_page_furniture(text, s, e), "Home inside a sentence");
    }
}
