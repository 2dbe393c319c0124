//! The fast path of language identification: counting function words.
//!
//! whatlang costs about 100 µs a document whatever its length; news in the
//! big Latin-script languages is told apart far more cheaply by its commonest
//! words ("the", "der", "le", …). Only a clear verdict is answered here;
//! everything else goes to whatlang.

use crate::byte_lanes::{first_lanes, load8};
use crate::byte_masks::{ByteMasks, BLOCK};
use crate::fx_hash::FxBuildHasher;
use crate::lowercase::lowercase_in;
use std::collections::HashMap;

const SEED: &str = include_str!("../../../seeds/language/stopwords.txt");

/// The winner needs at least this many function-word hits …
const MIN_HITS: usize = 12;
/// … this many times the runner-up's …
const MIN_MARGIN: usize = 2;
/// … and distinctive words of a never-answered language may make up at most
/// 1/`MAX_CONFUSABLE_SHARE` of its hits.
const MAX_CONFUSABLE_SHARE: usize = 6;

pub struct FunctionWords {
    /// Language codes, in seed order.
    languages: Vec<String>,
    /// Which languages may be answered from function words alone.
    answered: Vec<bool>,
    /// The distinct sets of languages a listed word belongs to (a bit per
    /// language), by [`SetId`]; set 0 is empty (an unlisted word).
    sets: Vec<u32>,
    /// Word → its languages' [`SetId`], for the ASCII words of at most 8
    /// bytes (nearly all of them).
    short_words: ShortWords,
    /// The same for the other words (accented, or long).
    other_words: HashMap<String, SetId, FxBuildHasher>,
    /// The byte length of the longest of `other_words`: a longer ASCII word
    /// cannot be one of them.
    longest_other: usize,
}

/// The index of a word's set of languages in [`FunctionWords::sets`]. Words
/// are counted per set while reading and the sets are expanded into
/// languages once at the end: no loop over a word's languages per word.
type SetId = u8;

/// Keys per bucket of [`ShortWords`].
const BUCKET: usize = 4;

/// Short words keyed by [`pack`], in buckets of four: a lookup is one
/// multiply and four compares, with no branch (whether a word is listed is
/// a coin toss for the branch predictor; the language stage looks up every
/// word of a document's first 2 KB). The multiplier is chosen when the
/// table is built so that no bucket overflows.
struct ShortWords {
    /// Packed words; 0 marks an empty place (no word packs to 0).
    keys: Vec<[u64; BUCKET]>,
    /// The words' set ids, parallel to `keys` (0 in empty places).
    sets: Vec<[SetId; BUCKET]>,
    multiplier: u64,
    /// 64 minus log2 of the number of buckets: the top bits of the hash
    /// pick a bucket.
    shift: u32,
}

impl ShortWords {
    fn new(entries: &[(u64, SetId)]) -> Self {
        // About one word per bucket: a multiplier that overflows none is
        // found in a few tries.
        let size = entries.len().next_power_of_two().max(16);
        (0u64..)
            .map(|attempt| {
                0x9E37_79B9_7F4A_7C15u64.wrapping_add(attempt.wrapping_mul(0x6A09_E667_F3BC_C908))
            })
            .find_map(|multiplier| {
                let mut table = ShortWords {
                    keys: vec![[0; BUCKET]; size],
                    sets: vec![[0; BUCKET]; size],
                    multiplier,
                    shift: 64 - size.trailing_zeros(),
                };
                let fits = entries.iter().all(|&(key, set)| table.insert(key, set));
                fits.then_some(table)
            })
            .expect("some multiplier fits")
    }

    /// Puts `key` in its bucket; false when the bucket is full.
    fn insert(&mut self, key: u64, set: SetId) -> bool {
        let bucket = self.bucket(key);
        let Some(place) = self.keys[bucket].iter().position(|&k| k == 0) else {
            return false;
        };
        self.keys[bucket][place] = key;
        self.sets[bucket][place] = set;
        true
    }

    #[inline(always)]
    fn bucket(&self, key: u64) -> usize {
        (key.wrapping_mul(self.multiplier) >> self.shift) as usize
    }

    /// The set id of `key`, 0 when it is not listed.
    #[inline(always)]
    fn get(&self, key: u64) -> SetId {
        let bucket = self.bucket(key);
        let (keys, sets) = (&self.keys[bucket], &self.sets[bucket]);
        let mut set = 0;
        for place in 0..BUCKET {
            // A mask, not an `if`: the compiler would branch on it.
            set |= sets[place] & ((keys[place] == key) as SetId).wrapping_neg();
        }
        set
    }
}

/// An ASCII word of at most 8 bytes as one number: its bytes, zero-padded
/// (no letter is a zero byte, so different words give different numbers).
fn pack(word: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes[..word.len()].copy_from_slice(word);
    u64::from_le_bytes(bytes)
}

/// One language's function words (see [`FunctionWords::of_language`]).
pub struct LanguageWords<'w> {
    words: &'w FunctionWords,
    /// The language's bit in the word table's values.
    bit: u32,
}

impl LanguageWords<'_> {
    /// Whether `word` is one of them (compared in lower case).
    pub fn contains(&self, word: &str) -> bool {
        self.words
            .languages_of(word, (0, word.len()), word.is_ascii())
            .is_some_and(|langs| langs & self.bit != 0)
    }
}

/// [`pack`] of the lower-case form of an ASCII word of `len` letters (at
/// most 8) whose text starts the eight bytes `first`: masked; setting bit
/// 5 of an ASCII letter lowercases it.
fn pack_lower(first: u64, len: usize) -> u64 {
    (first | 0x2020_2020_2020_2020) & first_lanes(len)
}

/// Calls `f(start, end, ascii, first)` for every maximal run `start..end` of
/// alphabetic characters in `text` (the pieces of `text.split(|c: char|
/// !c.is_alphabetic())`, empty ones left out), with whether the run is
/// ASCII. The text is classified 64 bytes at a time into bit masks
/// ([`ByteMasks`]), and the words are read off the masks: an ASCII word
/// costs two bit scans, with no loop over its bytes or the gap after it.
/// `first` is the text's eight bytes from `start` ([`load8`]).
fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, bool, u64)) {
    let bytes = text.as_bytes();
    // A block starts where no word goes on from the byte before.
    let mut base = 0;
    while base < bytes.len() {
        let masks = ByteMasks::at(bytes, base);
        // The ASCII letters: `words` without the digits.
        let (letters, non_ascii) = (masks.words & !masks.digits, masks.non_ascii);
        // Where a word may start: an ASCII letter after something else, or
        // a non-ASCII byte.
        let mut starts = (letters & !(letters << 1)) | non_ascii;
        base = loop {
            if starts == 0 {
                break base + BLOCK;
            }
            let k = starts.trailing_zeros() as usize;
            let start = base + k;
            // The end of the ASCII letters from `k` (`k` itself when it is
            // a non-ASCII byte); `BLOCK` when they reach the block's end.
            let end = k + (!(letters >> k)).trailing_zeros() as usize;
            if end < BLOCK && end > k && non_ascii >> end & 1 == 0 {
                f(start, base + end, true, load8(bytes, start));
                starts &= u64::MAX << end;
                continue;
            }
            // A word the block may cut: read again from its start.
            if end == BLOCK && k > 0 {
                break start;
            }
            // Non-ASCII, or an ASCII word of 64 letters or more.
            break word_or_char_at(text, start, &mut f);
        };
    }
}

/// The general case of [`for_each_word`] at `i`: a word with non-ASCII
/// letters or more than 8 bytes (reported to `f`), or one non-ASCII
/// character that is no letter. Returns where reading goes on.
#[inline(never)]
fn word_or_char_at(text: &str, mut i: usize, f: &mut impl FnMut(usize, usize, bool, u64)) -> usize {
    let bytes = text.as_bytes();
    // The alphabetic character at `i` and its width, if it is one.
    let letter_at = |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            return b.is_ascii_alphabetic().then_some(1);
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        c.is_alphabetic().then(|| c.len_utf8())
    };
    let Some(width) = letter_at(i) else {
        return i + text[i..].chars().next().map_or(1, char::len_utf8);
    };
    let start = i;
    let mut ascii = width == 1;
    i += width;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            i += 1;
        } else if bytes[i].is_ascii() {
            break;
        } else if let Some(width) = letter_at(i) {
            ascii = false;
            i += width;
        } else {
            break;
        }
    }
    f(start, i, ascii, load8(bytes, start));
    i
}

impl FunctionWords {
    fn from_seed() -> Self {
        Self::parse(SEED)
    }

    fn parse(seed: &str) -> Self {
        let mut languages: Vec<String> = Vec::new();
        let mut answered_codes: Vec<&str> = Vec::new();
        let mut words: HashMap<&str, u32> = HashMap::new();
        for line in seed.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, list)) = line.split_once(':') else {
                continue;
            };
            if key == "answered" {
                answered_codes = list.split_whitespace().collect();
                continue;
            }
            let bit = 1u32 << languages.len();
            languages.push(key.trim().to_string());
            for word in list.split_whitespace() {
                *words.entry(word).or_default() |= bit;
            }
        }
        assert!(
            languages.len() <= 32,
            "at most 32 languages fit the bit set"
        );
        let answered = languages
            .iter()
            .map(|code| answered_codes.contains(&code.as_str()))
            .collect();
        let mut sets = vec![0u32];
        let mut short_words = Vec::new();
        let mut other_words: HashMap<String, SetId, FxBuildHasher> = HashMap::default();
        for (word, langs) in words {
            let set = match sets.iter().position(|&s| s == langs) {
                Some(set) => set,
                None => {
                    sets.push(langs);
                    sets.len() - 1
                }
            };
            let set = SetId::try_from(set).expect("at most 256 sets of languages");
            if word.is_ascii() && word.len() <= 8 {
                short_words.push((pack(word.as_bytes()), set));
            } else {
                other_words.insert(word.to_string(), set);
            }
        }
        let longest_other = other_words.keys().map(String::len).max().unwrap_or(0);
        // Lookups lower-case into a 32-byte buffer (`lowercase_in`).
        assert!(longest_other <= 32, "a function word over 32 bytes");
        FunctionWords {
            languages,
            answered,
            sets,
            short_words: ShortWords::new(&short_words),
            longest_other,
            other_words,
        }
    }

    /// The languages that list the word `text[start..end]`, compared in
    /// lower case; `ascii` says the word is ASCII.
    fn languages_of(&self, text: &str, span: (usize, usize), ascii: bool) -> Option<u32> {
        let first = load8(text.as_bytes(), span.0);
        match self.set_of(text, span, ascii, first) {
            0 => None,
            set => Some(self.sets[set as usize]),
        }
    }

    /// The [`SetId`] of the word `text[start..end]` (0: not listed),
    /// compared in lower case; `ascii` says the word is ASCII, `first` is
    /// the text's eight bytes from `start` ([`load8`]).
    #[inline(always)]
    fn set_of(&self, text: &str, (start, end): (usize, usize), ascii: bool, first: u64) -> SetId {
        if ascii && end - start <= 8 {
            return self.short_words.get(pack_lower(first, end - start));
        }
        self.set_of_other(&text[start..end], ascii)
    }

    /// [`Self::set_of`] for words that are not short ASCII: through a
    /// lower-case copy on the stack (kept out of line, away from the common
    /// case; no listed word is over 32 bytes, see `parse`).
    #[inline(never)]
    fn set_of_other(&self, word: &str, ascii: bool) -> SetId {
        // ASCII lowercasing keeps the length.
        if ascii && word.len() > self.longest_other {
            return 0;
        }
        let mut buffer = [0u8; 32];
        let Some(lower) = lowercase_in(word, &mut buffer) else {
            return 0;
        };
        if lower.is_ascii() && lower.len() <= 8 {
            self.short_words.get(pack(lower.as_bytes()))
        } else {
            self.other_words.get(lower).copied().unwrap_or(0)
        }
    }

    /// The seed's lists, built once per process (for stages other than
    /// `language` that ask whether a word is a function word).
    pub fn shared() -> &'static FunctionWords {
        static SHARED: std::sync::OnceLock<FunctionWords> = std::sync::OnceLock::new();
        SHARED.get_or_init(FunctionWords::from_seed)
    }

    /// The function words of language `lang` (ISO code), if the seed lists
    /// it: found once per document, then asked per word.
    pub fn of_language(&self, lang: &str) -> Option<LanguageWords<'_>> {
        let at = self.languages.iter().position(|l| l == lang)?;
        Some(LanguageWords {
            words: self,
            bit: 1 << at,
        })
    }

    /// The language `text` is clearly written in, with a confidence, or
    /// `None` when the function words do not settle it.
    pub fn detect(&self, text: &str) -> Option<(&str, f64)> {
        // Words counted per set of languages, then per language.
        let mut set_hits = [0usize; 1 << SetId::BITS];
        // Inlined: a call per word cost more than the lookup itself.
        for_each_word(
            text,
            #[inline(always)]
            |start, end, ascii, first| {
                set_hits[self.set_of(text, (start, end), ascii, first) as usize] += 1;
            },
        );
        let mut hits = [0usize; 32];
        for (&langs, &n) in self.sets.iter().zip(&set_hits).skip(1) {
            if n == 0 {
                continue;
            }
            let mut bits = langs;
            while bits != 0 {
                hits[bits.trailing_zeros() as usize] += n;
                bits &= bits - 1;
            }
        }
        let n = self.languages.len();
        let (best, &best_hits) = (0..n)
            .filter(|&i| self.answered[i])
            .map(|i| (i, &hits[i]))
            .max_by_key(|&(_, h)| *h)?;
        let runner_up = (0..n)
            .filter(|&i| i != best && self.answered[i])
            .map(|i| hits[i])
            .max()
            .unwrap_or(0);
        let confusable: usize = (0..n).filter(|&i| !self.answered[i]).map(|i| hits[i]).sum();
        let clear = best_hits >= MIN_HITS
            && best_hits >= MIN_MARGIN * runner_up
            && confusable * MAX_CONFUSABLE_SHARE <= best_hits;
        clear.then(|| {
            let confidence = 1.0 - runner_up as f64 / best_hits as f64;
            (self.languages[best].as_str(), confidence)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Option<&'static str> {
        FunctionWords::shared()
            .detect(text)
            .map(|(code, _)| match code {
                "en" => "en",
                "de" => "de",
                "fr" => "fr",
                "es" => "es",
                "it" => "it",
                "pt" => "pt",
                "nl" => "nl",
                other => panic!("answered a never-answered language {other}"),
            })
    }

    #[test]
    fn words_are_the_alphabetic_runs_of_str_split() {
        let text = "The İstanbul-based ΩMEGA said: «Да», naïve 42x über\u{301}…ﬁne KELVIN \
                    seven78 eightchr ninechars, tenletters.abcdefghijklmnopq@rst Zz{`@[ café\
                    , x\u{80}y ab the seventy-eight letters \
                    abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZé \
                    and sixty-four abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl, \
                    words that cross the blocks of sixty-four bytes at every offset";
        // Every suffix, so that words meet the 8-byte reads at every offset
        // and the text's end at every word length.
        for (from, _) in text.char_indices() {
            let text = &text[from..];
            let mut words = Vec::new();
            for_each_word(text, |start, end, ascii, first| {
                assert_eq!(ascii, text[start..end].is_ascii());
                assert_eq!(first, load8(text.as_bytes(), start));
                words.push(&text[start..end]);
            });
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words, expected);
        }
    }

    #[test]
    fn lookups_ignore_case_like_to_lowercase() {
        let words = FunctionWords::from_seed();
        // The word at the end of the text, and again with text after it
        // (read by an 8-byte load, then masked).
        let lookup = |word: &str| {
            let alone = words.languages_of(word, (0, word.len()), word.is_ascii());
            let text = format!("x{word} and more text");
            let span = (1, 1 + word.len());
            let inside = words.languages_of(&text, span, word.is_ascii());
            assert_eq!(alone, inside, "{word}");
            alone
        };
        let the = lookup("the").unwrap();
        assert_eq!(lookup("THE"), Some(the));
        assert_eq!(lookup("ThE"), Some(the));
        assert_eq!(lookup("thesis"), None);
        assert_eq!(lookup("th"), None);
        assert!(lookup("a").is_some());
        let uber = lookup("über").unwrap();
        assert_eq!(lookup("ÜBER"), Some(uber));
        let tambem = lookup("também").unwrap();
        assert_eq!(lookup("TAMBÉM"), Some(tambem));
        assert_ne!(uber, tambem);
    }

    #[test]
    fn answers_clear_news_text() {
        assert_eq!(detect("The minister said on Tuesday that the talks with the unions would resume in the spring, and that he was confident of a deal that would be good for the workers and for the country."), Some("en"));
        assert_eq!(detect("Der Minister sagte am Dienstag, dass die Gespräche mit den Gewerkschaften im Frühjahr wieder aufgenommen werden, und er sei zuversichtlich, dass es eine Einigung für die Arbeiter und für das Land geben wird."), Some("de"));
        assert_eq!(detect("Le ministre a déclaré mardi que les négociations avec les syndicats reprendront au printemps et qu'il est confiant dans un accord qui sera bon pour les travailleurs et pour le pays."), Some("fr"));
        assert_eq!(detect("El ministro dijo el martes que las negociaciones con los sindicatos se reanudarán en la primavera y que confía en un acuerdo que será bueno para los trabajadores y para el país."), Some("es"));
        assert_eq!(detect("O ministro disse na terça-feira que as negociações com os sindicatos serão retomadas na primavera e que está confiante num acordo que será bom para os trabalhadores e para o país."), Some("pt"));
        assert_eq!(detect("Il ministro ha detto martedì che i negoziati con i sindacati riprenderanno in primavera e che è fiducioso in un accordo che sarà buono per i lavoratori e per il paese, anche se non è ancora stato firmato."), Some("it"));
        assert_eq!(detect("De minister zei dinsdag dat de gesprekken met de vakbonden in het voorjaar worden hervat en dat hij vertrouwen heeft in een akkoord dat goed is voor de werknemers en voor het land."), Some("nl"));
    }

    #[test]
    fn leaves_unclear_or_confusable_text_to_whatlang() {
        assert_eq!(detect("Short headline"), None);
        // Catalan shares many words with Spanish: its own words send it on.
        assert_eq!(detect("El ministre va dir dimarts que les negociacions amb els sindicats es reprendran a la primavera i que confia en un acord que serà bo per als treballadors i també per al país, però no més."), None);
        assert_eq!(
            detect("Министр заявил во вторник, что переговоры возобновятся весной."),
            None
        );
    }
}
