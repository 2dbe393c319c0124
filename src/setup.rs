//! Turning command-line choices into a checked pipeline.

use clap::Args;
use pipeline::pipeline::stage_list;
use pipeline::{Pipeline, PipelineConfig, Registry};
use std::path::{Path, PathBuf};

/// The flags that choose a pipeline, shared by every command that runs one.
#[derive(Args, Debug, Clone, Default)]
pub struct PipelineArgs {
    /// Stages to run, in order, comma-separated (default: the full pipeline)
    #[arg(long, value_name = "a,b,c")]
    pub stages: Option<String>,
    /// A pipeline config file (JSON): {"stages": [{"type": "…", …settings}]}
    #[arg(long, value_name = "FILE", conflicts_with = "stages")]
    pub config: Option<PathBuf>,
}

impl PipelineArgs {
    /// The pipeline config these flags name, `default_stages` when neither
    /// flag is given.
    pub fn config(&self, default_stages: &str) -> Result<PipelineConfig, String> {
        if let Some(path) = &self.config {
            return read_config(path);
        }
        let names = self.stages.as_deref().unwrap_or(default_stages);
        Ok(PipelineConfig {
            stages: stage_list(names),
            ..Default::default()
        })
    }
}

pub fn read_config(path: &Path) -> Result<PipelineConfig, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    PipelineConfig::from_json(&text).map_err(|e| format!("config {}: {e}", path.display()))
}

/// The registry of every stage this binary knows.
pub fn registry() -> Registry {
    stages::builtin_registry()
}

/// Builds and checks the pipeline, before any data is read.
pub fn build(registry: &Registry, config: &PipelineConfig) -> Result<Pipeline, String> {
    Pipeline::from_config(registry, &config.stages).map_err(|e| format!("invalid pipeline: {e}"))
}
