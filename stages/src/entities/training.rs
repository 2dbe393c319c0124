//! Training the tagger from labelled documents (used by
//! `scripts/train_entities.sh` and cross-validation).

use super::features::DocContext;
use super::gazetteer::Gazetteer;
use super::labels::from_gold;
use super::model::Trainer;
use super::tagger;
use pipeline::Token;

/// One labelled document: text, its tokens, gold spans as byte ranges with
/// the gold file's label names.
pub struct TrainingDoc {
    pub text: String,
    pub tokens: Vec<Token>,
    pub spans: Vec<(usize, usize, String)>,
}

/// Trains for `epochs` passes (documents shuffled by `seed`) and returns the
/// model's text form. Progress goes to stderr.
pub fn train_model(
    docs: &[&TrainingDoc],
    epochs: usize,
    seed: u64,
    min_seen: u32,
    header: &str,
) -> String {
    let gazetteer = Gazetteer::builtin();
    let prepared: Vec<(DocContext, Vec<u8>)> = docs
        .iter()
        .map(|doc| {
            let spans: Vec<(usize, usize, usize)> = doc
                .spans
                .iter()
                .filter_map(|(s, e, label)| Some((*s, *e, from_gold(label)?)))
                .collect();
            let ctx = DocContext::new(&doc.text, &doc.tokens, &gazetteer);
            let gold = tagger::gold_classes(&doc.tokens, &spans);
            (ctx, gold)
        })
        .collect();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut state = seed | 1;
    let mut trainer = Trainer::default();
    let mut features = Vec::new();
    for epoch in 0..epochs {
        // Fisher–Yates with a xorshift generator: reproducible without a crate.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let (mut correct, mut scored) = (0, 0);
        for &d in &order {
            let (ctx, gold) = &prepared[d];
            let (c, s) = tagger::train(&mut trainer, ctx, gold, &mut features);
            correct += c;
            scored += s;
        }
        eprintln!(
            "epoch {}: {:.4} of {} decisions right",
            epoch + 1,
            correct as f64 / scored.max(1) as f64,
            scored
        );
    }
    trainer.averaged_text(header, 0.0005, min_seen)
}
