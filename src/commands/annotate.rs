//! `newspipe annotate`: the main job.

use crate::input::{self, Records};
use crate::resume;
use crate::setup::{self, PipelineArgs};
use crate::{EXIT_FATAL, EXIT_OK, EXIT_RECORDS_FAILED};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pipeline::runner::{self, JsonLines, OnError, RunError, RunOptions, Summary};
use pipeline::Registry;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Args)]
#[command(
    about = "Annotate articles: JSON Lines (or .txt files, directories, stdin) in, annotated JSON Lines out",
    after_help = "Examples:\n  newspipe annotate fixtures/articles.jsonl\n  newspipe annotate feeds/2026-11-27/ -o out.jsonl --threads 8\n  zcat archive.jsonl.gz | newspipe annotate --stages language,sentences > out.jsonl\n  newspipe annotate in.jsonl --config pipeline.json --on-error skip\n\nEvery input record yields one output record, in input order; a record that fails carries an `errors` list.\nExit status: 0 all records annotated; 1 some records failed; 2 the run could not start or finish."
)]
pub struct AnnotateArgs {
    /// Inputs: .jsonl, .jsonl.gz, .txt files, directories, or - for stdin (default)
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write here instead of stdout (- is stdout)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Records per batch
    #[arg(long, value_name = "N")]
    batch_size: Option<usize>,
    /// What to do with a record on which something failed
    #[arg(long, value_name = "POLICY", default_value = "record", value_parser = ["record", "skip", "fail"])]
    on_error: String,
    /// Also write these layers, left out by default (tokens)
    #[arg(long, value_name = "LAYER", value_delimiter = ',')]
    emit: Vec<String>,
    /// No progress bar, no summary
    #[arg(short, long)]
    quiet: bool,
    /// Report a stage that takes longer than this on one document
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    budget_ms: u64,
    /// Continue an interrupted run: keep the complete records already in the
    /// --output file and annotate only the input records after them
    #[arg(long, requires = "output")]
    resume: bool,
}

pub fn run(args: AnnotateArgs, registry: &Registry) -> Result<u8, String> {
    let config = args.pipeline.config(stages::DEFAULT_STAGES)?;
    let pipeline = setup::build(registry, &config)?;
    let sources = input::resolve(&args.inputs)?;
    let emit: Vec<&String> = args.emit.iter().chain(&config.emit).collect();
    if let Some(unknown) = emit.iter().find(|layer| layer.as_str() != "tokens") {
        return Err(format!(
            "--emit {unknown}: only `tokens` is left out by default"
        ));
    }
    let options = RunOptions {
        threads: args.threads.or(config.threads).unwrap_or(0),
        batch_size: args
            .batch_size
            .or(config.batch_size)
            .unwrap_or(runner::DEFAULT_BATCH_SIZE),
        on_error: args.on_error.parse::<OnError>()?,
        emit_tokens: !emit.is_empty(),
        budget: std::time::Duration::from_millis(args.budget_ms),
        ..RunOptions::default()
    };
    if args.resume && options.on_error == OnError::Skip {
        return Err("--resume counts output records to find where to go on, so it cannot be used with --on-error skip".into());
    }
    if args.resume && args.output.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(
            "--resume reads back the --output file, so it needs a file, not - (stdout)".into(),
        );
    }
    let (out, done): (Box<dyn Write + Send>, usize) = match &args.output {
        Some(path) if args.resume => {
            let (file, done) = resume::reopen(path)?;
            if !args.quiet {
                eprintln!(
                    "newspipe: resuming: {done} complete records already in {}",
                    path.display()
                );
            }
            (Box::new(file), done)
        }
        path => (super::open_output(path.as_deref())?, 0),
    };
    let mut sink = JsonLines(BufWriter::with_capacity(1 << 16, out));
    let bar = progress_bar(args.quiet, input::total_bytes(&sources));
    let mut on_progress = |summary: &Summary| {
        if let Some(bar) = &bar {
            bar.set_position(summary.bytes_in);
            bar.set_message(format!("{} docs", summary.records_in));
        }
    };
    let outcome = runner::run(
        &pipeline,
        Records::new(sources).skip(done),
        &mut sink,
        &options,
        &mut on_progress,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match outcome {
        Ok(summary) => {
            if !args.quiet {
                eprintln!("{}", summary.paragraph());
            }
            Ok(if summary.records_failed > 0 {
                EXIT_RECORDS_FAILED
            } else {
                EXIT_OK
            })
        }
        Err(RunError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            eprintln!("newspipe: the output was closed before the run finished (broken pipe)");
            Ok(EXIT_FATAL)
        }
        Err(e) => Err(e.to_string()),
    }
}

/// A bar on stderr when a person is watching; `None` otherwise.
fn progress_bar(quiet: bool, total: Option<u64>) -> Option<ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:30} {binary_bytes}/{binary_total_bytes} {msg} {binary_bytes_per_sec} ETA {eta}",
            )
            .expect("valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {binary_bytes} {msg} {binary_bytes_per_sec}")
                .expect("valid template"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    Some(bar)
}
