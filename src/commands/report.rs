//! `newspipe report`: who is quoted most, on which targets, with what stance.

use crate::{annotated, report, EXIT_OK};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
#[command(
    about = "Summarize annotated JSON Lines: who is quoted most, on which targets, with what stance",
    after_help = "Examples:\n  newspipe report annotated.jsonl\n  newspipe report annotated.jsonl --html -o report.html"
)]
pub struct ReportArgs {
    /// Annotated JSON Lines, or - for stdin
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    /// A self-contained HTML page instead of text
    #[arg(long)]
    html: bool,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: ReportArgs) -> Result<u8, String> {
    let summary = report::summarize(&annotated::read(&args.input)?);
    let text = if args.html {
        report::html(&summary)
    } else {
        report::terminal(&summary)
    };
    super::write_output(args.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
