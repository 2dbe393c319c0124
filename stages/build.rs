//! Work done once at build time instead of at every start of a process:
//! the entity tagger's shipped model (`seeds/entities/tagger.txt`) becomes
//! binary rows (parsing its 17,000 lines of text cost 23 M instructions),
//! every built-in gazetteer phrase is keyed (hashing its 23,000 entries
//! cost 20 M), and the stance model (`seeds/stance/model_en.tsv`) becomes a
//! Rust constant (parsing its 7,400 lines cost 11 M), and the words of the
//! stance lexicon's VADER list are stemmed (6 M).

// These files use nothing but `std`, and the build needs part of each.
#[allow(dead_code)]
#[path = "src/stance/english_stem.rs"]
mod english_stem;
#[allow(dead_code)]
#[path = "src/entities/hash.rs"]
mod hash;
#[allow(dead_code)]
#[path = "src/entities/labels.rs"]
mod labels;
#[allow(dead_code)]
#[path = "src/entities/model_text.rs"]
mod model_text;
#[allow(dead_code)]
#[path = "src/stance/seed_fields.rs"]
mod seed_fields;
#[path = "src/seed_lines.rs"]
mod seed_lines;
#[allow(dead_code)]
#[path = "src/entities/seed_phrases.rs"]
mod seed_phrases;
#[allow(dead_code)]
#[path = "src/stance/model_text.rs"]
mod stance_model_text;

use std::collections::HashMap;
use std::path::Path;

fn main() {
    for source in [
        "../seeds/entities",
        "src/entities/hash.rs",
        "src/entities/labels.rs",
        "src/entities/model_text.rs",
        "src/entities/seed_phrases.rs",
        "src/seed_lines.rs",
        "../seeds/stance/model_en.tsv",
        "src/stance/model_text.rs",
        "src/stance/seed_fields.rs",
        "../seeds/stance/vader_en.tsv",
        "src/stance/english_stem.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

    let model = "../seeds/entities/tagger.txt";
    let text = std::fs::read_to_string(model).expect("the shipped tagger model");
    let rows =
        model_text::parse::<{ labels::CLASSES }>(&text).unwrap_or_else(|e| panic!("{model}: {e}"));
    write(&out.join("tagger_rows.bin"), &model_text::to_binary(&rows));

    let phrases: HashMap<u64, u16> = seed_phrases::builtin_phrases();
    let mut phrases: Vec<(u64, u16)> = phrases.into_iter().collect();
    // the same bytes at every build
    phrases.sort_unstable();
    write(
        &out.join("gazetteer_phrases.bin"),
        &seed_phrases::to_binary(&phrases),
    );

    let model = "../seeds/stance/model_en.tsv";
    let text = std::fs::read_to_string(model).expect("the shipped stance model");
    let parsed = stance_model_text::parse(&text).unwrap_or_else(|e| panic!("{model}: {e}"));
    write(
        &out.join("stance_model_en.rs"),
        stance_model_text::to_rust(&parsed).as_bytes(),
    );

    // The stem of each VADER word that the written-out English stemmer
    // takes (all but a few); `None` leaves a word to the stage.
    let vader = "../seeds/stance/vader_en.tsv";
    let text = std::fs::read_to_string(vader).expect("the shipped VADER list");
    let stems: Vec<Option<String>> = seed_lines::entries(&text)
        .map(|line| english_stem::stem(&seed_fields::entry_word(line)))
        .map(|stem| stem.map(|stem| stem.as_str().to_string()))
        .collect();
    write(
        &out.join("stance_vader_en_stems.rs"),
        format!("&{stems:?}").as_bytes(),
    );
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
