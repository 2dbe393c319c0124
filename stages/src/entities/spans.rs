//! From tags to entity mentions: trim what is not part of a name (titles,
//! a possessive, punctuation), and split places into GPE and LOC.

use super::clusters::{last_of_several_words, last_word, SameText};
use super::features::{same_line, DocContext};
use super::gazetteer::{Gazetteer, Kind};
use super::labels::{DATE, LOC, MISC, NORP, ORG, PERSON};
use super::mention::{Label, Mention};
use super::word_list::WordList;
use super::word_sketch::WordSketch;
use pipeline::TokenKind;
use std::ops::Range;

/// Last words of non-political places.
const PLACE_HEADS: WordList = WordList::new(&[
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
]);

/// Tokens a name never ends with.
const TRAILERS: WordList = WordList::new(&[
    "'s", "’s", "'", "’", "of", "and", "for", "the", "de", "al", "-", "–", ".", ",", "&",
]);

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
    ctx.phrase_at(start)
        .is_some_and(|m| m.end == end && m.kinds & Kind::Furniture.bit() != 0)
}

/// Token ranges cut where a line break falls between two of their tokens:
/// a name never runs across lines ("…Standoff\n\nIran" is two).
pub fn split_at_line_breaks(
    ctx: &DocContext,
    spans: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::with_capacity(spans.len());
    for (start, end, label) in spans {
        let mut from = start;
        for k in start + 1..end {
            if !same_line(ctx.text, ctx.tokens, k - 1, k) {
                out.push((from, k, label));
                from = k;
            }
        }
        out.push((from, end, label));
    }
    out
}

/// Mentions (without canonical names) for labelled token ranges.
pub fn mentions<'t>(
    ctx: &DocContext<'t>,
    gazetteer: &Gazetteer,
    spans: &[(usize, usize, usize)],
) -> Vec<Mention<'t>> {
    let tokens = ctx.tokens;
    let word = |i: usize| tokens[i].text(ctx.text);
    let mut out = Vec::with_capacity(spans.len());
    for &(mut start, mut end, label) in spans {
        if label == MISC {
            continue;
        }
        while end > start && TRAILERS.contains(word(end - 1)) {
            end -= 1;
        }
        while start < end
            && (tokens[start].kind == TokenKind::Punct || word(start).eq_ignore_ascii_case("the"))
        {
            start += 1;
        }
        if label == PERSON {
            start = skip_titles(ctx, gazetteer, start, end);
        }
        if start >= end {
            continue;
        }
        let (s, e) = (tokens[start].start, tokens[end - 1].end);
        if is_furniture_phrase(ctx, start, end) && alone_on_line(ctx.text, s, e) {
            continue;
        }
        let label = match label {
            PERSON => Label::Person,
            ORG => Label::Org,
            NORP => Label::Norp,
            DATE => Label::Date,
            LOC => {
                let last = word(end - 1);
                let region = gazetteer.kinds(&ctx.text[s..e]) & Kind::Region.bit() != 0;
                if region || PLACE_HEADS.contains(last) {
                    Label::Loc
                } else {
                    Label::Gpe
                }
            }
            _ => unreachable!("the tagger's labels are PERSON, ORG, LOC, NORP, DATE and MISC"),
        };
        out.push(Mention::new(ctx.text, s, e, label));
    }
    out
}

/// Cuts the leading words `drop` picks off each mention that is not a
/// gazetteer name as a whole ("La Paz" stays; a given name does not count:
/// "Le" is one), and removes a mention left with nothing.
pub fn trim_leading_words<'t>(
    ctx: &DocContext<'t>,
    gazetteer: &Gazetteer,
    mentions: &mut Vec<Mention<'t>>,
    drop: impl Fn(&str) -> bool,
) {
    mentions.retain_mut(|m| {
        if gazetteer.kinds(m.text) & !Kind::GivenName.bit() != 0 {
            return true;
        }
        let Range { mut start, end } = ctx.token_range(m);
        while start < end && drop(ctx.tokens[start].text(ctx.text)) {
            start += 1;
        }
        if start == end {
            return false;
        }
        let s = ctx.tokens[start].start;
        if s != m.start {
            m.respan(ctx.text, s, m.end);
        }
        true
    });
}

/// Joins a one-word mention to the PERSON right after it ("Nasser" +
/// "Kanaani"): the tagger split one name in two.
pub fn join_split_names<'t>(text: &'t str, mentions: &mut Vec<Mention<'t>>) {
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mention in mentions.drain(..) {
        if let Some(previous) = out.last_mut() {
            // cheap tests first: most mentions are not a PERSON right
            // after another name
            if mention.label == Label::Person
                && matches!(previous.label, Label::Person | Label::Org)
                && text.get(previous.end..mention.start) == Some(" ")
                && !previous.text.contains(char::is_whitespace)
            {
                *previous = Mention::new(text, previous.start, mention.end, mention.label);
                continue;
            }
        }
        out.push(mention);
    }
    *mentions = out;
}

/// Lower-case words that join two parts of an organisation's name:
/// "Universita Cattolica del Sacro Cuore", "Bank of England".
const ORG_BRIDGES: &[&str] = &[
    "of", "for", "de", "del", "della", "di", "da", "des", "du", "do",
];

/// Joins two mentions on a line into one ORG where the tagger split an
/// organisation's name: the second starts with a bridge word and either
/// holds a head word ("Universita Cattolica" + "del Sacro Cuore"), or the
/// second ends in a head word right after the first ("Gulf State" +
/// "Analytics"); and makes a place or person of two words or more that
/// ends in a head word an ORG.
pub fn join_org_names<'t>(
    ctx: &DocContext<'t>,
    gazetteer: &Gazetteer,
    mentions: &mut Vec<Mention<'t>>,
) {
    let head = Kind::OrgHead.bit();
    // known places stay places: "West Bank", "Meghalaya" + "Bharatiya Janata Party"
    let place = Kind::Country.bit() | Kind::Place.bit() | Kind::Region.bit();
    let has_head = |m: &Mention| ctx.token_range(m).any(|i| ctx.begins[i] & head != 0);
    let ends_in_head = |m: &Mention| ctx.begins[ctx.token_end(m) - 1] & head != 0;
    let starts_with_bridge = |m: &Mention| {
        m.text
            .split_whitespace()
            .next()
            .is_some_and(|w| ORG_BRIDGES.contains(&w))
    };
    // a known place, or the tail of one ("States" of "United States")
    let has_place = |m: &Mention| {
        gazetteer.kinds(m.text) & place != 0
            || ctx.token_range(m).any(|i| ctx.insides[i] & place != 0)
    };
    let joins = |a: &Mention, b: &Mention| {
        let labels = |m: &Mention| {
            matches!(
                m.label,
                Label::Org | Label::Gpe | Label::Loc | Label::Person
            )
        };
        let gap = &ctx.text[a.end..b.start.max(a.end)];
        // "Ministry" + "of the" + "Interior": the tagger rarely carries an
        // ORG over a lower-case "of the".
        let head_of_the = gap == " of the " && a.label == Label::Org && ends_in_head(a);
        ((gap == " "
            && labels(a)
            && ((starts_with_bridge(b) && (has_head(a) || has_head(b))) || ends_in_head(b)))
            || (head_of_the && labels(b)))
            && !has_place(a)
            && !has_place(b)
    };
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mention in mentions.drain(..) {
        if let Some(previous) = out.last_mut() {
            if joins(previous, &mention) {
                *previous = Mention::new(ctx.text, previous.start, mention.end, Label::Org);
                continue;
            }
        }
        out.push(mention);
    }
    // a name of two words or more that ends in a head word: "Gulf State Analytics"
    for m in out
        .iter_mut()
        .filter(|m| matches!(m.label, Label::Gpe | Label::Loc | Label::Person))
    {
        if m.text.contains(' ') && ends_in_head(m) && gazetteer.kinds(m.text) & place == 0 {
            m.label = Label::Org;
        }
    }
    *mentions = out;
}

/// Later (or earlier) bare mentions of a person's last name that the
/// tagger missed: "Ramani said" after "Samuel Ramani".
pub fn add_last_names<'t>(ctx: &DocContext<'t>, mentions: &mut Vec<Mention<'t>>) {
    let mut last_names: Vec<&str> = mentions
        .iter()
        .filter(|m| m.label == Label::Person)
        .filter_map(|m| last_of_several_words(m.text))
        .filter(|w| w.len() >= 3)
        .collect();
    if last_names.is_empty() {
        return;
    }
    last_names.sort_unstable();
    last_names.dedup();
    let mut sketch = WordSketch::default();
    for name in &last_names {
        sketch.insert(name.as_bytes());
    }
    let candidates = ctx.starts.iter().map(|&i| &ctx.tokens[i as usize]);
    let mut added = Vec::new();
    let mut covered = mentions.iter().map(|m| (m.start, m.end)).peekable();
    for token in candidates.filter(|token| {
        token.shape == pipeline::Shape::Title && sketch.may_contain(token.bytes(ctx.text))
    }) {
        while covered.peek().is_some_and(|&(_, end)| end <= token.start) {
            covered.next();
        }
        if covered.peek().is_some_and(|&(start, _)| start < token.end) {
            continue;
        }
        let word = token.text(ctx.text);
        if last_names.binary_search(&word).is_ok() {
            added.push(Mention::new(
                ctx.text,
                token.start,
                token.end,
                Label::Person,
            ));
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.start);
    }
}

/// One label per name in a document: a bare last name of a PERSON is that
/// person, and a name tagged differently in places takes its most frequent
/// label (the first one on a tie).
pub fn harmonize_labels(mentions: &mut [Mention], same_text: &SameText) {
    let mut last_names: Vec<&str> = mentions
        .iter()
        .filter(|m| m.label == Label::Person && m.text.contains(' '))
        .filter_map(|m| last_word(m.text))
        .collect();
    if !last_names.is_empty() {
        last_names.sort_unstable();
        // the sketch rules out nearly every other mention without a search
        let mut sketch = WordSketch::default();
        for name in &last_names {
            sketch.insert(name.as_bytes());
        }
        for m in mentions.iter_mut() {
            if m.label != Label::Person
                && sketch.may_contain(m.text.as_bytes())
                && last_names.binary_search(&m.text).is_ok()
            {
                m.label = Label::Person;
            }
        }
    }
    let (text_ids, texts) = (&same_text.ids, same_text.distinct);
    if texts == mentions.len() {
        return; // every name is mentioned once
    }
    // a text with one label wherever it is mentioned keeps it: no votes
    let mut first_label: Vec<Option<Label>> = vec![None; texts];
    let mixed = mentions
        .iter()
        .zip(text_ids)
        .any(|(m, &text)| *first_label[text as usize].get_or_insert(m.label) != m.label);
    if !mixed {
        return;
    }
    // labels numbered in order of first appearance; votes per (text, label)
    let mut labels: Vec<Label> = Vec::new();
    let label_ids: Vec<usize> = mentions
        .iter()
        .map(|m| {
            labels
                .iter()
                .position(|&l| l == m.label)
                .unwrap_or_else(|| {
                    labels.push(m.label);
                    labels.len() - 1
                })
        })
        .collect();
    let mut votes = vec![0usize; texts * labels.len()];
    for (&text, &label) in text_ids.iter().zip(&label_ids) {
        votes[text as usize * labels.len() + label] += 1;
    }
    // per text: the label with the most votes, the first one seen on a tie
    let mut best: Vec<Option<(usize, usize)>> = vec![None; texts];
    for (&text, &label) in text_ids.iter().zip(&label_ids) {
        let n = votes[text as usize * labels.len() + label];
        let entry = best[text as usize].get_or_insert((n, label));
        if n > entry.0 {
            *entry = (n, label);
        }
    }
    for (i, m) in mentions.iter_mut().enumerate() {
        if let Some((_, label)) = best[text_ids[i] as usize] {
            m.label = labels[label];
        }
    }
}

/// The first token after leading titles ("Dr.", "President") when a name
/// follows them. A title written with its period is one token ("Prof."),
/// which the gazetteer's phrase matches do not cover.
fn skip_titles(ctx: &DocContext, gazetteer: &Gazetteer, mut start: usize, end: usize) -> usize {
    while start < end {
        let title_end = match ctx.phrase_at(start) {
            Some(m) if m.kinds & Kind::Title.bit() != 0 => m.end,
            _ => match ctx.tokens[start].text(ctx.text).strip_suffix('.') {
                Some(word) if gazetteer.kinds(word) & Kind::Title.bit() != 0 => start + 1,
                _ => break,
            },
        };
        if title_end >= end {
            break;
        }
        start = title_end;
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

    fn mention<'t>(text: &'t str, part: &str, label: Label) -> Mention<'t> {
        let start = text.find(part).unwrap();
        Mention::new(text, start, start + part.len(), label)
    }

    #[test]
    fn organisation_names_split_by_the_tagger_are_joined() {
        let text =
            "She teaches at Universita Cattolica del Sacro Cuore and consults for Gulf State \
                    Analytics in the West Bank, with Meghalaya Bharatiya Janata Party members.";
        let gazetteer = Gazetteer::builtin();
        let tokens = english_tokens(text);
        let ctx = DocContext::new(text, &tokens, &gazetteer);
        let mut found = vec![
            mention(text, "Universita Cattolica", Label::Gpe),
            mention(text, "del Sacro Cuore", Label::Person),
            mention(text, "Gulf State", Label::Loc),
            mention(text, "Analytics", Label::Person),
            mention(text, "West Bank", Label::Loc),
            mention(text, "Meghalaya", Label::Gpe),
            mention(text, "Bharatiya Janata Party", Label::Org),
        ];
        join_org_names(&ctx, &gazetteer, &mut found);
        let got: Vec<(&str, &str)> = found.iter().map(|e| (e.text, e.label.name())).collect();
        assert_eq!(
            got,
            [
                ("Universita Cattolica del Sacro Cuore", "ORG"),
                ("Gulf State Analytics", "ORG"),
                ("West Bank", "LOC"),
                ("Meghalaya", "GPE"),
                ("Bharatiya Janata Party", "ORG"),
            ]
        );
        for e in &found {
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }
}
