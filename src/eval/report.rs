//! The evaluation report: printed as a table, written as JSON, compared
//! with a baseline report.

use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// One line of a report: a class with P/R/F1, or a single named value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
    /// Gold items of this class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<usize>,
    /// A value that is not P/R/F1 (accuracy, cases passed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

impl ScoreRow {
    pub fn prf(name: &str, (precision, recall, f1): (f64, f64, f64), support: usize) -> Self {
        ScoreRow {
            name: name.to_string(),
            precision: Some(precision),
            recall: Some(recall),
            f1: Some(f1),
            support: Some(support),
            value: None,
        }
    }

    pub fn value(name: &str, value: f64) -> Self {
        ScoreRow {
            name: name.to_string(),
            precision: None,
            recall: None,
            f1: None,
            support: None,
            value: Some(value),
        }
    }

    /// The row's main number: F1, else its value.
    pub fn main(&self) -> Option<f64> {
        self.f1.or(self.value)
    }
}

/// The result of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `sbd`, `ner`, `quotes`, `stance`.
    pub task: String,
    /// The gold file.
    pub gold: String,
    /// Gold items scored (cases, documents, sentences).
    pub items: usize,
    /// The headline metric's name and value.
    pub headline: String,
    pub score: f64,
    pub rows: Vec<ScoreRow>,
    /// Failures and remarks, for a person to read.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Report {
    /// A readable table; with a baseline, each number's change beside it.
    pub fn table(&self, baseline: Option<&Report>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} on {} ({} items)", self.task, self.gold, self.items);
        let delta = |now: f64, then: Option<f64>| match then {
            Some(then) => format!(" ({:+.3})", now - then),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{}: {:.3}{}",
            self.headline,
            self.score,
            delta(self.score, baseline.map(|b| b.score))
        );
        if !self.rows.is_empty() {
            let _ = writeln!(
                out,
                "\n{:<32} {:>7} {:>7} {:>7} {:>8}",
                "", "P", "R", "F1", "support"
            );
        }
        let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
        for row in &self.rows {
            let then = baseline
                .and_then(|b| b.rows.iter().find(|r| r.name == row.name))
                .and_then(ScoreRow::main);
            let main = if row.f1.is_some() {
                format!(
                    "{:>7} {:>7} {:>7}",
                    fmt(row.precision),
                    fmt(row.recall),
                    fmt(row.f1)
                )
            } else {
                format!("{:>7} {:>7} {:>7}", "", "", fmt(row.value))
            };
            let support = row.support.map_or(String::new(), |s| s.to_string());
            let change = row.main().map_or(String::new(), |now| delta(now, then));
            let _ = writeln!(out, "{:<32} {main} {support:>8}{change}", row.name);
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out);
            for note in &self.notes {
                let _ = writeln!(out, "{note}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(score: f64) -> Report {
        Report {
            task: "ner".into(),
            gold: "gold.jsonl".into(),
            items: 3,
            headline: "core-five micro-F1".into(),
            score,
            rows: vec![
                ScoreRow::prf("Person", (0.5, 0.25, 1.0 / 3.0), 4),
                ScoreRow::value("accuracy", score),
            ],
            notes: vec!["doc 2: missed Tehran".into()],
        }
    }

    #[test]
    fn table_shows_headline_rows_and_changes() {
        let table = report(0.7).table(Some(&report(0.6)));
        assert!(
            table.contains("core-five micro-F1: 0.700 (+0.100)"),
            "{table}"
        );
        assert!(table.contains("Person"));
        assert!(table.contains("0.333"));
        assert!(table.contains("doc 2: missed Tehran"));
    }

    #[test]
    fn json_round_trips() {
        let r = report(0.5);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), r);
    }
}
