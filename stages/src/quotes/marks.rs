//! Finding quoted stretches: scanning the bytes for quotation marks and
//! pairing them, one paragraph (line) at a time.
//!
//! Rules, in short:
//! - Double-mark styles open a quote anywhere: “…” "…" „…“ «…» »…« 「…」
//!   『…』 (and mixed “…" as typed in many feeds).
//! - Marks inside an open quote are nested and stay inside it, except the
//!   closer of the opening style. A second opener of the same curly style
//!   restarts the quote (the first one was never closed).
//! - Single marks ‘…’ '…' open a top-level quote only at a word edge, close
//!   at a word edge on the same line, and need two words: so "Iran’s" and
//!   "the countries’ borders" stay apostrophes.
//! - A quote still open at the end of its paragraph is kept (ending there)
//!   only when the next paragraph opens with a mark: a multi-paragraph
//!   quotation. Otherwise the opener is dropped, so an unbalanced mark never
//!   swallows the article.

use memchr::Memchr3;
use std::iter::Peekable;

/// A quoted stretch: `start..end` covers both marks (or runs to the end of
/// its paragraph when `open_ended`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    pub start: usize,
    pub end: usize,
    /// The quote runs on into the next paragraph (no closing mark here).
    pub open_ended: bool,
}

/// The style of a mark: which marks close a quote it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// “ … ” (also closed by a straight ")
    Curly,
    /// " … "
    Straight,
    /// „ … “ or „ … ”
    Low,
    /// « … »
    Guillemet,
    /// » … «
    ReversedGuillemet,
    /// 「 … 」 and 『 … 』
    Corner,
    /// ‘ … ’, ' … ', ‚ … ‘
    Single,
}

/// One quotation mark (or apostrophe) found in the text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    len: usize,
    ch: char,
}

/// Every quoted stretch of `text`, in text order, not overlapping.
pub fn find_quoted(text: &str) -> Vec<Quoted> {
    let mut found = Vec::new();
    let mut marks = Vec::new();
    let bytes = text.as_bytes();
    let mut candidates = MarkBytes::new(bytes).peekable();
    // Only the lines (paragraphs) holding a byte that may start a mark are
    // looked at: most have none.
    let mut previous_end = 0;
    while let Some(&first) = candidates.peek() {
        let line_start = memchr::memrchr(b'\n', &bytes[previous_end..first])
            .map_or(previous_end, |i| previous_end + i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[first..]).map_or(bytes.len(), |i| first + i);
        marks.clear();
        collect_marks(text, line_end, &mut candidates, &mut marks);
        if !marks.is_empty() {
            pair_line(text, line_start, line_end, &marks, &mut found);
        }
        previous_end = line_end;
    }
    found
}

/// The positions of the bytes that may start a quotation mark, in text
/// order: `"`, `'`, `` ` `` and the lead bytes of the two- and three-byte
/// marks (0xC2, 0xE2, 0xE3). Two vector searches (memchr3) merged: a few
/// instructions per 32 bytes of text without a mark.
struct MarkBytes<'t> {
    ascii: Peekable<Memchr3<'t>>,
    lead: Peekable<Memchr3<'t>>,
}

impl<'t> MarkBytes<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        MarkBytes {
            ascii: memchr::memchr3_iter(b'"', b'\'', b'`', bytes).peekable(),
            lead: memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).peekable(),
        }
    }
}

impl Iterator for MarkBytes<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match (self.ascii.peek(), self.lead.peek()) {
            (Some(a), Some(b)) if b < a => self.lead.next(),
            (Some(_), _) => self.ascii.next(),
            (None, _) => self.lead.next(),
        }
    }
}

/// The marks of the line ending at `end`, from the `candidates` before it
/// (which are taken).
fn collect_marks(
    text: &str,
    end: usize,
    candidates: &mut Peekable<MarkBytes>,
    marks: &mut Vec<Mark>,
) {
    let bytes = text.as_bytes();
    // Where the scan is: a typewriter double takes two bytes.
    let mut next = 0;
    while let Some(i) = candidates.next_if(|&i| i < end) {
        if i < next {
            continue;
        }
        let b = bytes[i];
        // Typewriter doubles: ''…'' (NYT archives) and ``…''.
        if matches!(b, b'\'' | b'`') && i + 1 < end && bytes[i + 1] == b {
            let ch = if b == b'`' { '“' } else { '"' };
            marks.push(Mark { pos: i, len: 2, ch });
            next = i + 2;
            continue;
        }
        if b == b'`' {
            continue;
        }
        let len = match b {
            b'"' | b'\'' => 1,
            0xC2 => 2,
            _ => 3,
        };
        if i + len <= end {
            if let Some(ch) = text.get(i..i + len).and_then(|s| s.chars().next()) {
                if is_mark(ch) {
                    marks.push(Mark { pos: i, len, ch });
                }
            }
        }
    }
}

fn is_mark(ch: char) -> bool {
    matches!(
        ch,
        '"' | '\''
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '«'
            | '»'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// The character before byte `pos`, if any, within `from..`.
fn char_before(text: &str, from: usize, pos: usize) -> Option<char> {
    if pos <= from {
        return None;
    }
    text[from..pos].chars().next_back()
}

fn char_after(text: &str, pos: usize, to: usize) -> Option<char> {
    if pos >= to {
        return None;
    }
    text[pos..to].chars().next()
}

/// A mark here can open: nothing, a space, or an opening bracket or dash
/// before it, and something other than a space after it.
fn opens_here(text: &str, line: (usize, usize), mark: &Mark) -> bool {
    let before = char_before(text, line.0, mark.pos);
    let after = char_after(text, mark.pos + mark.len, line.1);
    let edge_before = before.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | ',' | ';')
    });
    edge_before && after.is_some_and(|c| !c.is_whitespace())
}

/// A mark here can close: something other than a space before it, and no
/// letter or digit right after it.
fn closes_here(text: &str, line: (usize, usize), mark: &Mark) -> bool {
    let before = char_before(text, line.0, mark.pos);
    let after = char_after(text, mark.pos + mark.len, line.1);
    before.is_some_and(|c| !c.is_whitespace()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// The style a mark opens, if it can open a quote at all.
fn opening_style(text: &str, line: (usize, usize), mark: &Mark) -> Option<Style> {
    match mark.ch {
        '“' | '‟' => Some(Style::Curly),
        '„' => Some(Style::Low),
        '«' => Some(Style::Guillemet),
        '»' if opens_here(text, line, mark) => Some(Style::ReversedGuillemet),
        '「' | '『' => Some(Style::Corner),
        '"' if !closes_here(text, line, mark) || opens_here(text, line, mark) => {
            Some(Style::Straight)
        }
        '‘' | '\'' | '‚' if opens_here(text, line, mark) => Some(Style::Single),
        _ => None,
    }
}

/// Whether `mark` closes a quote of `style`.
fn closes(style: Style, text: &str, line: (usize, usize), mark: &Mark) -> bool {
    match style {
        Style::Curly => mark.ch == '”' || (mark.ch == '"' && closes_here(text, line, mark)),
        Style::Straight => mark.ch == '"' || mark.ch == '”',
        Style::Low => matches!(mark.ch, '“' | '”') || mark.ch == '"',
        Style::Guillemet => mark.ch == '»',
        Style::ReversedGuillemet => mark.ch == '«',
        Style::Corner => matches!(mark.ch, '」' | '』'),
        Style::Single => matches!(mark.ch, '’' | '\'' | '‘') && closes_here(text, line, mark),
    }
}

/// A second opener that means the first was never closed.
fn restarts(style: Style, mark: &Mark) -> bool {
    matches!(
        (style, mark.ch),
        (Style::Curly, '“') | (Style::Guillemet, '«') | (Style::Low, '„')
    )
}

fn pair_line(
    text: &str,
    line_start: usize,
    line_end: usize,
    marks: &[Mark],
    found: &mut Vec<Quoted>,
) {
    let line = (line_start, line_end);
    let mut i = 0;
    while i < marks.len() {
        let Some(style) = opening_style(text, line, &marks[i]) else {
            i += 1;
            continue;
        };
        let open = marks[i];
        let mut j = i + 1;
        let mut close = None;
        while j < marks.len() {
            let mark = &marks[j];
            if closes(style, text, line, mark) {
                close = Some(j);
                break;
            }
            if restarts(style, mark) {
                break;
            }
            j += 1;
        }
        match close {
            Some(j) => {
                let end = marks[j].pos + marks[j].len;
                if style != Style::Single || is_single_quote(text, open.pos, end) {
                    found.push(Quoted {
                        start: open.pos,
                        end,
                        open_ended: false,
                    });
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
            None if j == marks.len()
                && style != Style::Single
                && next_paragraph_opens(text, line_end) =>
            {
                let end = line_start + text[line_start..line_end].trim_end().len();
                if end > open.pos + open.len {
                    found.push(Quoted {
                        start: open.pos,
                        end,
                        open_ended: true,
                    });
                }
                return;
            }
            // Restarted by a second opener, or never closed: drop this one.
            None => i += 1,
        }
    }
}

/// ‘…’ is a quote, not two apostrophes, when it holds two words or more.
fn is_single_quote(text: &str, start: usize, end: usize) -> bool {
    text[start..end].split_whitespace().nth(1).is_some()
}

/// Whether the next non-blank line starts with an opening quotation mark.
fn next_paragraph_opens(text: &str, line_end: usize) -> bool {
    if line_end >= text.len() {
        return false;
    }
    text[line_end..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '“' | '"' | '„' | '«' | '»' | '「' | '『' | '‘'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        find_quoted(text)
            .into_iter()
            .map(|q| &text[q.start..q.end])
            .collect()
    }

    #[test]
    fn mark_bytes_are_every_possible_mark_start_in_order() {
        let text = "a\"b'c`d «e» “f” ‘g’ 「h」 £ é — ' \"\n'x";
        let expected: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| matches!(b, b'"' | b'\'' | b'`' | 0xC2 | 0xE2 | 0xE3))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            MarkBytes::new(text.as_bytes()).collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn marks_are_found_at_every_alignment() {
        let body = "He said: “We will win,” and ‘Turkic world’ and \"more here\" «Да».";
        let expected = quoted(body);
        assert_eq!(expected.len(), 4, "{expected:?}");
        for pad in 0..9 {
            let text = format!("{}{body}", "x ".repeat(pad));
            assert_eq!(quoted(&text), expected, "pad {pad}");
        }
    }

    #[test]
    fn all_double_styles() {
        assert_eq!(
            quoted("A “one,” b \"two\" c „drei“ d «quatre» e »fünf« f 「六」 g."),
            vec![
                "“one,”",
                "\"two\"",
                "„drei“",
                "«quatre»",
                "»fünf«",
                "「六」"
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes_but_single_quotes_are() {
        assert_eq!(
            quoted("Iran’s role and the countries’ border."),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted("He spoke of the ‘Turkic world’ and Tehran’s ‘Look East’ plan."),
            vec!["‘Turkic world’", "‘Look East’"]
        );
        assert_eq!(quoted("It's the '90s' style."), Vec::<&str>::new());
        assert_eq!(
            quoted("''It's a step too far,'' she said. ``Fine,'' he said."),
            vec!["''It's a step too far,''", "``Fine,''"]
        );
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(
            quoted("As he said, “this idea of the ‘Turkic world.’” He left."),
            vec!["“this idea of the ‘Turkic world.’”"]
        );
        assert_eq!(
            quoted("\"He called it 'a total mess,' she said.\""),
            vec!["\"He called it 'a total mess,' she said.\""]
        );
    }

    #[test]
    fn mixed_curly_and_straight() {
        assert_eq!(quoted("She said “fine\" and left."), vec!["“fine\""]);
    }

    #[test]
    fn unbalanced_marks_do_not_swallow_the_article() {
        let text = "He said “this never closes.\n\nNext paragraph “is quoted” here.\nMore text.";
        assert_eq!(quoted(text), vec!["“is quoted”"]);
        let text = "A “first “second” end.";
        assert_eq!(quoted(text), vec!["“second”"]);
    }

    #[test]
    fn multi_paragraph_quotes_end_at_each_paragraph() {
        let text = "“First part of it.\n\n“Second part,” he said.";
        assert_eq!(quoted(text), vec!["“First part of it.", "“Second part,”"]);
        assert!(find_quoted(text)[0].open_ended);
    }
}
