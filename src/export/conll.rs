//! CoNLL-2003 style NER data: `TOKEN _ _ TAG` per line with IOB2 tags over
//! the OntoNotes labels (`B-PERSON`, `I-GPE`, `O`), a blank line between
//! sentences and `-DOCSTART- -X- -X- O` before each document. The middle
//! columns (part of speech, chunk) are `_`: newspipe does not tag them.
//! Readers take the first column as the word and the last as the tag
//! (spaCy's `convert --converter ner`, flair, seqeval).

use super::flat_entities;
use super::tokens::{aligned_tokens, by_sentence};
use pipeline::Document;
use std::io::{self, Write};

pub fn write(docs: &[Document], out: &mut dyn Write) -> io::Result<()> {
    for doc in docs {
        writeln!(out, "-DOCSTART- -X- -X- O\n")?;
        let tokens = aligned_tokens(doc);
        let entities = flat_entities(doc);
        let mut entity = entities.iter().peekable();
        let mut inside: Option<usize> = None;
        for group in by_sentence(doc, &tokens) {
            for token in &tokens[group] {
                while entity.peek().is_some_and(|(e, _)| e.end <= token.start) {
                    entity.next();
                }
                let tag = match entity.peek() {
                    Some((e, entity)) if e.start <= token.start && token.end <= e.end => {
                        let first = inside != Some(e.start);
                        inside = Some(e.start);
                        format!("{}-{}", if first { "B" } else { "I" }, entity.label)
                    }
                    _ => {
                        inside = None;
                        "O".to_string()
                    }
                };
                writeln!(out, "{} _ _ {tag}", word(token.slice(&doc.text)))?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// A token as one column: whitespace inside it (a no-break space in a
/// token layer) would split the line, so it becomes `_`.
fn word(token: &str) -> String {
    token
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    fn export() -> String {
        let mut out = Vec::new();
        write(&fixture(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// IOB2: every line has four columns; `I-X` only continues `B-X`/`I-X`.
    #[test]
    fn output_is_valid_iob2() {
        let text = export();
        let mut previous = "O".to_string();
        for line in text.lines() {
            if line.is_empty() {
                previous = "O".into();
                continue;
            }
            let cols: Vec<&str> = line.split(' ').collect();
            assert_eq!(cols.len(), 4, "{line:?}");
            let tag = cols[3];
            if let Some(label) = tag.strip_prefix("I-") {
                assert!(
                    previous.ends_with(&format!("-{label}")),
                    "{previous} then {tag}"
                );
            } else {
                assert!(tag == "O" || tag.starts_with("B-"), "{tag}");
            }
            previous = tag.to_string();
        }
        assert_eq!(text.matches("-DOCSTART-").count(), 3);
    }

    #[test]
    fn entities_become_tag_runs_and_count_matches() {
        let text = export();
        assert!(
            text.contains("Amina _ _ B-PERSON\nRahimova _ _ I-PERSON\n"),
            "{text}"
        );
        assert!(text.contains("Сергей _ _ B-PERSON\nПетров _ _ I-PERSON\n"));
        assert!(text.contains("📈 _ _ O\n"));
        let entities: usize = fixture()
            .iter()
            .map(|d| d.entities.as_ref().map_or(0, Vec::len))
            .sum();
        assert_eq!(text.matches(" B-").count(), entities);
        // After each -DOCSTART-, then 5 + 3 sentences and one unsplit document.
        assert_eq!(text.matches("\n\n").count(), 3 + 5 + 3 + 1);
    }
}
