//! `newspipe export --to FORMAT`: annotated JSON Lines into the formats
//! annotation and training tools read.

use crate::annotated;
use crate::export::{self, Format};
use crate::EXIT_OK;
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Args)]
#[command(
    about = "Export annotated JSON Lines for other tools: conll, spacy, prodigy, label-studio, brat, csv, parquet",
    after_help = "Examples:\n  newspipe export --to conll annotated.jsonl -o train.conll\n  newspipe export --to label-studio annotated.jsonl -o tasks.json --label-config config.xml\n  newspipe export --to brat annotated.jsonl -o brat/\n  newspipe export --to csv annotated.jsonl > quotes.csv\n  newspipe export --to parquet annotated.jsonl -o docs.parquet\n\nbrat writes a directory and parquet a file, so both need -o. See docs/datasets.md."
)]
pub struct ExportArgs {
    /// The format to write
    #[arg(long, value_enum)]
    to: Format,
    /// Annotated JSON Lines (newspipe annotate's output), or - for stdin
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    /// Write here instead of stdout (a directory for brat)
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// With label-studio: also write the labelling config (XML) to paste
    /// into the project's settings
    #[arg(long, value_name = "FILE")]
    label_config: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<u8, String> {
    if let Some(path) = &args.label_config {
        if args.to != Format::LabelStudio {
            return Err("--label-config goes with --to label-studio".into());
        }
        std::fs::write(path, export::label_studio::LABEL_CONFIG)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let docs = annotated::read(&args.input)?;
    let needs_path = |what: &str| format!("--to {what} needs -o");
    match args.to {
        Format::Brat => {
            let dir = args.output.ok_or_else(|| needs_path("brat DIRECTORY"))?;
            export::brat::write(&docs, &dir)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        }
        Format::Parquet => {
            let path = args.output.ok_or_else(|| needs_path("parquet FILE"))?;
            write_parquet(&docs, &path)?;
        }
        format => {
            let out = super::open_output(args.output.as_deref())?;
            let mut out = BufWriter::new(out);
            let written = match format {
                Format::Conll => export::conll::write(&docs, &mut out),
                Format::Spacy => export::spacy::write(&docs, &mut out),
                Format::Prodigy => export::prodigy::write(&docs, &mut out),
                Format::LabelStudio => export::label_studio::write(&docs, &mut out),
                Format::Csv => export::csv::write(&docs, &mut out),
                Format::Brat | Format::Parquet => unreachable!("handled above"),
            };
            written
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write the export: {e}"))?;
        }
    }
    Ok(EXIT_OK)
}

#[cfg(feature = "parquet")]
fn write_parquet(docs: &[pipeline::Document], path: &std::path::Path) -> Result<(), String> {
    export::parquet::write(docs, path)
}

#[cfg(not(feature = "parquet"))]
fn write_parquet(_: &[pipeline::Document], _: &std::path::Path) -> Result<(), String> {
    Err("this newspipe was built without Parquet; rebuild with `cargo build --release --features parquet`".into())
}
