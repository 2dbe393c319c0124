//! The `stance` stage: how each speaker, and the article, treats each entity.
//!
//! For every target mention (an entity with a target label) the unit is the
//! quote around it (holder = the quote's speaker, `null` when unattributed)
//! or else its sentence (holder = `"author"`). The unit's tokens are read by
//! lexicon and rules ([`scope`]), turned into target-relative features
//! ([`features`]) and scored by a small logistic regression ([`model`]); each
//! word's share of the score is reported as `evidence`. Per (holder, target)
//! the document gets a summary ([`summary`]).

mod english_stem;
pub mod features;
pub mod lexicon;
pub mod model;
mod model_text;
pub mod scope;
mod seed_fields;
pub mod summary;
#[doc(hidden)]
pub mod testing;

use features::{mention_features, BagWords, Features, MentionContext, ScopeIndex};
use lexicon::{Lexicon, LexiconSources};
use model::{Judgement, Model, NEGATIVE, POSITIVE};
use model_text::ModelTable;
use pipeline::{
    parse_settings, CowStr, Document, Entity, Evidence, Layer, Quote, SettingDoc, Span, Stage,
    StageError, Stance, Token, Unit,
};
use rust_stemmers::Algorithm;
use scope::{read_scope, ScopeToken};
use serde::Deserialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StanceSettings {
    /// Entity labels whose mentions are judged.
    pub target_labels: Vec<String>,
    /// Language used when the document's is unknown (`und`) or missing.
    pub fallback_language: String,
    /// Smallest share of the score (in logits) a word needs to be evidence:
    /// below it a word barely moved the score (0.2 logits is about 5 points
    /// of probability near an even call). A favor or against label needs
    /// one listed cue pointing its way, else the judgement is neutral.
    pub min_evidence: f64,
    /// At most this many evidence items per judgement, the strongest.
    pub max_evidence: usize,
}

impl Default for StanceSettings {
    fn default() -> Self {
        StanceSettings {
            target_labels: ["PERSON", "ORG", "GPE", "NORP"].map(String::from).to_vec(),
            fallback_language: "en".to_string(),
            min_evidence: 0.2,
            max_evidence: 3,
        }
    }
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "target_labels",
        default: r#"["PERSON", "ORG", "GPE", "NORP"]"#,
        about: "entity labels whose mentions get a stance",
    },
    SettingDoc {
        name: "fallback_language",
        default: "\"en\"",
        about: "lexicon used when lang is `und` or absent",
    },
    SettingDoc {
        name: "min_evidence",
        default: "0.2",
        about: "smallest share of the score (logits) a cue needs to be listed as evidence; the score does not depend on it, a favor or against label needs one listed cue pointing its way",
    },
    SettingDoc {
        name: "max_evidence",
        default: "3",
        about: "most evidence items per judgement: the strongest, listed in text order",
    },
];

pub const ABOUT: &str = "scores how each quote's speaker and the author treat each entity mention (favor/against/neutral, score -1..1, with evidence); English lexicons (VADER + news stance cues) and a logistic regression trained on NewsMTSC";

/// The lexicon and model of one language.
pub struct LanguageResources {
    pub lexicon: Lexicon,
    pub model: Model,
}

/// `seeds/stance/model_en.tsv`, read by `build.rs`.
static SHIPPED_MODEL: ModelTable<'static> =
    include!(concat!(env!("OUT_DIR"), "/stance_model_en.rs"));

/// The stem of each entry of `seeds/stance/vader_en.tsv`, by `build.rs`.
const VADER_STEMS: &[Option<&str>] =
    include!(concat!(env!("OUT_DIR"), "/stance_vader_en_stems.rs"));

/// The seed texts of the English lexicon.
fn english_sources() -> LexiconSources<'static> {
    LexiconSources {
        algorithm: Algorithm::English,
        valences: include_str!("../../../seeds/stance/vader_en.tsv"),
        valence_stems: VADER_STEMS,
        stance_cues: include_str!("../../../seeds/stance/stance_cues_en.tsv"),
        modifiers: include_str!("../../../seeds/stance/modifiers_en.tsv"),
        topic_nouns: include_str!("../../../seeds/stance/topic_nouns_en.txt"),
        reporting_verbs: include_str!("../../../seeds/stance/reporting_verbs_en.txt"),
        function_words: include_str!("../../../seeds/stance/function_words_en.txt"),
    }
}

/// English resources, built once per process.
pub fn english() -> Result<Arc<LanguageResources>, String> {
    static ENGLISH: OnceLock<Result<Arc<LanguageResources>, String>> = OnceLock::new();
    ENGLISH
        .get_or_init(|| {
            let mut lexicon = Lexicon::new(&english_sources())?;
            let model = Model::from_table(&SHIPPED_MODEL, &mut lexicon)?;
            Ok(Arc::new(LanguageResources { lexicon, model }))
        })
        .clone()
}

pub struct StanceStage {
    settings: StanceSettings,
    english: Arc<LanguageResources>,
}

/// The layers of a document that stance reads, with entity spans sorted.
struct DocView<'d> {
    text: &'d str,
    tokens: &'d [Token],
    sentences: &'d [Span],
    quotes: &'d [Quote],
    /// The target mentions, in entity order.
    targets: Vec<Mention<'d>>,
    /// Per token: part of an entity name (its words carry no sentiment).
    masked: Vec<bool>,
}

impl<'d> DocView<'d> {
    fn new(doc: &'d Document, settings: &StanceSettings) -> Self {
        let entities = doc.entities.as_deref().unwrap_or(&[]);
        let tokens = doc.tokens.as_deref().unwrap_or(&[]);
        let mut masked = vec![false; tokens.len()];
        let mut targets = Vec::with_capacity(entities.len());
        let mut near = 0;
        for entity in entities {
            // Entities come in text order: each is searched from the last.
            let range = token_range(tokens, entity.span(), near);
            near = range.0;
            masked[range.0..range.1].fill(true);
            if settings.target_labels.contains(&entity.label) {
                targets.push(Mention {
                    entity,
                    tokens: range,
                });
            }
        }
        DocView {
            text: &doc.text,
            tokens,
            sentences: doc.sentences.as_deref().unwrap_or(&[]),
            quotes: doc.quotes.as_deref().unwrap_or(&[]),
            targets,
            masked,
        }
    }
}

/// A target mention: its entity and the document tokens it covers.
#[derive(Clone, Copy)]
struct Mention<'d> {
    entity: &'d Entity,
    tokens: (usize, usize),
}

/// One training example: the features of a target mention.
#[derive(Debug)]
pub struct TrainingRow {
    pub mention: Span,
    pub dense: [f32; features::DENSE.len()],
    pub bag: Vec<String>,
}

/// Buffers reused across mentions and documents.
#[derive(Default)]
struct Scratch {
    scope: Vec<ScopeToken>,
    /// Span and token range of the scope currently in `scope`.
    scope_at: Option<(Span, (usize, usize))>,
    /// The cue tokens and word counts of `scope`.
    index: ScopeIndex,
    features: Features,
    judgement: Judgement,
    /// (scope token, share) candidates for evidence.
    ranked: Vec<(usize, f32)>,
}

thread_local! {
    /// This thread's buffers: from empty, they grew again for every
    /// document.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Runs `f` with this thread's buffers, for one document.
    fn with<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            // The scope read last belongs to another document.
            scratch.scope_at = None;
            f(&mut scratch)
        })
    }
}

impl StanceStage {
    pub fn new(settings: StanceSettings) -> Result<Self, StageError> {
        Ok(StanceStage {
            settings,
            english: english().map_err(StageError::new)?,
        })
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(StanceStage::new(parse_settings(settings)?)?))
    }

    fn resources(&self, doc: &Document) -> Option<&LanguageResources> {
        let code = match doc.lang.as_ref().map(|l| l.code.as_str()) {
            None | Some("und") => self.settings.fallback_language.as_str(),
            Some(code) => code,
        };
        (code == "en").then_some(&*self.english)
    }

    /// One judgement per target mention per unit.
    pub fn judge_document(&self, doc: &Document) -> Vec<Stance> {
        self.each_target(doc, Self::judge_mention)
    }

    /// `per_target` over the document's target mentions, in order; nothing
    /// for a language without resources.
    fn each_target<T>(
        &self,
        doc: &Document,
        per_target: impl Fn(&Self, &DocView, Mention, &LanguageResources, &mut Scratch) -> T,
    ) -> Vec<T> {
        let Some(resources) = self.resources(doc) else {
            return Vec::new();
        };
        let view = DocView::new(doc, &self.settings);
        // Collected from a slice, so sized once: a judgement is large, and
        // growing the vector step by step copied them all again.
        Scratch::with(|scratch| {
            view.targets
                .iter()
                .map(|&mention| per_target(self, &view, mention, resources, scratch))
                .collect()
        })
    }

    /// Reads the unit of `entity` and computes its features into `scratch`;
    /// returns the unit, the holder and the token range of the scope.
    fn prepare(
        &self,
        doc: &DocView,
        mention_at: Mention,
        resources: &LanguageResources,
        bag_words: BagWords,
        scratch: &mut Scratch,
    ) -> (Unit, Option<CowStr>, (usize, usize)) {
        let (text, tokens) = (doc.text, doc.tokens);
        let mention = mention_at.entity.span();
        let quote = doc.quotes.iter().find(|q| q.span().contains(mention));
        let sentence = sentence_of(doc.sentences, mention);
        let (unit, holder) = match quote {
            Some(q) => (
                Unit {
                    kind: Cow::Borrowed("quote"),
                    start: q.start,
                    end: q.end,
                },
                q.speaker.as_ref().map(|s| Cow::Owned(s.name.clone())),
            ),
            None => {
                let s = sentence.unwrap_or(mention);
                (
                    Unit {
                        kind: Cow::Borrowed("sentence"),
                        start: s.start,
                        end: s.end,
                    },
                    Some(Cow::Borrowed("author")),
                )
            }
        };
        // The scope is the mention's sentence, cut to the quote it is in.
        let scope_span = match (sentence, quote) {
            (Some(s), Some(q)) => Span::new(s.start.max(q.start), s.end.min(q.end)),
            (Some(s), None) => s,
            (None, _) => Span::new(unit.start, unit.end),
        };
        // Mentions of one scope come one after another: read it once.
        let range = match scratch.scope_at {
            Some((span, range)) if span == scope_span && scratch.index.bag_words() == bag_words => {
                range
            }
            _ => {
                // The scope holds the mention: its tokens start at or
                // shortly before the mention's.
                let range = token_range(tokens, scope_span, mention_at.tokens.0);
                read_scope(
                    text,
                    &tokens[range.0..range.1],
                    &doc.masked[range.0..range.1],
                    &resources.lexicon,
                    &mut scratch.scope,
                );
                scratch.index.build(&scratch.scope, bag_words);
                scratch.scope_at = Some((scope_span, range));
                range
            }
        };
        let scope_tokens = &tokens[range.0..range.1];
        // The mention's tokens within the scope: its document range cut to
        // the scope's (both come from sorted tokens).
        let in_scope = |i: usize| i.clamp(range.0, range.1) - range.0;
        let (ts, te) = (in_scope(mention_at.tokens.0), in_scope(mention_at.tokens.1));
        let context = MentionContext {
            in_quote: quote.is_some(),
            possessive: is_possessive(text, scope_tokens, te),
        };
        mention_features(
            &scratch.scope,
            &scratch.index,
            (ts, te),
            context,
            &mut scratch.features,
        );
        (unit, holder, range)
    }

    fn judge_mention(
        &self,
        doc: &DocView,
        mention: Mention,
        resources: &LanguageResources,
        scratch: &mut Scratch,
    ) -> Stance {
        let (unit, holder, range) =
            self.prepare(doc, mention, resources, BagWords::Modelled, scratch);
        let entity = mention.entity;
        let scope = &scratch.scope;
        resources.model.judge(
            &scratch.features,
            scope.len(),
            |i| scope[i].info.model_row,
            &mut scratch.judgement,
        );
        let p = scratch.judgement.probabilities;
        let score = round3((p[POSITIVE] - p[NEGATIVE]) as f64);
        let best = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1);
        let scope_tokens = &doc.tokens[range.0..range.1];
        let evidence = self.evidence(
            doc.text,
            scope_tokens,
            scope,
            &scratch.judgement,
            &mut scratch.ranked,
        );
        // A label a journalist can check: favor or against only with a
        // listed cue pointing that way. Without one the call came from the
        // model's priors ("Time Warner said on Friday that it now owns 8%
        // of Google" is no stance on Google), so it is neutral; the score
        // stays the model's.
        let points = |sign: f64| evidence.iter().any(|e| e.weight * sign > 0.0);
        let label = match best {
            NEGATIVE if points(-1.0) => "against",
            POSITIVE if points(1.0) => "favor",
            _ => "neutral",
        };
        Stance {
            holder,
            target: entity.name().to_string(),
            target_label: label_word(&entity.label),
            mention: entity.span(),
            unit,
            score,
            label: Cow::Borrowed(label),
            evidence,
        }
    }

    /// The features of every target mention, with the bag of stems spelled
    /// out as `slot:stem`: the rows `scripts/stance_train.py` learns from.
    pub fn training_rows(&self, doc: &Document) -> Vec<TrainingRow> {
        self.each_target(doc, Self::training_row)
    }

    fn training_row(
        &self,
        view: &DocView,
        mention: Mention,
        resources: &LanguageResources,
        scratch: &mut Scratch,
    ) -> TrainingRow {
        let (_, _, range) = self.prepare(view, mention, resources, BagWords::All, scratch);
        let tokens = &view.tokens[range.0..range.1];
        let bag = scratch
            .features
            .bag
            .iter()
            .map(|&(i, slot)| {
                let word = tokens[i].lower(view.text);
                format!(
                    "{}:{}",
                    features::SLOTS[slot as usize].1,
                    resources.lexicon.stem_of(&word)
                )
            })
            .collect();
        TrainingRow {
            mention: mention.entity.span(),
            dense: scratch.features.dense,
            bag,
        }
    }

    /// The words whose share of the score is large enough, strongest first
    /// (at most `max_evidence`), reported in text order.
    fn evidence(
        &self,
        text: &str,
        tokens: &[Token],
        scope: &[ScopeToken],
        judgement: &Judgement,
        ranked: &mut Vec<(usize, f32)>,
    ) -> Vec<Evidence> {
        ranked.clear();
        let min = self.settings.min_evidence;
        let shares = &judgement.shares;
        let listed = |&i: &usize| (shares[i].abs() as f64 >= min).then_some((i, shares[i]));
        if min > 0.0 {
            // Untouched tokens have a zero share.
            ranked.extend(judgement.touched.iter().filter_map(listed));
        } else {
            ranked.extend((0..shares.len()).filter_map(|i| listed(&i)));
        }
        // Strongest first, the earlier word first among equals.
        ranked.sort_unstable_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        ranked.truncate(self.settings.max_evidence);
        ranked.sort_unstable_by_key(|(t, _)| *t);
        let mut evidence = Vec::with_capacity(ranked.len());
        for &(i, share) in ranked.iter() {
            let (Some(cue), Some(first)) = (scope.get(i), tokens.get(i)) else {
                continue;
            };
            let Some(last) = tokens.get((cue.cue_end as usize).max(i + 1) - 1) else {
                continue;
            };
            let words = &text[first.start..last.end];
            let (start, cue_text) = match cue.negated_by.and_then(|n| tokens.get(n as usize)) {
                // One exact-size allocation, not a format.
                Some(negator) => (negator.start, [negator.text(text), " … ", words].concat()),
                None => (first.start, words.to_string()),
            };
            evidence.push(Evidence {
                text: cue_text,
                start,
                end: last.end,
                weight: round3(share as f64),
            });
        }
        evidence
    }
}

impl Stage for StanceStage {
    fn name(&self) -> &str {
        "stance"
    }

    fn requires(&self) -> Vec<Layer> {
        vec![
            Layer::Sentences,
            Layer::Tokens,
            Layer::Entities,
            Layer::Quotes,
        ]
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Stances, Layer::StanceSummary]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let stances = self.judge_document(doc);
        doc.stance_summary = Some(summary::summarize(&stances));
        doc.stances = Some(stances);
        Ok(())
    }
}

/// Entity labels that are judged by default or often: borrowed, not copied
/// into every judgement.
const COMMON_LABELS: [&str; 5] = ["PERSON", "ORG", "GPE", "NORP", "LOC"];

/// `label` as a judgement's `target_label`.
fn label_word(label: &str) -> CowStr {
    match COMMON_LABELS.iter().find(|common| **common == label) {
        Some(common) => Cow::Borrowed(common),
        None => Cow::Owned(label.to_string()),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The sentence containing the start of `mention` (sentences sorted).
fn sentence_of(sentences: &[Span], mention: Span) -> Option<Span> {
    let i = sentences.partition_point(|s| s.end <= mention.start);
    sentences
        .get(i)
        .copied()
        .filter(|s| s.start <= mention.start)
}

/// The range of `tokens` (sorted) that overlap `span`, searched from token
/// `near` (where the range is expected to start, or close).
fn token_range(tokens: &[Token], span: Span, near: usize) -> (usize, usize) {
    let start = partition_point_near(tokens, near, |t| t.end <= span.start);
    let end = start + partition_point_near(&tokens[start..], 0, |t| t.start < span.end);
    (start, end)
}

/// `slice.partition_point(pred)`, found by steps of doubling length from
/// `near` outwards: a few loads for an answer close to `near`, where a
/// binary search over a document's tokens waits on a chain of cache misses.
fn partition_point_near<T>(slice: &[T], near: usize, pred: impl Fn(&T) -> bool) -> usize {
    let near = near.min(slice.len());
    let mut step = 1;
    if slice.get(near).is_some_and(&pred) {
        // The answer is past `near`: `pred` holds for all before `low`.
        let mut low = near + 1;
        loop {
            let probe = low + step - 1;
            if probe >= slice.len() || !pred(&slice[probe]) {
                let high = probe.min(slice.len());
                return low + slice[low..high].partition_point(&pred);
            }
            low = probe + 1;
            step *= 2;
        }
    }
    // The answer is at most `near`: `pred` fails for all from `high`.
    let mut high = near;
    while step <= high {
        let probe = high - step;
        if pred(&slice[probe]) {
            return probe + 1 + slice[probe + 1..high].partition_point(&pred);
        }
        high = probe;
        step *= 2;
    }
    slice[..high].partition_point(&pred)
}

/// Whether the mention ending before token `after` is followed by "'s".
fn is_possessive(text: &str, tokens: &[Token], after: usize) -> bool {
    // "’s" as one token, or "’" then "s", or a plural possessive "Jones’".
    matches!(
        tokens.get(after).map(|t| t.text(text)),
        Some("'s" | "’s" | "'" | "’")
    )
}

#[cfg(test)]
pub(crate) mod tests;
