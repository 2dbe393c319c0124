//! The tagger's weights: an averaged perceptron over hashed features.
//!
//! The shipped model is `seeds/entities/tagger.txt`, written by
//! `scripts/train_entities.sh` (its form: `model_text.rs`).

use super::features::{
    class_keys, history_keys, kind_key, kind_numbers, run_key, run_kind_key, ClosedFeatures,
    RUN_LENGTHS, RUN_PLACES, WORD_CLASSES,
};
use super::gazetteer::Kind;
use super::hash::HashedMap;
use super::labels::CLASSES;
use super::model_text;
use std::collections::HashMap;

/// Anything that scores classes from feature keys.
pub trait Scorer {
    fn add_scores(&self, features: &[u64], scores: &mut [f32; CLASSES]);
}

/// Read-only weights, in an open-addressing table (keys are already
/// hashes). Compact on purpose: the table is read at random for every
/// feature, so its size in cache decides the stage's speed.
pub struct Weights {
    /// Linear probing, about half full.
    slots: Vec<Slot>,
    /// How many slots hold a feature.
    len: usize,
    mask: usize,
    /// The closed-vocabulary features' weights, summed per combination of
    /// their values when the model is loaded (see [`ClosedFeatures`]).
    closed: ClosedRows,
}

/// Sums of rows, indexed by the values of the features they stand for.
#[derive(Default)]
struct ClosedRows {
    /// Bias and word classes: by (class before, class, class after,
    /// sentence start).
    classes: Vec<Sums>,
    /// Previous tags: by (previous, before, word class).
    history: Vec<Sums>,
    /// Gazetteer kinds: by (slot, kind).
    kinds: Vec<Sums>,
    /// The capitalised run: by (place, length, org head).
    runs: Vec<Sums>,
    /// Kinds in the capitalised run: by (kind, place).
    run_kinds: Vec<Sums>,
}

/// Lanes of a sum: the classes, then zeros.
const LANES: usize = 16;

/// One feature's slot: the fingerprint of its key (0 = empty), its
/// weights in thousandths, and how far the keys that start probing here
/// lie; 32 bytes and aligned. The weights sit in the slot itself, so a key
/// found costs one cache line, not a slot's and then a row's (the tagger is
/// bound by these reads more than by instructions).
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    fingerprint: u32,
    weights: [i16; CLASSES],
    /// 1 + the largest distance from this slot of a key that starts
    /// probing here; 0 when none does. A search stops there: about a
    /// quarter of the keys a scored token asks for are not in the model,
    /// and without this bound each of those would probe on to the next
    /// empty slot.
    reach: u16,
}

const EMPTY: Slot = Slot {
    fingerprint: 0,
    weights: [0; CLASSES],
    reach: 0,
};
const _: () = assert!(std::mem::size_of::<Slot>() == 32);

impl Slot {
    fn add_to(&self, sums: &mut [i32; LANES]) {
        for (sum, &weight) in sums.iter_mut().zip(&self.weights) {
            *sum += weight as i32;
        }
    }
}

/// Several rows added up, in 32 bits (exactly the sum the rows would add).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Sums([i32; LANES]);

impl Sums {
    fn add(&mut self, other: &Sums) {
        for (sum, &value) in self.0.iter_mut().zip(&other.0) {
            *sum += value;
        }
    }
}

const SCALE: f32 = 1000.0;

fn class_index(classes: [u8; 3], sentence_start: bool) -> usize {
    let [before, class, after] = classes.map(usize::from);
    ((before * WORD_CLASSES + class) * WORD_CLASSES + after) * 2 + sentence_start as usize
}

fn history_index(previous: u8, before: u8, class: u8) -> usize {
    (previous as usize * CLASSES + before as usize) * WORD_CLASSES + class as usize
}

fn kind_index(slot: usize, kind: u64) -> usize {
    slot * Kind::ALL.len() + kind as usize
}

fn run_index(place: u8, length: u8, kinds: u16) -> usize {
    let head = kinds & Kind::OrgHead.bit() != 0;
    (place as usize * RUN_LENGTHS + (length as usize).min(RUN_LENGTHS - 1)) * 2 + head as usize
}

fn run_kind_index(kind: u64, place: u8) -> usize {
    kind as usize * RUN_PLACES + place as usize
}

/// The slot a key starts probing at, and its non-zero fingerprint.
fn place(key: u64) -> (usize, u32) {
    (key as usize, (key >> 32) as u32 | 1)
}

impl Weights {
    fn with_rows(rows: impl ExactSizeIterator<Item = (u64, [i16; CLASSES])>) -> Self {
        // at most three quarters full, about half as a rule
        let capacity = (rows.len() + rows.len() / 3).next_power_of_two().max(16);
        let mut table = Weights {
            slots: vec![EMPTY; capacity],
            len: 0,
            mask: capacity - 1,
            closed: ClosedRows::default(),
        };
        for (key, row) in rows {
            let (start, fingerprint) = place(key);
            let home = start & table.mask;
            // a key already in (its fingerprint within reach) keeps its row
            if table.get(key).is_some() {
                continue;
            }
            let mut distance = 0;
            while table.slots[(home + distance) & table.mask].fingerprint != 0 {
                distance += 1;
            }
            let slot = &mut table.slots[(home + distance) & table.mask];
            slot.fingerprint = fingerprint;
            slot.weights = row;
            let reach = &mut table.slots[home].reach;
            *reach = (*reach).max(distance as u16 + 1);
            table.len += 1;
        }
        table.closed = table.closed_rows();
        table
    }

    /// The sum of the rows of `keys` (absent keys add nothing).
    fn sum(&self, keys: impl IntoIterator<Item = u64>) -> Sums {
        let mut sums = Sums([0; LANES]);
        for slot in keys.into_iter().filter_map(|key| self.get(key)) {
            slot.add_to(&mut sums.0);
        }
        sums
    }

    /// Every combination of the closed-vocabulary features, summed.
    fn closed_rows(&self) -> ClosedRows {
        let mut closed = ClosedRows::default();
        let classes = 0..WORD_CLASSES as u8;
        for before in classes.clone() {
            for class in classes.clone() {
                for after in classes.clone() {
                    for start in [false, true] {
                        let at = [before, class, after];
                        debug_assert_eq!(class_index(at, start), closed.classes.len());
                        closed.classes.push(self.sum(class_keys(at, start)));
                    }
                }
            }
        }
        for previous in 0..CLASSES as u8 {
            for before in 0..CLASSES as u8 {
                for class in classes.clone() {
                    debug_assert_eq!(history_index(previous, before, class), closed.history.len());
                    closed
                        .history
                        .push(self.sum(history_keys(previous, before, class)));
                }
            }
        }
        for slot in 0..4 {
            for kind in 0..Kind::ALL.len() as u64 {
                debug_assert_eq!(kind_index(slot, kind), closed.kinds.len());
                closed.kinds.push(self.sum([kind_key(slot, kind)]));
            }
        }
        for place in 0..RUN_PLACES as u8 {
            for length in 0..RUN_LENGTHS as u8 {
                for kinds in [0, Kind::OrgHead.bit()] {
                    debug_assert_eq!(run_index(place, length, kinds), closed.runs.len());
                    closed.runs.push(self.sum([run_key(place, length, kinds)]));
                }
            }
        }
        for kind in 0..Kind::ALL.len() as u64 {
            for place in 0..RUN_PLACES as u8 {
                debug_assert_eq!(run_kind_index(kind, place), closed.run_kinds.len());
                closed.run_kinds.push(self.sum([run_kind_key(kind, place)]));
            }
        }
        closed
    }

    /// The class scores of a token: its closed-vocabulary features and
    /// previous tags from the summed tables, its `open` keys from the
    /// hashed rows. Exactly the scores of all its keys added one by one.
    pub fn scores(
        &self,
        open: &[u64],
        closed: &ClosedFeatures,
        previous: u8,
        before: u8,
    ) -> [f32; CLASSES] {
        let rows = &self.closed;
        let mut sums = rows.classes[class_index(closed.classes, closed.sentence_start)];
        sums.add(&rows.history[history_index(previous, before, closed.classes[1])]);
        for (slot, &kinds) in closed.kinds.iter().enumerate() {
            for kind in kind_numbers(kinds) {
                sums.add(&rows.kinds[kind_index(slot, kind)]);
            }
        }
        let (kinds, place, length) = closed.run;
        if place != 0 {
            sums.add(&rows.runs[run_index(place, length, kinds)]);
            for kind in kind_numbers(kinds) {
                sums.add(&rows.run_kinds[run_kind_index(kind, place)]);
            }
        }
        self.add_rows(open, &mut sums.0);
        // every lane at once (a few vector instructions), then the classes'
        let lanes = sums.0.map(|sum| sum as f32 / SCALE);
        lanes[..CLASSES]
            .try_into()
            .expect("a row has a lane per class")
    }

    fn get(&self, key: u64) -> Option<&Slot> {
        let (start, fingerprint) = place(key);
        let home = start & self.mask;
        self.find_from(home, self.slots[home].reach, fingerprint)
    }

    /// The slot with `fingerprint` among the `reach` slots from `home`.
    /// No slot among them is empty (keys are never removed), so this
    /// finds what probing on to the next empty slot would find.
    fn find_from(&self, home: usize, reach: u16, fingerprint: u32) -> Option<&Slot> {
        (0..reach as usize)
            .map(|distance| &self.slots[(home + distance) & self.mask])
            .find(|slot| slot.fingerprint == fingerprint)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Parses the text form (see `model_text.rs`); an error names the line.
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(Weights::with_rows(model_text::parse(text)?.into_iter()))
    }

    /// The rows `build.rs` wrote in binary form: the shipped model, read at
    /// every start without parsing its 17,000 lines of text.
    pub fn from_binary(bytes: &[u8]) -> Self {
        Weights::with_rows(model_text::from_binary(bytes))
    }
}

/// How many home slots [`Weights::add_rows`] reads before resolving any:
/// a scored token's open features (7) in one go, without clearing a
/// larger buffer per token.
const OVERLAPPED: usize = 8;

impl Weights {
    /// Adds the rows of `features` (hashed keys) to `sums`.
    fn add_rows(&self, features: &[u64], sums: &mut [i32; LANES]) {
        // First read every feature's home slot, then resolve them: the reads
        // are independent, so their cache misses overlap instead of queueing.
        for chunk in features.chunks(OVERLAPPED) {
            let mut home = [(0u32, 0u16); OVERLAPPED];
            for (read, &feature) in home.iter_mut().zip(chunk) {
                let slot = &self.slots[place(feature).0 & self.mask];
                *read = (slot.fingerprint, slot.reach);
            }
            for (&(fingerprint, reach), &feature) in home.iter().zip(chunk) {
                let (start, wanted) = place(feature);
                let at = start & self.mask;
                let slot = if fingerprint == wanted {
                    Some(&self.slots[at])
                } else if reach <= 1 {
                    // only the home slot could have held it
                    None
                } else {
                    self.find_from(at + 1, reach - 1, wanted)
                };
                if let Some(slot) = slot {
                    slot.add_to(sums);
                }
            }
        }
    }
}

impl Scorer for Weights {
    fn add_scores(&self, features: &[u64], scores: &mut [f32; CLASSES]) {
        let mut sums = [0i32; LANES];
        self.add_rows(features, &mut sums);
        for (score, sum) in scores.iter_mut().zip(sums) {
            *score += sum as f32 / SCALE;
        }
    }
}

/// Averaged-perceptron training state.
#[derive(Default)]
pub struct Trainer {
    features: HashMap<u64, Accumulator>,
    /// How many decisions each feature took part in.
    seen: HashedMap<u32>,
    /// Updates so far: the averaging clock.
    time: u32,
}

struct Accumulator {
    weights: [f32; CLASSES],
    /// Sum of each weight over time, up to `stamp`.
    totals: [f32; CLASSES],
    stamp: u32,
}

impl Trainer {
    /// Moves weight from the guessed class to the true one.
    pub fn update(&mut self, features: &[u64], truth: u8, guess: u8) {
        self.time += 1;
        for &feature in features {
            *self.seen.entry(feature).or_default() += 1;
        }
        if truth == guess {
            return;
        }
        let now = self.time;
        for &feature in features {
            let acc = self.features.entry(feature).or_insert(Accumulator {
                weights: [0.0; CLASSES],
                totals: [0.0; CLASSES],
                stamp: now,
            });
            let elapsed = (now - acc.stamp) as f32;
            for (total, weight) in acc.totals.iter_mut().zip(&acc.weights) {
                *total += weight * elapsed;
            }
            acc.stamp = now;
            acc.weights[truth as usize] += 1.0;
            acc.weights[guess as usize] -= 1.0;
        }
    }

    /// The averaged weights in text form, dropping features seen in fewer
    /// than `min_seen` decisions (over all epochs: one-off words are
    /// memory, not evidence) and weights below `min_weight`.
    pub fn averaged_text(&self, header: &str, min_weight: f32, min_seen: u32) -> String {
        let mut keys: Vec<&u64> = self
            .features
            .keys()
            .filter(|k| self.seen.get(k).copied().unwrap_or(0) >= min_seen)
            .collect();
        keys.sort();
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        let time = self.time.max(1) as f32;
        for key in keys {
            let acc = &self.features[key];
            let elapsed = (self.time - acc.stamp) as f32;
            let mut pairs = String::new();
            for class in 0..CLASSES {
                let average = (acc.totals[class] + acc.weights[class] * elapsed) / time;
                let scaled = (average * SCALE)
                    .round()
                    .clamp(i16::MIN as f32, i16::MAX as f32) as i16;
                if scaled != 0 && average.abs() >= min_weight {
                    pairs.push_str(&format!(" {class}:{scaled}"));
                }
            }
            if !pairs.is_empty() {
                out.push_str(&format!("{key:x}{pairs}\n"));
            }
        }
        out
    }
}

impl Scorer for Trainer {
    fn add_scores(&self, features: &[u64], scores: &mut [f32; CLASSES]) {
        for feature in features {
            if let Some(acc) = self.features.get(feature) {
                for (score, weight) in scores.iter_mut().zip(&acc.weights) {
                    *score += weight;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trained_weights_round_trip_through_text() {
        let mut trainer = Trainer::default();
        for _ in 0..10 {
            trainer.update(&[7, 9], 3, 0);
            trainer.update(&[9, 11], 0, 3);
        }
        let text = trainer.averaged_text("test model", 0.0, 1);
        let weights = Weights::parse(&text).unwrap();
        let mut scores = [0.0; CLASSES];
        weights.add_scores(&[7], &mut scores);
        assert!(scores[3] > scores[0], "{scores:?}");
        let mut scores = [0.0; CLASSES];
        weights.add_scores(&[11], &mut scores);
        assert!(scores[0] > scores[3], "{scores:?}");
        assert!(Weights::parse("zz 1:2").is_err());
        assert!(Weights::parse("ab 99:2").is_err());
        assert!(Weights::parse("ab 1:40000").is_err());
        assert!(Weights::parse("ab 1:").is_err());
        assert!(Weights::parse("ab 1-2").is_err());
        let weights = Weights::parse("# header\nab 1:-2 3:7\n").unwrap();
        let mut scores = [0.0; CLASSES];
        weights.add_scores(&[0xab], &mut scores);
        assert_eq!((scores[1], scores[3], scores[0]), (-0.002, 0.007, 0.0));
    }
}
