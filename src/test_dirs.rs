//! Folders for this crate's unit tests.

use std::path::PathBuf;

/// A fresh, empty folder of this test process's own under the system temp
/// folder (tests run in parallel: `name` keeps theirs apart).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newspipe-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
