//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `shared/data/<relative>` in the nearest ancestor of this package that has
/// it (the repository's parent, also from a git worktree); `None` when the
/// research data is not on this machine, and the test skips.
#[allow(dead_code)] // not every test binary that includes `common` needs it
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/data").join(relative))
        .find(|path| path.exists())
}

/// A fresh, empty folder of this test process's own under the system temp
/// folder (tests run in parallel: `name` keeps theirs apart).
#[allow(dead_code)] // not every test binary that includes `common` needs it
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newspipe-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A pipeline config written to a file of this test process's own (`name`
/// keeps parallel tests apart).
#[allow(dead_code)] // not every test binary that includes `common` needs it
pub fn config_file(name: &str, config: &serde_json::Value) -> PathBuf {
    let path = std::env::temp_dir().join(format!("newspipe-{}-{name}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec_pretty(config).unwrap()).unwrap();
    path
}
