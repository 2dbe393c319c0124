//! The word lists attribution reads: cue verbs and phrases, pronouns,
//! titles and capitalised function words (all in `seeds/quotes/`), loaded
//! once per process.

use super::words::Word;
use crate::caseless_map::CaselessMap;
use crate::seed_lines::entries;
use std::sync::OnceLock;

const CUE_VERBS: &str = include_str!("../../../seeds/quotes/cue_verbs.txt");
const SOURCE_CUES: &str = include_str!("../../../seeds/quotes/source_cues.txt");
const PRONOUNS: &str = include_str!("../../../seeds/quotes/pronouns.txt");
const TITLES: &str = include_str!("../../../seeds/quotes/titles.txt");
const FUNCTION_WORDS: &str = include_str!("../../../seeds/quotes/function_words.txt");
const OBJECT_MARKERS: &str = include_str!("../../../seeds/quotes/object_markers.txt");
const FILLERS: &str = include_str!("../../../seeds/quotes/fillers.txt");

/// What a pronoun refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounKind {
    /// "he", "she": the most recent person.
    Person,
    /// "I", "we", "they", "it": kept as written.
    SelfNamed,
}

/// A cue phrase found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// Its length in words.
    pub words: usize,
    /// Names its source after it: "according to X", "selon X".
    pub source_follows: bool,
}

/// A cue phrase after its first word.
struct CuePhrase {
    rest: Vec<String>,
    /// Names its source after it: "according to X".
    source_follows: bool,
}

pub struct Lexicon {
    /// Cue phrases by their first word, longest first.
    cues: CaselessMap<Vec<CuePhrase>>,
    /// What each pronoun refers to, and whether it is one only where a
    /// hyphen ties it to a cue verb (French "il").
    pronouns: WordMap<(PronounKind, bool)>,
    titles: WordMap<()>,
    function_words: WordMap<()>,
    object_markers: WordMap<()>,
    fillers: WordMap<()>,
}

/// Lower-case words (with a value) looked up in any case. Most words read
/// are longer than any entry, so those are turned away before lower-casing.
struct WordMap<V> {
    words: CaselessMap<V>,
    /// The longest entry, in bytes.
    longest: usize,
}

impl<V: Copy> WordMap<V> {
    fn new<'w>(entries: impl Iterator<Item = (&'w str, V)>) -> Self {
        let mut words = CaselessMap::default();
        let mut longest = 0;
        for (word, value) in entries {
            // A repeated entry: the last one counts.
            *words.entry_or_insert(word, value) = value;
            longest = longest.max(word.len());
        }
        WordMap { words, longest }
    }

    fn get(&self, word: &str) -> Option<V> {
        if word.len() > self.longest {
            return None;
        }
        self.words.get(word).copied()
    }
}

impl Lexicon {
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::load)
    }

    fn load() -> Lexicon {
        let mut cues: CaselessMap<Vec<CuePhrase>> = CaselessMap::default();
        let phrases = entries(CUE_VERBS)
            .map(|phrase| (phrase, false))
            .chain(entries(SOURCE_CUES).map(|phrase| (phrase, true)));
        for (phrase, source_follows) in phrases {
            let mut words = phrase.split_whitespace().map(str::to_string);
            let first = words.next().expect("entries are not empty");
            let list = cues.entry_or_insert(&first, Vec::new());
            list.push(CuePhrase {
                rest: words.collect(),
                source_follows,
            });
        }
        // Longest phrase first, so "according to" wins over a prefix.
        for list in cues.values_mut() {
            list.sort_by_key(|phrase| std::cmp::Reverse(phrase.rest.len()));
        }
        let pronouns = WordMap::new(entries(PRONOUNS).filter_map(|line| {
            let (word, kind) = line.split_once(char::is_whitespace)?;
            let kind = match kind.trim() {
                "person" => (PronounKind::Person, false),
                "clitic" => (PronounKind::Person, true),
                _ => (PronounKind::SelfNamed, false),
            };
            Some((word, kind))
        }));
        let words = |list| WordMap::new(entries(list).map(|word| (word, ())));
        Lexicon {
            cues,
            pronouns,
            titles: words(TITLES),
            function_words: words(FUNCTION_WORDS),
            object_markers: words(OBJECT_MARKERS),
            fillers: words(FILLERS),
        }
    }

    /// The cue phrase starting at `words[i]`, if one does (no phrase starts
    /// with a word of over 32 bytes). Cue words are lower case in running
    /// text; only a phrase that opens a clause ("According to …") may be
    /// capitalised.
    pub fn cue_at(&self, text: &str, words: &[Word], i: usize) -> Option<Cue> {
        self.phrase_at(text, words, i).map(|phrase| Cue {
            words: phrase.rest.len() + 1,
            source_follows: phrase.source_follows,
        })
    }

    fn phrase_at(&self, text: &str, words: &[Word], i: usize) -> Option<&CuePhrase> {
        let word = *words.get(i)?;
        if word.is_punct {
            return None;
        }
        let first = word.text(text);
        let phrases = if first.chars().next().is_some_and(char::is_uppercase) {
            let clause_start = i == 0 || words[i - 1].is_punct;
            if !clause_start {
                return None;
            }
            self.cues.get(first)?
        } else {
            self.cues.get_exact(first)?
        };
        phrases.iter().find(|phrase| {
            phrase.rest.iter().enumerate().all(|(k, want)| {
                words
                    .get(i + 1 + k)
                    .is_some_and(|w| !w.is_punct && w.text(text) == want)
            })
        })
    }

    pub fn pronoun(&self, word: &str) -> Option<PronounKind> {
        match self.pronouns.get(word)? {
            (kind, false) => Some(kind),
            (_, true) => None,
        }
    }

    /// A pronoun written after a hyphen on its verb ("dit-il", "a-t-elle").
    pub fn clitic_pronoun(&self, word: &str) -> Option<PronounKind> {
        self.pronouns.get(word).map(|(kind, _)| kind)
    }

    /// "Dr.", "President", "Sen" …
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.get(word.trim_end_matches('.')).is_some()
    }

    /// "The", "As", "But" …: capitalised at a sentence start, never a name.
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.get(word).is_some()
    }

    /// "has", "also", "Tuesday" …: between a speaker and the cue, and no
    /// speaker itself.
    pub fn is_filler(&self, word: &str) -> bool {
        self.fillers.get(word).is_some()
    }

    /// "with", "в", "chez", "die" …: a name after one is an object.
    pub fn is_object_marker(&self, word: &str) -> bool {
        self.object_markers.get(word).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::words_in;
    use super::*;

    fn cue(text: &str, i: usize) -> Option<usize> {
        let mut words = Vec::new();
        words_in(text, 0, text.len(), &mut words);
        Lexicon::get().cue_at(text, &words, i).map(|cue| cue.words)
    }

    #[test]
    fn the_seed_list_is_long_and_matches_phrases() {
        let lexicon = Lexicon::get();
        let count: usize = lexicon.cues.values().map(Vec::len).sum();
        assert!(count >= 100, "{count} cues");
        assert_eq!(cue("According to the paper", 0), Some(2));
        assert_eq!(cue("he pointed out that", 1), Some(2));
        assert_eq!(cue("Smith said", 1), Some(1));
        // Capitalised inside a clause: a name, not a cue ("United States").
        assert_eq!(cue("the Says family", 1), None);
        assert_eq!(cue("the house", 1), None);
    }

    #[test]
    fn pronouns_titles_function_words() {
        let lexicon = Lexicon::get();
        assert_eq!(lexicon.pronoun("He"), Some(PronounKind::Person));
        assert_eq!(lexicon.pronoun("they"), Some(PronounKind::SelfNamed));
        assert_eq!(lexicon.pronoun("Hello"), None);
        assert!(lexicon.is_title("Dr.") && lexicon.is_title("Commissioner"));
        assert!(lexicon.is_function_word("As") && !lexicon.is_function_word("Azizi"));
    }
}
