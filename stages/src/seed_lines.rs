//! Which lines of a seed list are entries. Also read by `build.rs` (so this
//! file uses nothing but `std`).

/// The entries of a list file: trimmed lines, without blanks and comments.
pub fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}
