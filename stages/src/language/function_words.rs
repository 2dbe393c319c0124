//! The fast path of language identification: counting function words.
//!
//! whatlang costs about 100 µs a document whatever its length; news in the
//! big Latin-script languages is told apart far more cheaply by its commonest
//! words ("the", "der", "le", …). Only a clear verdict is answered here;
//! everything else goes to whatlang.

use crate::fx_hash::FxBuildHasher;
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
    /// Word → bit set of the languages that list it, for the ASCII words of
    /// at most 8 bytes (nearly all of them), keyed by [`pack`]: one multiply
    /// to hash and one compare to match.
    short_words: HashMap<u64, u32, FxBuildHasher>,
    /// The same for the other words (accented, or long).
    other_words: HashMap<String, u32, FxBuildHasher>,
}

/// An ASCII word of at most 8 bytes as one number: its bytes, zero-padded
/// (no letter is a zero byte, so different words give different numbers).
fn pack(word: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes[..word.len()].copy_from_slice(word);
    u64::from_le_bytes(bytes)
}

/// [`pack`] of an ASCII word's lower-case form: setting bit 5 of an ASCII
/// letter lowercases it, and a word here is letters only.
fn pack_lower(word: &[u8]) -> u64 {
    let case_bits = if word.len() == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * word.len())) - 1
    };
    pack(word) | (0x2020_2020_2020_2020 & case_bits)
}

/// Calls `f` with every maximal run of alphabetic characters in `text` (what
/// `text.split(|c: char| !c.is_alphabetic())` yields, empty pieces left
/// out), reading ASCII a byte at a time.
fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (alphabetic, width) = if bytes[i].is_ascii() {
            (bytes[i].is_ascii_alphabetic(), 1)
        } else {
            let c = text[i..].chars().next().expect("i is a char boundary");
            (c.is_alphabetic(), c.len_utf8())
        };
        match (alphabetic, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

impl FunctionWords {
    pub fn from_seed() -> Self {
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
        let mut short_words = HashMap::default();
        let mut other_words = HashMap::default();
        for (word, langs) in words {
            if word.is_ascii() && word.len() <= 8 {
                short_words.insert(pack(word.as_bytes()), langs);
            } else {
                other_words.insert(word.to_string(), langs);
            }
        }
        FunctionWords {
            languages,
            answered,
            short_words,
            other_words,
        }
    }

    /// The languages that list `word`, compared in lower case.
    fn languages_of(&self, word: &str, lower: &mut String) -> Option<u32> {
        if word.is_ascii() && word.len() <= 8 {
            return self.short_words.get(&pack_lower(word.as_bytes())).copied();
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if lower.is_ascii() && lower.len() <= 8 {
            self.short_words.get(&pack(lower.as_bytes())).copied()
        } else {
            self.other_words.get(lower.as_str()).copied()
        }
    }

    /// The language `text` is clearly written in, with a confidence, or
    /// `None` when the function words do not settle it.
    pub fn detect(&self, text: &str) -> Option<(&str, f64)> {
        let mut hits = [0usize; 32];
        let mut lower = String::new();
        for_each_word(text, |word| {
            if let Some(langs) = self.languages_of(word, &mut lower) {
                let mut bits = langs;
                while bits != 0 {
                    hits[bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
        });
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
        static WORDS: std::sync::OnceLock<FunctionWords> = std::sync::OnceLock::new();
        let words = WORDS.get_or_init(FunctionWords::from_seed);
        words.detect(text).map(|(code, _)| match code {
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
        let text = "The İstanbul-based ΩMEGA said: «Да», naïve 42x über\u{301}…ﬁne KELVIN";
        let mut words = Vec::new();
        for_each_word(text, |w| words.push(w));
        let expected: Vec<&str> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(words, expected);
    }

    #[test]
    fn lookups_ignore_case_like_to_lowercase() {
        let words = FunctionWords::from_seed();
        let mut lower = String::new();
        let the = words.languages_of("the", &mut lower).unwrap();
        assert_eq!(words.languages_of("THE", &mut lower), Some(the));
        assert_eq!(words.languages_of("ThE", &mut lower), Some(the));
        assert_eq!(words.languages_of("thesis", &mut lower), None);
        assert_eq!(words.languages_of("th", &mut lower), None);
        let uber = words.languages_of("über", &mut lower).unwrap();
        assert_eq!(words.languages_of("ÜBER", &mut lower), Some(uber));
        let tambem = words.languages_of("também", &mut lower).unwrap();
        assert_eq!(words.languages_of("TAMBÉM", &mut lower), Some(tambem));
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
