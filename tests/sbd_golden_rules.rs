//! pySBD's 48 English golden rules, scored exactly as `newspipe eval sbd`
//! scores them. The gold file is research data kept outside the repository
//! (`../shared/data/sbd/`); without it the test is skipped with a message.

mod common;

use common::shared_data;
use newspipe::eval::{sbd, EvalOptions};

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

/// The seed article (research data, read at test time): properties that must
/// hold on any news text, checked on a real one.
#[test]
fn seed_article_sentences_are_well_formed() {
    let Some(path) = shared_data("seed/iran-kyrgyzstan-tajikistan.txt") else {
        eprintln!("SKIPPED: shared/data/seed/iran-kyrgyzstan-tajikistan.txt not found");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let (sentences, tokens) = stages::sentences::split(&text, Some("en"));
    let starts: std::collections::HashSet<usize> = sentences.iter().map(|s| s.start).collect();
    // Every line (heading, furniture, paragraph) starts a sentence, and no
    // sentence crosses a line break.
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start();
        if !content.trim().is_empty() {
            let start = offset + line.len() - content.len();
            assert!(starts.contains(&start), "line not split: {content:?}");
        }
        offset += line.len();
    }
    for span in &sentences {
        let sentence = span.slice(&text);
        assert!(!sentence.contains('\n'), "crosses a line: {sentence:?}");
        let first = sentence.chars().next().unwrap();
        assert!(
            !first.is_lowercase() && !"”’.,;:)]".contains(first),
            "starts badly: {sentence:?}"
        );
    }
    // No sentence ends with a title ("Dr.") or a letter abbreviation
    // ("M.A.", "U.S.") followed by more of the same line, and every
    // sentence that does not end its line ends with final punctuation,
    // closing quotes included.
    for (i, span) in sentences.iter().enumerate() {
        let sentence = span.slice(&text);
        let ends_line = text[span.end..].starts_with('\n') || span.end == text.len();
        if ends_line {
            continue;
        }
        let last = tokens.iter().rfind(|t| t.end == span.end).unwrap();
        let last_text = last.text(&text);
        assert!(
            [".", "!", "?", "”", "’", "\"", ")"].contains(&last_text),
            "sentence {i} ends inside: {sentence:?}"
        );
        let trimmed = sentence.trim_end_matches(['”', '’', '"', ')']);
        assert!(
            trimmed.ends_with(['.', '!', '?']),
            "sentence {i} ends without final punctuation: {sentence:?}"
        );
    }
}
