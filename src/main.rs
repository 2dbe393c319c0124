//! The `newspipe` command line.

use clap::{Parser, Subcommand};
use newspipe::{commands, EXIT_FATAL};
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Annotate(args) => commands::annotate::run(args),
        Command::Stages(args) => commands::stages::run(args),
        Command::Eval(args) => commands::eval::run(args),
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
