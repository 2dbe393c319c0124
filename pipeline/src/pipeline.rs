//! A checked sequence of stages, and how one document goes through it.

use crate::document::{Document, LayerValue};
use crate::layer::Layer;
use crate::registry::{Registry, Settings};
use crate::stage::{BatchItem, Stage, StageError};
use rayon::prelude::*;
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

/// One stage of a pipeline as written in a config file:
/// `{"type": "sentences", "name": "…", "overwrite": false, …settings}`.
#[derive(Debug, Clone, Deserialize)]
pub struct StageConfig {
    #[serde(rename = "type")]
    pub stage_type: String,
    /// A name of its own, where one type appears twice; defaults to the type.
    #[serde(default)]
    pub name: Option<String>,
    /// Replace a layer the input already carries instead of keeping it.
    #[serde(default)]
    pub overwrite: bool,
    #[serde(flatten)]
    pub settings: Settings,
}

impl StageConfig {
    /// A stage of type `stage_type` with default settings.
    pub fn of_type(stage_type: &str) -> Self {
        StageConfig {
            stage_type: stage_type.to_string(),
            name: None,
            overwrite: false,
            settings: Settings::new(),
        }
    }
}

/// A stage in a built pipeline, with its declared layers read once.
pub struct Step {
    pub name: String,
    pub stage: Box<dyn Stage>,
    pub overwrite: bool,
    pub requires: Vec<Layer>,
    pub provides: Vec<Layer>,
}

/// Why a pipeline could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    /// A stage requires a layer that only a later stage provides.
    OutOfOrder {
        stage: String,
        layer: Layer,
        provider: String,
    },
    /// Two stages share a name.
    DuplicateName(String),
    /// The pipeline has no stages.
    Empty,
    /// A stage could not be created from its settings.
    Stage(String),
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::OutOfOrder {
                stage,
                layer,
                provider,
            } => write!(
                f,
                "stage `{stage}` requires layer `{layer}`, which only the later stage `{provider}` provides: put `{provider}` before `{stage}`"
            ),
            PipelineError::DuplicateName(name) => write!(
                f,
                "two stages are named `{name}`: give one a \"name\" of its own"
            ),
            PipelineError::Empty => f.write_str("the pipeline has no stages"),
            PipelineError::Stage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for PipelineError {}

/// Where a required layer comes from, as the check found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An earlier stage, by name.
    Stage(String),
    /// No stage provides it: the input records must carry it.
    Input,
}

/// A stage that took longer than the per-document budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    pub stage: String,
    pub took: Duration,
}

/// Collects stages, then checks them into a [`Pipeline`].
#[derive(Default)]
pub struct PipelineBuilder {
    steps: Vec<(String, Box<dyn Stage>, bool)>,
    error: Option<PipelineError>,
}

impl PipelineBuilder {
    /// Adds a stage under its own name.
    pub fn stage(mut self, stage: Box<dyn Stage>) -> Self {
        let name = stage.name().to_string();
        self.steps.push((name, stage, false));
        self
    }

    /// Adds a stage under a given name; `overwrite` replaces layers the input
    /// already carries.
    pub fn named_stage(mut self, name: &str, stage: Box<dyn Stage>, overwrite: bool) -> Self {
        self.steps.push((name.to_string(), stage, overwrite));
        self
    }

    /// Adds a stage made by the registry from a config entry.
    pub fn config(mut self, registry: &Registry, config: &StageConfig) -> Self {
        match registry.create(&config.stage_type, &config.settings) {
            Ok(stage) => {
                let name = config.name.as_deref().unwrap_or(&config.stage_type);
                self.steps.push((name.to_string(), stage, config.overwrite));
            }
            Err(e) => {
                self.error
                    .get_or_insert(PipelineError::Stage(e.to_string()));
            }
        }
        self
    }

    /// Checks the stages' requirements in order and builds the pipeline.
    pub fn build(self) -> Result<Pipeline, PipelineError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if self.steps.is_empty() {
            return Err(PipelineError::Empty);
        }
        let steps: Vec<Step> = self
            .steps
            .into_iter()
            .map(|(name, mut stage, overwrite)| {
                stage.set_name(&name);
                Step {
                    requires: stage.requires(),
                    provides: stage.provides(),
                    name,
                    stage,
                    overwrite,
                }
            })
            .collect();
        for (i, step) in steps.iter().enumerate() {
            if steps[..i].iter().any(|earlier| earlier.name == step.name) {
                return Err(PipelineError::DuplicateName(step.name.clone()));
            }
        }
        let mut sources = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let mut step_sources = Vec::new();
            for layer in &step.requires {
                let earlier = steps[..i].iter().rev().find(|s| s.provides.contains(layer));
                let source = match earlier {
                    Some(provider) => Source::Stage(provider.name.clone()),
                    None => {
                        if let Some(later) =
                            steps[i + 1..].iter().find(|s| s.provides.contains(layer))
                        {
                            return Err(PipelineError::OutOfOrder {
                                stage: step.name.clone(),
                                layer: layer.clone(),
                                provider: later.name.clone(),
                            });
                        }
                        Source::Input
                    }
                };
                step_sources.push((layer.clone(), source));
            }
            sources.push(step_sources);
        }
        Ok(Pipeline {
            segments: segments(&steps),
            steps,
            sources,
        })
    }
}

/// A checked pipeline: every required layer comes from an earlier stage or
/// is expected on the input.
pub struct Pipeline {
    steps: Vec<Step>,
    /// For each step, where each of its required layers comes from.
    sources: Vec<Vec<(Layer, Source)>>,
    /// The steps in the order they run, grouped by how they see documents.
    segments: Vec<Segment>,
}

/// Consecutive steps that run the same way: stages that see one document at
/// a time run one document through all of them in a row (its data stays in
/// cache, and no thread waits for a whole batch between stages); a stage
/// that takes batches gets the whole batch.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Documents(Range<usize>),
    Batch(usize),
}

fn segments(steps: &[Step]) -> Vec<Segment> {
    let mut segments = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if step.stage.takes_batches() {
            segments.push(Segment::Batch(i));
        } else if let Some(Segment::Documents(range)) = segments.last_mut() {
            range.end = i + 1;
        } else {
            segments.push(Segment::Documents(i..i + 1));
        }
    }
    segments
}

/// What the pipeline keeps about one document between its steps.
struct Progress {
    /// The layers the input record brought.
    on_input: Vec<Layer>,
    overruns: Vec<Overrun>,
}

impl Progress {
    fn of(doc: &Document) -> Progress {
        Progress {
            on_input: doc.layers(),
            overruns: Vec::new(),
        }
    }
}

/// A document about to go through a step: the input's layers the step must
/// not replace (taken out meanwhile), and which of the step's layers the
/// document had before.
struct Prepared {
    kept: Vec<LayerValue>,
    before: Vec<bool>,
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Builds a pipeline from config entries.
    pub fn from_config(
        registry: &Registry,
        stages: &[StageConfig],
    ) -> Result<Pipeline, PipelineError> {
        stages
            .iter()
            .fold(Pipeline::builder(), |builder, config| {
                builder.config(registry, config)
            })
            .build()
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Where each required layer of step `i` comes from.
    pub fn sources(&self, i: usize) -> &[(Layer, Source)] {
        &self.sources[i]
    }

    /// Layers no stage provides, which input records must carry, with the
    /// stages that need them.
    pub fn expected_input(&self) -> Vec<(Layer, String)> {
        let mut expected = Vec::new();
        for (step, sources) in self.steps.iter().zip(&self.sources) {
            for (layer, source) in sources {
                if *source == Source::Input {
                    expected.push((layer.clone(), step.name.clone()));
                }
            }
        }
        expected
    }

    /// Every layer the pipeline can add.
    pub fn provides(&self) -> Vec<Layer> {
        let mut layers: Vec<Layer> = Vec::new();
        for step in &self.steps {
            for layer in &step.provides {
                if !layers.contains(layer) {
                    layers.push(layer.clone());
                }
            }
        }
        layers
    }

    /// Runs every stage on one document. Failures (errors and panics) are
    /// recorded on the document and never stop the later stages that do not
    /// depend on the failed one.
    pub fn process(&self, doc: &mut Document) {
        self.run_one(doc, None);
    }

    /// Like [`Pipeline::process`], and also returns the stages that took
    /// longer than `budget` on this document.
    pub fn process_with_budget(&self, doc: &mut Document, budget: Duration) -> Vec<Overrun> {
        self.run_one(doc, Some(budget))
    }

    /// One document through every segment (a stage that takes batches gets
    /// a batch of one).
    fn run_one(&self, doc: &mut Document, budget: Option<Duration>) -> Vec<Overrun> {
        let mut progress = Progress::of(doc);
        let docs = std::slice::from_mut(doc);
        self.run_segments(docs, std::slice::from_mut(&mut progress), budget);
        progress.overruns
    }

    /// Runs every stage on a batch of documents, in parallel on the current
    /// rayon pool, with the same result for each document as
    /// [`Pipeline::process`]. A stage that takes batches gets the whole
    /// batch at once; the others see one document at a time.
    pub fn process_batch(&self, docs: &mut [Document]) {
        self.run(docs, None);
    }

    /// Like [`Pipeline::process_batch`], and also returns, for each document
    /// in order, the stages that took longer than `budget` on it.
    pub fn process_batch_with_budget(
        &self,
        docs: &mut [Document],
        budget: Duration,
    ) -> Vec<Vec<Overrun>> {
        self.run(docs, Some(budget))
    }

    /// Whether a stage of the pipeline takes whole batches (so a caller with
    /// many documents should hand them over together).
    pub fn takes_batches(&self) -> bool {
        self.segments
            .iter()
            .any(|segment| matches!(segment, Segment::Batch(_)))
    }

    fn run(&self, docs: &mut [Document], budget: Option<Duration>) -> Vec<Vec<Overrun>> {
        let mut progress: Vec<Progress> = docs.iter().map(Progress::of).collect();
        self.run_segments(docs, &mut progress, budget);
        progress.into_iter().map(|p| p.overruns).collect()
    }

    fn run_segments(
        &self,
        docs: &mut [Document],
        progress: &mut [Progress],
        budget: Option<Duration>,
    ) {
        for segment in &self.segments {
            match segment {
                Segment::Documents(steps) => {
                    let run = |(doc, progress): (&mut Document, &mut Progress)| {
                        self.run_documents(steps.clone(), doc, progress, budget)
                    };
                    if docs.len() > 1 {
                        docs.par_iter_mut().zip(&mut *progress).for_each(run);
                    } else {
                        docs.iter_mut().zip(&mut *progress).for_each(run);
                    }
                }
                Segment::Batch(i) => self.run_batch_step(*i, docs, progress, budget),
            }
        }
    }

    /// Steps that see one document at a time, run on one document in a row.
    fn run_documents(
        &self,
        steps: Range<usize>,
        doc: &mut Document,
        progress: &mut Progress,
        budget: Option<Duration>,
    ) {
        for i in steps {
            let Some(prepared) = self.prepare(i, doc, &progress.on_input) else {
                continue;
            };
            let mut item = BatchItem::new(doc);
            item.process_with(|doc| self.steps[i].stage.process(doc));
            let (outcome, took) = item.into_outcome().expect("process_with gives an outcome");
            self.conclude(i, doc, prepared, outcome, took, budget, progress);
        }
    }

    /// A step that takes batches, run on the documents of a batch that need
    /// it, all at once.
    fn run_batch_step(
        &self,
        i: usize,
        docs: &mut [Document],
        progress: &mut [Progress],
        budget: Option<Duration>,
    ) {
        let prepared: Vec<Option<Prepared>> = docs
            .iter_mut()
            .zip(progress.iter())
            .map(|(doc, progress)| self.prepare(i, doc, &progress.on_input))
            .collect();
        let mut items: Vec<BatchItem> = docs
            .iter_mut()
            .zip(&prepared)
            .filter(|(_, prepared)| prepared.is_some())
            .map(|(doc, _)| BatchItem::new(doc))
            .collect();
        if !items.is_empty() {
            let stage = &self.steps[i].stage;
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| stage.process_batch(&mut items))) {
                let message = format!("panicked: {}", panic_message(&panic));
                for item in &mut items {
                    item.finish(Err(StageError::new(message.clone())), Duration::ZERO);
                }
            }
        }
        let outcomes: Vec<(Result<(), StageError>, Duration)> = items
            .into_iter()
            .map(|item| {
                item.into_outcome().unwrap_or_else(|| {
                    let missing = "the stage gave no outcome for this record (a bug in the stage)";
                    (Err(StageError::new(missing)), Duration::ZERO)
                })
            })
            .collect();
        let mut outcomes = outcomes.into_iter();
        for ((doc, progress), prepared) in docs.iter_mut().zip(progress).zip(prepared) {
            if let Some(prepared) = prepared {
                let (outcome, took) = outcomes.next().expect("one outcome per item");
                self.conclude(i, doc, prepared, outcome, took, budget, progress);
            }
        }
    }

    /// Gets a document ready for step `i`: `None` when the step is skipped
    /// for it (a required layer is missing: an error says so; or the input
    /// brought every layer the step provides).
    fn prepare(&self, i: usize, doc: &mut Document, on_input: &[Layer]) -> Option<Prepared> {
        let step = &self.steps[i];
        if let Some(message) = self.missing_requirement(i, doc) {
            doc.add_error(&step.name, message);
            return None;
        }
        // Layers the input brought and the stage would replace: kept as
        // given unless the stage is told to overwrite them.
        let keep: Vec<&Layer> = if step.overwrite {
            Vec::new()
        } else {
            step.provides
                .iter()
                .filter(|l| on_input.contains(l) && !step.requires.contains(l))
                .collect()
        };
        if !step.provides.is_empty() && keep.len() == step.provides.len() {
            return None;
        }
        Some(Prepared {
            kept: keep.iter().filter_map(|l| doc.take(l)).collect(),
            before: step.provides.iter().map(|l| doc.has(l)).collect(),
        })
    }

    /// Records how step `i` went on a document and puts back what the input
    /// brought.
    #[allow(clippy::too_many_arguments)]
    fn conclude(
        &self,
        i: usize,
        doc: &mut Document,
        prepared: Prepared,
        outcome: Result<(), StageError>,
        took: Duration,
        budget: Option<Duration>,
        progress: &mut Progress,
    ) {
        let step = &self.steps[i];
        if budget.is_some_and(|budget| took > budget) {
            progress.overruns.push(Overrun {
                stage: step.name.clone(),
                took,
            });
        }
        if let Err(e) = outcome {
            // Only what succeeded is written: drop half-made layers.
            for (layer, had) in step.provides.iter().zip(prepared.before) {
                if !had {
                    doc.take(layer);
                }
            }
            doc.add_error(&step.name, e.to_string());
        }
        for value in prepared.kept {
            doc.put(value);
        }
    }

    fn missing_requirement(&self, i: usize, doc: &Document) -> Option<String> {
        let missing: Vec<&(Layer, Source)> = self.sources[i]
            .iter()
            .filter(|(layer, _)| !doc.has(layer))
            .collect();
        let (layer, source) = missing.first()?;
        Some(match source {
            Source::Stage(provider) => format!(
                "skipped: it needs layer `{layer}`, which stage `{provider}` did not provide for this record"
            ),
            Source::Input => format!(
                "skipped: it needs layer `{layer}` on the input record (no stage in the pipeline provides it)"
            ),
        })
    }

    /// A readable account of the pipeline: each stage, what it requires and
    /// where from, what it provides (like spaCy's `analyze_pipes`).
    pub fn explain(&self) -> String {
        let mut out = String::new();
        for (i, step) in self.steps.iter().enumerate() {
            let kind = step.stage.name();
            let title = if kind == step.name {
                step.name.clone()
            } else {
                format!("{} ({kind})", step.name)
            };
            out.push_str(&format!("{}. {title}\n", i + 1));
            let requires: Vec<String> = self.sources[i]
                .iter()
                .map(|(layer, source)| match source {
                    Source::Stage(name) => format!("{layer} (from {name})"),
                    Source::Input => format!("{layer} (from the input records)"),
                })
                .collect();
            out.push_str(&format!("   requires: {}\n", list_or_none(&requires)));
            let provides: Vec<String> = step.provides.iter().map(|l| l.to_string()).collect();
            out.push_str(&format!("   provides: {}\n", list_or_none(&provides)));
            if step.overwrite {
                out.push_str("   overwrites layers found on input\n");
            }
        }
        let expected = self.expected_input();
        if expected.is_empty() {
            out.push_str("Input records need only `text` (and optionally `id`, `meta`).\n");
        } else {
            let needs: Vec<String> = expected
                .iter()
                .map(|(layer, stage)| format!("`{layer}` (for {stage})"))
                .collect();
            out.push_str(&format!(
                "Input records must carry {}: a record without it gets an error.\n",
                needs.join(", ")
            ));
        }
        out
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(", ")
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Builds a [`StageConfig`] list from a `--stages a,b,c` list.
pub fn stage_list(names: &str) -> Vec<StageConfig> {
    names
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(StageConfig::of_type)
        .collect()
}

/// A pipeline config file: `{"stages": [...], "batch_size": N, "threads": N,
/// "emit": ["tokens"]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    pub stages: Vec<StageConfig>,
    #[serde(default)]
    pub batch_size: Option<usize>,
    #[serde(default)]
    pub threads: Option<usize>,
    /// Layers to write that are left out by default (`tokens`).
    #[serde(default)]
    pub emit: Vec<String>,
}

impl PipelineConfig {
    pub fn from_json(text: &str) -> Result<PipelineConfig, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl From<StageError> for PipelineError {
    fn from(e: StageError) -> Self {
        PipelineError::Stage(e.to_string())
    }
}
