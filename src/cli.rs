//! The command line, as a function of the stage registry: `newspipe` itself
//! calls it with the built-ins, and a user's own binary calls it with the
//! built-ins plus its own stages, to get the whole CLI with them
//! (`docs/custom-stages.md`).

use crate::commands;
use crate::EXIT_FATAL;
use clap::{Parser, Subcommand};
use pipeline::Registry;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "newspipe",
    version,
    about = "Who said what, about whom, and how favourably: a fast news extraction pipeline.",
    long_about = None,
    after_help = "Examples:\n  newspipe annotate fixtures/articles.jsonl -o annotated.jsonl\n  newspipe stages --stages language,sentences\n  newspipe eval sbd --gold ../shared/data/sbd/golden_rules_en.json\n\nExit status: 0 all records annotated; 1 some records failed (see their `errors`); 2 the run could not start or finish."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Annotate(commands::annotate::AnnotateArgs),
    Stages(commands::stages::StagesArgs),
    Eval(commands::eval::EvalArgs),
    Export(commands::export::ExportArgs),
    Import(commands::import::ImportArgs),
    Report(commands::report::ReportArgs),
    Render(commands::render::RenderArgs),
}

/// Runs the command line (`std::env::args`) with the stages of `registry`
/// and returns the exit status.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     let mut registry = newspipe::setup::registry(); // the built-ins
///     // registry.register("company_mentions", …); // your stages
///     newspipe::main_with(registry)
/// }
/// ```
pub fn main_with(registry: Registry) -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Annotate(args) => commands::annotate::run(args, &registry),
        Command::Stages(args) => commands::stages::run(args, &registry),
        Command::Eval(args) => commands::eval::run(args, &registry),
        Command::Export(args) => commands::export::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Render(args) => commands::render::run(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("newspipe: {message}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}
