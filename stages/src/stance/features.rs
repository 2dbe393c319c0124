//! Target-relative features of one mention in its unit: where the cues sit
//! relative to the target (same clause, left, right, far), whether the target
//! is the object or the subject of a stance cue, and the stems around it.
//!
//! Each cue's share in each feature is recorded, so the model's score can be
//! split back onto the words that moved it (the `evidence`).

use super::lexicon::{Modifier, NO_ROW};
use super::scope::ScopeToken;
use std::sync::OnceLock;

/// The dense features, in the order of the model's weight table.
pub const DENSE: [&str; 26] = [
    "clause_pos",
    "clause_neg",
    "left_pos",
    "left_neg",
    "right_pos",
    "right_neg",
    "outside_pos",
    "outside_neg",
    "near_pos",
    "near_neg",
    "cue_before",
    "cue_after",
    "negated_clause",
    "reporting",
    "possessive",
    "in_quote",
    "other_entities",
    "length",
    "shielded_pos",
    "shielded_neg",
    "speaker_pos",
    "speaker_neg",
    "clause_pos_log",
    "clause_neg_log",
    "near_pos_log",
    "near_neg_log",
];

const CLAUSE_POS: usize = 0;
const LEFT_POS: usize = 2;
const RIGHT_POS: usize = 4;
const OUTSIDE_POS: usize = 6;
const NEAR_POS: usize = 8;
const CUE_BEFORE: usize = 10;
const CUE_AFTER: usize = 11;
const NEGATED_CLAUSE: usize = 12;
const REPORTING: usize = 13;
const POSSESSIVE: usize = 14;
const IN_QUOTE: usize = 15;
const OTHER_ENTITIES: usize = 16;
const LENGTH: usize = 17;
const SHIELDED_POS: usize = 18;
const SPEAKER_POS: usize = 20;
const CLAUSE_POS_LOG: usize = 22;
const NEAR_POS_LOG: usize = 24;

/// The cue sums that also enter the model as `ln(1 + sum)`, and where: the
/// first cue of a clause says more than the third (a saturating effect the
/// linear sums cannot form).
pub const SATURATED: [(usize, usize); 4] = [
    (CLAUSE_POS, CLAUSE_POS_LOG),
    (CLAUSE_POS + 1, CLAUSE_POS_LOG + 1),
    (NEAR_POS, NEAR_POS_LOG),
    (NEAR_POS + 1, NEAR_POS_LOG + 1),
];

/// Per dense feature, its index in `SATURATED`, or `NOT_SATURATED`.
pub const SATURATED_INDEX: [u8; DENSE.len()] = {
    let mut index = [NOT_SATURATED; DENSE.len()];
    let mut k = 0;
    while k < SATURATED.len() {
        index[SATURATED[k].0] = k as u8;
        k += 1;
    }
    index
};
pub const NOT_SATURATED: u8 = u8::MAX;

/// Where a bag-of-stems feature was seen relative to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Anywhere in the unit.
    Unit = 0,
    /// Within `NEAR` words left of the target.
    Left = 1,
    /// Within `NEAR` words right of the target.
    Right = 2,
    /// Under negation.
    Negated = 3,
    /// Within `ADJACENT` tokens after the target, same clause: mostly the
    /// verb the target is the subject of ("X has been accused", "X praised").
    /// (Words just before it, as a slot of their own, did not pay: 5-fold
    /// CV on train up, dev-rw down.)
    After = 4,
}

pub const SLOTS: [(Slot, &str); 5] = [
    (Slot::Unit, "U"),
    (Slot::Left, "L"),
    (Slot::Right, "R"),
    (Slot::Negated, "N"),
    (Slot::After, "A"),
];

/// Tokens between the target and a word counted as adjacent to it.
const ADJACENT: usize = 2;

/// Words counted as "near" the target.
const NEAR: usize = 6;

/// The features of one target mention.
#[derive(Debug, Default)]
pub struct Features {
    pub dense: [f32; DENSE.len()],
    /// (token index, dense feature, value) shares of cue tokens.
    pub shares: Vec<(usize, usize, f32)>,
    /// Per `SATURATED` sum, `ln(1 + sum) / sum` (0 for a zero sum): a cue's
    /// share of the log feature is its share of the sum times this.
    pub saturation: [f32; SATURATED.len()],
    /// (token index, slot) of the words of the bag of stems.
    pub bag: Vec<(usize, Slot)>,
    /// Tokens with a share or a bag entry, in scope order (each once).
    pub touched: Vec<usize>,
}

impl Features {
    fn add(&mut self, token: usize, feature: usize, value: f32) {
        self.dense[feature] += value;
        self.shares.push((token, feature, value));
    }

    /// Adds a signed value to the `_pos`/`_neg` pair starting at `pos`.
    fn add_signed(&mut self, token: usize, pos: usize, value: f32) {
        if value > 0.0 {
            self.add(token, pos, value);
        } else {
            self.add(token, pos + 1, -value);
        }
    }
}

/// Which words go into the bag of stems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BagWords {
    /// Every content word: training rows, where any stem may earn a weight.
    All,
    /// Only words with model weights: scoring, where the others add nothing.
    #[default]
    Modelled,
}

/// Context of a mention that the scope tokens do not carry.
#[derive(Debug, Clone, Copy, Default)]
pub struct MentionContext {
    pub in_quote: bool,
    /// The mention is followed by a possessive "'s".
    pub possessive: bool,
}

/// What every mention of one scope reads, computed once per scope: most
/// words of a unit carry no cue and no model weight, so a mention visits
/// only the few that do, and counts the rest from the scope's totals.
#[derive(Debug, Default)]
pub struct ScopeIndex {
    /// Scope tokens that can add to a feature, in scope order.
    active: Vec<usize>,
    /// Unmasked words in the scope.
    words: u32,
    /// Masked runs (names) in the scope, as token ranges in scope order.
    names: Vec<(usize, usize)>,
    /// Which words the bag reads (the index's `active` tokens include them).
    bag_words: BagWords,
}

impl ScopeIndex {
    /// Indexes `scope` (replacing what was there).
    pub fn build(&mut self, scope: &[ScopeToken], bag_words: BagWords) {
        self.bag_words = bag_words;
        self.active.clear();
        self.names.clear();
        let mut words = 0u32;
        for (i, t) in scope.iter().enumerate() {
            if t.masked {
                match self.names.last_mut() {
                    Some(name) if name.1 == i => name.1 = i + 1,
                    _ => self.names.push((i, i + 1)),
                }
            }
            if t.is_word && !t.masked {
                words += 1;
                if in_bag(t, bag_words)
                    || t.valence != 0.0
                    || t.info.reporting
                    || matches!(t.info.modifier, Modifier::Negator(_))
                {
                    self.active.push(i);
                }
            }
        }
        self.words = words;
    }

    /// Which words the bag reads, as built.
    pub fn bag_words(&self) -> BagWords {
        self.bag_words
    }

    /// The words and the names of the scope outside tokens `ts..te` (a
    /// mention's few tokens are counted, not the scope's many).
    /// The end of the last other name before tokens `ts..te`, and the start
    /// of the first after them: a cue beyond either is nearer another
    /// entity than the target ("Acosta asked Sanders about Trump's *fake*
    /// claim").
    fn nearest_names(&self, (ts, te): (usize, usize)) -> (usize, usize) {
        let (mut before, mut after) = (0, usize::MAX);
        for &(start, end) in &self.names {
            if end <= ts {
                before = end;
            } else if start >= te {
                after = start;
                break;
            }
        }
        (before, after)
    }

    fn outside(&self, scope: &[ScopeToken], (ts, te): (usize, usize)) -> (u32, u32) {
        let (mut words, mut names) = (self.words, self.names.len() as u32);
        for (i, t) in scope.iter().enumerate().take(te).skip(ts) {
            words -= (t.is_word && !t.masked) as u32;
            names -= starts_name(scope, i) as u32;
        }
        (words, names)
    }
}

/// `ln(1 + n)` as `f32::ln_1p` gives it, from a table for the counts of
/// most units (two per mention otherwise cost a libm call each).
fn ln_1p(n: u32) -> f32 {
    const TABULATED: usize = 128;
    static TABLE: OnceLock<[f32; TABULATED]> = OnceLock::new();
    let table = TABLE.get_or_init(|| std::array::from_fn(|n| (n as f32).ln_1p()));
    match table.get(n as usize) {
        Some(&value) => value,
        None => (n as f32).ln_1p(),
    }
}

/// A reporting verb within `ADJACENT` tokens of the target, in its clause
/// ("X said", "said X", "X has told"): the unit's cues are then mostly what
/// the target says about others, not what is said about the target.
fn is_speaker(scope: &[ScopeToken], (ts, te): (usize, usize)) -> bool {
    let clause = scope[ts].clause..=scope[te - 1].clause;
    let before = scope[ts.saturating_sub(ADJACENT + 1)..ts].iter();
    let after = scope[te..(te + ADJACENT + 1).min(scope.len())].iter();
    before
        .chain(after)
        .any(|t| t.info.reporting && !t.masked && clause.contains(&t.clause))
}

/// Sets the `SATURATED` features from their sums, and each one's
/// `saturation` (the cues' shares are not copied: the model scales them).
fn saturate(out: &mut Features) {
    for (k, (sum, log)) in SATURATED.into_iter().enumerate() {
        let total = out.dense[sum];
        let value = if total > 0.0 { (1.0 + total).ln() } else { 0.0 };
        out.dense[log] = value;
        out.saturation[k] = if total > 0.0 { value / total } else { 0.0 };
    }
}

/// Token `i` is the first of a masked run (a name).
fn starts_name(scope: &[ScopeToken], i: usize) -> bool {
    scope[i].masked && (i == 0 || !scope[i - 1].masked)
}

fn in_bag(t: &ScopeToken, bag_words: BagWords) -> bool {
    !t.info.bag_excluded && (bag_words == BagWords::All || t.info.model_row != NO_ROW)
}

/// Computes the features of the mention covering scope tokens
/// `target.0..target.1` (clamped) into `out`; `index` is `scope`'s, and
/// says which words the bag reads.
pub fn mention_features(
    scope: &[ScopeToken],
    index: &ScopeIndex,
    target: (usize, usize),
    context: MentionContext,
    out: &mut Features,
) {
    let bag_words = index.bag_words;
    out.dense = [0.0; DENSE.len()];
    out.shares.clear();
    out.bag.clear();
    out.touched.clear();
    if scope.is_empty() {
        return;
    }
    let (ts, te) = (target.0.min(scope.len() - 1), target.1.min(scope.len()));
    let te = te.max(ts + 1);
    let clause = scope[ts].clause;
    let (name_before, name_after) = index.nearest_names((ts, te));
    let speaker = is_speaker(scope, (ts, te));
    let target_clause_end = scope[te - 1].clause;
    for &i in &index.active {
        if i >= ts && i < te {
            continue;
        }
        let t = &scope[i];
        let before = i < ts;
        let distance = if before { ts - i - 1 } else { i - te };
        let same_clause = t.clause >= clause && t.clause <= target_clause_end;
        let near = distance < NEAR;
        let touched = (out.shares.len(), out.bag.len());
        if in_bag(t, bag_words) {
            out.bag.push((i, Slot::Unit));
            if near && same_clause {
                out.bag
                    .push((i, if before { Slot::Left } else { Slot::Right }));
                if !before && distance <= ADJACENT {
                    out.bag.push((i, Slot::After));
                }
            }
            if t.negated_by.is_some() {
                out.bag.push((i, Slot::Negated));
            }
        }
        if same_clause && matches!(t.info.modifier, Modifier::Negator(_)) {
            out.dense[NEGATED_CLAUSE] = 1.0;
        }
        if near && t.info.reporting {
            out.dense[REPORTING] = 1.0;
        }
        if t.valence != 0.0 {
            let v = t.valence / 4.0;
            if same_clause {
                out.add_signed(i, CLAUSE_POS, v);
                out.add_signed(i, if before { LEFT_POS } else { RIGHT_POS }, v);
                if t.info.stance_cue {
                    out.add(i, if before { CUE_BEFORE } else { CUE_AFTER }, v);
                }
            } else {
                out.add_signed(i, OUTSIDE_POS, v);
            }
            out.add_signed(i, NEAR_POS, v / (1.0 + distance as f32 / 3.0));
            if i < name_before || i > name_after {
                out.add_signed(i, SHIELDED_POS, v);
            }
            if speaker {
                out.add_signed(i, SPEAKER_POS, v);
            }
        }
        if touched != (out.shares.len(), out.bag.len()) {
            out.touched.push(i);
        }
    }
    saturate(out);
    let (words, other_entities) = index.outside(scope, (ts, te));
    out.dense[POSSESSIVE] = context.possessive as u8 as f32;
    out.dense[IN_QUOTE] = context.in_quote as u8 as f32;
    out.dense[OTHER_ENTITIES] = ln_1p(other_entities);
    out.dense[LENGTH] = ln_1p(words) / 4.0;
}
