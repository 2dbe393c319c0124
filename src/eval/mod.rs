//! Evaluation against gold data: one report shape for every task.
//!
//! Each task module reads its gold file, runs the pipeline on the gold
//! texts (never on the gold layers themselves) and scores the result with
//! the rules written in the gold file's README.

pub mod ner;
pub mod quotes;
pub mod report;
pub mod sbd;
pub mod stance;

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
    /// Which gold items are scored.
    pub items: Selection,
}

/// Which gold items a run scores: every `every`-th one from the `offset`-th
/// (0-based), at most `limit` of them. `every` 2 with offsets 0 and 1 gives
/// the two halves of a split-half check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub every: usize,
    pub offset: usize,
    pub limit: Option<usize>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            every: 1,
            offset: 0,
            limit: None,
        }
    }
}

impl Selection {
    /// A selection, or why it selects nothing sensible.
    pub fn new(every: usize, offset: usize, limit: Option<usize>) -> Result<Self, String> {
        if every == 0 {
            return Err("--every must be at least 1".into());
        }
        if offset >= every {
            return Err(format!(
                "--offset {offset} must be less than --every {every}"
            ));
        }
        Ok(Selection {
            every,
            offset,
            limit,
        })
    }

    /// The selected items of `items`, in order.
    pub fn apply<T>(&self, items: impl Iterator<Item = T>) -> impl Iterator<Item = T> {
        items
            .skip(self.offset)
            .step_by(self.every)
            .take(self.limit.unwrap_or(usize::MAX))
    }
}

/// A task: its name, the stages it runs by default, and its scorer.
pub struct Task {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&Path, &Registry, &EvalOptions) -> Result<Report, String>,
}

/// Every task `newspipe eval` knows.
pub const TASKS: &[Task] = &[
    Task {
        name: "sbd",
        about: "sentence boundaries: {input, expected_sentences} cases (JSON list or JSON Lines); cases passed",
        run: sbd::run,
    },
    Task {
        name: "ner",
        about: "named entities: strict span + label after trimming; headline core-five micro-F1",
        run: ner::run,
    },
    Task {
        name: "quotes",
        about: quotes::ABOUT,
        run: quotes::run,
    },
    stance::TASK,
];

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

/// Reads the `items` of a JSON Lines gold file (blank lines are not items)
/// into records of type `T`; an error names the file and line.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path, items: &Selection) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read gold file {}: {e}", path.display()))?;
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    items
        .apply(lines)
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

    #[test]
    fn halves_of_a_selection_split_the_items_between_them() {
        let half = |offset| Selection::new(2, offset, None).unwrap();
        let items = || 0..7;
        assert_eq!(half(0).apply(items()).collect::<Vec<_>>(), [0, 2, 4, 6]);
        assert_eq!(half(1).apply(items()).collect::<Vec<_>>(), [1, 3, 5]);
        let limited = Selection::new(3, 1, Some(2)).unwrap();
        assert_eq!(limited.apply(items()).collect::<Vec<_>>(), [1, 4]);
        assert_eq!(Selection::default().apply(items()).count(), 7);
        assert!(Selection::new(0, 0, None).is_err());
        assert!(Selection::new(2, 2, None).is_err());
    }

    #[test]
    fn gold_lines_are_selected_past_blank_lines_and_errors_name_the_line() {
        let dir = crate::test_dirs::temp_dir("selection");
        let path = dir.join("gold.jsonl");
        std::fs::write(&path, "1\n\n2\n3\n  \n4\nx\n").unwrap();
        let odd: Vec<u32> = read_jsonl(&path, &Selection::new(2, 1, Some(2)).unwrap()).unwrap();
        assert_eq!(odd, [2, 4]);
        let error = read_jsonl::<u32>(&path, &Selection::new(2, 0, None).unwrap()).unwrap_err();
        assert!(error.contains("line 7"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
