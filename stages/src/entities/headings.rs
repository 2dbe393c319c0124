//! Headings: lines in title case ("Iran’s Stakes in the Kyrgyzstan-Tajikistan
//! Standoff", "A Broader Perspective"). There a capital letter says nothing
//! about a name, so a mention on a heading keeps only the words that
//! something else vouches for: a gazetteer, or a mention of the same word in
//! the body of the text.

use super::features::DocContext;
use super::gazetteer::Kind;
use super::mention::{Label, Mention};
use std::ops::Range;

/// Gazetteer kinds that vouch for a word on a heading.
const VOUCHING: [Kind; 8] = [
    Kind::Country,
    Kind::Place,
    Kind::Region,
    Kind::Demonym,
    Kind::GivenName,
    Kind::Organization,
    Kind::OrgHead,
    Kind::Month,
];

/// Words of at least this many letters must all be capitalised on a heading
/// ("in", "the", "of" may stay lower case).
const LONG_WORD: usize = 4;

/// Marks of lines that list or credit names ("5. Maynor Figueroa",
/// "Donis Escober (Olimpia), Luis Lopez", "© Nabila Kram/MSF"), where
/// capitals still mean names.
/// (A comma inside a number, "50,000", lists nothing.)
const LISTING: [char; 6] = ['(', ')', '/', '©', '\t', '|'];

/// Whether `line` is a title-case heading: two or more long words, every one
/// capitalised, no sentence-final stop (checked first: most lines of a text
/// end a sentence or a quotation), and nothing of a list of names.
pub fn is_heading(line: &str) -> bool {
    // most lines are blank or end a sentence: their last byte tells,
    // before any character is decoded (ASCII white space is white space)
    let bytes = line.as_bytes().trim_ascii_end();
    if matches!(
        bytes.last(),
        None | Some(b'.' | b'!' | b'?' | b';' | b',' | b':' | b'"')
    ) || bytes.ends_with("”".as_bytes())
    {
        return false;
    }
    let line = line.trim();
    if line.ends_with(['.', '!', '?', ';', ',', ':', '”', '"'])
        || line.contains(LISTING)
        || line.contains(", ")
        || line.starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let mut long_words = 0;
    for word in line.split_whitespace() {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters < LONG_WORD {
            continue;
        }
        if !word
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
        {
            return false;
        }
        long_words += 1;
    }
    long_words >= 2
}

/// The byte ranges of the heading lines of `text`, in order.
fn heading_lines(text: &str) -> Vec<(usize, usize)> {
    let mut headings = Vec::new();
    let mut add = |start: usize, end: usize| {
        let body = text[start..end].trim_end();
        if is_heading(body) {
            headings.push((start, start + body.len()));
        }
    };
    // memchr's vector search: `split_inclusive('\n')` scans char by char
    let mut start = 0;
    for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
        add(start, newline + 1);
        start = newline + 1;
    }
    if start < text.len() {
        add(start, text.len());
    }
    headings
}

/// Trims every mention on a heading line to the words vouched for, and
/// drops those left with none. A PERSON of two words or more whose first
/// word is vouched for is kept whole (bylines and captions: "Giorgio
/// Cafiero"); one that starts with an unknown word is a headline's phrase
/// ("Deal Divides Coastal Towns").
pub fn trim_mentions<'t>(ctx: &DocContext<'t>, mentions: &mut Vec<Mention<'t>>) {
    let headings = heading_lines(ctx.text);
    if headings.is_empty() {
        return;
    }
    let on_heading: Vec<bool> = mentions
        .iter()
        .map(|m| {
            let at = headings.partition_point(|&(_, end)| end <= m.start);
            headings.get(at).is_some_and(|&(start, _)| start <= m.start)
        })
        .collect();
    if !on_heading.contains(&true) {
        return;
    }
    let text = ctx.text;
    let mut body_words: Vec<&str> = mentions
        .iter()
        .zip(&on_heading)
        .filter(|(_, &heading)| !heading)
        .flat_map(|(m, _)| text[m.start..m.end].split_whitespace())
        .collect();
    body_words.sort_unstable();
    let vouching = VOUCHING.iter().fold(0, |bits, kind| bits | kind.bit());
    let known = |i: usize| (ctx.begins[i] | ctx.insides[i]) & vouching != 0;
    let vouched = |i: usize| {
        known(i)
            || body_words
                .binary_search(&ctx.tokens[i].text(ctx.text))
                .is_ok()
    };
    let mut trimmed = Vec::with_capacity(mentions.len());
    for (mut m, heading) in std::mem::take(mentions).into_iter().zip(on_heading) {
        if !heading {
            trimmed.push(m);
            continue;
        }
        let Range { mut start, mut end } = ctx.token_range(&m);
        if !(m.label == Label::Person && end - start > 1 && vouched(start)) {
            while start < end && !vouched(end - 1) {
                end -= 1;
            }
            while start < end && !vouched(start) {
                start += 1;
            }
        }
        if start >= end {
            continue;
        }
        let (s, e) = (ctx.tokens[start].start, ctx.tokens[end - 1].end);
        // What is left of a cut mention keeps its label only on a
        // gazetteer's word: a word the body vouches for may be another
        // kind of name there ("Coastal" of "Coastal Herald").
        if (s, e) != (m.start, m.end) {
            if !(start..end).all(known) {
                continue;
            }
            m.respan(ctx.text, s, e);
        }
        trimmed.push(m);
    }
    *mentions = trimmed;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_lines_are_headings_sentences_are_not() {
        assert!(is_heading(
            "Iran’s Stakes in the Kyrgyzstan-Tajikistan Standoff"
        ));
        assert!(is_heading("A Broader Perspective"));
        assert!(is_heading("Advancing Iran’s “Look East” Agenda"));
        assert!(!is_heading("Iran’s leaders met in Tehran on Monday."));
        assert!(!is_heading("Stakes Rise In Tehran Today."));
        assert!(!is_heading("Home"));
        assert!(!is_heading("Tehran"));
        assert!(!is_heading("5. Maynor Figueroa"));
        assert!(!is_heading(
            "Donis Escober (Olimpia), Luis Lopez (Real Espana)"
        ));
    }
}
