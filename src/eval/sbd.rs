//! `newspipe eval sbd`: sentence boundaries against `{input,
//! expected_sentences}` cases (pySBD's golden rules and files like them).
//!
//! Scoring (`../shared/data/sbd/README.md`): each case's input is one
//! document; it passes when the predicted sentence texts, whitespace runs
//! collapsed and empty ones dropped, equal the expected list normalised the
//! same way. Headline: the fraction of cases passed.

use super::{annotate_all, read_jsonl, EvalOptions, Report, ScoreRow, Selection};
use pipeline::{Document, Registry};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// The stages this task runs unless told otherwise.
pub const DEFAULT_STAGES: &str = "language,sentences";

/// One gold case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// The case's id (a number in pySBD's file); its position when absent.
    #[serde(default)]
    pub id: Option<Value>,
    /// What the case tests, when the file says.
    #[serde(default)]
    pub rule: Option<String>,
    pub input: String,
    pub expected_sentences: Vec<String>,
}

pub fn run(gold: &Path, registry: &Registry, options: &EvalOptions) -> Result<Report, String> {
    let cases = read_cases(gold, &options.items)?;
    let docs = cases
        .iter()
        .enumerate()
        .map(|(i, case)| Document::new(i.to_string(), case.input.clone()))
        .collect();
    let docs = annotate_all(registry, options, DEFAULT_STAGES, docs)?;
    let mut predicted = Vec::with_capacity(docs.len());
    for doc in &docs {
        if let Some(error) = doc.errors.first() {
            return Err(format!(
                "case {}: stage {} failed: {}",
                doc.id, error.stage, error.message
            ));
        }
        let sentences = doc
            .sentences
            .as_ref()
            .ok_or("the pipeline wrote no sentences (is the `sentences` stage in it?)")?;
        predicted.push(
            sentences
                .iter()
                .map(|span| span.slice(&doc.text).to_string())
                .collect(),
        );
    }
    let mut report = score(&cases, &predicted);
    report.gold = gold.display().to_string();
    Ok(report)
}

/// Reads a JSON list of cases, or JSON Lines with one case per line.
pub fn read_cases(gold: &Path, items: &Selection) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(gold)
        .map_err(|e| format!("cannot read gold file {}: {e}", gold.display()))?;
    if text.trim_start().starts_with('[') {
        let cases: Vec<Case> =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", gold.display()))?;
        Ok(items.apply(cases.into_iter()).collect())
    } else {
        read_jsonl(gold, items)
    }
}

/// Scores predicted sentence texts (one list per case, in case order).
pub fn score(cases: &[Case], predicted: &[Vec<String>]) -> Report {
    let mut passed = 0;
    let mut notes = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let expected = normalize(&case.expected_sentences);
        let got = normalize(predicted.get(i).map_or(&[][..], Vec::as_slice));
        if expected == got {
            passed += 1;
            continue;
        }
        let id = match &case.id {
            Some(Value::String(id)) => id.clone(),
            Some(id) => id.to_string(),
            None => i.to_string(),
        };
        let rule = case
            .rule
            .as_deref()
            .map_or(String::new(), |r| format!(" ({r})"));
        notes.push(format!(
            "FAIL case {id}{rule}\n  expected: {expected:?}\n  got:      {got:?}"
        ));
    }
    let total = cases.len();
    let fraction = if total == 0 {
        0.0
    } else {
        passed as f64 / total as f64
    };
    notes.insert(0, format!("{passed}/{total} cases passed"));
    Report {
        task: "sbd".to_string(),
        gold: String::new(),
        items: total,
        headline: "cases passed (fraction)".to_string(),
        score: fraction,
        rows: vec![
            ScoreRow::value("cases passed", passed as f64),
            ScoreRow::value("cases failed", (total - passed) as f64),
        ],
        notes,
    }
}

/// Whitespace runs collapsed to one space, ends trimmed, empty ones dropped.
pub fn normalize<S: AsRef<str>>(sentences: &[S]) -> Vec<String> {
    sentences
        .iter()
        .map(|s| s.as_ref().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(input: &str, expected: &[&str]) -> Case {
        Case {
            id: None,
            rule: Some("test".into()),
            input: input.into(),
            expected_sentences: expected.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn normalizes_whitespace_and_drops_empty_sentences() {
        assert_eq!(normalize(&["  a \n b ", "", " \t"]), ["a b"]);
    }

    #[test]
    fn counts_passes_and_lists_failures() {
        let cases = [case("A. B.", &["A.", "B."]), case("C d.", &["C d."])];
        let predicted = vec![
            vec!["A.".to_string(), " B.\n".to_string()],
            vec!["C".to_string(), "d.".to_string()],
        ];
        let report = score(&cases, &predicted);
        assert_eq!(report.items, 2);
        assert!((report.score - 0.5).abs() < 1e-12);
        assert_eq!(report.notes[0], "1/2 cases passed");
        assert!(
            report.notes[1].contains("FAIL case 1 (test)"),
            "{:?}",
            report.notes
        );
    }
}
