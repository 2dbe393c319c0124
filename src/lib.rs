//! The `newspipe` command line as a library: its commands, input reading
//! and evaluation, so tests and other programs can call them.

pub mod annotated;
pub mod cli;
pub mod commands;
pub mod eval;
pub mod export;
pub mod fuzzing;
pub mod html;
pub mod import;
pub mod input;
pub mod render;
pub mod report;
pub mod resume;
pub mod setup;
#[cfg(test)]
mod test_dirs;

pub use cli::main_with;

/// Exit status of a run in which every record went through.
pub const EXIT_OK: u8 = 0;
/// Exit status of a run that completed, but some records failed.
pub const EXIT_RECORDS_FAILED: u8 = 1;
/// Exit status of a run that could not start or could not finish.
pub const EXIT_FATAL: u8 = 2;
