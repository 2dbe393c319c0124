//! pySBD's 48 English golden rules, scored exactly as `newspipe eval sbd`
//! scores them. The gold file is research data kept outside the repository
//! (`../shared/data/sbd/`); without it the test is skipped with a message.

use newspipe::eval::{sbd, EvalOptions};
use std::path::PathBuf;

/// `shared/data/<relative>` in the nearest ancestor of this package that has
/// it (the repository's parent, also from a git worktree).
fn shared_data(relative: &str) -> Option<PathBuf> {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/data").join(relative))
        .find(|path| path.exists())
}

#[test]
fn all_golden_rules_pass() {
    let Some(gold) = shared_data("sbd/golden_rules_en.json") else {
        eprintln!("SKIPPED: shared/data/sbd/golden_rules_en.json not found");
        return;
    };
    let options = EvalOptions {
        threads: 1,
        ..Default::default()
    };
    let report = sbd::run(&gold, &newspipe::setup::registry(), &options).unwrap();
    assert_eq!(report.items, 48);
    assert!(report.score == 1.0, "{}", report.notes.join("\n"));
}
