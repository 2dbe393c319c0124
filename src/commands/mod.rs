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

/// Where a command writes: the `-o` file, or stdout when there is none or
/// it is `-` (as inputs take `-` for stdin).
pub fn open_output(
    path: Option<&std::path::Path>,
) -> Result<Box<dyn std::io::Write + Send>, String> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            Ok(Box::new(std::fs::File::create(path).map_err(|e| {
                format!("cannot create {}: {e}", path.display())
            })?))
        }
        _ => Ok(Box::new(std::io::stdout())),
    }
}

/// Writes a command's whole output to a file, or to stdout.
pub fn write_output(path: Option<&std::path::Path>, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = open_output(path)?;
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write: {e}"))
}
