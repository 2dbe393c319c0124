//! `company-newspipe`: the whole newspipe command line, with the
//! `company_mentions` stage added to the built-ins, so a `--config` file can
//! name it:
//!
//! ```text
//! company-newspipe annotate articles.jsonl --config pipeline.json
//! company-newspipe stages --config pipeline.json
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut registry = newspipe::setup::registry();
    company_mentions::register(&mut registry);
    newspipe::main_with(registry)
}
