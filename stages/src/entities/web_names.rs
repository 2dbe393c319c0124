//! Companies and sites named by their web address: "JD.com", "Booking.com",
//! "Forbes.com". The tokenizer keeps such a domain one word; written with a
//! capital it names an organisation, which the tagger, having seen few of
//! them, may call a person. Lower-case addresses ("bbc.co.uk") are left out.

use super::features::DocContext;
use super::labels::ORG;
use crate::tokens::is_web_domain;
use pipeline::Shape;

/// Whether token `i` is a capitalised bare web domain (no path).
fn is_web_name(ctx: &DocContext, i: usize) -> bool {
    let token = &ctx.tokens[i];
    // URLs ("www.dec.org.uk") are `Other`: only bare domains have a case.
    // Shape and length first: they turn away nearly every capitalised
    // token unread.
    if !matches!(token.shape, Shape::Title | Shape::Upper) || token.end - token.start <= 4 {
        return false;
    }
    let word = token.bytes(ctx.text);
    word[..word.len() - 1].contains(&b'.') && !word.contains(&b'/') && is_web_domain(word)
}

/// Makes every capitalised web domain an ORG: a one-token span of it is
/// relabelled, an untagged one gets a span, one inside a longer span
/// ("Amazon.com Inc") is left to that span.
pub fn label_web_names(ctx: &DocContext, spans: &mut Vec<(usize, usize, usize)>) {
    let mut at = 0;
    for &i in &ctx.starts {
        let i = i as usize;
        if !is_web_name(ctx, i) {
            continue;
        }
        while at < spans.len() && spans[at].1 <= i {
            at += 1;
        }
        match spans.get_mut(at) {
            Some(span) if span.0 == i && span.1 == i + 1 => span.2 = ORG,
            Some(span) if span.0 <= i => {}
            _ => spans.insert(at, (i, i + 1, ORG)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::labels::PERSON;
    use super::*;
    use crate::entities::testing::apply_to_token_spans;

    #[test]
    fn capitalised_domains_are_organisations() {
        let text =
            "JD.com and Booking.com rose, Amazon.com Inc said; see bbc.co.uk, www.BBC.com and Dr. Ph.D. Smith.";
        assert_eq!(
            apply_to_token_spans(
                label_web_names,
                text,
                &[
                    ("JD.com", PERSON),
                    ("Amazon.com Inc", ORG),
                    ("Smith", PERSON)
                ]
            ),
            [
                ("JD.com".to_string(), ORG),
                ("Booking.com".to_string(), ORG),
                ("Amazon.com Inc".to_string(), ORG),
                ("Smith".to_string(), PERSON)
            ]
        );
    }
}
