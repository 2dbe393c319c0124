//! `newspipe report`: who is quoted most, on which targets, with what stance.

use super::AnnotatedInOut;
use crate::{report, EXIT_OK};
use clap::Args;

#[derive(Args)]
#[command(
    about = "Summarize annotated JSON Lines: who is quoted most, on which targets, with what stance",
    after_help = "Examples:\n  newspipe report annotated.jsonl\n  newspipe report annotated.jsonl --html -o report.html"
)]
pub struct ReportArgs {
    #[command(flatten)]
    files: AnnotatedInOut,
    /// A self-contained HTML page instead of text
    #[arg(long)]
    html: bool,
}

pub fn run(args: ReportArgs) -> Result<u8, String> {
    args.files.run(|docs| {
        let summary = report::summarize(docs);
        if args.html {
            report::html(&summary)
        } else {
            report::terminal(&summary)
        }
    })?;
    Ok(EXIT_OK)
}
