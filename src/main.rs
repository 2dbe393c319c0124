//! The `newspipe` command line, with the built-in stages.

use std::process::ExitCode;

// mimalloc instead of glibc malloc: the stages allocate many small, short-
// lived vectors and strings per document, where glibc's consolidation and
// locking cost ~15% of the default pipeline's CPU time (peak RSS grows from
// ~24 MB to ~70 MB on the 25 MB bench, for mimalloc's per-thread pages).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    newspipe::main_with(newspipe::setup::registry())
}
