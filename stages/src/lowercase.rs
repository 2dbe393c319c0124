//! Lower-casing a short word without allocating: the word lists (titles,
//! abbreviations, cue verbs, …) are looked up case-insensitively for every
//! candidate word, and a `String` per lookup would cost more than the lookup.

/// `word` lower-cased into `buffer`, or `None` when it does not fit (no
/// listed word is that long). ASCII is lower-cased byte by byte; other text
/// character by character (`char::to_lowercase`).
pub fn lowercase_in<'b>(word: &str, buffer: &'b mut [u8; 32]) -> Option<&'b str> {
    if word.is_ascii() {
        let lower = buffer.get_mut(..word.len())?;
        for (to, &from) in lower.iter_mut().zip(word.as_bytes()) {
            *to = from.to_ascii_lowercase();
        }
        return std::str::from_utf8(lower).ok();
    }
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let width = c.len_utf8();
        if len + width > buffer.len() {
            return None;
        }
        c.encode_utf8(&mut buffer[len..]);
        len += width;
    }
    std::str::from_utf8(&buffer[..len]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_ascii_and_other_scripts_or_gives_up_when_too_long() {
        let mut buffer = [0u8; 32];
        assert_eq!(lowercase_in("According", &mut buffer), Some("according"));
        assert_eq!(lowercase_in("ПРОФ", &mut buffer), Some("проф"));
        assert_eq!(lowercase_in("İ", &mut buffer), Some("i\u{307}"));
        assert_eq!(lowercase_in(&"A".repeat(33), &mut buffer), None);
        assert_eq!(lowercase_in(&"Ж".repeat(17), &mut buffer), None);
    }
}
