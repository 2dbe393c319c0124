//! The text form of the stance model (`seeds/stance/model_en.tsv`, as
//! `scripts/stance_train.py` writes it) and the table it becomes.
//!
//! `build.rs` reads the shipped model and writes it as a Rust constant (a
//! [`ModelTable`]): parsing its 7,400 lines of decimals and grouping them by
//! stem cost 11 M instructions at every start of a process. So this file
//! uses nothing but `std` (and `seed_fields.rs` and `seed_lines.rs`, likewise).

use super::seed_fields::{fields, parse_trimmed_f32};
use crate::seed_lines::lines;

/// A weight per class: negative, neutral, positive.
pub type ClassWeights = [f32; 3];

/// The model's weights by name, as the text gives them; the stage resolves
/// the names (`Model::from_table`).
#[derive(Debug, Clone, Copy)]
pub struct ModelTable<'a> {
    pub bias: ClassWeights,
    /// (dense feature name, weights), in line order.
    pub dense: &'a [(&'a str, ClassWeights)],
    /// (stem, its (slot name, weights) in line order), stems in order of
    /// first appearance.
    pub stems: &'a [(&'a str, &'a [(&'a str, ClassWeights)])],
}

/// What [`parse`] reads, owned until it is written as a [`ModelTable`].
#[allow(dead_code)] // used by build.rs and the tests
#[derive(Debug, Default)]
pub struct ParsedModel<'a> {
    pub bias: ClassWeights,
    pub dense: Vec<(&'a str, ClassWeights)>,
    pub stems: Vec<(&'a str, Vec<(&'a str, ClassWeights)>)>,
}

#[allow(dead_code)] // used by build.rs and the tests
fn parse_row<'a>(
    parts: &mut impl Iterator<Item = &'a str>,
    line: &str,
) -> Result<ClassWeights, String> {
    let mut row = [0.0; 3];
    for w in &mut row {
        *w = parts
            .next()
            .and_then(parse_trimmed_f32)
            .ok_or_else(|| format!("bad weights in model line `{line}`"))?;
    }
    Ok(row)
}

/// Reads the lines `bias W W W`, `dense NAME W W W` and
/// `stem SLOT STEM W W W` (tab-separated; `#` lines are comments).
#[allow(dead_code)] // used by build.rs and the tests
pub fn parse(text: &str) -> Result<ParsedModel<'_>, String> {
    let mut model = ParsedModel::default();
    // A stem's index in `model.stems`.
    let mut rows: std::collections::HashMap<&str, usize> = Default::default();
    for line in lines(text).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut parts = fields(line);
        match parts.next() {
            Some("bias") => model.bias = parse_row(&mut parts, line)?,
            Some("dense") => {
                let name = parts.next().unwrap_or_default();
                model.dense.push((name, parse_row(&mut parts, line)?));
            }
            Some("stem") => {
                let slot = parts.next().unwrap_or_default();
                let stem = parts.next().unwrap_or_default();
                let weights = parse_row(&mut parts, line)?;
                let row = *rows.entry(stem).or_insert_with(|| {
                    model.stems.push((stem, Vec::new()));
                    model.stems.len() - 1
                });
                model.stems[row].1.push((slot, weights));
            }
            _ => return Err(format!("unknown model line `{line}`")),
        }
    }
    Ok(model)
}

/// `model` as a Rust expression of type `ModelTable<'static>`: every weight
/// written so that it reads back as the same `f32` (`{:?}` is the shortest
/// such decimal).
#[allow(dead_code)] // used by build.rs and the tests
pub fn to_rust(model: &ParsedModel) -> String {
    let row = |w: &ClassWeights| format!("[{:?}, {:?}, {:?}]", w[0], w[1], w[2]);
    let mut out = format!(
        "ModelTable {{\n    bias: {},\n    dense: &[\n",
        row(&model.bias)
    );
    for (name, weights) in &model.dense {
        out += &format!("        ({name:?}, {}),\n", row(weights));
    }
    out += "    ],\n    stems: &[\n";
    for (stem, slots) in &model.stems {
        out += &format!("        ({stem:?}, &[");
        for (slot, weights) in slots {
            out += &format!("({slot:?}, {}), ", row(weights));
        }
        out += "]),\n";
    }
    out += "    ],\n}\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weights bit for bit, grouped as `ModelTable` holds them.
    fn bits(table: &ModelTable) -> Vec<(String, u32)> {
        let row = |name: String, w: &ClassWeights| w.map(|w| (name.clone(), w.to_bits()));
        let mut out = row("bias".into(), &table.bias).to_vec();
        for (name, w) in table.dense {
            out.extend(row(format!("dense {name}"), w));
        }
        for (stem, slots) in table.stems {
            for (slot, w) in *slots {
                out.extend(row(format!("stem {slot} {stem}"), w));
            }
        }
        out
    }

    #[test]
    fn the_built_table_is_the_seed_file() {
        let text = include_str!("../../../seeds/stance/model_en.tsv");
        let parsed = parse(text).unwrap();
        let dense = parsed.dense.clone();
        let stems: Vec<(&str, &[(&str, ClassWeights)])> = parsed
            .stems
            .iter()
            .map(|(stem, slots)| (*stem, slots.as_slice()))
            .collect();
        let from_text = ModelTable {
            bias: parsed.bias,
            dense: &dense,
            stems: &stems,
        };
        let built = bits(&super::super::SHIPPED_MODEL);
        assert_eq!(built, bits(&from_text));
        // Every stem line of the file is in it.
        let stem_lines = text.lines().filter(|l| l.starts_with("stem\t")).count();
        assert_eq!(built.len(), 3 * (1 + dense.len() + stem_lines));
    }

    #[test]
    fn weights_written_as_rust_read_back_exactly() {
        let text = "bias\t0.1\t-0\t1e-7\ndense\tx\t0.30000001\t-3.4028235\t2\n\
                    stem\tA\tab\t1\t2\t3\nstem\tU\tcd\t4\t5\t6\nstem\tU\tab\t7\t8\t9\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.stems.len(), 2, "grouped by stem");
        assert_eq!(parsed.stems[0].1.len(), 2);
        let rust = to_rust(&parsed);
        assert!(
            rust.contains("(\"ab\", &[(\"A\", [1.0, 2.0, 3.0]), (\"U\", [7.0, 8.0, 9.0]), ])"),
            "{rust}"
        );
        assert!(rust.contains("[0.1, -0.0, 1e-7]"), "{rust}");
        assert!(parse("stem\tA\tab\t1\t2\n").is_err());
        assert!(parse("weights\t1\t2\t3\n").is_err());
    }
}
