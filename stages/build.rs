//! Work done once at build time instead of at every start of a process:
//! the entity tagger's shipped model (`seeds/entities/tagger.txt`) becomes
//! binary rows (parsing its 17,000 lines of text cost 23 M instructions),
//! and every built-in gazetteer phrase is keyed (hashing its 23,000 entries
//! cost 20 M).

// These files use nothing but `std`, and the build needs part of each.
#[allow(dead_code)]
#[path = "src/entities/hash.rs"]
mod hash;
#[allow(dead_code)]
#[path = "src/entities/labels.rs"]
mod labels;
#[allow(dead_code)]
#[path = "src/entities/model_text.rs"]
mod model_text;
#[path = "src/seed_lines.rs"]
mod seed_lines;
#[allow(dead_code)]
#[path = "src/entities/seed_phrases.rs"]
mod seed_phrases;

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
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
