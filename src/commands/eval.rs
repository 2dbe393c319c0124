//! `newspipe eval TASK --gold FILE`: score the pipeline against gold data.

use crate::eval::{EvalOptions, Report, Selection, TASKS};
use crate::setup::PipelineArgs;
use crate::EXIT_OK;
use clap::Args;
use pipeline::Registry;
use std::path::PathBuf;

#[derive(Args)]
#[command(
    about = "Score the pipeline against a gold file (tasks: sbd, ner, quotes, stance)",
    after_help = "Examples:\n  newspipe eval sbd --gold ../shared/data/sbd/golden_rules_en.json\n  newspipe eval ner --gold ../shared/data/ner/wwn-dev.jsonl --json ner.json\n  newspipe eval ner --gold ../shared/data/ner/wwn-dev.jsonl --baseline ner.json\n  newspipe eval quotes --gold ../shared/data/quotes/polnear-train.jsonl --every 2 --offset 1"
)]
pub struct EvalArgs {
    /// The task to score
    task: String,
    /// The gold file
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Score at most N gold items (of those --every and --offset select)
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Score every Nth gold item only (with --offset: split-half checks)
    #[arg(long, value_name = "N", default_value_t = 1)]
    every: usize,
    /// With --every N: start from item K (0-based, less than N)
    #[arg(long, value_name = "K", default_value_t = 0)]
    offset: usize,
    /// Also write the report as JSON here
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// A report written earlier with --json, to show each number's change
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

pub fn run(args: EvalArgs, registry: &Registry) -> Result<u8, String> {
    let Some(task) = TASKS.iter().find(|t| t.name == args.task) else {
        let tasks: Vec<String> = TASKS
            .iter()
            .map(|t| format!("  {}: {}", t.name, t.about))
            .collect();
        return Err(format!(
            "unknown task `{}`; tasks:\n{}",
            args.task,
            tasks.join("\n")
        ));
    };
    let baseline: Option<Report> = match &args.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
            Some(
                serde_json::from_str(&text)
                    .map_err(|e| format!("baseline {}: {e}", path.display()))?,
            )
        }
        None => None,
    };
    let pipeline = match (&args.pipeline.stages, &args.pipeline.config) {
        (None, None) => None,
        _ => Some(args.pipeline.config("")?),
    };
    let options = EvalOptions {
        pipeline,
        threads: args.threads,
        items: Selection::new(args.every, args.offset, args.limit)?,
    };
    let report = (task.run)(&args.gold, registry, &options)?;
    print!("{}", report.table(baseline.as_ref()));
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(path, json + "\n")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(EXIT_OK)
}
