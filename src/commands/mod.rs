//! One module per subcommand.

pub mod annotate;
pub mod eval;
pub mod export;
pub mod import;
pub mod render;
pub mod report;
pub mod stages;

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
