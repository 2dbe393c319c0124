//! The words and punctuation of a short stretch of text around a quote,
//! read straight from the bytes: attribution looks at a few dozen words on
//! either side of each quote, so this costs little and needs no token layer.

use crate::byte_lanes::{ascii_in_range, ascii_letters, lanes_before, load8, HIGHS};

/// A word (letters, digits, inner `.'’-` as in "U.S.", "O’Neill",
/// "Berlin-based") or a single punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub is_punct: bool,
}

impl Word {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// First letter upper case: "Azizi", "Dr.", "SCO".
    pub fn is_capitalized(&self, text: &str) -> bool {
        !self.is_punct
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    /// The first character, for punctuation tests.
    pub fn first_char(&self, text: &str) -> char {
        self.text(text).chars().next().unwrap_or(' ')
    }

    /// The punctuation mark `c`: "," or ":".
    pub fn is_mark(&self, text: &str, c: char) -> bool {
        self.is_punct && self.first_char(text) == c
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Joiners kept inside a word when a letter or digit follows.
fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&')
}

/// The character starting at byte `i` of `s` and its length in bytes;
/// ASCII, most of the text, without UTF-8 decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let byte = s.as_bytes()[i];
    if byte.is_ascii() {
        return (byte as char, 1);
    }
    let c = s[i..]
        .chars()
        .next()
        .expect("i is a char boundary inside s");
    (c, c.len_utf8())
}

/// The end of the run of ASCII letters and digits from `i`, eight bytes at
/// a time (most of a word: no character is decoded).
fn ascii_alphanumeric_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let x = load8(bytes, i);
        let run = lanes_before(!(ascii_letters(x) | ascii_in_range(x, b'0', b'9')) & HIGHS);
        i += run;
        if run < 8 {
            break;
        }
    }
    i
}

/// Appends the words of `text[start..end]` to `out`.
pub fn words_in(text: &str, start: usize, end: usize, out: &mut Vec<Word>) {
    let slice = &text[start..end];
    let mut i = 0;
    while i < slice.len() {
        let (c, len) = char_at(slice, i);
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !is_word_char(c) {
            out.push(Word {
                start: start + i,
                end: start + i + len,
                is_punct: true,
            });
            i += len;
            continue;
        }
        let mut word_end = i + len;
        while word_end < slice.len() {
            word_end = ascii_alphanumeric_end(slice.as_bytes(), word_end);
            if word_end == slice.len() {
                break;
            }
            let (d, d_len) = char_at(slice, word_end);
            if is_word_char(d) {
                word_end += d_len;
            } else if is_inner_joiner(d) {
                let after = word_end + d_len;
                if after < slice.len() && is_word_char(char_at(slice, after).0) {
                    word_end = after;
                } else if d == '.'
                    && (is_abbreviation(&slice[i..word_end])
                        || (c.is_uppercase()
                            && matches!(slice.as_bytes().get(after), Some(b',' | b')'))))
                {
                    // "Dr." and "J." keep their period: it ends no sentence;
                    // nor does one of a capitalised word before a comma or
                    // a parenthesis ("Mich.,", "(D-N.Y.)"); "said.)" keeps
                    // its verb whole.
                    word_end += 1;
                    break;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        out.push(Word {
            start: start + i,
            end: start + word_end,
            is_punct: false,
        });
        i = word_end;
    }
}

/// A short capitalised form that takes a period: titles and initials.
pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest = chars.as_str();
    rest.is_empty()
        || matches!(
            word,
            "Dr" | "Mr"
                | "Mrs"
                | "Ms"
                | "Prof"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Gen"
                | "Col"
                | "Lt"
                | "Capt"
                | "Sgt"
                | "Adm"
                | "Rev"
                | "St"
                | "Jr"
                | "Sr"
                | "Mt"
                | "Ft"
                | "Maj"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        words_in(text, 0, text.len(), &mut out);
        out.iter().map(|w| w.text(text)).collect()
    }

    #[test]
    fn keeps_names_abbreviations_and_inner_joiners() {
        assert_eq!(
            words(
                "Dr. Hamidreza Azizi, an Iran expert at the Berlin-based U.S. firm, told O’Neill."
            ),
            vec![
                "Dr.",
                "Hamidreza",
                "Azizi",
                ",",
                "an",
                "Iran",
                "expert",
                "at",
                "the",
                "Berlin-based",
                "U.S",
                ".",
                "firm",
                ",",
                "told",
                "O’Neill",
                "."
            ]
        );
        assert_eq!(
            words("— Путин сказал: «да»"),
            vec!["—", "Путин", "сказал", ":", "«", "да", "»"]
        );
    }
}
