//! The tokenizer behind the `sentences` stage: one pass over the bytes of a
//! text, producing words, numbers, punctuation and symbols with byte offsets,
//! plus per-token facts the sentence splitter reads (whitespace and line
//! breaks before the token, abbreviation periods).
//!
//! Conventions (what downstream stages can rely on):
//! - every non-whitespace character of the text is inside exactly one token;
//! - an abbreviation keeps its period ("Dr.", "U.S.", "E.", "etc."); any other
//!   period is a token of its own, and a run of periods ("...") is one token;
//! - hyphens, dashes and slashes are tokens of their own ("Berlin", "-", "based");
//! - a possessive "’s"/"'s" is its own word token ("Iran", "’s"); other
//!   apostrophes between letters stay inside the word ("don’t", "O'Brien");
//! - numbers keep inner separators followed by a digit ("1,000", "100.00",
//!   "5:30") and a letter suffix ("5th", "1990s", "11bn");
//! - URLs, e-mail addresses and web domains ("JD.com", "bbc.co.uk/news") are
//!   one token, without trailing punctuation.

use crate::byte_lanes::{ascii_in_range, ascii_letters, lanes_before, load8, HIGHS};
use crate::byte_masks::{ByteMasks, BLOCK};
use crate::sentence_rules::{AbbreviationKind, Rules};
use pipeline::{Shape, Token, TokenKind};

/// Per-token facts for the splitter, parallel to the tokens.
pub type Flags = u16;

/// Whitespace (at least one character) between the previous token and this one.
pub const SPACE_BEFORE: Flags = 1;
/// Exactly one line break before the token.
pub const LINE_BEFORE: Flags = 2;
/// Two or more line breaks (a paragraph break) before the token.
pub const PARAGRAPH_BEFORE: Flags = 4;
/// The token's first character is a lower-case letter.
pub const STARTS_LOWER: Flags = 8;
/// A listed abbreviation with its period ("etc.", "Co.").
pub const ABBREVIATION: Flags = 16;
/// A listed abbreviation that precedes a name ("Dr.", "Mt."): never ends a
/// sentence before a capitalised word.
pub const TITLE: Flags = 32;
/// A single letter with its period ("E.", "p.").
pub const INITIAL: Flags = 64;
/// Letters separated by periods, period included ("U.S.", "a.m.", "Ph.D.").
pub const MULTI_PERIOD: Flags = 128;
/// Any of the flags that mean "this token ends with an abbreviation period".
pub const ABBREVIATION_PERIOD: Flags = ABBREVIATION | TITLE | INITIAL | MULTI_PERIOD;
/// Periods or an ellipsis: ".", "...", "…".
pub const PERIODS: Flags = 256;
/// A mark that ends a sentence: "!", "?", "。", "؟", "।", "։", Greek ";", ….
pub const FINAL_MARK: Flags = 512;
/// A list bullet: "•", "⁃", "▪", ….
pub const BULLET: Flags = 1024;
/// Token flags that may start or end a sentence by themselves (inside a
/// sentence, outside a list).
pub const DECISIVE: Flags =
    PARAGRAPH_BEFORE | LINE_BEFORE | BULLET | ABBREVIATION_PERIOD | PERIODS | FINAL_MARK;

/// Byte classes of ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ascii {
    Space,
    Newline,
    Upper,
    Lower,
    Digit,
    Punct,
    Symbol,
}

const ASCII_CLASS: [Ascii; 128] = {
    let mut table = [Ascii::Symbol; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'\n' => Ascii::Newline,
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => Ascii::Space,
            b'A'..=b'Z' => Ascii::Upper,
            b'a'..=b'z' => Ascii::Lower,
            b'0'..=b'9' => Ascii::Digit,
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'(' | b')' | b'[' | b']'
            | b'{' | b'}' | b'-' | b'_' | b'/' => Ascii::Punct,
            _ => Ascii::Symbol,
        };
        b += 1;
    }
    table
};

/// What a non-ASCII character is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space {
        newlines: u8,
    },
    Upper,
    Lower,
    /// A letter without case (CJK, Arabic, Devanagari, …) or a mark that
    /// belongs inside a word (virama, harakat, ZWNJ).
    Caseless,
    Digit,
    Punct,
    Symbol,
}

fn classify(c: char) -> Class {
    if c.is_whitespace() {
        let newlines = match c {
            '\u{2029}' => 2,
            '\u{2028}' | '\u{85}' => 1,
            _ => 0,
        };
        return Class::Space { newlines };
    }
    if c.is_alphabetic() {
        return if c.is_uppercase() {
            Class::Upper
        } else if c.is_lowercase() {
            Class::Lower
        } else {
            Class::Caseless
        };
    }
    if c.is_numeric() {
        return Class::Digit;
    }
    match c as u32 {
        // ZWNJ / ZWJ join parts of Persian and Indic words.
        0x200C | 0x200D => Class::Caseless,
        0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF => Class::Punct,
        0x0080..=0x00BF => Class::Symbol,
        0x2010..=0x2027 | 0x2030..=0x205E => Class::Punct,
        0x2000..=0x206F => Class::Symbol,
        0x037E | 0x0387 => Class::Punct,
        0x055A | 0x0589 | 0x058A => Class::Punct,
        0x060C | 0x060D | 0x061B | 0x061E | 0x061F | 0x066A..=0x066D | 0x06D4 => Class::Punct,
        0x0964 | 0x0965 | 0x0970 => Class::Punct,
        0x104A | 0x104B | 0x1360..=0x1368 | 0x17D4..=0x17DA => Class::Punct,
        0x2E00..=0x2E7F | 0x3000..=0x303F | 0x30FB => Class::Punct,
        0xFE10..=0xFE19 | 0xFE30..=0xFE6F => Class::Punct,
        0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => Class::Punct,
        0x20A0..=0x2BFF | 0xE000..=0xF8FF | 0xFE00..=0xFE0F | 0xFFF0..=0xFFFF => Class::Symbol,
        0x1F000..=0x1FAFF => Class::Symbol,
        c if c < 0x20 || c == 0x7F => Class::Symbol,
        // Combining marks and other word-internal characters.
        _ => Class::Caseless,
    }
}

/// Decodes the character starting at byte `i` (a char boundary).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    // The caller only passes char boundaries inside the text.
    text[i..].chars().next().unwrap_or('\u{FFFD}')
}

/// The class of the character at byte `i`, and its length in bytes.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        let class = match ASCII_CLASS[b as usize] {
            Ascii::Space => Class::Space { newlines: 0 },
            Ascii::Newline => Class::Space { newlines: 1 },
            Ascii::Upper => Class::Upper,
            Ascii::Lower => Class::Lower,
            Ascii::Digit => Class::Digit,
            Ascii::Punct => Class::Punct,
            Ascii::Symbol => Class::Symbol,
        };
        (class, 1)
    } else {
        let c = char_at(text, i);
        (classify(c), c.len_utf8())
    }
}

fn is_word_class(class: Class) -> bool {
    matches!(
        class,
        Class::Upper | Class::Lower | Class::Caseless | Class::Digit
    )
}

fn is_letter_class(class: Class) -> bool {
    matches!(class, Class::Upper | Class::Lower | Class::Caseless)
}

/// Letter kinds seen in a word, OR-ed together while scanning.
const SEEN_UPPER: u8 = 1;
const SEEN_LOWER: u8 = 2;
const SEEN_CASELESS: u8 = 4;
const SEEN_DIGIT: u8 = 8;
// The scanner turns a first byte's SEEN_LOWER into STARTS_LOWER by a shift.
const _: () = assert!((SEEN_LOWER as Flags) << 2 == STARTS_LOWER);

/// What an ASCII byte adds to a word's `SEEN_*` mask; 0 ends the fast scan.
const WORD_BITS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match ASCII_CLASS[b] {
            Ascii::Upper => SEEN_UPPER,
            Ascii::Lower => SEEN_LOWER,
            Ascii::Digit => SEEN_DIGIT,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// In the eight bytes `x`: how many lanes from the first are ASCII letters
/// or digits, and the `SEEN_*` bits of those lanes.
///
/// Classified by arithmetic (no table, no branch per byte): one range test
/// for the letters; bit 5 (moved to the lane's top bit) then tells lower
/// case from upper.
#[inline(always)]
fn word_lanes(x: u64) -> (usize, u8) {
    let letters = ascii_letters(x);
    let lower = letters & (x << 2);
    let upper = letters ^ lower;
    let digit = ascii_in_range(x, b'0', b'9');
    let stops = !(upper | lower | digit) & HIGHS;
    // The bits below the first stop (all of them when there is none).
    let kept = (stops & stops.wrapping_neg()).wrapping_sub(1);
    let any = |lanes: u64, bit: u8| ((lanes & kept != 0) as u8) * bit;
    let seen = any(upper, SEEN_UPPER) | any(lower, SEEN_LOWER) | any(digit, SEEN_DIGIT);
    (lanes_before(stops), seen)
}

/// The end of the run of ASCII letters and digits from `i`, and `seen` with
/// the run's `SEEN_*` bits added: eight bytes a step, for the words that
/// go on past the eight bytes [`Scanner::word`] looks at first. Not inlined
/// on purpose: inside the scanner's big loop the compiler spills the mask
/// to memory at every byte.
#[inline(never)]
fn ascii_word_run(bytes: &[u8], mut i: usize, mut seen: u8) -> (usize, u8) {
    while i < bytes.len() {
        let (run, more) = word_lanes(load8(bytes, i));
        seen |= more;
        i += run;
        if run < 8 {
            break;
        }
    }
    (i, seen)
}

/// What the byte after an ASCII word run says, in one lookup (a word asks
/// up to three questions of it): [`GOES_ON`], [`ADDRESS`], [`SPACE_AFTER`],
/// and for [`Scanner::block_word`], [`ENDS_WORD`] and [`ENDS_NUMBER`].
const AFTER_RUN: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let goes_on = b >= 0x80 || matches!(c, b'.' | b',' | b':' | b'\'');
        let address = matches!(c, b'.' | b'@' | b':');
        let ends_number = !goes_on && !address;
        table[b] = (goes_on as u8 * GOES_ON)
            | (address as u8 * ADDRESS)
            | ((c == b' ') as u8 * SPACE_AFTER)
            | ((ends_number || c == b',') as u8 * ENDS_WORD)
            | (ends_number as u8 * ENDS_NUMBER);
        b += 1;
    }
    table
};
/// The word may go on past the byte: a non-ASCII letter or mark, a
/// separator inside a number ("1,000", "5:30", "100.00") or an apostrophe
/// inside a word ("don't").
const GOES_ON: u8 = 1;
/// The word may go on into an address or an abbreviation: '.', '@', ':'.
const ADDRESS: u8 = 2;
/// A space, taken with the word (most words end at one).
const SPACE_AFTER: u8 = 4;
/// An ASCII word that starts with a letter ends before the byte, as it is:
/// no [`GOES_ON`] (a comma goes on only in a number) and no [`ADDRESS`].
const ENDS_WORD: u8 = 8;
/// The same for a word that starts with a digit.
const ENDS_NUMBER: u8 = 16;
const _: () = assert!(ENDS_WORD << 1 == ENDS_NUMBER);

fn seen_bits(class: Class) -> u8 {
    match class {
        Class::Upper => SEEN_UPPER,
        Class::Lower => SEEN_LOWER,
        Class::Caseless => SEEN_CASELESS,
        Class::Digit => SEEN_DIGIT,
        _ => 0,
    }
}

/// The shape and [`STARTS_LOWER`] of an ASCII word that starts with a
/// letter (as [`Scanner::word`] decides them), indexed by bits: 1 the first
/// letter is a capital, 2 another letter is one, 4 some letter is lower
/// case.
const WORD_SHAPES: [(Shape, Flags); 8] = {
    let mut table = [(Shape::None, 0); 8];
    let mut bits = 0;
    while bits < 8 {
        let (first_upper, more_upper, lower) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
        let shape = match (first_upper, more_upper, lower) {
            (true, _, true) => Shape::Title,
            (true, true, false) => Shape::Upper,
            (true, false, false) => Shape::Initial,
            (false, false, true) => Shape::Lower,
            (false, true, true) => Shape::Other,
            // A first letter in lower case is a lower-case letter.
            (false, _, false) => Shape::None,
        };
        table[bits] = (shape, if first_upper { 0 } else { STARTS_LOWER });
        bits += 1;
    }
    table
};

/// The `SEEN_*` mask of a (short) text.
fn seen_in(text: &str) -> u8 {
    text.chars()
        .map(|c| seen_bits(classify_char(c)))
        .fold(0, |a, b| a | b)
}

/// The shape of `word`, whose letters are summarised by `seen`.
#[inline]
fn shape_of(word: &str, seen: u8) -> Shape {
    match seen & (SEEN_UPPER | SEEN_LOWER | SEEN_CASELESS) {
        0 => Shape::None,
        SEEN_LOWER => Shape::Lower,
        SEEN_UPPER => {
            let uppers = if word.is_ascii() {
                word.bytes().filter(u8::is_ascii_uppercase).count()
            } else {
                word.chars().filter(|c| c.is_uppercase()).count()
            };
            if uppers == 1 {
                Shape::Initial
            } else {
                Shape::Upper
            }
        }
        mixed if mixed == SEEN_UPPER | SEEN_LOWER => {
            let first_upper = match word.as_bytes()[0] {
                b'A'..=b'Z' => true,
                b'a'..=b'z' => false,
                _ => word
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase),
            };
            if first_upper {
                Shape::Title
            } else {
                Shape::Other
            }
        }
        _ => Shape::Other,
    }
}

/// Top-level domains that end a web address written without "www." or a
/// scheme ("JD.com", "Booking.com"); lower case only, so that a missing
/// space after a sentence's period ("the end.It was") makes no address.
const TOP_LEVEL_DOMAINS: [&[u8]; 9] = [
    b"com", b"org", b"net", b"edu", b"gov", b"int", b"info", b"biz", b"io",
];

/// Second-level domains of country domains: "bbc.co.uk", "abc.net.au".
const SECOND_LEVEL_DOMAINS: [&[u8]; 5] = [b"co", b"com", b"org", b"net", b"ac"];

/// Whether `address` is a web domain, perhaps with a path: dot-separated
/// labels of letters, digits and hyphens ending in a listed top-level
/// domain, or in a listed second-level one and a two-letter country.
pub(crate) fn is_web_domain(address: &[u8]) -> bool {
    // Called for every word a period, '@' or ':' runs on from: no allocation.
    let host = address.split(|&b| b == b'/').next().unwrap_or_default();
    let (mut labels, mut before, mut last): (usize, &[u8], &[u8]) = (0, &[], &[]);
    for label in host.split(|&b| b == b'.') {
        if label.is_empty()
            || !label
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return false;
        }
        (labels, before, last) = (labels + 1, last, label);
    }
    labels >= 2
        && (TOP_LEVEL_DOMAINS.contains(&last)
            || (labels >= 3
                && last.len() == 2
                && last.iter().all(u8::is_ascii_lowercase)
                && SECOND_LEVEL_DOMAINS.contains(&before)))
}

/// A tokenized text: the tokens and, in parallel, their splitter flags.
#[derive(Debug, Default)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    pub flags: Vec<Flags>,
    /// The tokens inside a sentence that may end it, break before it or open
    /// a list, in order: those with a [`DECISIVE`] flag, and short tokens
    /// after whitespace with punctuation glued to them ("1." "a)"). The
    /// splitter jumps from one to the next instead of reading every token.
    pub turns: Vec<usize>,
}

/// Tokenizes `text` with the abbreviations of `rules`.
pub fn tokenize(text: &str, rules: &Rules) -> Tokenized {
    tokenize_with::<true>(text, rules)
}

/// [`tokenize`], with or without the block path (see [`Scanner::run`]).
#[inline(always)]
fn tokenize_with<const BY_BLOCKS: bool>(text: &str, rules: &Rules) -> Tokenized {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        rules,
        out: Tokenized {
            // News averages 5–6 bytes per token: no reallocation.
            tokens: Vec::with_capacity(text.len() / 4 + 16),
            flags: Vec::with_capacity(text.len() / 4 + 16),
            turns: Vec::with_capacity(text.len() / 32 + 16),
        },
        gap: SPACE_BEFORE,
    };
    scanner.run::<BY_BLOCKS>();
    let mut out = scanner.out;
    // Line breaks at the end of the text announced a token that never came.
    if out.turns.last() == Some(&out.tokens.len()) {
        out.turns.pop();
    }
    out
}

/// What [`Scanner::other`] found.
enum Step {
    /// Taken up to here.
    Next(usize),
    /// A word or number starts here.
    Word { number: bool, starts_lower: Flags },
}

struct Scanner<'t, 'r> {
    text: &'t str,
    bytes: &'t [u8],
    rules: &'r Rules,
    out: Tokenized,
    /// Flags describing the whitespace since the last token.
    gap: Flags,
}

impl Scanner<'_, '_> {
    /// Tokenizes the text. `BY_BLOCKS`: spaces and the plain ASCII words
    /// (most of news) are read off [`ByteMasks`] a block at a time, the rest
    /// byte by byte; without it (the reference the tests hold the block path
    /// to) everything is.
    fn run<const BY_BLOCKS: bool>(&mut self) {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut i = 0;
        let mut newlines = 0u32;
        // The block of bytes from `base`, classified.
        let mut base = 0;
        let mut masks = ByteMasks::default();
        if BY_BLOCKS {
            masks = ByteMasks::at(bytes, 0);
        }
        while i < n {
            if BY_BLOCKS {
                if i - base >= BLOCK {
                    (base, masks) = (i, ByteMasks::at(bytes, i));
                }
                let k = i - base;
                let spaces = masks.spaces >> k;
                if spaces & 1 != 0 {
                    // To the end of the spaces or of the block.
                    self.gap |= SPACE_BEFORE;
                    i += (!spaces).trailing_zeros() as usize;
                    continue;
                }
                let words = masks.words >> k;
                if words & 1 != 0 {
                    let next = self.block_words(base, &masks, k);
                    if next != i {
                        i = next;
                        newlines = 0;
                        continue;
                    }
                    if k > 0 && k + (!words).trailing_zeros() as usize >= BLOCK {
                        // The block may cut the word: classify from its start.
                        (base, masks) = (i, ByteMasks::at(bytes, i));
                        continue;
                    }
                }
            }
            let b = bytes[i];
            // Spaces and ASCII words first, as plain branches: one jump
            // table over all classes mispredicted at nearly every token.
            if b == b' ' {
                self.gap |= SPACE_BEFORE;
                i += 1;
                continue;
            }
            let (number, starts_lower) = match WORD_BITS[b as usize] {
                0 => match self.other(i, &mut newlines) {
                    Step::Next(next) => {
                        i = next;
                        continue;
                    }
                    Step::Word {
                        number,
                        starts_lower,
                    } => (number, starts_lower),
                },
                // No branch on the first byte's kind (a coin toss between
                // lower and upper case): SEEN_LOWER << 2 is STARTS_LOWER.
                bits => (bits == SEEN_DIGIT, Flags::from(bits & SEEN_LOWER) << 2),
            };
            i = self.word(i, number, starts_lower);
            newlines = 0;
        }
    }

    /// The plain ASCII words from bit `k` of the block at `base` on, and
    /// the spaces after them, read off `masks` and pushed without looking
    /// at their bytes again. A word is plain (most are) when it ends inside
    /// the block before a byte that surely ends it ([`ENDS_WORD`],
    /// [`ENDS_NUMBER`]); the others are left to [`Self::word`]. Returns
    /// where the first thing that is not a plain word or spaces starts
    /// (`base + k` when it is the first), or the end of the block.
    #[inline(never)]
    fn block_words(&mut self, base: usize, masks: &ByteMasks, mut k: usize) -> usize {
        loop {
            // No word at `k` has length 0.
            let len = (!(masks.words >> k)).trailing_zeros() as usize;
            let end = k + len;
            if len == 0 || end >= BLOCK {
                break;
            }
            let span = (1u64 << len) - 1;
            let digits = (masks.digits >> k) & span;
            let after = AFTER_RUN[self.bytes.get(base + end).map_or(0, |&b| b as usize)];
            let (first, last) = (base + k, base + end);
            if digits & 1 == 0 {
                if after & ENDS_WORD == 0 {
                    break;
                }
                let upper = (masks.upper >> k) & span;
                let (shape, flags) = WORD_SHAPES[(upper & 1) as usize
                    | ((upper > 1) as usize) << 1
                    | (((upper | digits) != span) as usize) << 2];
                self.push(first, last, TokenKind::Word, shape, flags);
            } else {
                // A number with letters ("5th", "4Gb") has the shape of its
                // letters: [`Self::word`] tells it.
                if after & ENDS_NUMBER == 0 || digits != span {
                    break;
                }
                self.push(first, last, TokenKind::Number, Shape::None, 0);
            }
            // The spaces after the word, up to the end of the block.
            let spaces = (!(masks.spaces >> end)).trailing_zeros() as usize;
            if spaces > 0 {
                self.gap = SPACE_BEFORE;
            }
            k = end + spaces;
            if k >= BLOCK {
                break;
            }
        }
        base + k
    }

    /// Whatever is at `i` when it is not a space or an ASCII letter or
    /// digit: takes whitespace and punctuation, or says a word starts here.
    #[inline(never)]
    fn other(&mut self, i: usize, newlines: &mut u32) -> Step {
        let (class, len) = class_at(self.text, i);
        let next = match class {
            Class::Space { newlines: nl } => {
                *newlines += nl as u32;
                self.gap |= SPACE_BEFORE
                    | match *newlines {
                        0 => 0,
                        1 => LINE_BEFORE,
                        _ => PARAGRAPH_BEFORE,
                    };
                // A paragraph break is no single line break.
                if *newlines > 1 {
                    self.gap &= !LINE_BEFORE;
                }
                if *newlines > 0 {
                    self.turn();
                }
                return Step::Next(i + len);
            }
            Class::Upper | Class::Caseless => {
                return Step::Word {
                    number: false,
                    starts_lower: 0,
                }
            }
            Class::Lower => {
                return Step::Word {
                    number: false,
                    starts_lower: STARTS_LOWER,
                }
            }
            Class::Digit => {
                return Step::Word {
                    number: true,
                    starts_lower: 0,
                }
            }
            Class::Punct => self.punct(i, len),
            Class::Symbol => {
                self.push(i, i + len, TokenKind::Symbol, Shape::None, 0);
                i + len
            }
        };
        *newlines = 0;
        Step::Next(next)
    }

    #[inline]
    fn push(&mut self, start: usize, end: usize, kind: TokenKind, shape: Shape, flags: Flags) {
        let gap = self.gap;
        debug_assert!(
            (gap | flags) & DECISIVE == 0 || self.out.turns.last() == Some(&self.out.tokens.len()),
            "a decisive token is a turn"
        );
        self.out.tokens.push(Token {
            start,
            end,
            kind,
            shape,
            sentence_start: false,
        });
        self.out.flags.push(gap | flags);
        self.gap = 0;
    }

    /// The next token pushed is a turn (see [`Tokenized::turns`]). Called
    /// where a [`DECISIVE`] flag is set, so that a word costs nothing.
    fn turn(&mut self) {
        let next = self.out.tokens.len();
        if self.out.turns.last() != Some(&next) {
            self.out.turns.push(next);
        }
    }

    /// Punctuation is glued to the token before it: that one is a turn when
    /// it is short and follows whitespace, as a list marker's number or
    /// letter does ("1." "a)"; a marker is always followed by punctuation).
    fn punct_glued(&mut self) {
        let Some(before) = self.out.tokens.len().checked_sub(1) else {
            return;
        };
        let token = &self.out.tokens[before];
        if self.out.flags[before] & SPACE_BEFORE != 0
            && token.end - token.start <= 2
            && self.out.turns.last() != Some(&before)
        {
            self.out.turns.push(before);
        }
    }

    /// A punctuation token starting at `i`; returns the end.
    fn punct(&mut self, i: usize, len: usize) -> usize {
        if self.gap & SPACE_BEFORE == 0 {
            self.punct_glued();
        }
        let b = self.bytes[i];
        if b == b'.' {
            let mut end = i + 1;
            while end < self.bytes.len() && self.bytes[end] == b'.' {
                end += 1;
            }
            self.turn();
            self.push(i, end, TokenKind::Punct, Shape::None, PERIODS);
            return end;
        }
        // A possessive right after a word: "Iran’s", "Jr.'s".
        if let Some(end) = self.possessive_at(i) {
            let s = self.bytes[end - 1];
            let (shape, flags) = if s == b'S' {
                (Shape::Initial, 0)
            } else {
                (Shape::Lower, STARTS_LOWER)
            };
            self.push(i, end, TokenKind::Word, shape, flags);
            return end;
        }
        let role = match b {
            b'!' | b'?' => FINAL_MARK,
            b';' if self.rules.semicolon_question => FINAL_MARK,
            _ if b < 0x80 => 0,
            _ => match char_at(self.text, i) {
                '…' => PERIODS,
                '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '｡' | '؟' | '۔' | '।' | '॥' | '։'
                | '።' | '፧' | '။' | '\u{37E}' => FINAL_MARK,
                '•' | '‣' | '⁃' | '◦' | '▪' | '▫' | '●' | '○' | '■' | '□' | '►' | '▶' | '➢'
                | '∙' => BULLET,
                _ => 0,
            },
        };
        if role != 0 {
            self.turn();
        }
        self.push(i, i + len, TokenKind::Punct, Shape::None, role);
        i + len
    }

    /// The end of a possessive "'s"/"’s" starting at `i`, glued to the
    /// previous token and followed by a non-letter.
    fn possessive_at(&self, i: usize) -> Option<usize> {
        let glued = self.gap == 0 && self.out.tokens.last().is_some_and(|t| t.end == i);
        if !glued {
            return None;
        }
        let apostrophe = match self.bytes[i] {
            b'\'' => 1,
            0xE2 if self.bytes[i..].starts_with("’".as_bytes()) => 3,
            _ => return None,
        };
        let s = i + apostrophe;
        if s < self.bytes.len() && matches!(self.bytes[s], b's' | b'S') {
            let after = s + 1;
            if after == self.bytes.len() || !is_word_class(class_at(self.text, after).0) {
                return Some(after);
            }
        }
        None
    }

    /// A word or number starting at `start` (`number`: it starts with a
    /// digit; `starts_lower`: its first letter is lower case); returns the end.
    #[inline(always)]
    fn word(&mut self, start: usize, number: bool, starts_lower: Flags) -> usize {
        let bytes = self.bytes;
        let n = bytes.len();
        // Most words end inside their first eight bytes: those are looked
        // at here, without a call.
        let (run, mut seen) = word_lanes(load8(bytes, start));
        let mut i = start + run;
        if run == 8 {
            (i, seen) = ascii_word_run(bytes, i, seen);
        }
        let mut after;
        loop {
            // Most words end at a space or at punctuation that cannot go on
            // with them: one lookup says so.
            after = bytes.get(i).map_or(0, |&b| AFTER_RUN[b as usize]);
            if after & GOES_ON == 0 {
                break;
            }
            let b = bytes[i];
            if b >= 0x80 {
                let c = char_at(self.text, i);
                let class = classify(c);
                if is_word_class(class) {
                    seen |= seen_bits(class);
                    (i, seen) = ascii_word_run(bytes, i + c.len_utf8(), seen);
                    continue;
                }
            }
            let has_letters = seen & (SEEN_UPPER | SEEN_LOWER | SEEN_CASELESS) != 0;
            // Inner separators of numbers: 1,000  100.00  5:30
            if number
                && !has_letters
                && matches!(b, b'.' | b',' | b':')
                && i + 1 < n
                && bytes[i + 1].is_ascii_digit()
            {
                (i, seen) = ascii_word_run(bytes, i + 1, seen);
                continue;
            }
            // Apostrophes between letters: don’t, O'Brien, l’homme; a
            // possessive 's ends the word instead.
            // (The lead byte first: the slice comparison runs after every word.)
            if has_letters && (b == b'\'' || (b == 0xE2 && bytes[i..].starts_with("’".as_bytes())))
            {
                let apostrophe = if b == b'\'' { 1 } else { 3 };
                let next = i + apostrophe;
                if next < n && is_letter_class(class_at(self.text, next).0) {
                    let s = bytes[next];
                    let possessive = matches!(s, b's' | b'S')
                        && (next + 1 == n || !is_word_class(class_at(self.text, next + 1).0));
                    if !possessive {
                        (i, seen) = ascii_word_run(bytes, next, seen);
                        continue;
                    }
                }
            }
            break;
        }
        let end = i;
        // Most words end at a space or a comma: only '.', '@' and ':' can
        // go on into an address or an abbreviation.
        if after & ADDRESS != 0 {
            if let Some((url_end, domain)) = self.url_or_email(start, end) {
                // a bare domain is a word with its own case ("JD.com" is
                // a name, "bbc.co.uk" is not); other addresses are `Other`
                let text = &self.text[start..url_end];
                let (shape, lower) = if domain {
                    (shape_of(text, seen_in(text)), starts_lower)
                } else {
                    (Shape::Other, 0)
                };
                self.push(start, url_end, TokenKind::Word, shape, lower);
                return url_end;
            }
            if !number && bytes[end] == b'.' {
                if let Some(taken) = self.abbreviation(start, end, seen, starts_lower) {
                    return taken;
                }
            }
        }
        let kind = if number {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        let shape = match seen & (SEEN_UPPER | SEEN_LOWER | SEEN_CASELESS) {
            0 => Shape::None,
            SEEN_LOWER => Shape::Lower,
            // "Iran": capitalised ASCII, the commonest shape after lower
            // case, without a call.
            mixed if mixed == SEEN_UPPER | SEEN_LOWER && bytes[start].is_ascii_uppercase() => {
                Shape::Title
            }
            _ => shape_of(&self.text[start..end], seen),
        };
        self.push(start, end, kind, shape, starts_lower);
        if after & SPACE_AFTER != 0 {
            self.gap |= SPACE_BEFORE;
            return end + 1;
        }
        end
    }

    /// When the word `start..end` begins a URL, an e-mail address or a web
    /// domain, the end of the address (trailing punctuation left out) and
    /// whether it is a bare domain.
    #[inline(never)]
    fn url_or_email(&self, start: usize, end: usize) -> Option<(usize, bool)> {
        let bytes = self.bytes;
        let n = bytes.len();
        if end + 1 >= n || !matches!(bytes[end], b'.' | b'@' | b':') {
            return None;
        }
        if bytes[end + 1].is_ascii_whitespace() {
            return None;
        }
        // The run of non-space ASCII (a closing curly quote ends it too).
        let mut run_end = end;
        while run_end < n && bytes[run_end] > b' ' && bytes[run_end] < 0x80 {
            run_end += 1;
        }
        let run = &bytes[start..run_end];
        let is_url = run.windows(3).any(|w| w == b"://")
            || (run.len() > 4 && run[..4].eq_ignore_ascii_case(b"www."));
        let is_email = !is_url
            && run.iter().position(|&b| b == b'@').is_some_and(|at| {
                at > 0
                    && run[at + 1..].contains(&b'.')
                    && run.get(at + 1).is_some_and(|b| b.is_ascii_alphanumeric())
            });
        let mut url_end = run_end;
        while url_end > end
            && matches!(
                bytes[url_end - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b')' | b']' | b'>'
            )
        {
            url_end -= 1;
        }
        let domain = !is_url && !is_email && is_web_domain(&bytes[start..url_end]);
        (url_end > end && (is_url || is_email || domain)).then_some((url_end, domain))
    }

    /// Takes the period after the word `start..end` into the token when the
    /// word is an abbreviation; returns the token's end when it did.
    fn abbreviation(
        &mut self,
        start: usize,
        end: usize,
        seen: u8,
        starts_lower: Flags,
    ) -> Option<usize> {
        let bytes = self.bytes;
        let n = bytes.len();
        let word = &self.text[start..end];
        let word_chars = word.chars().count();
        let only_letters = seen & SEEN_DIGIT == 0;
        // "U.S.", "a.m.", "Ph.D.", "z.B.": segments of one or two letters.
        if only_letters && word_chars <= 2 {
            if let Some(multi_end) = self.multi_period(end) {
                let whole = &self.text[start..multi_end];
                let shape = shape_of(whole, seen_in(whole));
                self.turn();
                self.push(
                    start,
                    multi_end,
                    TokenKind::Word,
                    shape,
                    MULTI_PERIOD | starts_lower,
                );
                return Some(multi_end);
            }
        }
        // A run of periods ("etc...") is punctuation of its own.
        if end + 1 < n && bytes[end + 1] == b'.' {
            return None;
        }
        let listed = self.rules.abbreviation(word);
        let shape = shape_of(word, seen);
        let flag = match listed {
            // Titles are not written in capitals: "FT." and "MS." are no titles.
            Some(AbbreviationKind::Title) if shape != Shape::Upper => TITLE,
            Some(_) => ABBREVIATION,
            None if only_letters && word_chars == 1 => INITIAL,
            None => return None,
        };
        let flag = if flag != INITIAL && only_letters && word_chars == 1 {
            flag | INITIAL
        } else {
            flag
        };
        self.turn();
        self.push(start, end + 1, TokenKind::Word, shape, flag | starts_lower);
        Some(end + 1)
    }

    /// At `dot` (a period after a short word): the end of a multi-period
    /// abbreviation, final period included, or `None`.
    fn multi_period(&self, dot: usize) -> Option<usize> {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut i = dot;
        let mut segments = 1;
        loop {
            // here bytes[i] == '.'
            let mut j = i + 1;
            let mut count = 0;
            while j < n && count <= 2 {
                let (class, len) = class_at(self.text, j);
                if !is_letter_class(class) {
                    break;
                }
                count += 1;
                j += len;
            }
            if count == 0 || count > 2 || j >= n || bytes[j] != b'.' {
                break;
            }
            segments += 1;
            i = j;
        }
        (segments >= 2).then_some(i + 1)
    }
}

fn classify_char(c: char) -> Class {
    if c.is_ascii() {
        match ASCII_CLASS[c as usize] {
            Ascii::Upper => Class::Upper,
            Ascii::Lower => Class::Lower,
            _ => Class::Punct,
        }
    } else {
        classify(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentence_rules::rules_for;
    use crate::sentences::tests::{random_text, Rng};

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text, rules_for(Some("en")))
            .tokens
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            texts("Iran’s 600-mile border, $1.13bn (£600m) at 5:30."),
            [
                "Iran", "’s", "600", "-", "mile", "border", ",", "$", "1.13bn", "(", "£", "600m",
                ")", "at", "5:30", "."
            ]
        );
        assert_eq!(
            texts("I don’t know O'Brien's 1990s [during]Tajikistan’s"),
            [
                "I",
                "don’t",
                "know",
                "O'Brien",
                "'s",
                "1990s",
                "[",
                "during",
                "]",
                "Tajikistan",
                "’s"
            ]
        );
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            texts("Dr. Smith of the U.S. met Jonas E. Smith at 5 a.m. on p. 55 etc. Fine."),
            [
                "Dr.", "Smith", "of", "the", "U.S.", "met", "Jonas", "E.", "Smith", "at", "5",
                "a.m.", "on", "p.", "55", "etc.", "Fine", "."
            ]
        );
        assert_eq!(
            texts("JFK Jr.'s book..."),
            ["JFK", "Jr.", "'s", "book", "..."]
        );
    }

    #[test]
    fn urls_and_emails_are_one_token() {
        assert_eq!(
            texts("See https://www.example.50.com/new-site/a_b.html. Mail Jane.Doe@example.com."),
            [
                "See",
                "https://www.example.50.com/new-site/a_b.html",
                ".",
                "Mail",
                "Jane.Doe@example.com",
                "."
            ]
        );
        assert_eq!(texts("(www.bbc.co.uk)"), ["(", "www.bbc.co.uk", ")"]);
    }

    #[test]
    fn web_domains_are_one_word_with_their_own_shape() {
        let text = "JD.com and Booking.com rose; see bbc.co.uk/news, abc.net.au. The end.It \
                    was 3.5 bn. e.g. this, U.S. and a.m.";
        assert_eq!(
            texts(text),
            [
                "JD.com",
                "and",
                "Booking.com",
                "rose",
                ";",
                "see",
                "bbc.co.uk/news",
                ",",
                "abc.net.au",
                ".",
                "The",
                "end",
                ".",
                "It",
                "was",
                "3.5",
                "bn",
                ".",
                "e.g.",
                "this",
                ",",
                "U.S.",
                "and",
                "a.m."
            ]
        );
        let tokenized = tokenize(text, rules_for(None));
        let shape = |word: &str| {
            let token = tokenized
                .tokens
                .iter()
                .find(|t| t.text(text) == word)
                .unwrap();
            token.shape
        };
        assert_eq!(shape("JD.com"), Shape::Title);
        assert_eq!(shape("bbc.co.uk/news"), Shape::Lower);
        assert!(!is_web_domain(b"end.It") && !is_web_domain(b"uk.co") && !is_web_domain(b".com"));
    }

    #[test]
    fn ascii_word_runs_match_a_byte_by_byte_scan() {
        let text = b"a Bc 1x9Q-yz abcdefgh ABCDEFGHIJ 12345678.9 lowercaseword, x\xc3\xa9 MiXeD1";
        for start in 0..text.len() {
            let mut end = start;
            let mut seen = 0;
            while end < text.len() && WORD_BITS[text[end] as usize] != 0 {
                seen |= WORD_BITS[text[end] as usize];
                end += 1;
            }
            assert_eq!(ascii_word_run(text, start, 0), (end, seen), "from {start}");
        }
    }

    #[test]
    fn turns_hold_every_decisive_token_and_every_short_token_before_punctuation() {
        let fixed = "Dr. Smith, U.S. e.g. 1) Mix 2. Bake a) b. “Yes!” … ok?\n\nNew\nline • x \
                     Ελληνικά; ναι. 北京。好 J. K. Rowling 3. Oktober i.e.\n\n";
        // And random strings of pieces that make turns.
        let pieces = [
            "1", "a", "b", "Dr", "U", "S", "ok", ".", ")", "…", "!", ";", "’s", " ", "  ", "\n",
            "\n\n", "•", "“", "。", "é", "\u{2029}",
        ];
        let mut state = 7u64;
        let mut random = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut texts = vec![fixed.to_string()];
        for _ in 0..2000 {
            let len = random() % 12;
            texts.push((0..len).map(|_| pieces[random() % pieces.len()]).collect());
        }
        for (text, lang) in texts
            .iter()
            .flat_map(|t| [Some("en"), Some("el"), Some("de"), None].map(|l| (t.as_str(), l)))
        {
            let Tokenized {
                tokens,
                flags,
                turns,
            } = tokenize(text, rules_for(lang));
            assert!(turns.windows(2).all(|w| w[0] < w[1]), "{text:?}: in order");
            assert!(turns.last() < Some(&tokens.len()), "{text:?}: tokens only");
            for i in 0..tokens.len() {
                let short_before_punct = i + 1 < tokens.len()
                    && flags[i] & SPACE_BEFORE != 0
                    && flags[i + 1] & SPACE_BEFORE == 0
                    && tokens[i + 1].kind == TokenKind::Punct
                    && tokens[i].end - tokens[i].start <= 2;
                if flags[i] & DECISIVE != 0 || short_before_punct {
                    assert!(turns.contains(&i), "{text:?} {lang:?}: token {i}");
                }
            }
        }
    }

    /// The block path reads exactly what the byte-by-byte path reads, on
    /// random mixes of the splitter's test pieces and random code points,
    /// with ASCII words and space runs across block boundaries.
    #[test]
    fn blocks_tokenize_as_bytes_do() {
        let mut rng = Rng(0x5EED_0B10C);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..rng.below(5) {
                text.push_str(&random_text(&mut rng));
                text.push_str(&" ".repeat(rng.below(3)));
                text.push_str(&"Wordy".repeat(rng.below(20)));
            }
            for lang in [Some("en"), Some("de"), None] {
                let rules = rules_for(lang);
                let (by_blocks, by_bytes) = (
                    tokenize_with::<true>(&text, rules),
                    tokenize_with::<false>(&text, rules),
                );
                assert_eq!(by_blocks.tokens, by_bytes.tokens, "{text:?}");
                assert_eq!(by_blocks.flags, by_bytes.flags, "{text:?}");
                assert_eq!(by_blocks.turns, by_bytes.turns, "{text:?}");
            }
        }
    }

    #[test]
    fn shapes_and_flags() {
        let text = "SCO Iran said McDonald A 5th сказал\n\nМосква 北京";
        let tokenized = tokenize(text, rules_for(None));
        let shapes: Vec<Shape> = tokenized.tokens.iter().map(|t| t.shape).collect();
        assert_eq!(
            shapes,
            [
                Shape::Upper,
                Shape::Title,
                Shape::Lower,
                Shape::Title,
                Shape::Initial,
                Shape::Lower,
                Shape::Lower,
                Shape::Title,
                Shape::Other
            ]
        );
        assert_eq!(tokenized.tokens[5].kind, TokenKind::Number);
        assert!(tokenized.flags[6] & STARTS_LOWER != 0);
        assert!(tokenized.flags[7] & PARAGRAPH_BEFORE != 0);
        assert!(tokenized.flags[7] & LINE_BEFORE == 0);
    }
}
