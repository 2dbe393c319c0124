//! The tagger's classes: `O`, then `B-` and `I-` of each label it learns.
//!
//! `LOC` here is any place (the training data does not split GPE from LOC;
//! the gazetteers do, afterwards). `MISC` is learned so that events, laws and
//! languages are not pushed into another label, and is not output; money,
//! facilities and products are too rare in the training data to learn well
//! (F1 under 0.15 in cross-validation) and go to `MISC` as well, which keeps
//! the weight rows small (the table's cache footprint is the stage's speed).

pub const LABELS: [&str; 6] = ["PERSON", "ORG", "LOC", "NORP", "DATE", "MISC"];

pub const PERSON: usize = 0;
pub const ORG: usize = 1;
pub const LOC: usize = 2;
pub const NORP: usize = 3;
pub const DATE: usize = 4;
pub const MISC: usize = 5;

pub const CLASSES: usize = 1 + 2 * LABELS.len();

/// The outside class.
pub const O: u8 = 0;

pub fn begin(label: usize) -> u8 {
    (1 + 2 * label) as u8
}

pub fn inside(label: usize) -> u8 {
    (2 + 2 * label) as u8
}

/// The label of a `B-`/`I-` class; `None` for `O`.
pub fn label_of(class: u8) -> Option<usize> {
    (class != O).then(|| (class as usize - 1) / 2)
}

pub fn is_inside(class: u8) -> bool {
    class != O && class.is_multiple_of(2)
}

/// Whether `class` may follow `previous`: `I-X` only after `B-X` or `I-X`.
pub fn may_follow(previous: u8, class: u8) -> bool {
    !is_inside(class) || label_of(previous) == label_of(class)
}

/// Maps a gold label of the training data (its own names or OntoNotes).
pub fn from_gold(label: &str) -> Option<usize> {
    let ours = match label {
        "Person" | "PERSON" | "PER" => "PERSON",
        "Organization" | "ORG" => "ORG",
        "Location" | "GPE" | "LOC" => "LOC",
        "NORP" => "NORP",
        "Date" | "DATE" => "DATE",
        _ => "MISC",
    };
    LABELS.iter().position(|l| *l == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_trip_and_inside_needs_its_begin() {
        for label in 0..LABELS.len() {
            assert_eq!(label_of(begin(label)), Some(label));
            assert_eq!(label_of(inside(label)), Some(label));
            assert!(is_inside(inside(label)) && !is_inside(begin(label)));
            assert!((inside(label) as usize) < CLASSES);
        }
        assert!(may_follow(begin(PERSON), inside(PERSON)));
        assert!(!may_follow(begin(ORG), inside(PERSON)));
        assert!(!may_follow(O, inside(PERSON)));
        assert_eq!(from_gold("Location"), Some(LOC));
        assert_eq!(from_gold("Event"), Some(MISC));
    }
}
