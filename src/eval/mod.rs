//! Evaluation against gold data: one report shape for every task.
//!
//! Each task module reads its gold file, runs the pipeline on the gold
//! texts (never on the gold layers themselves) and scores the result with
//! the rules written in the gold file's README.

pub mod ner;
pub mod report;
pub mod sbd;

pub use report::{Report, ScoreRow};

use pipeline::{Document, Pipeline, PipelineConfig, Registry};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::Path;

/// What every evaluation is given besides its gold file.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// The pipeline to run; `None` = the task's own default.
    pub pipeline: Option<PipelineConfig>,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Score only the first N gold items.
    pub limit: Option<usize>,
}

/// A task: its name, the stages it runs by default, and its scorer.
pub struct Task {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&Path, &Registry, &EvalOptions) -> Result<Report, String>,
}

/// Every task `newspipe eval` knows.
pub const TASKS: &[Task] = &[Task {
    name: "sbd",
    about: "sentence boundaries: {input, expected_sentences} cases (JSON list or JSON Lines); cases passed",
    run: sbd::run,
}, Task {
    name: "ner",
    about: "named entities: strict span + label after trimming; headline core-five micro-F1",
    run: ner::run,
}];

/// Runs the pipeline over documents in parallel, keeping their order.
pub fn annotate_all(
    registry: &Registry,
    options: &EvalOptions,
    default_stages: &str,
    docs: Vec<Document>,
) -> Result<Vec<Document>, String> {
    let config = match &options.pipeline {
        Some(config) => config.clone(),
        None => PipelineConfig {
            stages: pipeline::pipeline::stage_list(default_stages),
            ..Default::default()
        },
    };
    let pipeline: Pipeline = crate::setup::build(registry, &config)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(pool.install(|| {
        docs.into_par_iter()
            .map(|mut doc| {
                pipeline.process(&mut doc);
                doc
            })
            .collect()
    }))
}

/// Reads a JSON Lines gold file into records of type `T`, keeping at most
/// `limit`; an error names the file and line.
pub fn read_jsonl<T: DeserializeOwned>(
    path: &Path,
    limit: Option<usize>,
) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read gold file {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .take(limit.unwrap_or(usize::MAX))
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// P, R, F1 from true positives and the predicted and gold counts.
pub fn prf(true_positives: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = ratio(true_positives, predicted);
    let r = ratio(true_positives, gold);
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_handles_empty_counts() {
        assert_eq!(prf(0, 0, 0), (0.0, 0.0, 0.0));
        let (p, r, f) = prf(3, 4, 6);
        assert!((p - 0.75).abs() < 1e-12 && (r - 0.5).abs() < 1e-12 && (f - 0.6).abs() < 1e-12);
    }
}
