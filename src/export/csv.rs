//! The quotes table analysts ask for: one row per quote and stance target
//! (a quote with no stance is one row with the target columns empty).
//! RFC 4180: comma-separated, a header row, fields with a comma, quote or
//! line break in double quotes with inner quotes doubled.

use super::Chars;
use pipeline::Document;
use std::io::{self, Write};

pub const COLUMNS: [&str; 12] = [
    "document",
    "quote_start",
    "quote_end",
    "speaker",
    "cue",
    "kind",
    "quote",
    "target",
    "target_label",
    "stance",
    "score",
    "stance_n",
];

pub fn write(docs: &[Document], out: &mut dyn Write) -> io::Result<()> {
    row(out, COLUMNS.iter().map(|c| c.to_string()))?;
    for doc in docs {
        let chars = Chars::new(doc);
        for quote in doc.quotes.iter().flatten() {
            let speaker = quote.speaker.as_ref().map_or("", |s| s.name.as_str());
            let cue = quote.cue.as_ref().map_or("", |c| c.text.as_str());
            let head = [
                doc.id.clone(),
                chars.at(quote.start).to_string(),
                chars.at(quote.end).to_string(),
                speaker.to_string(),
                cue.to_string(),
                quote.kind.clone(),
                quote.text.clone(),
            ];
            // Per target, the judgements made inside this quote, averaged.
            let mut targets: Vec<(&str, &str, Vec<f64>)> = Vec::new();
            for stance in doc.stances.iter().flatten() {
                if stance.unit.kind != "quote"
                    || stance.unit.start != quote.start
                    || stance.unit.end != quote.end
                {
                    continue;
                }
                match targets.iter_mut().find(|(t, _, _)| *t == stance.target) {
                    Some((_, _, scores)) => scores.push(stance.score),
                    None => {
                        targets.push((&stance.target, &stance.target_label, vec![stance.score]))
                    }
                }
            }
            if targets.is_empty() {
                row(
                    out,
                    head.iter()
                        .cloned()
                        .chain(["", "", "", "", ""].map(String::from)),
                )?;
            }
            for (target, label, scores) in targets {
                let score = scores.iter().sum::<f64>() / scores.len() as f64;
                let tail = [
                    target.to_string(),
                    label.to_string(),
                    stance_label(score).to_string(),
                    format!("{score:.3}"),
                    scores.len().to_string(),
                ];
                row(out, head.iter().cloned().chain(tail))?;
            }
        }
    }
    Ok(())
}

/// The label of an averaged score, with the thresholds FORMAT.md's labels
/// are read with (|score| ≤ 0.1 is neutral).
pub fn stance_label(score: f64) -> &'static str {
    if score > 0.1 {
        "favor"
    } else if score < -0.1 {
        "against"
    } else {
        "neutral"
    }
}

fn row(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> io::Result<()> {
    let line: Vec<String> = fields.map(|f| field(&f)).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    #[test]
    fn rows_per_quote_and_target_with_rfc4180_quoting() {
        let mut out = Vec::new();
        write(&fixture(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        // 5 quotes, each with one stance target.
        assert_eq!(lines.len(), 1 + 5);
        assert!(lines[1].starts_with("veloria-1,86,137,Amina Rahimova,told,direct,\"“We will not be pushed into a bad deal by Karstad,”\",Karstad,GPE,against,-0.600,1"), "{}", lines[1]);
        assert!(text.contains(",,mixed,“<script>alert(1)</script> & other tricks”,Meridian Institute,ORG,neutral,0.000,1"));
        assert_eq!(field("a \"b\""), "\"a \"\"b\"\"\"");
    }
}
