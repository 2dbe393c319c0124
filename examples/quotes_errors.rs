//! Prints the quotes `newspipe eval quotes` counts wrong, for tuning:
//! `cargo run --release --example quotes_errors -- GOLD [N]`.
//! Gold text is printed to the terminal only; never save it in the repo.

use newspipe::eval::quotes::{gold_quotes, predicted_quotes, speaker_correct, GoldRecord};
use pipeline::Document;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gold = std::path::Path::new(&args[1]);
    let limit: usize = args
        .get(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let records: Vec<GoldRecord> = newspipe::eval::read_jsonl(
        gold,
        &newspipe::eval::Selection {
            limit: Some(limit),
            ..Default::default()
        },
    )
    .unwrap();
    let registry = stages::builtin_registry();
    let stages = pipeline::pipeline::stage_list("sentences,entities,quotes");
    let pipeline = pipeline::Pipeline::from_config(&registry, &stages).unwrap();
    for record in &records {
        let chars: Vec<char> = record.text.chars().collect();
        let slice =
            |s: usize, e: usize| -> String { chars[s..e.min(chars.len())].iter().collect() };
        let mut doc = Document::new(record.id.clone(), record.text.clone());
        // The same stages `newspipe eval quotes` runs.
        pipeline.process(&mut doc);
        let predicted = predicted_quotes(&doc);
        for g in gold_quotes(record) {
            let hit = predicted.iter().find(|p| {
                let overlap = g.end.min(p.end).saturating_sub(g.start.max(p.start));
                2 * overlap >= (g.end - g.start).min(p.end - p.start) && overlap > 0
            });
            let source = g.source.map(|(s, e)| slice(s, e));
            let context = slice(g.start.saturating_sub(120), g.end + 80).replace('\n', "¶");
            match hit {
                None => println!("MISS\t{:?}\t{}", source, context),
                Some(p) => {
                    // The name, and the mention the attribution used when it differs.
                    let name = p.speaker.as_ref().map(|(name, s, e)| {
                        let mention = slice(*s, *e);
                        if mention == *name {
                            mention
                        } else {
                            format!("{name} @ {mention}")
                        }
                    });
                    let verdict = if speaker_correct(&chars, &g, p) {
                        "OK"
                    } else {
                        "WRONG"
                    };
                    println!("{verdict}\t{:?}\t{:?}\t{}", source, name, context)
                }
            }
        }
        for p in &predicted {
            let matched = gold_quotes(record).iter().any(|g| {
                let overlap = g.end.min(p.end).saturating_sub(g.start.max(p.start));
                2 * overlap >= (g.end - g.start).min(p.end - p.start) && overlap > 0
            });
            if !matched {
                println!(
                    "FALSE\t{:?}\t{}",
                    p.speaker.as_ref().map(|s| &s.0),
                    slice(p.start.saturating_sub(80), p.end + 60).replace('\n', "¶")
                );
            }
        }
    }
}
