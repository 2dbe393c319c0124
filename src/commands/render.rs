//! `newspipe render --html`: the articles with their annotations drawn in.

use crate::{annotated, render, EXIT_OK};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
#[command(
    about = "Draw annotated articles as a self-contained HTML page: entities by type, quotes linked to speakers, stance on hover",
    after_help = "Examples:\n  newspipe render annotated.jsonl --html -o articles.html"
)]
pub struct RenderArgs {
    /// Annotated JSON Lines, or - for stdin
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    /// Write HTML (the only output so far; the flag keeps room for others)
    #[arg(long, required = true)]
    html: bool,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: RenderArgs) -> Result<u8, String> {
    let page = render::html(&annotated::read(&args.input)?);
    super::write_output(args.output.as_deref(), &page)?;
    Ok(EXIT_OK)
}
