//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `shared/data/<relative>` in the nearest ancestor of this package that has
/// it (the repository's parent, also from a git worktree); `None` when the
/// research data is not on this machine, and the test skips.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/data").join(relative))
        .find(|path| path.exists())
}
