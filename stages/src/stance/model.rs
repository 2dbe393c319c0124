//! The learned part: a 3-class logistic regression over the target-relative
//! features, trained by `scripts/stance_train.py` on NewsMTSC train and
//! shipped as a seed file. Classes are ordered negative, neutral, positive.

use super::features::{Features, DENSE, NOT_SATURATED, SATURATED, SATURATED_INDEX, SLOTS};
use super::lexicon::Lexicon;
use super::lexicon::NO_ROW;
pub use super::model_text::ClassWeights;
use super::model_text::ModelTable;

pub const NEGATIVE: usize = 0;
pub const POSITIVE: usize = 2;

pub struct Model {
    bias: ClassWeights,
    dense: [ClassWeights; DENSE.len()],
    /// Per dense feature, what a cue's share of it weighs (see
    /// [`ShareWeight`]), resolved once from `dense`.
    share_weights: [ShareWeight; DENSE.len()],
    /// Per model row (see `WordInfo::model_row`), one weight row per slot.
    stems: Vec<[ClassWeights; SLOTS.len()]>,
}

/// What one unit of a dense feature adds to the positive-minus-negative
/// logit: its own weights' difference, and for a `SATURATED` sum the index
/// of its log feature's `saturation` and that feature's difference (the
/// share of a cue in a sum is also its share in the sum's log).
#[derive(Clone, Copy, Default)]
struct ShareWeight {
    difference: f32,
    saturated: Option<(usize, f32)>,
}

/// `w[POSITIVE] - w[NEGATIVE]`.
fn difference(w: &ClassWeights) -> f32 {
    w[POSITIVE] - w[NEGATIVE]
}

/// A scored mention: class probabilities and each token's share of the
/// positive-minus-negative logit.
#[derive(Debug, Default)]
pub struct Judgement {
    pub probabilities: ClassWeights,
    /// Share of every token of the scope, by token index.
    pub shares: Vec<f32>,
    /// The tokens whose share may be non-zero, in scope order.
    pub touched: Vec<usize>,
}

fn add_scaled(logits: &mut ClassWeights, weights: &ClassWeights, scale: f32) {
    for (logit, w) in logits.iter_mut().zip(weights) {
        *logit += scale * w;
    }
}

impl Model {
    /// The model of `table` (the names resolved); stems are interned into
    /// `lexicon` so the scope reader finds their rows.
    pub fn from_table(table: &ModelTable, lexicon: &mut Lexicon) -> Result<Model, String> {
        let mut model = Model {
            bias: table.bias,
            dense: [[0.0; 3]; DENSE.len()],
            share_weights: [ShareWeight::default(); DENSE.len()],
            stems: Vec::with_capacity(table.stems.len()),
        };
        for (name, weights) in table.dense {
            let index = DENSE
                .iter()
                .position(|d| d == name)
                .ok_or_else(|| format!("unknown dense feature `{name}` in model"))?;
            model.dense[index] = *weights;
        }
        for (f, share) in model.share_weights.iter_mut().enumerate() {
            let k = SATURATED_INDEX[f];
            *share = ShareWeight {
                difference: difference(&model.dense[f]),
                saturated: (k != NOT_SATURATED).then(|| {
                    let (_, log) = SATURATED[k as usize];
                    (k as usize, difference(&model.dense[log]))
                }),
            };
        }
        for (stem, slots) in table.stems {
            let mut row = [[0.0; 3]; SLOTS.len()];
            for (slot_name, weights) in *slots {
                let slot = SLOTS
                    .iter()
                    .position(|(_, s)| s == slot_name)
                    .ok_or_else(|| format!("unknown slot `{slot_name}` in model"))?;
                row[slot] = *weights;
            }
            lexicon.set_model_row(stem, model.stems.len() as u32);
            model.stems.push(row);
        }
        Ok(model)
    }

    /// Scores one mention of a scope of `scope_len` tokens; `row_of(token)`
    /// gives a bag token's model row.
    pub fn judge(
        &self,
        features: &Features,
        scope_len: usize,
        row_of: impl Fn(usize) -> u32,
        out: &mut Judgement,
    ) {
        // Only the last mention's tokens were written: zero just those.
        for &token in &out.touched {
            if let Some(share) = out.shares.get_mut(token) {
                *share = 0.0;
            }
        }
        out.shares.resize(scope_len, 0.0);
        out.touched.clone_from(&features.touched);
        let mut logits = self.bias;
        // Most dense features of a mention are zero.
        for (value, w) in features.dense.iter().zip(&self.dense) {
            if *value != 0.0 {
                add_scaled(&mut logits, w, *value);
            }
        }
        for &(token, f, value) in &features.shares {
            let share = &self.share_weights[f];
            let mut weight = share.difference;
            if let Some((k, log_difference)) = share.saturated {
                weight += features.saturation[k] * log_difference;
            }
            out.shares[token] += value * weight;
        }
        for &(token, slot) in &features.bag {
            let row = row_of(token);
            if row != NO_ROW {
                let w = &self.stems[row as usize][slot as usize];
                add_scaled(&mut logits, w, 1.0);
                out.shares[token] += difference(w);
            }
        }
        let max = logits.iter().cloned().fold(f32::MIN, f32::max);
        // The largest logit's term is exp(0) = 1 exactly: one call fewer.
        let exp = logits.map(|l| if l == max { 1.0 } else { (l - max).exp() });
        let sum: f32 = exp.iter().sum();
        out.probabilities = exp.map(|e| e / sum);
    }
}
