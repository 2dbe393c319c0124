//! The word knowledge of stance scoring for one language: sentiment valences,
//! stance cues and phrases, modifiers, topic nouns, reporting verbs, all
//! matched on Snowball stems.
//!
//! Looking a word up stems it once per thread: [`Lexicon::word`] keeps a
//! per-thread cache keyed by the lower-case form, so the hot path neither
//! stems nor allocates for a word it has seen.

use super::english_stem;
use super::seed_fields::{entry_word, fields, lowercase, parse_trimmed_f32};
use crate::byte_lanes::{ascii_lower, load8, HIGHS};
use crate::seed_lines::entries;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How a modifier changes the sentiment words around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Modifier {
    None,
    /// Flips what follows to the end of the clause, times the factor.
    Negator(f32),
    /// Softens what follows to the end of the clause.
    Hedge(f32),
    /// Scales the next sentiment word.
    Intensifier(f32),
    /// What precedes it in the unit is scaled by the factor.
    Contrast(f32),
    /// The clause it opens is scaled by the factor.
    Concession(f32),
}

/// What the lexicon knows about one word form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordInfo {
    /// Sentiment on VADER's -4..4 scale; 0 for topic nouns and unknown words.
    pub valence: f32,
    /// The valence comes from our stance-cue list (a verb or noun that says
    /// how someone treats someone), not from the general lexicon.
    pub stance_cue: bool,
    pub modifier: Modifier,
    pub reporting: bool,
    /// A function word or topic noun: no bag-of-words feature of its own.
    pub bag_excluded: bool,
    /// Some phrase cue starts with this stem (most words start none, and
    /// the phrase table is then not read at all).
    pub starts_phrase: bool,
    /// The stem's id in the lexicon's stem table, `NO_STEM` when the stem is
    /// in no list and no model weight.
    pub stem: u32,
    /// The stem's row in the model's weight table, `NO_ROW` when none.
    pub model_row: u32,
}

pub const NO_ROW: u32 = u32::MAX;

pub const NO_STEM: u32 = u32::MAX;

impl WordInfo {
    /// A word the lexicon does not know, or one masked as part of a name.
    pub const UNKNOWN: WordInfo = WordInfo {
        valence: 0.0,
        stance_cue: false,
        modifier: Modifier::None,
        reporting: false,
        bag_excluded: false,
        starts_phrase: false,
        stem: NO_STEM,
        model_row: NO_ROW,
    };
}

/// A multi-word cue, as stem ids.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub stems: Vec<u32>,
    pub valence: f32,
}

/// Seed texts of one language.
pub struct LexiconSources<'a> {
    pub algorithm: Algorithm,
    pub valences: &'a str,
    /// The stem of each entry of `valences`, in order, where prepared
    /// (`build.rs` stems the shipped list: 7,000 words at every start); the
    /// rest are stemmed here.
    pub valence_stems: &'a [Option<&'a str>],
    pub stance_cues: &'a str,
    pub modifiers: &'a str,
    pub topic_nouns: &'a str,
    pub reporting_verbs: &'a str,
    pub function_words: &'a str,
}

pub struct Lexicon {
    stemmer: Stemmer,
    /// English words of ASCII letters take the written-out stemmer.
    english: bool,
    /// Exact lower-case forms of the sentiment lexicon: VADER rates some
    /// inflections differently, and the exact form wins over the stem.
    surface_valence: FxHashMap<String, f32>,
    /// Everything known per stem.
    by_stem: FxHashMap<String, WordInfo>,
    /// Stem strings by id (for model weights and training dumps).
    stems: Vec<String>,
    /// Phrases by the id of their first stem (indexed by id: no hashing
    /// for every word of a unit).
    phrases: Vec<Vec<Phrase>>,
    /// Distinguishes lexicons in the per-thread cache.
    id: usize,
}

static NEXT_LEXICON_ID: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Per-thread memo of `Lexicon::word`, for the lexicon with the given id.
    static CACHE: RefCell<(usize, Memo)> = RefCell::new((usize::MAX, Memo::default()));
}

/// A cache past this size is dropped (bounded memory on odd input).
const CACHE_LIMIT: usize = 200_000;

/// Lower-case word forms seen so far and what the lexicon knows of them.
/// ASCII words are keyed by their bytes packed into an integer, so a lookup
/// hashes and compares integers instead of chasing a `String`: words of at
/// most 8 bytes (most of running text) in `small`, whose slot is a quarter
/// of a cache line, up to 15 bytes in `medium`; the rest in a hash map.
struct Memo {
    small: WordTable<u64>,
    medium: WordTable<u128>,
    /// What the tables' ids stand for; id 0 is `WordInfo::UNKNOWN` (most
    /// words), so only known words take a row.
    infos: Vec<WordInfo>,
    long: FxHashMap<String, WordInfo>,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            small: WordTable::default(),
            medium: WordTable::default(),
            infos: vec![WordInfo::UNKNOWN],
            long: FxHashMap::default(),
        }
    }
}

impl Memo {
    fn len(&self) -> usize {
        self.small.len + self.medium.len + self.long.len()
    }

    fn clear(&mut self) {
        *self = Memo::default();
    }

    /// The id of `info` in `infos`.
    fn info_id(&mut self, info: WordInfo) -> u32 {
        if info == WordInfo::UNKNOWN {
            return 0;
        }
        self.infos.push(info);
        (self.infos.len() - 1) as u32
    }
}

/// A packed word key of a [`WordTable`]; 0 is no word's key.
trait WordKey: Copy + Eq {
    const EMPTY: Self;
    /// Well-mixed high bits, for the multiplicative hash.
    fn mix(self) -> u64;
}

impl WordKey for u64 {
    const EMPTY: Self = 0;
    fn mix(self) -> u64 {
        self.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

impl WordKey for u128 {
    const EMPTY: Self = 0;
    fn mix(self) -> u64 {
        ((self as u64) ^ (self >> 64) as u64).mix()
    }
}

/// Open-addressed table from packed words to info ids, with linear
/// probing: one small slot per word (a hash map entry with its `WordInfo`
/// is 48 bytes) and no control bytes, so a lookup usually reads one cache
/// line, and the memo of a long run stays in L2.
struct WordTable<K> {
    /// (key, id); `K::EMPTY` marks an empty slot.
    slots: Vec<(K, u32)>,
    /// `64 - log2(slots.len())`, for the multiplicative hash.
    shift: u32,
    len: usize,
}

impl<K: WordKey> Default for WordTable<K> {
    fn default() -> Self {
        const BITS: u32 = 12;
        WordTable {
            slots: vec![(K::EMPTY, 0); 1 << BITS],
            shift: 64 - BITS,
            len: 0,
        }
    }
}

impl<K: WordKey> WordTable<K> {
    /// The id stored for `key`, or the empty slot where it would go.
    fn find(&self, key: K) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = (key.mix() >> self.shift) as usize;
        loop {
            match self.slots[i] {
                (k, id) if k == key => return Ok(id),
                (k, _) if k == K::EMPTY => return Err(i),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Fills the empty slot `at` that [`WordTable::find`] gave for `key`.
    fn insert_at(&mut self, at: usize, key: K, id: u32) {
        self.slots[at] = (key, id);
        self.len += 1;
        if self.len * 4 > self.slots.len() * 3 {
            let grown = vec![(K::EMPTY, 0); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            self.shift -= 1;
            for (key, id) in old.into_iter().filter(|(k, _)| *k != K::EMPTY) {
                if let Err(at) = self.find(key) {
                    self.slots[at] = (key, id);
                }
            }
        }
    }
}

/// The key of `word` in the table of short words: its lower-cased bytes,
/// zero-padded, when it is ASCII of 1 to 8 bytes, the last not NUL (zero
/// padding then cannot make two words alike); one load.
fn small_lower(bytes: &[u8]) -> Option<u64> {
    let last = *bytes.last()?;
    if bytes.len() > 8 || last == 0 {
        return None;
    }
    let raw = load8(bytes, 0);
    (raw & HIGHS == 0).then(|| ascii_lower(raw))
}

/// Longest word packed into a [`Memo`] key.
const PACKED_MAX: usize = 15;

/// `word` lower-cased into the low 15 bytes and its length into the top
/// byte (so the key is exact), when it is ASCII and short enough. Eight
/// bytes at a time: this runs for every word of every unit.
fn packed_lower(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > PACKED_MAX {
        return None;
    }
    let (head, tail) = bytes.split_at(bytes.len().min(8));
    let (low, high) = (load8(head, 0), load8(tail, 0));
    if (low | high) & HIGHS != 0 {
        return None;
    }
    let key =
        ascii_lower(low) as u128 | (ascii_lower(high) as u128) << 64 | (bytes.len() as u128) << 120;
    Some(key)
}

/// The lower-case word a [`packed_lower`] key holds.
fn unpack(key: u128, buffer: &mut [u8; PACKED_MAX]) -> &str {
    let len = (key >> 120) as usize;
    for (i, b) in buffer[..len].iter_mut().enumerate() {
        *b = (key >> (8 * i)) as u8;
    }
    std::str::from_utf8(&buffer[..len]).expect("packed from ASCII")
}

fn parse_weight(value: Option<&str>, line: &str) -> Result<f32, String> {
    value
        .and_then(parse_trimmed_f32)
        .ok_or_else(|| format!("bad weight in seed line `{line}`"))
}

impl Lexicon {
    pub fn new(sources: &LexiconSources) -> Result<Lexicon, String> {
        let mut lexicon = Lexicon {
            stemmer: Stemmer::create(sources.algorithm),
            english: sources.algorithm == Algorithm::English,
            surface_valence: FxHashMap::default(),
            by_stem: FxHashMap::default(),
            stems: Vec::new(),
            phrases: Vec::new(),
            id: NEXT_LEXICON_ID.fetch_add(1, Ordering::Relaxed),
        };
        // Stem valence = mean over the lexicon's forms of that stem.
        let mut sums: FxHashMap<String, (f32, u32)> = FxHashMap::default();
        for (k, line) in entries(sources.valences).enumerate() {
            let word = entry_word(line);
            let valence = parse_weight(fields(line).nth(1), line)?;
            let stem = match sources.valence_stems.get(k) {
                Some(Some(stem)) => stem.to_string(),
                _ => lexicon.stem(&word),
            };
            let entry = sums.entry(stem).or_default();
            entry.0 += valence;
            entry.1 += 1;
            lexicon.surface_valence.insert(word, valence);
        }
        for (stem, (sum, n)) in sums {
            lexicon.entry(&stem).valence = sum / n as f32;
        }
        for word in entries(sources.topic_nouns) {
            let word = lowercase(word);
            lexicon.surface_valence.remove(&word);
            let stem = lexicon.stem(&word);
            let entry = lexicon.entry(&stem);
            entry.valence = 0.0;
            entry.bag_excluded = true;
        }
        for line in entries(sources.stance_cues) {
            let mut parts = fields(line);
            let words = lowercase(parts.next().unwrap_or_default());
            let valence = parse_weight(parts.next(), line)?;
            let stems: Vec<String> = words.split_whitespace().map(|w| lexicon.stem(w)).collect();
            if let [stem] = stems.as_slice() {
                lexicon.surface_valence.remove(&words);
                let entry = lexicon.entry(stem);
                entry.valence = valence;
                entry.stance_cue = true;
            } else if !stems.is_empty() {
                let ids: Vec<u32> = stems.iter().map(|s| lexicon.intern(s)).collect();
                lexicon.entry(&stems[0]).starts_phrase = true;
                let first = ids[0] as usize;
                if lexicon.phrases.len() <= first {
                    lexicon.phrases.resize(first + 1, Vec::new());
                }
                lexicon.phrases[first].push(Phrase {
                    stems: ids,
                    valence,
                });
            }
        }
        for line in entries(sources.modifiers) {
            let mut parts = fields(line);
            let word = lowercase(parts.next().unwrap_or_default());
            let kind = parts.next().unwrap_or_default().trim();
            let factor = parse_weight(parts.next(), line)?;
            let modifier = match kind {
                "negator" => Modifier::Negator(factor),
                "hedge" => Modifier::Hedge(factor),
                "intensifier" => Modifier::Intensifier(factor),
                "downtoner" => Modifier::Intensifier(factor),
                "contrast" => Modifier::Contrast(factor),
                "concession" => Modifier::Concession(factor),
                other => return Err(format!("unknown modifier kind `{other}` in `{line}`")),
            };
            // Modifiers are function words: matched on the exact form, and
            // their own valence (VADER rates "no", "lack") is dropped.
            lexicon.surface_valence.remove(&word);
            let stem = lexicon.stem(&word);
            let entry = lexicon.entry(&stem);
            entry.modifier = modifier;
            entry.valence = 0.0;
        }
        for word in entries(sources.function_words) {
            let stem = lexicon.stem(&lowercase(word));
            lexicon.entry(&stem).bag_excluded = true;
        }
        for word in entries(sources.reporting_verbs) {
            let stem = lexicon.stem(&lowercase(word));
            lexicon.entry(&stem).reporting = true;
        }
        Ok(lexicon)
    }

    fn stem(&self, lower: &str) -> String {
        self.with_stem(lower, str::to_string)
    }

    /// `f` of the stem of a lower-case word.
    fn with_stem<R>(&self, lower: &str, f: impl FnOnce(&str) -> R) -> R {
        match self.english.then(|| english_stem::stem(lower)).flatten() {
            Some(stem) => f(stem.as_str()),
            None => f(&self.stemmer.stem(lower)),
        }
    }

    /// The id of a stem, added to the table when new.
    pub fn intern(&mut self, stem: &str) -> u32 {
        let info = self.entry(stem);
        info.stem
    }

    /// Points a stem at its row of model weights (adding the stem when new).
    pub fn set_model_row(&mut self, stem: &str, row: u32) {
        self.entry(stem).model_row = row;
    }

    fn entry(&mut self, stem: &str) -> &mut WordInfo {
        let next = self.stems.len() as u32;
        if !self.by_stem.contains_key(stem) {
            self.stems.push(stem.to_string());
            self.by_stem.insert(
                stem.to_string(),
                WordInfo {
                    stem: next,
                    ..WordInfo::UNKNOWN
                },
            );
        }
        self.by_stem.get_mut(stem).expect("inserted above")
    }

    /// The id of a known stem.
    pub fn stem_id(&self, stem: &str) -> Option<u32> {
        self.by_stem.get(stem).map(|info| info.stem)
    }

    /// The stem string of an id.
    pub fn stem_text(&self, id: u32) -> &str {
        self.stems
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The stem of a lower-case word, as a string (for training dumps).
    pub fn stem_of(&self, lower: &str) -> String {
        self.stem(lower)
    }

    pub fn phrases_from(&self, stem: u32) -> &[Phrase] {
        self.phrases
            .get(stem as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// What the lexicon knows about a word form (any case).
    pub fn word(&self, word: &str) -> WordInfo {
        self.with_cache(|words| words.get(word))
    }

    /// Runs `f` with this thread's word cache, borrowed once for many
    /// lookups.
    pub fn with_cache<R>(&self, f: impl FnOnce(&mut WordCache) -> R) -> R {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.id || cache.1.len() > CACHE_LIMIT {
                cache.0 = self.id;
                cache.1.clear();
            }
            let mut words = WordCache {
                lexicon: self,
                memo: &mut cache.1,
                lower: String::new(),
            };
            f(&mut words)
        })
    }

    fn lookup(&self, lower: &str) -> WordInfo {
        let (negated_form, word) = split_negation(lower);
        let mut info = self
            .with_stem(word, |stem| self.by_stem.get(stem).copied())
            .unwrap_or(WordInfo::UNKNOWN);
        if let Some(valence) = self.surface_valence.get(word) {
            if !info.stance_cue && info.modifier == Modifier::None {
                info.valence = *valence;
            }
        }
        if negated_form {
            // "don't", "isn't", "can't": a negator whatever the stem says.
            info.modifier = Modifier::Negator(NEGATION_FACTOR);
            info.valence = 0.0;
        }
        info
    }
}

/// Lookups through the per-thread memo of a lexicon.
pub struct WordCache<'a> {
    lexicon: &'a Lexicon,
    memo: &'a mut Memo,
    /// Buffer for lower-casing, reused across words.
    lower: String,
}

impl WordCache<'_> {
    /// What the lexicon knows about a word form (any case).
    #[inline]
    pub fn get(&mut self, word: &str) -> WordInfo {
        self.get_bytes(word.as_bytes(), || word)
    }

    /// [`WordCache::get`] of the word whose bytes are `bytes`; `word` gives
    /// it as a `str` when needed, which most words are not.
    #[inline]
    pub fn get_bytes<'w>(&mut self, bytes: &[u8], word: impl FnOnce() -> &'w str) -> WordInfo {
        // Most words: ASCII, at most 8 bytes and seen before; inlined into
        // the scope reader, the rest is a call.
        if let Some(small) = small_lower(bytes) {
            if let Ok(id) = self.memo.small.find(small) {
                return self.memo.infos[id as usize];
            }
        }
        self.get_uncommon(word())
    }

    /// [`WordCache::get`] of a word that is new, long or not ASCII.
    #[inline(never)]
    fn get_uncommon(&mut self, word: &str) -> WordInfo {
        if let Some(small) = small_lower(word.as_bytes()) {
            let packed = small as u128 | (word.len() as u128) << 120;
            return self.memo_get(|memo| &mut memo.small, small, packed);
        }
        if let Some(key) = packed_lower(word) {
            // 9 to 15 bytes, or a short word ending in NUL.
            return self.memo_get(|memo| &mut memo.medium, key, key);
        }
        let lower: &str = if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
            self.lower.clear();
            self.lower.extend(word.chars().flat_map(char::to_lowercase));
            &self.lower
        } else {
            word
        };
        if let Some(info) = self.memo.long.get(lower) {
            return *info;
        }
        let info = self.lexicon.lookup(lower);
        self.memo.long.insert(lower.to_string(), info);
        info
    }

    /// The info of the word packed in `packed`, memoised in `table` under
    /// `key`.
    fn memo_get<K: WordKey>(
        &mut self,
        table: impl Fn(&mut Memo) -> &mut WordTable<K>,
        key: K,
        packed: u128,
    ) -> WordInfo {
        match table(self.memo).find(key) {
            Ok(id) => self.memo.infos[id as usize],
            Err(at) => {
                let info = self.lexicon.lookup(unpack(packed, &mut [0; PACKED_MAX]));
                let id = self.memo.info_id(info);
                table(self.memo).insert_at(at, key, id);
                info
            }
        }
    }
}

/// VADER's negation factor, for contracted negations.
pub const NEGATION_FACTOR: f32 = -0.74;

/// Splits a contracted negation ("don't", "dont", "n't") from its word.
fn split_negation(lower: &str) -> (bool, &str) {
    for suffix in ["n't", "n’t"] {
        if let Some(word) = lower.strip_suffix(suffix) {
            return (true, word);
        }
    }
    match lower {
        "dont" | "doesnt" | "didnt" | "isnt" | "wasnt" | "arent" | "werent" | "wont" | "cant"
        | "couldnt" | "wouldnt" | "shouldnt" | "hasnt" | "havent" | "hadnt" => (true, lower),
        _ => (false, lower),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::new(&LexiconSources {
            algorithm: Algorithm::English,
            valences: "good\t1.9\nlimited\t-0.9\npeace\t2.5\nnot\t-1\n",
            valence_stems: &[],
            stance_cues: "condemn\t-2.6\nearning its stripes\t2.2\n",
            modifiers: "not\tnegator\t-0.74\nvery\tintensifier\t1.3\n",
            topic_nouns: "peace\n",
            reporting_verbs: "said\nsay\n",
            function_words: "the\n",
        })
        .unwrap()
    }

    #[test]
    fn prepared_valence_stems_build_the_same_lexicon() {
        let sources = super::super::english_sources();
        let prepared = Lexicon::new(&sources).unwrap();
        let stemmed = Lexicon::new(&LexiconSources {
            valence_stems: &[],
            ..super::super::english_sources()
        })
        .unwrap();
        assert_eq!(prepared.by_stem, stemmed.by_stem);
        assert_eq!(prepared.stems, stemmed.stems);
        assert_eq!(prepared.surface_valence, stemmed.surface_valence);
        // One stem per entry, nearly all of them prepared.
        let valences = entries(sources.valences).count();
        assert_eq!(sources.valence_stems.len(), valences);
        let ready = sources.valence_stems.iter().flatten().count();
        assert!(ready > 7000 && ready <= valences, "{ready} of {valences}");
    }

    #[test]
    fn inflections_share_the_stem_entry() {
        let lexicon = lexicon();
        for form in ["condemn", "condemned", "condemns", "condemning"] {
            let info = lexicon.word(form);
            assert_eq!(info.valence, -2.6, "{form}");
            assert!(info.stance_cue);
        }
        assert_eq!(lexicon.word("good").valence, 1.9);
        assert_eq!(lexicon.word("unknownword").valence, 0.0);
    }

    #[test]
    fn topic_nouns_and_modifiers_carry_no_valence() {
        let lexicon = lexicon();
        assert_eq!(lexicon.word("peace").valence, 0.0);
        let not = lexicon.word("not");
        assert_eq!(not.valence, 0.0);
        assert_eq!(not.modifier, Modifier::Negator(-0.74));
        assert_eq!(lexicon.word("don't").modifier, Modifier::Negator(-0.74));
        assert_eq!(lexicon.word("don’t").modifier, Modifier::Negator(-0.74));
        assert!(lexicon.word("says").reporting);
    }

    #[test]
    fn packed_keys_are_exact_and_case_blind() {
        assert_eq!(packed_lower("Good"), packed_lower("good"));
        assert_ne!(packed_lower("a"), packed_lower("a\0"));
        assert_ne!(packed_lower("good"), packed_lower("goods"));
        let key = packed_lower("CondemnationXYZ").expect("15 bytes fit");
        assert_eq!(unpack(key, &mut [0; PACKED_MAX]), "condemnationxyz");
        assert_eq!(packed_lower("condemnationsxyz"), None);
        assert_eq!(packed_lower("Tëst"), None);
        // Every length, and the bytes around the upper-case range.
        let every_ascii: Vec<String> = (0..128u8).map(|b| (b as char).to_string()).collect();
        let samples = ["", "A", "Zb", "@[`{", "AbCdEfGhIjKlMnO", "x@Z[a`z{A"];
        for word in samples
            .iter()
            .copied()
            .chain(every_ascii.iter().map(String::as_str))
        {
            let slow = word
                .bytes()
                .enumerate()
                .fold((word.len() as u128) << 120, |key, (i, b)| {
                    key | (b.to_ascii_lowercase() as u128) << (8 * i)
                });
            assert_eq!(packed_lower(word), Some(slow), "{word:?}");
        }
        // The short key is the low half of the packed one, when it is exact.
        for word in samples
            .iter()
            .copied()
            .chain(every_ascii.iter().map(String::as_str))
            .chain(["goodwill", "goodwills", "a\0", "a\0b", "Tëst", "ë"])
        {
            let exact = (1..=8).contains(&word.len()) && !word.ends_with('\0');
            let expected = packed_lower(word).filter(|_| exact).map(|key| key as u64);
            assert_eq!(small_lower(word.as_bytes()), expected, "{word:?}");
        }
        let small = |word: &str| small_lower(word.as_bytes());
        assert_eq!(small("Good"), small("good"));
        assert!(small("goodwill").is_some());
        assert_eq!(small("goodwills"), None);
        // A trailing NUL would pad like a shorter word: not a small key.
        assert_eq!(small("a\0"), None);
        assert!(small("a\0b").is_some());
        assert_ne!(small("a\0b"), small("ab"));
    }

    #[test]
    fn long_and_non_ascii_words_are_looked_up_like_short_ones() {
        let lexicon = lexicon();
        assert_eq!(lexicon.word("CONDEMNED").valence, -2.6);
        // Past the packed length, and not ASCII: the string-keyed memo.
        assert_eq!(
            lexicon.word("Condemningly-condemned"),
            lexicon.lookup("condemningly-condemned")
        );
        assert_eq!(lexicon.word("Évidemment"), lexicon.lookup("évidemment"));
        // Cached answers are the same on the second call, also after the
        // small table grew (4096 slots at first).
        let good = lexicon.word("Good");
        let many: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for word in &many {
            assert_eq!(lexicon.word(word), WordInfo::UNKNOWN);
        }
        assert_eq!(lexicon.word("good"), good);
        assert_eq!(lexicon.word("condemns").valence, -2.6);
        for word in ["Good", "good", "Évidemment", "condemningly-condemned"] {
            assert_eq!(lexicon.word(word), lexicon.word(word));
        }
    }

    #[test]
    fn phrases_are_stem_sequences() {
        let lexicon = lexicon();
        let first = lexicon.word("earns").stem;
        let phrases = lexicon.phrases_from(first);
        assert_eq!(phrases.len(), 1);
        assert_eq!(phrases[0].stems.len(), 3);
        assert_eq!(phrases[0].stems[2], lexicon.word("stripe").stem);
    }
}
