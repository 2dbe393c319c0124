//! `newspipe eval quotes`: quoted speech and its speaker, scored with the
//! rules of `shared/data/quotes/README.md` (PolNeAR attributions).
//!
//! Gold quoted strings are derived from the attributions here, independently
//! of the `quotes` stage's own mark scanner, so the stage cannot grade
//! itself. Everything below counts in code points, like the gold file.

use super::{annotate_all, prf, read_jsonl, EvalOptions, Report, ScoreRow};
use pipeline::offsets::CharIndex;
use pipeline::{Document, Layer, Quote, Registry};
use serde::Deserialize;
use std::path::Path;

pub const ABOUT: &str = "quoted speech and speakers (PolNeAR-style attributions): end-to-end F1";

/// The stages run by default, when the registry has them.
const UPSTREAM: &[&str] = &["language", "sentences", "tokens", "entities"];

#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    pub attributions: Vec<Attribution>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Attribution {
    pub content: Vec<[usize; 2]>,
    pub source: Option<[usize; 2]>,
    #[serde(default)]
    pub cue: Option<[usize; 2]>,
}

/// A gold quoted string: code-point span, marks included, and the source
/// of its attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoldQuote {
    pub start: usize,
    pub end: usize,
    pub source: Option<(usize, usize)>,
}

/// A predicted quote in code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    /// Speaker name and mention span.
    pub speaker: Option<(String, usize, usize)>,
}

/// Counts for one document or a whole file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Matched with a correct speaker: the end-to-end true positives.
    pub correct: usize,
    /// Matched / correct, by the gold source's form.
    pub matched_named: usize,
    pub correct_named: usize,
    pub matched_pronoun: usize,
    pub correct_pronoun: usize,
    pub matched_none: usize,
    pub correct_none: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.correct += o.correct;
        self.matched_named += o.matched_named;
        self.correct_named += o.correct_named;
        self.matched_pronoun += o.matched_pronoun;
        self.correct_pronoun += o.correct_pronoun;
        self.matched_none += o.matched_none;
        self.correct_none += o.correct_none;
    }
}

const DOUBLE_OPENERS: &[char] = &['“', '"', '„', '«'];

fn is_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '„' | '«' | '»' | '‘' | '’' | '\'')
}

fn closes_double(open: char, c: char) -> bool {
    match open {
        '“' => matches!(c, '”' | '"'),
        '"' => matches!(c, '"' | '”'),
        '„' => matches!(c, '“' | '”' | '"'),
        '«' => c == '»',
        _ => false,
    }
}

/// Every maximal quoted string of the text, line by line: double marks
/// (mixed “…" too), single marks when clearly a quote (word edges, two words
/// or more), and a line left open before a line re-opening with the same
/// mark (ending at its line end).
pub fn quoted_strings(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    while line_start < chars.len() {
        let line_end = chars[line_start..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |i| line_start + i);
        quoted_in_line(chars, line_start, line_end, &mut out);
        line_start = line_end + 1;
    }
    out
}

fn quoted_in_line(chars: &[char], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut i = start;
    while i < end {
        let c = chars[i];
        if DOUBLE_OPENERS.contains(&c) {
            match (i + 1..end).find(|&j| closes_double(c, chars[j])) {
                Some(j) => {
                    out.push((i, j + 1));
                    i = j + 1;
                }
                None => {
                    if reopens_next_line(chars, end, c) {
                        let mut e = end;
                        while e > i + 1 && chars[e - 1].is_whitespace() {
                            e -= 1;
                        }
                        out.push((i, e));
                        return;
                    }
                    i += 1;
                }
            }
            continue;
        }
        if matches!(c, '‘' | '\'') && at_word_edge_before(chars, start, i) {
            let close = (i + 1..end).find(|&j| {
                matches!(chars[j], '’' | '\'')
                    && !chars[j - 1].is_whitespace()
                    && chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric())
            });
            if let Some(j) = close {
                let words = chars[i..=j]
                    .split(|c| c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .count();
                if words >= 2 {
                    out.push((i, j + 1));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
}

fn at_word_edge_before(chars: &[char], line_start: usize, i: usize) -> bool {
    let before_ok = i == line_start || !chars[i - 1].is_alphanumeric();
    before_ok && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
}

fn reopens_next_line(chars: &[char], line_end: usize, mark: char) -> bool {
    chars[line_end..]
        .iter()
        .find(|c| !c.is_whitespace())
        .is_some_and(|&c| c == mark)
}

/// The gold quoted strings of one record, each with its source.
pub fn gold_quotes(record: &GoldRecord) -> Vec<GoldQuote> {
    let chars: Vec<char> = record.text.chars().collect();
    let all = quoted_strings(&chars);
    let mut gold: Vec<GoldQuote> = Vec::new();
    let mut owner_size: Vec<usize> = Vec::new();
    // Strings inside a content piece (widened by up to two marks the
    // annotators left out); the smallest containing attribution wins.
    for attribution in &record.attributions {
        let size: usize = attribution.content.iter().map(|[s, e]| e - s).sum();
        for &[s, e] in &attribution.content {
            let (s, e) = widen(&chars, s, e);
            for &(qs, qe) in all.iter().filter(|(qs, qe)| s <= *qs && *qe <= e) {
                let source = attribution.source.map(|[a, b]| (a, b));
                match gold.iter().position(|g| g.start == qs && g.end == qe) {
                    Some(k) if owner_size[k] > size => {
                        gold[k].source = source;
                        owner_size[k] = size;
                    }
                    Some(_) => {}
                    None => {
                        gold.push(GoldQuote {
                            start: qs,
                            end: qe,
                            source,
                        });
                        owner_size.push(size);
                    }
                }
            }
        }
    }
    // Quoted strings split over pieces: at least half inside one
    // attribution's content, overlapping no string found above.
    let found = gold.len();
    for &(qs, qe) in &all {
        if gold[..found].iter().any(|g| g.start < qe && qs < g.end) {
            continue;
        }
        let owner = record.attributions.iter().find(|a| {
            let inside: usize = a
                .content
                .iter()
                .map(|&[s, e]| qe.min(e).saturating_sub(qs.max(s)))
                .sum();
            2 * inside >= qe - qs
        });
        if let Some(a) = owner {
            gold.push(GoldQuote {
                start: qs,
                end: qe,
                source: a.source.map(|[a, b]| (a, b)),
            });
        }
    }
    gold.sort_by_key(|g| (g.start, g.end));
    gold
}

fn widen(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let mut budget = 2;
    while budget > 0 && s > 0 && is_mark(chars[s - 1]) {
        s -= 1;
        budget -= 1;
    }
    while budget > 0 && e < chars.len() && is_mark(chars[e]) {
        e += 1;
        budget -= 1;
    }
    (s, e)
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "him", "her", "them", "you", "his", "their",
];

const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "sen",
    "rep",
    "gov",
    "the",
    "president",
    "senator",
    "prof",
];

fn name_tokens(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|t| !TITLES.contains(&t.as_str()))
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a predicted speaker is right for a gold quote.
pub fn speaker_correct(chars: &[char], gold: &GoldQuote, predicted: &Predicted) -> bool {
    let Some((gs, ge)) = gold.source else {
        return predicted.speaker.is_none();
    };
    let Some((name, ms, me)) = &predicted.speaker else {
        return false;
    };
    if *ms < ge && gs < *me {
        return true;
    }
    let source: String = chars[gs..ge].iter().collect();
    let source_words = words_of(&source);
    if name_tokens(name).any(|t| source_words.contains(&t)) {
        return true;
    }
    if PRONOUNS.contains(&source.trim().to_lowercase().as_str()) {
        if let Some(last) = name_tokens(name).last() {
            let from = gold.start.saturating_sub(300);
            let before: String = chars[from..gold.start].iter().collect();
            return words_of(&before).contains(&last);
        }
    }
    false
}

/// Scores one document: gold strings against predicted quotes.
pub fn score(text: &str, gold: &[GoldQuote], predicted: &[Predicted]) -> Counts {
    let chars: Vec<char> = text.chars().collect();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (g, gq) in gold.iter().enumerate() {
        for (p, pq) in predicted.iter().enumerate() {
            let overlap = gq.end.min(pq.end).saturating_sub(gq.start.max(pq.start));
            let shorter = (gq.end - gq.start).min(pq.end - pq.start);
            if overlap > 0 && 2 * overlap >= shorter {
                pairs.push((overlap, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; predicted.len()];
    let mut counts = Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        ..Default::default()
    };
    for (_, g, p) in pairs {
        if gold_used[g] || pred_used[p] {
            continue;
        }
        gold_used[g] = true;
        pred_used[p] = true;
        let gq = &gold[g];
        let ok = speaker_correct(&chars, gq, &predicted[p]);
        counts.matched += 1;
        counts.correct += ok as usize;
        let form = gq.source.map(|(s, e)| {
            let source: String = chars[s..e].iter().collect();
            PRONOUNS.contains(&source.trim().to_lowercase().as_str())
        });
        match form {
            None => {
                counts.matched_none += 1;
                counts.correct_none += ok as usize;
            }
            Some(true) => {
                counts.matched_pronoun += 1;
                counts.correct_pronoun += ok as usize;
            }
            Some(false) => {
                counts.matched_named += 1;
                counts.correct_named += ok as usize;
            }
        }
    }
    counts
}

/// The predicted quotes of an annotated document, in code points.
pub fn predicted_quotes(doc: &Document) -> Vec<Predicted> {
    let index = CharIndex::new(&doc.text);
    let quotes: &[Quote] = doc.quotes.as_deref().unwrap_or(&[]);
    quotes
        .iter()
        .map(|q| Predicted {
            start: index.to_char(q.start),
            end: index.to_char(q.end),
            speaker: q
                .speaker
                .as_ref()
                .map(|s| (s.name.clone(), index.to_char(s.start), index.to_char(s.end))),
        })
        .collect()
}

pub fn run(gold_path: &Path, registry: &Registry, options: &EvalOptions) -> Result<Report, String> {
    let records: Vec<GoldRecord> = read_jsonl(gold_path, &options.items)?;
    let mut notes = Vec::new();
    let mut stages = runnable_upstream(registry);
    stages.push("quotes");
    // Without a stage that provides entities (say `--stages quotes`), the
    // quotes stage runs on its own name rules: the documents get an empty
    // entity layer instead of failing.
    let config = match &options.pipeline {
        Some(config) => config.clone(),
        None => pipeline::PipelineConfig {
            stages: pipeline::pipeline::stage_list(&stages.join(",")),
            ..Default::default()
        },
    };
    let without_entities = !crate::setup::build(registry, &config)?
        .provides()
        .contains(&Layer::Entities);
    if without_entities {
        notes.push("no stage provides entities: quotes ran without them".to_string());
    }
    let docs: Vec<Document> = records
        .iter()
        .map(|r| {
            let mut doc = Document::new(r.id.clone(), r.text.clone());
            if without_entities {
                doc.entities = Some(Vec::new());
            }
            doc
        })
        .collect();
    let docs = annotate_all(registry, options, &stages.join(","), docs)?;
    let mut total = Counts::default();
    let mut failed = 0;
    for (record, doc) in records.iter().zip(&docs) {
        if !doc.errors.is_empty() {
            failed += 1;
            if failed <= 5 {
                notes.push(format!("{}: {:?}", record.id, doc.errors));
            }
        }
        total += score(&record.text, &gold_quotes(record), &predicted_quotes(doc));
    }
    if failed > 0 {
        notes.push(format!("{failed} documents had stage errors"));
    }
    Ok(report(gold_path, records.len(), &total, notes))
}

/// The stages of [`UPSTREAM`] the registry has and whose required layers
/// the stages before them provide, in order.
fn runnable_upstream(registry: &Registry) -> Vec<&'static str> {
    let mut provided: Vec<Layer> = Vec::new();
    let mut runnable = Vec::new();
    for &name in UPSTREAM {
        let Ok(stage) = registry.create(name, &Default::default()) else {
            continue;
        };
        if stage
            .requires()
            .iter()
            .all(|layer| provided.contains(layer))
        {
            provided.extend(stage.provides());
            runnable.push(name);
        }
    }
    runnable
}

fn report(gold_path: &Path, items: usize, c: &Counts, notes: Vec<String>) -> Report {
    let accuracy = |correct: usize, matched: usize| {
        if matched == 0 {
            0.0
        } else {
            correct as f64 / matched as f64
        }
    };
    let end_to_end = prf(c.correct, c.predicted, c.gold);
    Report {
        task: "quotes".to_string(),
        gold: gold_path.display().to_string(),
        items,
        headline: "end-to-end F1".to_string(),
        score: end_to_end.2,
        rows: vec![
            ScoreRow::prf("end-to-end", end_to_end, c.gold),
            ScoreRow::prf("detection", prf(c.matched, c.predicted, c.gold), c.gold),
            ScoreRow::value("speaker accuracy", accuracy(c.correct, c.matched)),
            ScoreRow::value(
                "speaker accuracy named",
                accuracy(c.correct_named, c.matched_named),
            ),
            ScoreRow::value(
                "speaker accuracy pronoun",
                accuracy(c.correct_pronoun, c.matched_pronoun),
            ),
            ScoreRow::value(
                "speaker accuracy no source",
                accuracy(c.correct_none, c.matched_none),
            ),
        ],
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str, attributions: Vec<Attribution>) -> GoldRecord {
        GoldRecord {
            id: "t".into(),
            text: text.into(),
            attributions,
        }
    }

    fn span(text: &str, part: &str) -> [usize; 2] {
        let byte = text.find(part).unwrap();
        let start = text[..byte].chars().count();
        [start, start + part.chars().count()]
    }

    #[test]
    fn gold_strings_come_from_content_widened_by_marks() {
        let text = "“Iran’s role is small,” said Dr. Azizi. He called it “Look East.”";
        let r = record(
            text,
            vec![Attribution {
                content: vec![span(text, "Iran’s role is small,")],
                source: Some(span(text, "Dr. Azizi")),
                cue: Some(span(text, "said")),
            }],
        );
        let gold = gold_quotes(&r);
        assert_eq!(gold.len(), 1);
        assert_eq!((gold[0].start, gold[0].end), (0, 23));
        assert_eq!(gold[0].source, Some((29, 38)));
    }

    #[test]
    fn matching_and_speakers() {
        let text = "He said: “Iran’s role is small.” Smith agreed.";
        let gold = [GoldQuote {
            start: 9,
            end: 32,
            source: Some((0, 2)),
        }];
        let by = |name: &str, s, e| Predicted {
            start: 9,
            end: 30,
            speaker: Some((name.to_string(), s, e)),
        };
        // The pronoun mention overlaps the source.
        assert_eq!(score(text, &gold, &[by("John Smith", 0, 2)]).correct, 1);
        // A name seen within 300 characters before a pronoun source.
        assert_eq!(score(text, &gold, &[by("Smith", 40, 45)]).correct, 0);
        let text2 = "Smith spoke. He said: “Iran’s role is small.”";
        let gold2 = [GoldQuote {
            start: 22,
            end: 45,
            source: Some((13, 15)),
        }];
        let p = Predicted {
            start: 22,
            end: 45,
            speaker: Some(("John Smith".into(), 100, 101)),
        };
        let c = score(text2, &gold2, &[p]);
        assert_eq!((c.matched, c.correct, c.correct_pronoun), (1, 1, 1));
        // Too little overlap: no match.
        let short = Predicted {
            start: 9,
            end: 12,
            speaker: None,
        };
        assert_eq!(score(text, &gold, &[short]).matched, 1);
        let far = Predicted {
            start: 30,
            end: 46,
            speaker: None,
        };
        assert_eq!(score(text, &gold, &[far]).matched, 0);
    }

    #[test]
    fn quoted_strings_follow_the_readme() {
        let text = "A “b c” and ‘d e’ and Iran’s and «f» and “open\n\n“next” x";
        let chars: Vec<char> = text.chars().collect();
        let found: Vec<String> = quoted_strings(&chars)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect();
        assert_eq!(found, vec!["“b c”", "‘d e’", "«f»", "“open", "“next”"]);
    }
}
