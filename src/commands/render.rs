//! `newspipe render --html`: the articles with their annotations drawn in.

use super::AnnotatedInOut;
use crate::{render, EXIT_OK};
use clap::Args;

#[derive(Args)]
#[command(
    about = "Draw annotated articles as a self-contained HTML page: entities by type, quotes linked to speakers, stance on hover",
    after_help = "Examples:\n  newspipe render annotated.jsonl --html -o articles.html"
)]
pub struct RenderArgs {
    #[command(flatten)]
    files: AnnotatedInOut,
    /// Write HTML (the only output so far; the flag keeps room for others)
    #[arg(long, required = true)]
    html: bool,
}

pub fn run(args: RenderArgs) -> Result<u8, String> {
    args.files.run(render::html)?;
    Ok(EXIT_OK)
}
