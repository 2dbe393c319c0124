//! Who said a quote: the cue next to it and the cue's subject.
//!
//! Each quote is looked at in its own clause: the words from the previous
//! sentence end (or the previous quote) up to its opening mark, and the
//! words from its closing mark to the next sentence end (or next quote).
//! Mentions inside quotes are never looked at, so a person merely named in
//! a quote cannot become its speaker.

use super::lexicon::{Cue, Lexicon};
use super::mentions::{
    clitic_speaker, is_determiner, is_participle, is_verb_filler, mention_from, possessive_stem,
    subject_before, Mention, MentionKind,
};
use super::words::{is_abbreviation, words_in, Word};
use crate::byte_lanes::{lanes_before, lanes_equal, load8};

/// How far attribution reads on each side of a quote, in bytes.
pub const WINDOW: usize = 600;

/// What a clause next to a quote says about who spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    pub speaker: Mention,
    /// The cue's span: a verb, a phrase, a colon or a dash.
    pub cue: (usize, usize),
}

/// The clause after a quote: from `start` to the first sentence end before
/// `limit`.
pub fn right_clause(text: &str, start: usize, limit: usize, out: &mut Vec<Word>) {
    out.clear();
    words_in(text, start, clause_end_after(text, start, limit), out);
    let bytes = text.as_bytes();
    match out
        .iter()
        .position(|w| w.is_punct && is_clause_end(bytes, w.start, true))
    {
        // "“…” He continued: “…”": the clause introduces the next quote.
        Some(end) if out[end].is_mark(text, ':') => out.clear(),
        Some(end) => out.truncate(end),
        None => {}
    }
}

/// The clause before a quote: from the last sentence end after `floor` to
/// `end`.
pub fn left_clause(text: &str, floor: usize, end: usize, out: &mut Vec<Word>) {
    out.clear();
    words_in(text, clause_start_before(text, floor, end), end, out);
    if let Some(last) = out.iter().rposition(|w| ends_sentence(text, w)) {
        out.drain(..=last);
    }
}

/// A byte that ends a clause when a space follows it: `.`, `!`, `?`, `;`
/// (and `:` for the clause after a quote).
/// Inlined: the scans call it on every byte, and most bytes fail the first
/// test.
#[inline(always)]
fn is_clause_end(bytes: &[u8], p: usize, colon: bool) -> bool {
    let ends = matches!(bytes[p], b'.' | b'!' | b'?' | b';') || (colon && bytes[p] == b':');
    ends && bytes.get(p + 1).is_none_or(|b| b.is_ascii_whitespace())
        && !(bytes[p] == b'.' && abbreviation_before(bytes, p))
}

/// A sentence ends somewhere in `text[from..to]`.
pub fn sentence_ends_between(text: &str, from: usize, to: usize) -> bool {
    first_clause_end(text.as_bytes(), from, to, false).is_some()
}

/// The lanes of `x` holding a byte that may end a clause (`.`, `!`, `?`,
/// `;`, and `:` with `colon`). A lane just above a true hit may be flagged
/// too: each flagged byte is checked with [`is_clause_end`].
#[inline(always)]
fn end_mark_lanes(x: u64, colon: bool) -> u64 {
    let lanes = lanes_equal(x, b'.') | lanes_equal(x, b'!') | lanes_equal(x, b'?');
    let lanes = lanes | lanes_equal(x, b';');
    if colon {
        lanes | lanes_equal(x, b':')
    } else {
        lanes
    }
}

/// The first clause end in `bytes[from..to]`, eight bytes a step: the
/// scans around every quote cross a few hundred bytes of text, and most
/// bytes are no mark at all.
fn first_clause_end(bytes: &[u8], from: usize, to: usize, colon: bool) -> Option<usize> {
    let window = &bytes[..to];
    let mut i = from;
    while i < to {
        // Zero padding past `to` flags no lane.
        let mut lanes = end_mark_lanes(load8(window, i), colon);
        while lanes != 0 {
            let p = i + lanes_before(lanes);
            if p < to && is_clause_end(bytes, p, colon) {
                return Some(p);
            }
            lanes &= lanes - 1;
        }
        i += 8;
    }
    None
}

/// The last clause end (no colon) in `bytes[from..to]`, eight bytes a step
/// back.
fn last_clause_end(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut end = to;
    while end > from {
        let start = end.saturating_sub(8).max(from);
        let mut lanes = end_mark_lanes(load8(&bytes[..end], start), false);
        while lanes != 0 {
            let lane = (63 - lanes.leading_zeros() as usize) / 8;
            let p = start + lane;
            if p < end && is_clause_end(bytes, p, false) {
                return Some(p);
            }
            lanes &= !(0x80 << (8 * lane));
        }
        end = start;
    }
    None
}

/// "Dr." or "J.": the period after it ends no sentence.
fn abbreviation_before(bytes: &[u8], p: usize) -> bool {
    let start = bytes[..p]
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    // Word bytes are ASCII letters here, so the slice is valid UTF-8.
    std::str::from_utf8(&bytes[start..p]).is_ok_and(is_abbreviation)
}

/// Where the sentence holding `end` starts, reading bytes back to `floor`:
/// only that clause is split into words.
fn clause_start_before(text: &str, floor: usize, end: usize) -> usize {
    last_clause_end(text.as_bytes(), floor, end).map_or(floor, |p| p + 1)
}

fn clause_end_after(text: &str, start: usize, limit: usize) -> usize {
    first_clause_end(text.as_bytes(), start, limit, true).map_or(limit, |p| p + 1)
}

/// A sentence end by the byte scans' rule: "U.S." before a name, "(D-N.Y.)"
/// and "Mich.," hold periods that end nothing.
fn ends_sentence(text: &str, word: &Word) -> bool {
    word.is_punct && is_clause_end(text.as_bytes(), word.start, false)
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '-' | '―')
}

/// The first cue in `words[from..to]`, and its index.
fn first_cue(text: &str, words: &[Word], from: usize, to: usize) -> Option<(usize, Cue)> {
    let lexicon = Lexicon::get();
    (from..to).find_map(|i| lexicon.cue_at(text, words, i).map(|cue| (i, cue)))
}

fn last_cue(text: &str, words: &[Word], from: usize, to: usize) -> Option<(usize, Cue)> {
    let lexicon = Lexicon::get();
    (from..to)
        .rev()
        .find_map(|i| lexicon.cue_at(text, words, i).map(|cue| (i, cue)))
}

fn cue_span(words: &[Word], at: usize, len: usize) -> (usize, usize) {
    (words[at].start, words[at + len - 1].end)
}

/// The attribution right after a quote: "…,” said X", "…,” X, an expert,
/// told Y", "…” – Commissioner X". With `anywhere`, a cue later in the
/// clause counts too ("…,” and the company said").
pub fn after_quote(text: &str, words: &[Word], anywhere: bool) -> Option<Attribution> {
    let mut i = 0;
    while i < words.len()
        && words[i].is_punct
        && matches!(words[i].first_char(text), ',' | '\'' | '’' | '"' | '”')
    {
        i += 1;
    }
    let first = words.get(i)?;
    if first.is_punct && is_dash(first.first_char(text)) {
        // "«…», — сказала она", "“…” — said X": a cue opening the aside
        // names its speaker after it.
        if let Some(Cue { words: len, .. }) = Lexicon::get().cue_at(text, words, i + 1) {
            let speaker = mention_from(text, words, i + 1 + len, words.len())?;
            return Some(Attribution {
                speaker,
                cue: cue_span(words, i + 1, len),
            });
        }
        let speaker = mention_from(text, words, i + 1, words.len())?;
        if speaker.kind == MentionKind::Name {
            return Some(Attribution {
                speaker,
                cue: (first.start, first.end),
            });
        }
        return None;
    }
    let mut j = i;
    while j < words.len() && !words[j].is_punct && is_verb_filler(words[j].text(text)) {
        j += 1;
    }
    let limit = words.len().min(i + 40);
    let Some((at, found)) = first_cue(text, words, j, limit) else {
        return trailing_verb(text, words, i);
    };
    let len = found.words;
    let cue = cue_span(words, at, len);
    if at == j {
        // Inverted: "said Dr. X", "according to the newspaper", "dit-il".
        let speaker = clitic_speaker(text, words, at, len)
            .or_else(|| mention_from(text, words, at + len, words.len()))?;
        return Some(Attribution { speaker, cue });
    }
    if found.source_follows {
        return None;
    }
    // "…,” Dr. X, an expert, told Y": the mention right after the quote.
    if let Some(speaker) = mention_from(text, words, i, at) {
        return Some(Attribution { speaker, cue });
    }
    // "…,” like the recent volatility, said Richard Curtin": a cue after a
    // comma with a name after it is inverted too.
    if words[at - 1].is_mark(text, ',') {
        if let Some(speaker) =
            mention_from(text, words, at + len, words.len()).filter(|m| m.kind == MentionKind::Name)
        {
            return Some(Attribution { speaker, cue });
        }
    }
    // "…” for the victory, Sanders said": the cue's subject.
    if !anywhere {
        return None;
    }
    let speaker = subject_before(text, words, i, at)?;
    Some(Attribution { speaker, cue })
}

/// "“Would it be negotiable?” Hannity pressed.", "…,” Viguerie notes.": a
/// quote that breaks off with a comma, question or exclamation mark, then
/// a name or pronoun and one verb that ends the clause, is how dialogue is
/// attributed, whatever the verb, so it need not be a listed cue ("pressed"
/// and "notes" are not: elsewhere they rarely report speech). The mark is
/// needed: "Tory ‘stalking horse’ Meyer dies" attributes nothing.
fn trailing_verb(text: &str, words: &[Word], i: usize) -> Option<Attribution> {
    let before = text[..words.get(i)?.start]
        .trim_end()
        .trim_end_matches(['”', '"', '’', '\'', '»', '“', '«'])
        .trim_end();
    if !before.ends_with([',', '?', '!']) {
        return None;
    }
    let speaker =
        mention_from(text, words, i, words.len()).filter(|m| m.kind != MentionKind::Phrase)?;
    let v = i + words[i..].iter().position(|w| w.end == speaker.end)? + 1;
    let verb = words.get(v).filter(|w| !w.is_punct)?;
    let ends_clause = words.get(v + 1).is_none_or(|w| w.is_punct);
    let form = verb.text(text);
    let verb_form = form.len() >= 4
        && form.bytes().all(|b| b.is_ascii_lowercase())
        && (form.ends_with("ed") || form.ends_with('s'));
    (ends_clause && verb_form).then_some(Attribution {
        speaker,
        cue: (verb.start, verb.end),
    })
}

/// The attribution before a quote: "X said: “…", "As X told Y, “…",
/// "According to X, “…", "X said the plan was “…", or "X: “…".
pub fn before_quote(text: &str, words: &[Word]) -> Option<Attribution> {
    if let Some(attribution) = cue_right_before(text, words) {
        return Some(attribution);
    }
    // The main clause's cue, the first with a subject: in "X told a rally,
    // saying Y would “…”" or "X said Fox executives were calling “…”" it is
    // X who speaks.
    let mut from = 0;
    while let Some((at, found)) = first_cue(text, words, from, words.len()) {
        let len = found.words;
        let cue = cue_span(words, at, len);
        if is_passive(text, words, at) {
            // "Sanders was asked by host Bill Maher, “…": the agent spoke,
            // not the subject; without one this cue names no speaker.
            if let Some(speaker) = agent_after(text, words, at + len) {
                return Some(Attribution { speaker, cue });
            }
            from = at + len;
            continue;
        }
        if found.source_follows {
            let speaker = mention_from(text, words, at + len, words.len())?;
            return Some(Attribution { speaker, cue });
        }
        if let Some(speaker) = subject_before(text, words, 0, at) {
            return Some(Attribution { speaker, cue });
        }
        // "Said Dr. X: “…", "It helps, said Mr Burke, that …" — only with
        // a finite cue opening the clause or an aside. In "X, a salesman
        // from Sumter, South Carolina, says Cruz will “…" the name has a
        // verb after it: it is the reported clause's subject, not the
        // speaker; in "X returned the compliment, telling Reuters, “…" it
        // is the participle's object.
        if is_finite(text, words, at, len) && (at == 0 || words[at - 1].is_punct) {
            if let Some(speaker) = mention_from(text, words, at + len, words.len()) {
                let after_comma = at > 0 && words[at - 1].is_mark(text, ',');
                if speaker.kind == MentionKind::Name
                    && (!after_comma || ends_inverted_aside(text, words, speaker.end))
                {
                    return Some(Attribution { speaker, cue });
                }
            }
        }
        from = at + len;
    }
    let last = words.last()?;
    let colon = last.is_mark(text, ':');
    let active =
        last_cue(text, words, 0, words.len()).filter(|&(at, _)| !is_passive(text, words, at));
    if let Some((at, Cue { words: len, .. })) = active {
        // "Warren appeared with Maddow, saying, “…": the clause's subject.
        let speaker = clause_subject(text, words, at)?;
        return Some(Attribution {
            speaker,
            cue: cue_span(words, at, len),
        });
    }
    if colon && words.len() >= 2 {
        // "Commissioner X: “…", "Clinton has since apologized: “…"
        let speaker = subject_before(text, words, 0, words.len() - 1)
            .filter(|m| m.kind != MentionKind::Phrase)
            .or_else(|| clause_subject(text, words, words.len() - 1))?;
        return Some(Attribution {
            speaker,
            cue: (last.start, last.end),
        });
    }
    None
}

/// "After Brown criticized Clinton, Hillary shot back, “…": a finite cue
/// that ends the clause, only a comma or colon before the opening mark,
/// speaks for the quote with its own subject; an earlier cue belongs to a
/// clause leading up to it. ("X told a rally, saying, “…" keeps X: a
/// participle has no subject of its own.)
fn cue_right_before(text: &str, words: &[Word]) -> Option<Attribution> {
    let last = words.len().checked_sub(1)?;
    if !(words[last].is_punct && matches!(words[last].first_char(text), ',' | ':')) {
        return None;
    }
    let (at, found) = last_cue(text, words, 0, last)?;
    let len = found.words;
    if at + len != last
        || !is_finite(text, words, at, len)
        || found.source_follows
        || is_passive(text, words, at)
    {
        return None;
    }
    let speaker = subject_before(text, words, 0, at).filter(|m| m.kind != MentionKind::Phrase)?;
    Some(Attribution {
        speaker,
        cue: cue_span(words, at, len),
    })
}

/// The cue of `len` words at `words[at]` is a finite verb, no participle
/// ("saying", "telling"), so it has a subject of its own.
fn is_finite(text: &str, words: &[Word], at: usize, len: usize) -> bool {
    !words[at + len - 1].text(text).ends_with("ing")
}

/// The word after an inverted speaker's name (ending at byte `end`) closes
/// the aside or places the speaker: punctuation or a preposition ("said
/// Junya Tanase of JPMorgan, were"). A quote right after the name ("…,
/// says Juninho “does not wish…”") continues the name's own clause.
fn ends_inverted_aside(text: &str, words: &[Word], end: usize) -> bool {
    words
        .iter()
        .find(|w| w.start >= end)
        .is_some_and(|w| w.is_punct || is_preposition(w.text(text)))
}

/// "Paul Ryan: FBI Decision ‘Defies Explanation’": a paragraph opening
/// with a name and a colon, as headlines attribute; its quotes are that
/// person's. The paragraph runs from byte `start` of `text` to the quote at
/// `quote`; `out` is scratch space for its words.
pub fn headline_speaker(
    text: &str,
    start: usize,
    quote: usize,
    out: &mut Vec<Word>,
) -> Option<Attribution> {
    let line = &text[start..quote];
    // a name of a few words: "OK Gov Fallin:", "Elizabeth Warren:"
    let colon = line.bytes().take(48).position(|b| b == b':')?;
    if !line[colon + 1..].starts_with(' ') {
        return None;
    }
    out.clear();
    words_in(text, start, start + colon + 1, out);
    let name_words = out.len().checked_sub(1)?;
    if !(1..=5).contains(&name_words) || out[..name_words].iter().any(|w| w.is_punct) {
        return None;
    }
    let speaker = mention_from(text, out, 0, name_words)
        .filter(|m| m.kind == MentionKind::Name && m.end == out[name_words - 1].end)?;
    let colon = &out[name_words];
    Some(Attribution {
        speaker,
        cue: (colon.start, colon.end),
    })
}

/// The cue at `words[at]` is a passive participle ("was asked", "has been
/// called", "being told"): its subject heard the words, it did not say
/// them. ("X was quoted as saying" is the exception.)
fn is_passive(text: &str, words: &[Word], at: usize) -> bool {
    let cue = words[at].text(text);
    if cue.ends_with("ing") || cue == "quoted" {
        return false;
    }
    // "has been", "was not", "was later": the form of "be" before any
    // other fillers.
    let other_filler =
        |w: &Word| !w.is_punct && is_verb_filler(w.text(text)) && !is_auxiliary(w.text(text));
    let k = words[..at].iter().rposition(|w| !other_filler(w));
    k.is_some_and(|k| !words[k].is_punct && is_auxiliary(words[k].text(text)))
}

/// The forms of "be" a passive participle follows.
fn is_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "be" | "been" | "being" | "is" | "was" | "were" | "are"
    )
}

/// The agent of a passive cue: the mention after "by" at `words[i]`, role
/// words before a name left out ("by host Bill Maher").
fn agent_after(text: &str, words: &[Word], i: usize) -> Option<Mention> {
    let by = words.get(i)?;
    if by.is_punct || by.text(text) != "by" {
        return None;
    }
    mention_from(text, words, i + 1, words.len())
}

/// The first name or pronoun of `words[..to]` that is not the object of a
/// preposition: the subject of a clause like "In a speech, he declared"
/// (not a name that owns it: "Trump's manifesto").
pub fn clause_subject(text: &str, words: &[Word], to: usize) -> Option<Mention> {
    let from = after_opening_phrase(text, words, to);
    (from..to)
        .filter(|&i| !follows_preposition(text, words, i))
        .find_map(|i| {
            mention_from(text, words, i, to).filter(|m| {
                m.kind != MentionKind::Phrase
                    && possessive_stem(&text[m.start..m.end]).is_none()
                    && !opens_time_phrase(text, words, i, m)
            })
        })
}

/// Where the subject of a clause may start: after the comma that closes
/// an opening phrase led by a participle or a preposition and a function
/// word ("Speaking at a town hall in Salem, Trump", "In a statement to the
/// Observer, Sullivan"), and past a place that continues the one before
/// the comma ("in Salem, New Hampshire, Trump"); else at the first word.
fn after_opening_phrase(text: &str, words: &[Word], to: usize) -> usize {
    let opens_phrase = words.first().is_some_and(|w| {
        let first = w.text(text);
        w.is_capitalized(text) && (is_participle(first) || is_preposition(first))
    }) && words.get(1).is_some_and(|w| {
        // "Speaking at", "In a"; not "Groening recently"
        let next = w.text(text);
        !w.is_punct && (Lexicon::get().is_function_word(next) || is_preposition(next))
    });
    if !opens_phrase {
        return 0;
    }
    let Some(comma) = (0..to).find(|&i| words[i].is_mark(text, ',')) else {
        return 0;
    };
    let from = comma + 1;
    // "in Salem, New Hampshire, Trump"; not "In a statement, Dr John
    // Kelly, IBM senior vice president, said"
    let after_name = comma > 0 && words[comma - 1].is_capitalized(text);
    let place = after_name
        .then(|| mention_from(text, words, from, to))
        .flatten()
        .filter(|m| m.kind == MentionKind::Name);
    let after_place = place.and_then(|m| {
        let next = from + words[from..to].partition_point(|w| w.start < m.end);
        let another =
            next + 1 < to && words[next].is_mark(text, ',') && words[next + 1].is_capitalized(text);
        another.then_some(next + 1)
    });
    after_place.unwrap_or(from)
}

/// `words[i]` is the object of a preposition, maybe after determiners:
/// "to Adelson", "to the Observer".
fn follows_preposition(text: &str, words: &[Word], i: usize) -> bool {
    let before = words[..i]
        .iter()
        .rposition(|w| w.is_punct || !is_determiner(w.text(text)));
    before.is_some_and(|k| is_preposition(words[k].text(text)))
}

/// "Hours later, Trump told": a capitalised word at `words[i]` that a time
/// word and a comma follow opens the clause; it names nobody.
fn opens_time_phrase(text: &str, words: &[Word], i: usize, mention: &Mention) -> bool {
    mention.kind == MentionKind::Name
        && mention.end == words[i].end
        && words
            .get(i + 1)
            .is_some_and(|w| !w.is_punct && is_verb_filler(w.text(text)))
        && words.get(i + 2).is_some_and(|w| w.is_mark(text, ','))
}

/// A preposition or article: a name after it is no clause subject.
pub fn is_preposition(word: &str) -> bool {
    Lexicon::get().is_object_marker(word)
}

/// A sentence that introduces a speaker without quoting them ("Dr. X, an
/// expert, explained how …"): its first cue's subject.
pub fn introduced_speaker(text: &str, words: &[Word]) -> Option<Mention> {
    let (at, found) = first_cue(text, words, 0, words.len())?;
    if found.source_follows {
        return None;
    }
    subject_before(text, words, 0, at).filter(|m| m.kind != MentionKind::Phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_end_scans_match_a_byte_by_byte_scan() {
        let text = "Dr. Azizi said: “No.” Then! What? a;b  U.S. forces… «Да.» J. Smith, end.\n\
                    x.y 1.5 ./:!.? said;";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            for to in from..=bytes.len() {
                for colon in [false, true] {
                    let first = (from..to).find(|&p| is_clause_end(bytes, p, colon));
                    assert_eq!(
                        first_clause_end(bytes, from, to, colon),
                        first,
                        "{from}..{to}"
                    );
                }
                let last = (from..to).rev().find(|&p| is_clause_end(bytes, p, false));
                assert_eq!(last_clause_end(bytes, from, to), last, "{from}..{to}");
            }
        }
    }
}
