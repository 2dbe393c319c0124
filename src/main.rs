//! The `newspipe` command line, with the built-in stages.

use std::process::ExitCode;

// mimalloc instead of glibc malloc: the stages allocate many small, short-
// lived vectors and strings per document, and mimalloc's per-thread pages
// make that cheaper, at the cost of a higher peak RSS (docs/speed.md has the
// measurement; `--no-default-features` builds with the system allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    newspipe::main_with(newspipe::setup::registry())
}
