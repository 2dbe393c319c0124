//! Which lines of a seed list are entries. Also read by `build.rs` (so this
//! file uses nothing but `std`). Lines are found by a byte scan: over the
//! thousands of lines of the stance tables `str::lines` cost a few hundred
//! instructions a line.

/// The entries of a list file: trimmed lines, without blanks and comments.
pub fn entries(text: &str) -> impl Iterator<Item = &str> {
    lines(text)
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The lines of `text`, as `str::lines` gives them.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match split_at_byte(rest, b'\n') {
            Some((line, next)) => {
                rest = next;
                // Only a line break is "\r\n": a last "\r" stays.
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// `text` before and after the first `byte` (ASCII, so both are whole
/// characters).
pub fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_str_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\nb",
            "a\r\nb\r\n",
            "\r\n\r",
            "é\tü\nx",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>()
            );
        }
    }
}
