//! Per (holder, target) summaries of a document's judgements, and the rule
//! that turns several judgements into one label (shared with evaluation).

use pipeline::{Stance, StanceSummary};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Below this absolute mean score a tie between labels is neutral.
pub const TIE_MARGIN: f64 = 0.05;

/// Judgements per label, in the order against, neutral, favor.
pub type LabelCounts = [usize; 3];

fn count_label(counts: &mut LabelCounts, label: &str) {
    match label {
        "against" => counts[0] += 1,
        "neutral" => counts[1] += 1,
        "favor" => counts[2] += 1,
        _ => {}
    }
}

/// The majority label of `labels`; a tie is broken by the sign of `mean_score`
/// (±`TIE_MARGIN`), and no labels at all are `neutral`.
pub fn majority_label<'a>(
    labels: impl IntoIterator<Item = &'a str>,
    mean_score: f64,
) -> &'static str {
    let mut counts = [0; 3];
    for label in labels {
        count_label(&mut counts, label);
    }
    majority_of_counts(counts, mean_score)
}

/// [`majority_label`] from counts already made.
fn majority_of_counts(counts: LabelCounts, mean_score: f64) -> &'static str {
    let top = counts.iter().copied().max().unwrap_or(0);
    if top == 0 {
        return "neutral";
    }
    let mut leaders = (0..3).filter(|&c| counts[c] == top);
    let class = match (leaders.next(), leaders.next()) {
        (Some(only), None) => only,
        _ if mean_score > TIE_MARGIN => 2,
        _ if mean_score < -TIE_MARGIN => 0,
        _ => 1,
    };
    ["against", "neutral", "favor"][class]
}

/// The running totals of one (holder, target).
struct Group<'s> {
    first: &'s Stance,
    score_sum: f64,
    counts: LabelCounts,
    n: usize,
}

/// One summary per (holder, target), in order of first judgement: the mean
/// score, the majority label and the number of judgements.
pub fn summarize(stances: &[Stance]) -> Vec<StanceSummary> {
    // Sized once: a document's judgements are many, its groups fewer, and
    // growing the map step by step cost more than the lookups.
    let mut index: FxHashMap<(Option<&str>, &str), usize> =
        FxHashMap::with_capacity_and_hasher(stances.len(), Default::default());
    let mut groups: Vec<Group> = Vec::with_capacity(stances.len());
    for stance in stances {
        let key = (stance.holder.as_deref(), stance.target.as_str());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                first: stance,
                // Float sums start at -0.0, so an all -0.0 group stays -0.0.
                score_sum: -0.0,
                counts: [0; 3],
                n: 0,
            });
            groups.len() - 1
        });
        let group = &mut groups[i];
        // Summed in judgement order, as the mean always was.
        group.score_sum += stance.score;
        count_label(&mut group.counts, &stance.label);
        group.n += 1;
    }
    groups
        .into_iter()
        .map(|group| {
            let mean = group.score_sum / group.n as f64;
            StanceSummary {
                holder: group.first.holder.clone(),
                target: group.first.target.clone(),
                score: (mean * 1000.0).round() / 1000.0,
                label: Cow::Borrowed(majority_of_counts(group.counts, mean)),
                n: group.n,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::{Span, Unit};

    fn stance(holder: &str, target: &str, score: f64, label: &str) -> Stance {
        Stance {
            holder: Some(holder.to_string().into()),
            target: target.to_string(),
            target_label: "GPE".into(),
            mention: Span::new(0, 1),
            unit: Unit {
                kind: "sentence".into(),
                start: 0,
                end: 1,
            },
            score,
            label: label.to_string().into(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn majority_then_mean_sign() {
        assert_eq!(majority_label(["favor", "favor", "against"], -0.9), "favor");
        assert_eq!(majority_label(["favor", "against"], -0.2), "against");
        assert_eq!(majority_label(["favor", "against"], 0.04), "neutral");
        assert_eq!(majority_label([], 0.9), "neutral");
    }

    #[test]
    fn one_summary_per_holder_and_target() {
        let stances = [
            stance("author", "Iran", 0.4, "favor"),
            stance("A. Expert", "Iran", -0.6, "against"),
            stance("author", "Iran", 0.2, "favor"),
            stance("author", "Russia", -0.1, "neutral"),
        ];
        let summary = summarize(&stances);
        assert_eq!(summary.len(), 3);
        assert_eq!(summary[0].n, 2);
        assert_eq!(summary[0].label, "favor");
        assert!((summary[0].score - 0.3).abs() < 1e-9);
        assert_eq!(summary[1].holder.as_deref(), Some("A. Expert"));
        assert_eq!(summary[2].target, "Russia");
    }
}
