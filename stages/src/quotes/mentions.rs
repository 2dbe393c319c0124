//! Speaker mentions next to a cue: names, pronouns and noun phrases ("the
//! newspaper", "a spokesman"), read forward from a word or backward from
//! the word before a cue.

use super::lexicon::{Lexicon, PronounKind};
use super::words::Word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A capitalised name sequence, titles left out: "Hamidreza Azizi".
    Name,
    Pronoun(PronounKind),
    /// A common-noun phrase: "the newspaper", "officials".
    Phrase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

/// Words that begin a noun phrase.
pub fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "one"
            | "another"
            | "some"
            | "many"
            | "several"
            | "two"
            | "three"
            | "both"
            | "other"
            | "The"
            | "A"
            | "An"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "One"
            | "Another"
            | "Some"
            | "Many"
            | "Several"
            | "Two"
            | "Both"
            | "Other"
    )
}

/// Words that sit between a subject and its cue: "has", "also",
/// "Tuesday", "repeatedly" (the list is `seeds/quotes/fillers.txt`).
pub fn is_verb_filler(word: &str) -> bool {
    Lexicon::get().is_filler(word)
        || (word.len() > 4 && word.ends_with("ly") && word.chars().all(|c| c.is_lowercase()))
}

/// A word that can be part of a name: capitalised, not a function word
/// ("As", "The"), or a name particle between two such words.
fn is_name_word(text: &str, word: &Word, lexicon: &Lexicon) -> bool {
    word.is_capitalized(text) && !lexicon.is_function_word(word.text(text))
}

fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "van" | "von" | "der" | "al" | "bin" | "da" | "del" | "la" | "le"
    )
}

/// `word` as a pronoun mention ("he", "she", "they"), if it is one.
fn pronoun_mention(text: &str, word: &Word, lexicon: &Lexicon) -> Option<Mention> {
    let kind = lexicon.pronoun(word.text(text))?;
    Some(Mention {
        start: word.start,
        end: word.end,
        kind: MentionKind::Pronoun(kind),
    })
}

/// The pronoun a cue carries after a hyphen, as French inversion writes
/// its subject ("a-t-elle déclaré", "dit-il"), within `words[at..at + len]`.
pub fn clitic_speaker(text: &str, words: &[Word], at: usize, len: usize) -> Option<Mention> {
    let lexicon = Lexicon::get();
    words[at..at + len].iter().find_map(|word| {
        let start = word.start + word.text(text).rfind('-')? + 1;
        let kind = lexicon.clitic_pronoun(&text[start..word.end])?;
        Some(Mention {
            start,
            end: word.end,
            kind: MentionKind::Pronoun(kind),
        })
    })
}

/// The mention starting at `words[i]` (titles skipped), within `words[..end]`.
pub fn mention_from(text: &str, words: &[Word], i: usize, end: usize) -> Option<Mention> {
    let lexicon = Lexicon::get();
    let mut i = i;
    while i < end && !words[i].is_punct && lexicon.is_title(words[i].text(text)) {
        // A title is skipped only when a name follows it.
        if words
            .get(i + 1)
            .is_some_and(|w| w.is_capitalized(text) || lexicon.is_title(w.text(text)))
        {
            i += 1;
        } else {
            break;
        }
    }
    let word = words.get(i).filter(|_| i < end)?;
    if word.is_punct {
        return None;
    }
    if let Some(pronoun) = pronoun_mention(text, word, lexicon) {
        return Some(pronoun);
    }
    let form = word.text(text);
    if is_name_word(text, word, lexicon) {
        let mut last = i;
        let mut k = i + 1;
        while k < end {
            if is_name_word(text, &words[k], lexicon) {
                last = k;
            } else if !(is_particle(words[k].text(text))
                && words
                    .get(k + 1)
                    .is_some_and(|w| is_name_word(text, w, lexicon)))
            {
                break;
            }
            k += 1;
        }
        // "released Thursday, Rep. Hakeem Jeffries": a day is no name.
        if last == i && is_day_word(form) {
            return None;
        }
        // "said Wales coach Mike Ruddock": a full name after the roles,
        // as a lone word there is as often no person.
        let person = role_holder_after(text, words, last + 1, end, 2)
            .filter(|m| text[m.start..m.end].contains(' '));
        if let Some(person) = person {
            return Some(person);
        }
        return Some(Mention {
            start: word.start,
            end: words[last].end,
            kind: MentionKind::Name,
        });
    }
    if is_determiner(form) {
        // "the newspaper", "a spokesman for the campaign": up to the cue, a
        // comma or a listed filler ("the Arsenal boss is quoted as saying";
        // not the "-ly" rule: "the former monopoly said"), at most six words.
        let mut last = i;
        let mut k = i + 1;
        while k < end
            && k < i + 7
            && !words[k].is_punct
            && !lexicon.is_filler(words[k].text(text))
            && lexicon.cue_at(text, words, k).is_none()
        {
            last = k;
            k += 1;
        }
        if last > i {
            return Some(Mention {
                start: word.start,
                end: words[last].end,
                kind: MentionKind::Phrase,
            });
        }
    }
    // "said race director David Bedford", "by host Bill Maher".
    role_holder_after(text, words, i, end, 3)
}

/// The name after the role words from `words[k]` (at most `max_roles`):
/// "economist Gary Thayer", or after an organisation or place, "(Wales)
/// coach Mike Ruddock", "(EEF) chief economist, Steve Radley". The role
/// words are lower-case nouns: no cue, filler or function word, no "-ing"
/// or "-ed" form, so "Labour said health minister John Reid", "Apple
/// shares rose in London" and "the World War I drama starring Audrey
/// Tautou" keep their first name.
fn role_holder_after(
    text: &str,
    words: &[Word],
    k: usize,
    end: usize,
    max_roles: usize,
) -> Option<Mention> {
    let lexicon = Lexicon::get();
    let is_role_word = |j: usize| {
        let word = &words[j];
        let form = word.text(text);
        !word.is_punct
            && form.starts_with(|c: char| c.is_lowercase())
            && form.chars().all(|c| c.is_alphabetic() || c == '-')
            && !is_participle(form)
            && !lexicon.is_function_word(form)
            && !is_verb_filler(form)
            && lexicon.cue_at(text, words, j).is_none()
    };
    let roles = (k..end.min(k + max_roles))
        .take_while(|&j| is_role_word(j))
        .count();
    if roles == 0 {
        return None;
    }
    let mut j = k + roles;
    if j < end && words[j].is_mark(text, ',') {
        j += 1;
    }
    let name_at = words.get(j).filter(|_| j < end)?;
    if !is_name_word(text, name_at, lexicon) || is_verb_filler(name_at.text(text)) {
        return None;
    }
    mention_from(text, words, j, end).filter(|m| m.kind == MentionKind::Name)
}

/// The days a report names for when something was said.
fn is_day_word(word: &str) -> bool {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    ]
    .iter()
    .any(|day| word.eq_ignore_ascii_case(day))
}

/// "starring", "Speaking", "appointed": a verb form, no role noun ("seed"
/// is one). In any case, without a lower-cased copy.
pub fn is_participle(form: &str) -> bool {
    let ends = |suffix: &str| {
        form.len() >= suffix.len()
            && form.as_bytes()[form.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    ends("ing") || (ends("ed") && !ends("eed"))
}

/// The mention that ends at `words[k]`, reading backward no further than
/// `lo`: a pronoun, a name (titles before it left out) or a noun phrase.
pub fn mention_ending_at(text: &str, words: &[Word], lo: usize, k: usize) -> Option<Mention> {
    let lexicon = Lexicon::get();
    let word = words[k];
    if word.is_punct {
        return None;
    }
    if let Some(pronoun) = pronoun_mention(text, &word, lexicon) {
        return Some(pronoun);
    }
    let form = word.text(text);
    if is_name_word(text, &word, lexicon) {
        let mut first = k;
        while first > lo {
            let prev = &words[first - 1];
            if is_name_word(text, prev, lexicon) && !lexicon.is_title(prev.text(text)) {
                first -= 1;
            } else if is_particle(prev.text(text))
                && first >= lo + 2
                && is_name_word(text, &words[first - 2], lexicon)
            {
                first -= 2;
            } else {
                break;
            }
        }
        if lexicon.is_title(words[first].text(text)) && first < k {
            first += 1;
        }
        return Some(Mention {
            start: words[first].start,
            end: word.end,
            kind: MentionKind::Name,
        });
    }
    if word.is_capitalized(text) || lexicon.is_function_word(form) || is_verb_filler(form) {
        return None;
    }
    // "is heard asking", "has written", "doesn't": a verb, not a noun.
    let after_auxiliary = k > lo && is_auxiliary_verb(words[k - 1].text(text));
    if after_auxiliary || form.ends_with("n't") || form.ends_with("n’t") {
        return None;
    }
    // A common noun: back to its determiner or its owner ("Mr Blair's
    // spokesman", "the company's statement"), if one is near; without
    // either, back over the names that modify it ("G7 ministers", "Labour
    // MPs"; not a sentence's first adverb: "Privately ministers").
    let modifiers = words[lo..k]
        .iter()
        .rev()
        .take(3)
        .take_while(|w| {
            let form = w.text(text);
            is_name_word(text, w, lexicon)
                && !lexicon.is_title(form)
                && !is_verb_filler(&form.to_lowercase())
        })
        .count();
    let mut start = words[k - modifiers].start;
    let mut j = k;
    while j > lo && k - j < 5 {
        j -= 1;
        let prev = words[j];
        if prev.is_punct {
            break;
        }
        if is_determiner(prev.text(text)) {
            start = prev.start;
            break;
        }
        if is_owner(prev.text(text)) {
            // "the SEC's Boston office": the owner's own determiner too.
            let owner = mention_ending_at(text, words, lo, j).map_or(j, |m| {
                words[lo..=j].partition_point(|w| w.start < m.start) + lo
            });
            let determined = owner > lo && is_determiner(words[owner - 1].text(text));
            start = words[if determined { owner - 1 } else { owner }].start;
            break;
        }
    }
    Some(Mention {
        start,
        end: word.end,
        kind: MentionKind::Phrase,
    })
}

/// The forms of "be", "have" and "do", and the modals: a lower-case word
/// right after one is a verb.
fn is_auxiliary_verb(word: &str) -> bool {
    matches!(
        word,
        "is" | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "could"
            | "should"
            | "might"
            | "may"
            | "must"
            | "can"
    )
}

/// The word without its possessive ending: "Blair" for "Blair's",
/// "firms" for "firms’".
pub fn possessive_stem(word: &str) -> Option<&str> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| {
            word.strip_suffix(['\'', '’'])
                .filter(|plural| plural.ends_with('s'))
        })
}

/// A possessive that owns the noun after it ("Blair's spokesman"), not a
/// pronoun or function word with "is" or "us" ("he's", "that's", "let's").
fn is_owner(word: &str) -> bool {
    // The lexicon's lists are looked up in any case ("who", "what" are
    // function words).
    possessive_stem(word).is_some_and(|stem| {
        let lexicon = Lexicon::get();
        !(lexicon.pronoun(stem).is_some()
            || lexicon.is_function_word(stem)
            || stem.eq_ignore_ascii_case("let")
            || stem.eq_ignore_ascii_case("here"))
    })
}

/// Words that open an appositive or aside after a name: "an Iran expert",
/// "who said", "45".
fn opens_aside(text: &str, word: &Word) -> bool {
    if word.is_punct {
        return false;
    }
    let form = word.text(text);
    is_determiner(form)
        || matches!(
            form,
            "who" | "which" | "whose" | "now" | "then" | "formerly" | "himself" | "herself"
        )
        || form.chars().next().is_some_and(|c| c.is_ascii_digit())
        || form.chars().all(char::is_lowercase)
}

/// A lower-case word that can end a noun phrase naming a role: "adviser".
fn is_role_noun(text: &str, word: &Word) -> bool {
    !word.is_punct && !word.is_capitalized(text) && !is_verb_filler(word.text(text))
}

/// The index before the parenthesis that `words[k]` closes ("Sen. Rand
/// Paul (R-Ky.)" → "Paul"), or `k` when it closes none.
fn before_parenthesis(text: &str, words: &[Word], lo: usize, k: usize) -> usize {
    if !words[k].is_mark(text, ')') {
        return k;
    }
    match (lo..k).rev().find(|&j| words[j].is_mark(text, '(')) {
        Some(open) if open > lo => open - 1,
        _ => k,
    }
}

/// `words[first..=last]`, between commas, is an aside: it opens like one
/// ("of Flint", "45", "an expert") or it is one abbreviated word ("Mich.",
/// "R-Ky.").
fn is_aside(text: &str, words: &[Word], first: usize, last: usize) -> bool {
    opens_aside(text, &words[first]) || (first == last && words[first].text(text).ends_with('.'))
}

/// The comma-delimited stretch ending at `words[k]` is an aside.
fn in_aside(text: &str, words: &[Word], lo: usize, k: usize) -> bool {
    match (lo..k).rev().find(|&j| words[j].is_punct) {
        Some(comma) if words[comma].is_mark(text, ',') => is_aside(text, words, comma + 1, k),
        _ => false,
    }
}

/// The subject of the cue at `words[cue]`, reading backward to `lo`:
/// fillers ("has also"), a parenthesis ("(R-Ky.)") and appositives between
/// commas are skipped, and so is a mention that is an object: of a
/// preposition ("a spokesman for Trump said", "Trump at the time said") or
/// of a verb ("Ryan issued a statement saying").
pub fn subject_before(text: &str, words: &[Word], lo: usize, cue: usize) -> Option<Mention> {
    let mention = nearest_subject(text, words, lo, cue)?;
    let first = words[lo..cue].partition_point(|w| w.start < mention.start) + lo;
    if let Some(name) = apposed_name(text, words, lo, first, mention) {
        return Some(name);
    }
    if first < lo + 2 || words[first - 1].is_punct || words[first - 1].is_capitalized(text) {
        return Some(mention);
    }
    let before = words[first - 1].text(text);
    let lexicon = Lexicon::get();
    // "after Obama called them": a name between a word that also joins
    // clauses and its cue is that clause's subject, not an object.
    let joins_clause = matches!(before, "after" | "before" | "as" | "since" | "until");
    if lexicon.is_object_marker(before) && !joins_clause {
        return subject_before(text, words, lo, first - 1).or(Some(mention));
    }
    let after_verb = mention.kind == MentionKind::Phrase
        && !lexicon.is_function_word(before)
        && !is_verb_filler(before);
    if after_verb {
        let subject =
            subject_before(text, words, lo, first - 1).filter(|m| m.kind != MentionKind::Phrase);
        return subject.or(Some(mention));
    }
    Some(mention)
}

/// The name a bare singular role noun describes after a comma: "Howard
/// Archer, economist at Global Insight said". A singular noun without a
/// determiner is no subject of its own; plurals are ("In London,
/// officials said" keeps "officials").
fn apposed_name(
    text: &str,
    words: &[Word],
    lo: usize,
    first: usize,
    mention: Mention,
) -> Option<Mention> {
    let noun = &text[mention.start..mention.end];
    let bare_singular = mention.kind == MentionKind::Phrase
        && !noun.contains(' ')
        && !noun.ends_with('s')
        && noun.starts_with(|c: char| c.is_lowercase());
    if !bare_singular || first < lo + 2 || !words[first - 1].is_mark(text, ',') {
        return None;
    }
    mention_ending_at(text, words, lo, first - 2).filter(|m| m.kind == MentionKind::Name)
}

/// The mention nearest before the cue at `words[cue]` that can be its
/// subject: see [`subject_before`].
fn nearest_subject(text: &str, words: &[Word], lo: usize, cue: usize) -> Option<Mention> {
    let mut k = cue;
    while k > lo && !words[k - 1].is_punct && is_verb_filler(words[k - 1].text(text)) {
        k -= 1;
    }
    if k == lo {
        return None;
    }
    // "Beck, who has said": the subject is the name before the comma.
    let relative = words[k..cue].iter().any(|w| w.text(text) == "who");
    k = before_parenthesis(text, words, lo, k - 1);
    // "Sen. Rand Paul (R-Ky.), said": the comma closes the parenthesis.
    if k > lo && words[k].is_mark(text, ',') {
        let before = before_parenthesis(text, words, lo, k - 1);
        if before != k - 1 {
            k = before;
        }
    }
    // "X, an expert at Y, told", "Smith, 45, of Flint, Mich., said": skip
    // comma-delimited asides, at most four, until a name or pronoun ends
    // a stretch that is no aside itself.
    let mut asides = 0;
    loop {
        let at_comma = words[k].is_mark(text, ',');
        let aside = asides > 0 && !at_comma && in_aside(text, words, lo, k);
        let mention = if at_comma {
            None
        } else {
            match mention_ending_at(text, words, lo, k) {
                Some(m) => Some(m).filter(|_| !aside),
                None if aside => None,
                None => return None,
            }
        };
        match mention {
            Some(m) if asides == 0 || m.kind != MentionKind::Phrase => return Some(m),
            _ => {}
        }
        if asides == 4 {
            return mention;
        }
        // The stretch ending at `k` (or at the comma `k`) and the comma
        // before it.
        let last = if at_comma { k.checked_sub(1)? } else { k };
        let comma = (lo..=last).rev().find(|&j| words[j].is_punct);
        match comma {
            Some(j)
                if j < last
                    && j > lo
                    && words[j].is_mark(text, ',')
                    && is_aside(text, words, j + 1, last) =>
            {
                k = j - 1;
                asides += 1;
            }
            _ if at_comma && asides == 0 && relative => {
                return mention_ending_at(text, words, lo, last)
            }
            // "her senior policy adviser, Jake Sullivan, said": a name
            // alone between commas after a noun names the subject it
            // follows (after a name it is a place: "from Sumter, South
            // Carolina, says").
            Some(j) if at_comma && asides == 0 && j > lo && is_role_noun(text, &words[j - 1]) => {
                return mention_ending_at(text, words, lo, last)
                    .filter(|m| m.kind == MentionKind::Name && m.start == words[j + 1].start);
            }
            _ => return mention,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::words_in;
    use super::*;

    fn words(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        words_in(text, 0, text.len(), &mut out);
        out
    }

    fn subject(text: &str, cue: &str) -> Option<String> {
        let w = words(text);
        let c = w.iter().position(|x| x.text(text) == cue).unwrap();
        subject_before(text, &w, 0, c).map(|m| text[m.start..m.end].to_string())
    }

    #[test]
    fn subjects_skip_appositives_titles_and_fillers() {
        assert_eq!(
            subject("Dr. Hamidreza Azizi, an Iran expert at the Berlin-based German Institute for International Affairs, told", "told").as_deref(),
            Some("Hamidreza Azizi")
        );
        assert_eq!(
            subject("As Dr. Azizi told", "told").as_deref(),
            Some("Azizi")
        );
        assert_eq!(subject("He continued", "continued").as_deref(), Some("He"));
        assert_eq!(
            subject("the newspaper has also said", "said").as_deref(),
            Some("the newspaper")
        );
        assert_eq!(subject("Smith, 45, said", "said").as_deref(), Some("Smith"));
    }

    #[test]
    fn objects_and_time_words_are_no_subjects() {
        for (text, cue, want) in [
            ("A spokesman for Trump said", "said", "A spokesman"),
            ("Trump at the time said", "said", "Trump"),
            ("Ryan issued a statement Tuesday saying", "saying", "Ryan"),
            ("Priebus later Thursday told", "told", "Priebus"),
            ("Beck, who has in the past described", "described", "Beck"),
            ("Beck, who said", "said", "Beck"),
        ] {
            assert_eq!(subject(text, cue).as_deref(), Some(want), "{text}");
        }
        // an owner belongs to the phrase; "he's" owns nothing
        for (text, cue, want) in [
            (
                "Mr Blair's official spokesman said",
                "said",
                "Blair's official spokesman",
            ),
            (
                "a spokeswoman for the SEC's Boston office told",
                "told",
                "a spokeswoman",
            ),
            (
                "the company's statement said",
                "said",
                "the company's statement",
            ),
            (
                "We know he's ambitious, his agent said",
                "said",
                "his agent",
            ),
        ] {
            assert_eq!(subject(text, cue).as_deref(), Some(want), "{text}");
        }
        // a verb is no speaker; a reflexive is read past
        for (text, cue) in [
            ("On tape he is heard asking", "asking"),
            ("the term doesn't describe", "describe"),
        ] {
            let found = subject(text, cue);
            let text_of = found.as_deref().unwrap_or("");
            assert!(
                !["heard", "doesn't"].contains(&text_of),
                "{text}: {found:?}"
            );
        }
        assert_eq!(
            subject("Mr Blunkett himself described", "described").as_deref(),
            Some("Blunkett")
        );
        // names modifying a bare noun belong to it
        assert_eq!(
            subject("But G7 ministers called", "called").as_deref(),
            Some("G7 ministers")
        );
        assert_eq!(
            subject("Privately ministers say", "say").as_deref(),
            Some("ministers")
        );
        // a bare singular role noun describes the name before its comma; a
        // plural is a subject of its own
        for (text, cue, want) in [
            (
                "Howard Archer, economist at Global Insight said",
                "said",
                "Howard Archer",
            ),
            (
                "Christoph Caselitz, president of the firm says",
                "says",
                "Christoph Caselitz",
            ),
            ("In London, officials said", "said", "officials"),
        ] {
            assert_eq!(subject(text, cue).as_deref(), Some(want), "{text}");
        }
        // A participle after a comma has no subject of its own here (the
        // clause's subject is found by the caller).
        assert_eq!(subject("Trump went on, saying", "saying"), None);
    }

    #[test]
    fn mentions_forward() {
        let text = "said Dr. Abdolrasool Divsallar, a visiting professor";
        let w = words(text);
        let m = mention_from(text, &w, 1, w.len()).unwrap();
        assert_eq!(&text[m.start..m.end], "Abdolrasool Divsallar");
        let text = "according to the newspaper, it";
        let w = words(text);
        let m = mention_from(text, &w, 2, w.len()).unwrap();
        assert_eq!(&text[m.start..m.end], "the newspaper");
        for (text, want) in [
            ("said Wales coach Mike Ruddock.", "Mike Ruddock"),
            ("said ISM survey chairman Norbert Ore.", "Norbert Ore"),
            ("said Wales coach Ruddock.", "Wales"),
            ("said Wales on Tuesday.", "Wales"),
            ("said Apple shares rose in London.", "Apple"),
            ("said Labour would lose Tuesday.", "Labour"),
            ("said race director David Bedford.", "David Bedford"),
            ("said eighth seed Agassi.", "Agassi"),
            ("said economist Gary Thayer of AG Edwards.", "Gary Thayer"),
        ] {
            let w = words(text);
            let m = mention_from(text, &w, 1, w.len()).unwrap();
            assert_eq!(&text[m.start..m.end], want, "{text}");
        }
        // role words with no name after them name nobody
        for text in ["said race director.", "said market sources in London."] {
            let w = words(text);
            assert_eq!(mention_from(text, &w, 1, w.len()), None, "{text}");
        }
    }
}
