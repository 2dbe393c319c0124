//! A checked sequence of stages, and how one document goes through it.

use crate::document::{Document, LayerValue};
use crate::layer::Layer;
use crate::registry::{Registry, Settings};
use crate::stage::{Stage, StageError};
use serde::Deserialize;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

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
        Ok(Pipeline { steps, sources })
    }
}

/// A checked pipeline: every required layer comes from an earlier stage or
/// is expected on the input.
pub struct Pipeline {
    steps: Vec<Step>,
    /// For each step, where each of its required layers comes from.
    sources: Vec<Vec<(Layer, Source)>>,
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
        self.run_steps(doc, None);
    }

    /// Like [`Pipeline::process`], and also returns the stages that took
    /// longer than `budget` on this document.
    pub fn process_with_budget(&self, doc: &mut Document, budget: Duration) -> Vec<Overrun> {
        self.run_steps(doc, Some(budget))
    }

    fn run_steps(&self, doc: &mut Document, budget: Option<Duration>) -> Vec<Overrun> {
        let mut overruns = Vec::new();
        let on_input: Vec<Layer> = doc.layers();
        for (i, step) in self.steps.iter().enumerate() {
            if let Some(message) = self.missing_requirement(i, doc) {
                doc.add_error(&step.name, message);
                continue;
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
                continue;
            }
            let kept: Vec<LayerValue> = keep.iter().filter_map(|l| doc.take(l)).collect();
            let before: Vec<bool> = step.provides.iter().map(|l| doc.has(l)).collect();
            let started = budget.map(|_| Instant::now());
            let outcome = catch_unwind(AssertUnwindSafe(|| step.stage.process(doc)));
            if let (Some(budget), Some(started)) = (budget, started) {
                let took = started.elapsed();
                if took > budget {
                    overruns.push(Overrun {
                        stage: step.name.clone(),
                        took,
                    });
                }
            }
            let failure = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(panic) => Some(format!("panicked: {}", panic_message(&panic))),
            };
            if let Some(message) = failure {
                // Only what succeeded is written: drop half-made layers.
                for (layer, had) in step.provides.iter().zip(before) {
                    if !had {
                        doc.take(layer);
                    }
                }
                doc.add_error(&step.name, message);
            }
            for value in kept {
                doc.put(value);
            }
        }
        overruns
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
