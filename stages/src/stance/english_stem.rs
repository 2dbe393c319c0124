//! Snowball's English (Porter2) stemmer as rust-stemmers 1.2 runs it,
//! written out for words of lower-case ASCII letters and apostrophes: the
//! generated Snowball code costs about 4000 instructions a word (a new
//! `String` per rewrite, a binary search of suffix tables char by char),
//! and every new word of a document and every seed word is stemmed.
//! Here a word costs a few hundred instructions and no allocation.
//!
//! Each step follows the Snowball source (english.sbl, the version without
//! the `past`/`univers` prefixes): among a step's suffixes the longest one
//! present is chosen first and only then its condition tested, so a failed
//! condition never falls back to a shorter suffix. The tests compare this
//! with rust-stemmers on the seed lexicons, every short string, suffix
//! combinations and every word of the shared data.

/// Longest word stemmed here; longer ones go to rust-stemmers.
const MAX_LEN: usize = 48;

/// A stem, held inline: stemming allocates nothing.
pub struct Stem {
    b: [u8; MAX_LEN],
    n: usize,
}

impl Stem {
    fn of(text: &[u8]) -> Stem {
        let mut b = [0; MAX_LEN];
        b[..text.len()].copy_from_slice(text);
        Stem { b, n: text.len() }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.b[..self.n]).expect("ASCII")
    }
}

/// The stem of `word`, or `None` when it holds anything but `a`-`z` and
/// `'` (or is longer than [`MAX_LEN`]): Snowball's answer then.
pub fn stem(word: &str) -> Option<Stem> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_LEN || !bytes.iter().all(|&b| b.is_ascii_lowercase() || b == b'\'') {
        return None;
    }
    if let Some(stem) = exception1(word) {
        return Some(Stem::of(stem.as_bytes()));
    }
    if bytes.len() < 3 {
        return Some(Stem::of(bytes));
    }
    // Prelude: a leading apostrophe goes; a `y` that starts the word or
    // follows a vowel is a consonant, written `Y` until the end.
    let from = (bytes[0] == b'\'') as usize;
    let mut w = Word {
        b: [0; MAX_LEN],
        n: bytes.len() - from,
        p1: 0,
        p2: 0,
    };
    w.b[..w.n].copy_from_slice(&bytes[from..]);
    let mut y_found = false;
    for i in 0..w.n {
        if w.b[i] == b'y' && (i == 0 || is_vowel(w.b[i - 1])) {
            w.b[i] = b'Y';
            y_found = true;
        }
    }
    w.mark_regions();
    w.step_1a();
    if !EXCEPTIONS_AFTER_1A.contains(&w.text()) {
        w.step_1b();
        w.step_1c();
        w.step_2();
        w.step_3();
        w.step_4();
        w.step_5();
    }
    if y_found {
        for b in &mut w.b[..w.n] {
            if *b == b'Y' {
                *b = b'y';
            }
        }
    }
    Some(Stem { b: w.b, n: w.n })
}

/// Whole words with a stem of their own (Snowball's `exception1`).
fn exception1(word: &str) -> Option<&'static str> {
    Some(match word {
        "skis" => "ski",
        "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "idly" => "idl",
        "gently" => "gentl",
        "ugly" => "ugli",
        "early" => "earli",
        "only" => "onli",
        "singly" => "singl",
        "sky" => "sky",
        "news" => "news",
        "howe" => "howe",
        "atlas" => "atlas",
        "cosmos" => "cosmos",
        "bias" => "bias",
        "andes" => "andes",
        _ => return None,
    })
}

/// Words left as they are after step 1a (Snowball's `exception2`).
const EXCEPTIONS_AFTER_1A: [&[u8]; 8] = [
    b"inning", b"outing", b"canning", b"herring", b"earring", b"proceed", b"exceed", b"succeed",
];

/// Snowball's `v`.
fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Snowball's `v_WXY`.
fn is_vowel_wxy(b: u8) -> bool {
    is_vowel(b) || matches!(b, b'w' | b'x' | b'Y')
}

/// Snowball's `valid_LI`: letters before an `li` that is cut.
fn is_valid_li(b: u8) -> bool {
    matches!(
        b,
        b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't'
    )
}

/// The word being stemmed, with its regions R1 = `p1..` and R2 = `p2..`.
struct Word {
    b: [u8; MAX_LEN],
    n: usize,
    p1: usize,
    p2: usize,
}

/// What a step does with the suffix it found.
#[derive(Clone, Copy)]
enum Action {
    /// Replaced by this text, when the suffix is in R1.
    R1(&'static [u8]),
    /// Replaced by this text, when the suffix is in R2.
    R2(&'static [u8]),
    /// `ogi` after an `l`, in R1: `og`.
    Ogi,
    /// `li` after a valid `li` ending, in R1: cut.
    Li,
    /// `ion` after `s` or `t`, in R2: cut.
    Ion,
}

use Action::{Ion, Li, Ogi, R1, R2};

/// A suffix of at most 8 bytes, packed to be compared with
/// [`Word::tail`] in one step (the steps' tables are searched for every
/// word).
#[derive(Clone, Copy)]
struct Suffix {
    /// The bytes, the last in the lowest byte.
    key: u64,
    /// The bytes of `key` that are the suffix's.
    mask: u64,
    len: usize,
}

const fn suffix(text: &[u8]) -> Suffix {
    let mut key = 0;
    let mut i = 0;
    while i < text.len() {
        key = key << 8 | text[i] as u64;
        i += 1;
    }
    Suffix {
        key,
        mask: u64::MAX >> (64 - 8 * text.len()),
        len: text.len(),
    }
}

/// A step's suffixes, longest first (the first present one is taken),
/// and per last letter the set of entries ending in it: a word is compared
/// with those few only.
struct Table<const N: usize> {
    entries: [(Suffix, Action); N],
    by_last: [u32; 26],
}

const fn table<const N: usize>(entries: [(Suffix, Action); N]) -> Table<N> {
    let mut by_last = [0; 26];
    let mut i = 0;
    while i < N {
        by_last[(entries[i].0.key as u8 - b'a') as usize] |= 1 << i;
        i += 1;
    }
    Table { entries, by_last }
}

/// Step 2's suffixes, longest first (the first present one is taken).
const STEP_2: Table<24> = table([
    (suffix(b"ational"), R1(b"ate")),
    (suffix(b"ization"), R1(b"ize")),
    (suffix(b"iveness"), R1(b"ive")),
    (suffix(b"fulness"), R1(b"ful")),
    (suffix(b"ousness"), R1(b"ous")),
    (suffix(b"tional"), R1(b"tion")),
    (suffix(b"biliti"), R1(b"ble")),
    (suffix(b"lessli"), R1(b"less")),
    (suffix(b"fulli"), R1(b"ful")),
    (suffix(b"ousli"), R1(b"ous")),
    (suffix(b"entli"), R1(b"ent")),
    (suffix(b"aliti"), R1(b"al")),
    (suffix(b"iviti"), R1(b"ive")),
    (suffix(b"alism"), R1(b"al")),
    (suffix(b"ation"), R1(b"ate")),
    (suffix(b"anci"), R1(b"ance")),
    (suffix(b"enci"), R1(b"ence")),
    (suffix(b"abli"), R1(b"able")),
    (suffix(b"alli"), R1(b"al")),
    (suffix(b"izer"), R1(b"ize")),
    (suffix(b"ator"), R1(b"ate")),
    (suffix(b"ogi"), Ogi),
    (suffix(b"bli"), R1(b"ble")),
    (suffix(b"li"), Li),
]);

/// Step 3's suffixes, longest first.
const STEP_3: Table<9> = table([
    (suffix(b"ational"), R1(b"ate")),
    (suffix(b"tional"), R1(b"tion")),
    (suffix(b"alize"), R1(b"al")),
    (suffix(b"icate"), R1(b"ic")),
    (suffix(b"iciti"), R1(b"ic")),
    (suffix(b"ative"), R2(b"")),
    (suffix(b"ical"), R1(b"ic")),
    (suffix(b"ness"), R1(b"")),
    (suffix(b"ful"), R1(b"")),
]);

/// Step 4's suffixes, longest first; all cut in R2.
const STEP_4: Table<18> = table([
    (suffix(b"ement"), R2(b"")),
    (suffix(b"ment"), R2(b"")),
    (suffix(b"ance"), R2(b"")),
    (suffix(b"ence"), R2(b"")),
    (suffix(b"able"), R2(b"")),
    (suffix(b"ible"), R2(b"")),
    (suffix(b"ate"), R2(b"")),
    (suffix(b"ive"), R2(b"")),
    (suffix(b"ize"), R2(b"")),
    (suffix(b"iti"), R2(b"")),
    (suffix(b"ism"), R2(b"")),
    (suffix(b"ion"), Ion),
    (suffix(b"ous"), R2(b"")),
    (suffix(b"ant"), R2(b"")),
    (suffix(b"ent"), R2(b"")),
    (suffix(b"ic"), R2(b"")),
    (suffix(b"al"), R2(b"")),
    (suffix(b"er"), R2(b"")),
]);

impl Word {
    fn text(&self) -> &[u8] {
        &self.b[..self.n]
    }

    /// The last 8 bytes, the last in the lowest byte; zeros (no letter)
    /// before the start of a shorter word.
    fn tail(&self) -> u64 {
        let load = |at: usize| u64::from_be_bytes(self.b[at..at + 8].try_into().expect("8 bytes"));
        match self.n.checked_sub(8) {
            Some(at) => load(at),
            // The first bytes, shifted so the word's end is the lowest.
            None => load(0).checked_shr(8 * (8 - self.n) as u32).unwrap_or(0),
        }
    }

    fn ends_with(&self, suffix: &[u8]) -> bool {
        self.text().ends_with(suffix)
    }

    fn has_vowel(&self, range: std::ops::Range<usize>) -> bool {
        self.b[range].iter().any(|&b| is_vowel(b))
    }

    /// The end of the first non-vowel after a vowel, from `from`; `n` when
    /// there is none.
    fn region_after(&self, from: usize) -> usize {
        let text = self.text();
        let Some(vowel) = (from..self.n).find(|&i| is_vowel(text[i])) else {
            return self.n;
        };
        (vowel + 1..self.n)
            .find(|&i| !is_vowel(text[i]))
            .map_or(self.n, |i| i + 1)
    }

    fn mark_regions(&mut self) {
        let prefix = [&b"gener"[..], b"commun", b"arsen"]
            .into_iter()
            .find(|p| self.text().starts_with(p));
        match prefix {
            Some(prefix) => self.p1 = prefix.len(),
            None => self.p1 = self.region_after(0),
        }
        self.p2 = self.region_after(self.p1);
    }

    /// Snowball's `shortv` on the word cut at `end`: a short syllable ends
    /// there.
    fn short_syllable(&self, end: usize) -> bool {
        let b = &self.b;
        (end >= 3 && !is_vowel_wxy(b[end - 1]) && is_vowel(b[end - 2]) && !is_vowel(b[end - 3]))
            || (end == 2 && !is_vowel(b[1]) && is_vowel(b[0]))
    }

    /// Replaces the last `cut` bytes with `with`.
    fn replace_end(&mut self, cut: usize, with: &[u8]) {
        let start = self.n - cut;
        self.b[start..start + with.len()].copy_from_slice(with);
        self.n = start + with.len();
    }

    fn step_1a(&mut self) {
        for apostrophe in [&b"'s'"[..], b"'s", b"'"] {
            if self.ends_with(apostrophe) {
                self.n -= apostrophe.len();
                break;
            }
        }
        let n = self.n;
        if self.ends_with(b"sses") {
            self.replace_end(4, b"ss");
        } else if self.ends_with(b"ied") || self.ends_with(b"ies") {
            self.replace_end(3, if n - 3 >= 2 { b"i" } else { b"ie" });
        } else if self.ends_with(b"s")
            && !(self.ends_with(b"ss") || self.ends_with(b"us"))
            && self.has_vowel(0..n.saturating_sub(2))
        {
            self.n -= 1;
        }
    }

    fn step_1b(&mut self) {
        let n = self.n;
        let found = [
            (&b"eedly"[..], true),
            (b"ingly", false),
            (b"edly", false),
            (b"eed", true),
            (b"ing", false),
            (b"ed", false),
        ]
        .into_iter()
        .find(|(suffix, _)| self.ends_with(suffix));
        let Some((suffix, eed)) = found else {
            return;
        };
        let start = n - suffix.len();
        if eed {
            if start >= self.p1 {
                self.replace_end(suffix.len(), b"ee");
            }
            return;
        }
        if !self.has_vowel(0..start) {
            return;
        }
        self.n = start;
        let doubled = [
            b"bb", b"dd", b"ff", b"gg", b"mm", b"nn", b"pp", b"rr", b"tt",
        ];
        if self.ends_with(b"at") || self.ends_with(b"bl") || self.ends_with(b"iz") {
            self.replace_end(0, b"e");
        } else if doubled.iter().any(|d| self.ends_with(*d)) {
            self.n -= 1;
        } else if self.n == self.p1 && self.short_syllable(self.n) {
            self.replace_end(0, b"e");
        }
    }

    fn step_1c(&mut self) {
        let n = self.n;
        if n >= 3 && matches!(self.b[n - 1], b'y' | b'Y') && !is_vowel(self.b[n - 2]) {
            self.b[n - 1] = b'i';
        }
    }

    /// Applies the action of the longest of `suffixes` present, if its
    /// condition holds.
    fn apply_longest<const N: usize>(&mut self, table: &Table<N>) {
        let tail = self.tail();
        let last = (tail as u8).wrapping_sub(b'a') as usize;
        let mut candidates = table.by_last.get(last).copied().unwrap_or(0);
        let found = loop {
            if candidates == 0 {
                return;
            }
            let (suffix, action) = table.entries[candidates.trailing_zeros() as usize];
            if tail & suffix.mask == suffix.key {
                break (suffix, action);
            }
            candidates &= candidates - 1;
        };
        let (suffix, action) = found;
        let cut = suffix.len;
        let start = self.n - cut;
        let before = start.checked_sub(1).map(|i| self.b[i]);
        match action {
            R1(with) if start >= self.p1 => self.replace_end(cut, with),
            R2(with) if start >= self.p2 => self.replace_end(cut, with),
            Ogi if start >= self.p1 && before == Some(b'l') => self.replace_end(cut, b"og"),
            Li if start >= self.p1 && before.is_some_and(is_valid_li) => self.replace_end(cut, b""),
            Ion if start >= self.p2 && matches!(before, Some(b's' | b't')) => {
                self.replace_end(cut, b"")
            }
            _ => {}
        }
    }

    fn step_2(&mut self) {
        self.apply_longest(&STEP_2);
    }

    fn step_3(&mut self) {
        self.apply_longest(&STEP_3);
    }

    fn step_4(&mut self) {
        self.apply_longest(&STEP_4);
    }

    fn step_5(&mut self) {
        let Some(last) = self.n.checked_sub(1) else {
            return;
        };
        let cut = match self.b[last] {
            b'e' => last >= self.p2 || (last >= self.p1 && !self.short_syllable(last)),
            b'l' => last >= self.p2 && last >= 1 && self.b[last - 1] == b'l',
            _ => false,
        };
        if cut {
            self.n = last;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::{Algorithm, Stemmer};

    /// Words where this stemmer and rust-stemmers differ.
    fn differences<'w>(words: impl IntoIterator<Item = &'w str>) -> (usize, Vec<String>) {
        let snowball = Stemmer::create(Algorithm::English);
        let mut checked = 0;
        let mut wrong = Vec::new();
        for word in words {
            if let Some(ours) = stem(word) {
                checked += 1;
                let (ours, theirs) = (ours.as_str(), snowball.stem(word));
                if ours != theirs {
                    wrong.push(format!("{word}: {ours} != {theirs}"));
                }
            }
        }
        (checked, wrong)
    }

    fn assert_same<'w>(what: &str, words: impl IntoIterator<Item = &'w str>) {
        let (checked, wrong) = differences(words);
        assert!(
            wrong.is_empty(),
            "{what}: {} of {checked} differ: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(20)]
        );
        assert!(checked > 0, "{what}: nothing checked");
    }

    /// The words of a text, lower-cased, split at anything but letters and
    /// apostrophes.
    fn words_of(text: &str) -> Vec<String> {
        let mut words: Vec<String> = text
            .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    #[test]
    fn matches_snowball_on_the_seed_lexicons() {
        let seeds = [
            include_str!("../../../seeds/stance/vader_en.tsv"),
            include_str!("../../../seeds/stance/stance_cues_en.tsv"),
            include_str!("../../../seeds/stance/modifiers_en.tsv"),
            include_str!("../../../seeds/stance/topic_nouns_en.txt"),
            include_str!("../../../seeds/stance/reporting_verbs_en.txt"),
            include_str!("../../../seeds/stance/function_words_en.txt"),
            include_str!("../../../seeds/stance/model_en.tsv"),
        ];
        let words = words_of(&seeds.concat());
        assert_same("seeds", words.iter().map(String::as_str));
    }

    #[test]
    fn matches_snowball_on_every_short_string() {
        // Every string of up to three bytes, and of four over the letters
        // the rules tell apart (vowels, w/x/y, valid li endings, s, l, ').
        let all: Vec<u8> = (b'a'..=b'z').chain([b'\'']).collect();
        let distinct = b"aeiouywxcdlst'bgn";
        let mut words = vec![String::new()];
        for len in 1..=4 {
            let letters: &[u8] = if len <= 3 { &all } else { distinct };
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.len() == len - 1)
                .cloned()
                .collect();
            for w in shorter {
                for &b in letters {
                    words.push(format!("{w}{}", b as char));
                }
            }
        }
        assert_same("short strings", words.iter().map(String::as_str));
    }

    #[test]
    fn matches_snowball_on_suffix_combinations() {
        // Stems of every shape before every ending the steps know, and
        // pairs of endings (an ending the next step cuts again).
        let stems = [
            "", "a", "y", "b", "ab", "ba", "by", "yb", "ay", "hop", "gen", "sky", "bias", "tap",
            "feed", "ski", "sle", "lik", "ow", "box", "row", "abl", "tion", "hy", "ey", "cr",
            "gener", "commun", "arsen", "generat", "communit", "succe", "proce", "exce", "inn",
            "out", "cann", "herr", "earr", "ti", "di", "li", "und", "condemn", "crit", "luxur",
            "hope", "cat", "bl", "iz", "ful", "nat", "em", "ar", "ec", "ol", "'", "y'", "kiw",
        ];
        let endings = [
            "", "s", "'s", "'", "'s'", "es", "ies", "ied", "sses", "ss", "us", "ed", "eed", "ing",
            "edly", "eedly", "ingly", "y", "ly", "ely", "ally", "ation", "ational", "tional",
            "enci", "anci", "abli", "entli", "izer", "ization", "ator", "alli", "aliti", "alism",
            "fulness", "ousli", "ousness", "iveness", "iviti", "bli", "biliti", "ogi", "logi",
            "fulli", "lessli", "li", "cli", "xli", "icate", "ative", "alize", "iciti", "ical",
            "ful", "ness", "ic", "ance", "ence", "able", "ible", "ate", "ive", "ize", "iti", "al",
            "ism", "ion", "sion", "tion", "xion", "er", "ous", "ant", "ent", "ment", "ement", "e",
            "l", "ll", "ate", "bl", "iz", "at", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr",
            "tt", "ll", "ss", "zz", "ey", "ay", "oy", "uy", "wy", "xy", "ogy", "ably", "ibly",
            "ily", "ities", "ations", "ingness", "fully", "lessly", "ously", "ively", "ements",
        ];
        let mut words = Vec::new();
        for stem in stems {
            for first in endings {
                for second in endings {
                    words.push(format!("{stem}{first}{second}"));
                }
            }
        }
        assert_same("suffix combinations", words.iter().map(String::as_str));
    }

    #[test]
    fn matches_snowball_on_the_shared_data() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
        let files = [
            "corpus/bbc.jsonl",
            "stance/newsmtsc-train.jsonl",
            "stance/newsmtsc-dev-rw.jsonl",
            "stance/newsmtsc-dev-mt.jsonl",
            "quotes/polnear-train.jsonl",
            "ner/wwn-dev.jsonl",
        ];
        let text: String = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
            .collect();
        if text.is_empty() {
            eprintln!("skipped: no shared data at {}", dir.display());
            return;
        }
        let words = words_of(&text);
        assert_same("shared data", words.iter().map(String::as_str));
    }

    #[test]
    fn leaves_other_words_to_snowball() {
        for word in [
            "naïve",
            "covid-19",
            "don’t",
            "Upper",
            &"a".repeat(MAX_LEN + 1),
        ] {
            assert!(stem(word).is_none(), "{word}");
        }
        assert!(stem(&"a".repeat(MAX_LEN)).is_some());
    }

    #[test]
    fn stems_of_some_words() {
        for (word, expected) in [
            ("condemned", "condemn"),
            ("happiness", "happi"),
            ("'generously", "generous"),
            ("skies", "sky"),
            ("as", "as"),
        ] {
            assert_eq!(stem(word).expect("ASCII").as_str(), expected);
        }
    }
}
