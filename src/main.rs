//! The `newspipe` command line, with the built-in stages.

use std::process::ExitCode;

fn main() -> ExitCode {
    newspipe::main_with(newspipe::setup::registry())
}
