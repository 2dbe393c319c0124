//! `newspipe import`: corrected annotations from Label Studio or Prodigy
//! back into newspipe's format.

use crate::import::import;
use crate::EXIT_OK;
use clap::Args;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

#[derive(Args)]
#[command(
    about = "Import corrected Label Studio (JSON export) or Prodigy (db-out JSONL) annotations as newspipe records",
    after_help = "Examples:\n  newspipe import label-studio-export.json -o corrected.jsonl\n  prodigy db-out news_ner | newspipe import > corrected.jsonl\n  newspipe annotate corrected.jsonl -o final.jsonl   # later stages keep the corrected entities\n\nRecords rejected in Prodigy or cancelled in Label Studio are left out and listed on stderr."
)]
pub struct ImportArgs {
    /// The tool's export, or - for stdin
    #[arg(value_name = "INPUT", default_value = "-")]
    input: PathBuf,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: ImportArgs) -> Result<u8, String> {
    let name = args.input.display().to_string();
    let mut text = String::new();
    if name == "-" {
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        text =
            std::fs::read_to_string(&args.input).map_err(|e| format!("cannot read {name}: {e}"))?;
    }
    let imported = import(&text).map_err(|e| format!("{name}: {e}"))?;
    for why in &imported.skipped {
        eprintln!("newspipe import: left out {why}");
    }
    let out = super::open_output(args.output.as_deref())?;
    let mut out = BufWriter::new(out);
    let mut line = Vec::new();
    for doc in imported.docs {
        line.clear();
        doc.write_json(false, &mut line);
        line.push(b'\n');
        out.write_all(&line)
            .map_err(|e| format!("cannot write: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write: {e}"))?;
    Ok(EXIT_OK)
}
