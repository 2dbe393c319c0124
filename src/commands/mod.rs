//! One module per subcommand.

pub mod annotate;
pub mod eval;
pub mod export;
pub mod import;
pub mod render;
pub mod report;
pub mod stages;

/// What `report` and `render` read and where they write: annotated JSON
/// Lines in, one page of text out.
#[derive(clap::Args)]
pub struct AnnotatedInOut {
    /// Annotated JSON Lines, or - for stdin
    #[arg(value_name = "INPUT", default_value = "-")]
    input: std::path::PathBuf,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

impl AnnotatedInOut {
    /// Reads the input, makes the page and writes it.
    pub fn run(&self, page: impl FnOnce(&[pipeline::Document]) -> String) -> Result<(), String> {
        let docs = crate::annotated::read(&self.input)?;
        write_output(self.output.as_deref(), &page(&docs))
    }
}

/// Writes a command's whole output to a file, or to stdout.
pub fn write_output(path: Option<&std::path::Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write: {e}"))
        }
    }
}
