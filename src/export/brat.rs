//! brat standoff: for each document `NNNN-<id>.txt` (the text) and
//! `NNNN-<id>.ann` (`T` text-bound annotations for entities, quotes, cues
//! and speaker mentions; `R` relations `Speaker`/`Cue` from a quote; `#`
//! notes with canonical names and stances), plus an `annotation.conf`
//! declaring every type, so the directory opens in brat as a collection.
//! Offsets count characters of the .txt; a span across a line break is
//! written as fragments (`0 5;6 9`), as brat requires.

use super::regions::regions;
use super::Chars;
use pipeline::Document;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

pub fn write(docs: &[Document], dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut labels = BTreeSet::new();
    for (n, doc) in docs.iter().enumerate() {
        let stem = format!("{:04}-{}", n + 1, file_safe(&doc.id));
        std::fs::write(dir.join(format!("{stem}.txt")), &doc.text)?;
        std::fs::write(dir.join(format!("{stem}.ann")), ann(doc, &mut labels))?;
    }
    let mut conf = String::from("[entities]\n");
    for label in &labels {
        let _ = writeln!(conf, "{label}");
    }
    conf.push_str("\n[relations]\nSpeaker\tArg1:QUOTE, Arg2:<ENTITY>\nCue\tArg1:QUOTE, Arg2:CUE\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n");
    std::fs::write(dir.join("annotation.conf"), conf)
}

/// An id as part of a file name: letters, digits, `-`, `_`, `.` kept.
fn file_safe(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    safe.trim_start_matches('.').to_string()
}

fn ann(doc: &Document, labels: &mut BTreeSet<String>) -> String {
    let chars = Chars::new(doc);
    let found = regions(doc);
    let mut out = String::new();
    let mut notes = 0;
    for (i, region) in found.regions.iter().enumerate() {
        labels.insert(region.label.clone());
        let fragments = fragments(&doc.text, region.bytes.start, region.bytes.end)
            .iter()
            .map(|&(s, e)| format!("{} {}", chars.at(s), chars.at(e)))
            .collect::<Vec<_>>()
            .join(";");
        let text = region.bytes.slice(&doc.text).replace(['\n', '\r'], " ");
        let _ = writeln!(out, "T{}\t{} {fragments}\t{text}", i + 1, region.label);
        let key = super::regions::name_key(region.start, region.end);
        if let Some(name) = found.names.get(&key).and_then(|v| v.as_str()) {
            notes += 1;
            let _ = writeln!(
                out,
                "#{notes}\tAnnotatorNotes T{}\t{}",
                i + 1,
                one_line(name)
            );
        }
    }
    for (i, rel) in found.relations.iter().enumerate() {
        let kind = if rel.label == super::SPEAKER_RELATION {
            "Speaker"
        } else {
            "Cue"
        };
        let _ = writeln!(
            out,
            "R{}\t{kind} Arg1:T{} Arg2:T{}",
            i + 1,
            rel.from + 1,
            rel.to + 1
        );
    }
    for stance in doc.stances.iter().flatten() {
        let Some(i) = found.regions.iter().position(|r| r.bytes == stance.mention) else {
            continue;
        };
        notes += 1;
        let holder = stance.holder.as_deref().unwrap_or("(unattributed)");
        let _ = writeln!(
            out,
            "#{notes}\tAnnotatorNotes T{}\tstance of {} toward {}: {} ({:+.2})",
            i + 1,
            one_line(holder),
            one_line(&stance.target),
            stance.label,
            stance.score
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

/// The byte span split at line breaks, without the breaks and with no
/// empty fragments.
fn fragments(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    for (i, c) in text[start..end].char_indices() {
        if c == '\n' || c == '\r' {
            if start + i > from {
                out.push((from, start + i));
            }
            from = start + i + c.len_utf8();
        }
    }
    if end > from {
        out.push((from, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    /// Against brat's standoff spec: each `T` line's fragments slice the
    /// .txt (in characters) to the line's text; `R` lines name known `T`s.
    #[test]
    fn ann_files_match_their_texts() {
        let dir = std::env::temp_dir().join(format!("np-brat-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&fixture(), &dir).unwrap();
        let conf = std::fs::read_to_string(dir.join("annotation.conf")).unwrap();
        assert!(conf.contains("\nPERSON\n") && conf.contains("\nQUOTE\n"));
        let txt = std::fs::read_to_string(dir.join("0002-novograd-2.txt")).unwrap();
        let chars: Vec<char> = txt.chars().collect();
        let ann = std::fs::read_to_string(dir.join("0002-novograd-2.ann")).unwrap();
        let mut ids = Vec::new();
        for line in ann.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            match &cols[0][..1] {
                "T" => {
                    ids.push(cols[0]);
                    let (_, offsets) = cols[1].split_once(' ').unwrap();
                    let pieces: Vec<String> = offsets
                        .split(';')
                        .map(|f| {
                            let (s, e) = f.split_once(' ').unwrap();
                            chars[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
                                .iter()
                                .collect()
                        })
                        .collect();
                    assert_eq!(pieces.join(" "), cols[2]);
                }
                "R" => {
                    for arg in cols[1].split(' ').skip(1) {
                        assert!(ids.contains(&arg.split_once(':').unwrap().1), "{line}");
                    }
                }
                "#" => assert!(cols[1].starts_with("AnnotatorNotes T")),
                other => panic!("unexpected line kind {other}"),
            }
        }
        assert!(ann.contains("\tPERSON 105 118\tСергей Петров\n"), "{ann}");
        assert!(ann.contains("stance of Сергей Петров toward Karstad: against (-0.70)"));
    }

    #[test]
    fn spans_across_lines_become_fragments() {
        assert_eq!(fragments("ab\n\ncd", 0, 6), vec![(0, 2), (4, 6)]);
        assert_eq!(file_safe("../a b/c"), "_a_b_c");
    }
}
