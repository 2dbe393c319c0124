//! The fields of one JSON Lines input record, read by hand at the top level.
//!
//! The article text is most of every record: it is found by a 16-bytes-a-step
//! scan for its closing quote and unescaped straight into its `String`
//! ([`read_json_string`]); every other field's value is cut out by a scan
//! that only follows strings and brackets, and parsed by serde_json. Anything
//! unusual (an escape in a key, a control character in the text, invalid
//! JSON) gives `None`: the caller then reads the line with serde_json, which
//! decides what it holds and words any error exactly as before.

use crate::json_string::{next_special, read_json_string};
use serde_json::{Map, Value};

/// The fields of a JSON object record: `text` and the others in order, as
/// [`crate::Document::from_fields`] takes them (a later duplicate key
/// replaces an earlier one's value, as in serde_json's `Value`). `None` when
/// the line is not a JSON object or holds what only serde_json should judge.
pub fn record_fields(line: &str) -> Option<(Option<Value>, Map<String, Value>)> {
    let bytes = line.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    let mut text = None;
    let mut rest = Map::new();
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            // A key without escapes (anything else goes to serde_json).
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let key_end = string_end(bytes, at)?;
            let key = &line[at + 1..key_end - 1];
            if key.contains('\\') {
                return None;
            }
            at = skip_space(bytes, key_end);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(bytes, at + 1);
            let value_end = value_end(bytes, at)?;
            let raw = &line[at..value_end];
            let value = match (key, raw.starts_with('"')) {
                ("text", true) => Value::String(read_json_string(raw)?),
                _ => serde_json::from_str(raw).ok()?,
            };
            if key == "text" {
                text = Some(value);
            } else {
                rest.insert(key.to_string(), value);
            }
            at = skip_space(bytes, value_end);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_space(bytes, at) == bytes.len()).then_some((text, rest))
}

/// The first index from `at` that is not JSON whitespace.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// The end (after the closing quote) of the string literal whose opening
/// quote is at `at`; `None` at a control character (serde_json's error) or
/// the end of the line. Sixteen bytes a step up to a quote, a backslash or
/// a control character (the bytes a JSON string escapes); a backslash takes
/// the byte after it (no escape's other bytes are quotes or backslashes).
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        i = next_special(bytes, i);
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => return None,
        }
    }
}

/// The end of the JSON value starting at `at`, following strings and
/// brackets only (serde_json checks the value itself); `None` when the line
/// ends first.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match *bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        // A number, `true`, `false` or `null`: up to what may follow it.
        _ => {
            let mut i = at;
            while i < bytes.len()
                && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the hand-read fields must equal: serde_json's `Value` of the
    /// line with `text` taken out (`None` when serde_json finds no object).
    fn by_serde(line: &str) -> Option<(Option<Value>, Map<String, Value>)> {
        match serde_json::from_str(line) {
            Ok(Value::Object(mut map)) => Some((map.shift_remove("text"), map)),
            _ => None,
        }
    }

    #[test]
    fn reads_what_serde_json_reads_or_leaves_the_line_to_it() {
        let lines = [
            r#"{"id": "a", "text": "He said \"no\".\n\n\u00e9 \ud83d\ude00 «Да» ایران 北京", "meta": {"x": [1, 2.5, "}]"]}}"#,
            r#"{"text": "x", "z_extra": 1, "a_extra": {"k": "v"}, "text": "second wins"}"#,
            r#"{"meta": null, "id": 7, "text": "t", "sentences": [{"start": 0, "end": 1}]}"#,
            r#"  {"text" : "spaces around" , "n" : -1.5e3 , "ok" : true }  "#,
            r#"{"text": 5}"#,
            r#"{"id": "x"}"#,
            r#"{}"#,
            r#"{"text": "a\\", "k\"ey": 1}"#,
            r#"{"text": "a", "x": [1, 2}"#,
            r#"{"text": "a" "x": 1}"#,
            r#"{"text": "a",}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "\ud83d"}"#,
            r#"{"text": "bad \q escape"}"#,
            "{\"text\": \"raw\ttab\"}",
            r#"{"text": "a", "x": tru}"#,
            r#"{"text": "a""#,
            "[1, 2]",
            "\"s\"",
            "{} {}",
        ];
        for line in lines {
            // Every cut of the line too: no panic, and never a record that
            // serde_json would not read.
            for end in (0..=line.len()).filter(|&end| line.is_char_boundary(end)) {
                let cut = &line[..end];
                if let Some(fields) = record_fields(cut) {
                    assert_eq!(Some(fields), by_serde(cut), "{cut}");
                }
            }
            if let Some(fields) = record_fields(line) {
                assert_eq!(Some(fields), by_serde(line), "{line}");
            }
        }
        // The usual records are read by hand, not left to serde_json.
        for line in &lines[..7] {
            assert!(record_fields(line).is_some(), "{line}");
        }
    }
}
