//! `newspipe report`: who is quoted most, on which targets, with what
//! stance; and which entities the articles name. One summary, shown as a
//! terminal table or a self-contained HTML page.

use crate::export::csv::stance_label;
use crate::html::{class_safe, escape, label_css, page};
use pipeline::Document;
use std::collections::HashMap;
use std::fmt::Write;

/// The holder name of unattributed quotes.
pub const UNATTRIBUTED: &str = "(unattributed)";

/// A holder's stance toward a target over all documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub score: f64,
    /// Judgements behind the score.
    pub n: usize,
}

impl Cell {
    pub fn label(&self) -> &'static str {
        stance_label(self.score)
    }
}

/// Quotes of one speaker.
#[derive(Debug, Clone, Default)]
pub struct Speaker {
    pub name: String,
    /// (document id, quote text)
    pub quotes: Vec<(String, String)>,
    pub documents: usize,
}

/// Mentions of one entity label.
#[derive(Debug, Clone)]
pub struct EntityType {
    pub label: String,
    pub mentions: usize,
    /// (canonical name, mentions), most mentioned first.
    pub names: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    pub quotes: usize,
    /// Most quoted first.
    pub speakers: Vec<Speaker>,
    /// Holders (speakers by quotes, then others, `author` last) and
    /// targets (by judgements), the rows and columns of the matrix.
    pub holders: Vec<String>,
    pub targets: Vec<String>,
    pub cells: HashMap<(String, String), Cell>,
    /// Most mentioned first.
    pub entity_types: Vec<EntityType>,
}

impl Summary {
    /// Speakers with a name (the unattributed quotes are not one).
    pub fn named_speakers(&self) -> usize {
        self.speakers
            .iter()
            .filter(|s| s.name != UNATTRIBUTED)
            .count()
    }

    pub fn cell(&self, holder: &str, target: &str) -> Option<&Cell> {
        self.cells.get(&(holder.to_string(), target.to_string()))
    }

    /// A holder's cells, most judged first.
    fn stances_of(&self, holder: &str) -> Vec<(&str, &Cell)> {
        let mut out: Vec<(&str, &Cell)> = self
            .targets
            .iter()
            .filter_map(|t| self.cell(holder, t).map(|c| (t.as_str(), c)))
            .collect();
        out.sort_by_key(|(_, c)| std::cmp::Reverse(c.n));
        out
    }
}

fn holder_name(holder: Option<&str>) -> String {
    holder.unwrap_or(UNATTRIBUTED).to_string()
}

pub fn summarize(docs: &[Document]) -> Summary {
    let mut s = Summary {
        documents: docs.len(),
        ..Default::default()
    };
    let mut speakers: HashMap<String, Speaker> = HashMap::new();
    // (holder, target) → (score sum weighted by n, n)
    let mut sums: HashMap<(String, String), (f64, usize)> = HashMap::new();
    let mut types: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for doc in docs {
        let mut seen_here: Vec<String> = Vec::new();
        for quote in doc.quotes.iter().flatten() {
            s.quotes += 1;
            let name = holder_name(quote.speaker.as_ref().map(|sp| sp.name.as_str()));
            let speaker = speakers.entry(name.clone()).or_insert_with(|| Speaker {
                name: name.clone(),
                ..Default::default()
            });
            speaker.quotes.push((doc.id.clone(), quote.text.clone()));
            if !seen_here.contains(&name) {
                speaker.documents += 1;
                seen_here.push(name);
            }
        }
        // The document's own summary when it has one, else its stances.
        let pairs: Vec<(String, String, f64, usize)> = match &doc.stance_summary {
            Some(summary) => summary
                .iter()
                .map(|x| {
                    (
                        holder_name(x.holder.as_deref()),
                        x.target.clone(),
                        x.score,
                        x.n.max(1),
                    )
                })
                .collect(),
            None => doc
                .stances
                .iter()
                .flatten()
                .map(|x| {
                    (
                        holder_name(x.holder.as_deref()),
                        x.target.clone(),
                        x.score,
                        1,
                    )
                })
                .collect(),
        };
        for (holder, target, score, n) in pairs {
            let entry = sums.entry((holder, target)).or_insert((0.0, 0));
            entry.0 += score * n as f64;
            entry.1 += n;
        }
        for entity in doc.entities.iter().flatten() {
            *types
                .entry(entity.label.clone())
                .or_default()
                .entry(entity.name().to_string())
                .or_default() += 1;
        }
    }
    s.speakers = speakers.into_values().collect();
    s.speakers.sort_by(|a, b| {
        b.quotes
            .len()
            .cmp(&a.quotes.len())
            .then(a.name.cmp(&b.name))
    });
    s.cells = sums
        .into_iter()
        .map(|(key, (sum, n))| {
            (
                key,
                Cell {
                    score: sum / n as f64,
                    n,
                },
            )
        })
        .collect();
    let mut target_n: HashMap<&str, usize> = HashMap::new();
    let mut holders: Vec<String> = s.speakers.iter().map(|sp| sp.name.clone()).collect();
    for ((holder, target), cell) in &s.cells {
        *target_n.entry(target).or_default() += cell.n;
        if !holders.contains(holder) {
            holders.push(holder.clone());
        }
    }
    let mut targets: Vec<(&str, usize)> = target_n.into_iter().collect();
    targets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    s.targets = targets.into_iter().map(|(t, _)| t.to_string()).collect();
    // Speakers first (most quoted first), then other holders, `author` last.
    let quoted = s.speakers.len();
    holders[quoted..].sort_by_key(|h| (h == "author", h.clone()));
    s.holders = holders;
    s.entity_types = types
        .into_iter()
        .map(|(label, names)| {
            let mut names: Vec<(String, usize)> = names.into_iter().collect();
            names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            EntityType {
                mentions: names.iter().map(|(_, n)| n).sum(),
                label,
                names,
            }
        })
        .collect();
    s.entity_types
        .sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.label.cmp(&b.label)));
    s
}

/// The summary for a terminal.
pub fn terminal(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} documents, {} quotes, {} speakers\n",
        s.documents,
        s.quotes,
        s.named_speakers()
    );
    if !s.speakers.is_empty() {
        let _ = writeln!(
            out,
            "Quoted most\n{:>6} {:>5}  {:<28} stance toward targets",
            "quotes", "docs", "speaker"
        );
    }
    // One row per holder: quote and document counts (speakers only), then
    // the holder's stance toward each target.
    let mut row = |quotes: &dyn std::fmt::Display, docs: &dyn std::fmt::Display, holder: &str| {
        let stances: Vec<String> = s
            .stances_of(holder)
            .iter()
            .map(|(target, c)| format!("{target} {} ({:+.2}, n={})", c.label(), c.score, c.n))
            .collect();
        let stances = if stances.is_empty() {
            "-".to_string()
        } else {
            stances.join("; ")
        };
        let _ = writeln!(out, "{quotes:>6} {docs:>5}  {holder:<28} {stances}");
    };
    for speaker in &s.speakers {
        row(&speaker.quotes.len(), &speaker.documents, &speaker.name);
    }
    for holder in s.holders.iter() {
        if !s.speakers.iter().any(|sp| &sp.name == holder) {
            row(&"-", &"-", holder);
        }
    }
    if !s.entity_types.is_empty() {
        let _ = writeln!(out, "\nEntities by type");
    }
    for t in &s.entity_types {
        let top: Vec<String> = t
            .names
            .iter()
            .take(8)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        let _ = writeln!(out, "{:>8} {:>5}  {}", t.label, t.mentions, top.join(", "));
    }
    out
}

/// The summary as a self-contained page: the speaker × target stance
/// matrix, quotes per speaker, entities by type.
pub fn html(s: &Summary) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>newspipe report</h1>\n<p id=\"totals\">{} documents, {} quotes, {} speakers</p>",
        s.documents,
        s.quotes,
        s.named_speakers()
    );
    let _ = writeln!(body, "<h2>Stance: holder × target</h2>\n<p class=\"muted\">Mean score in [−1, 1] over all judgements; hover a cell for details.</p>\n<table id=\"matrix\"><thead><tr><th></th>");
    for target in &s.targets {
        let _ = write!(body, "<th scope=\"col\">{}</th>", escape(target));
    }
    body.push_str("</tr></thead><tbody>\n");
    for holder in &s.holders {
        let _ = write!(body, "<tr><th scope=\"row\">{}</th>", escape(holder));
        for target in &s.targets {
            match s.cell(holder, target) {
                Some(c) => {
                    let _ = write!(
                        body,
                        "<td class=\"cell {label}\" style=\"background:{bg}\" data-score=\"{score:.3}\" title=\"{title}\">{score:+.2}<small> n={n}</small></td>",
                        label = c.label(),
                        bg = colour(c.score),
                        score = c.score,
                        n = c.n,
                        title = escape(&format!("{holder} → {target}: {} ({:+.2}, {} judgements)", c.label(), c.score, c.n)),
                    );
                }
                None => body.push_str("<td></td>"),
            }
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody></table>\n<h2>Quotes per speaker</h2>\n");
    for speaker in &s.speakers {
        let _ = writeln!(
            body,
            "<section class=\"speaker\"><h3>{} <span class=\"muted\">({} quotes, {} documents)</span></h3><ol>",
            escape(&speaker.name),
            speaker.quotes.len(),
            speaker.documents
        );
        for (doc, text) in &speaker.quotes {
            let _ = writeln!(
                body,
                "<li class=\"quote\">{} <span class=\"muted\">— {}</span></li>",
                escape(text),
                escape(doc)
            );
        }
        body.push_str("</ol></section>\n");
    }
    body.push_str("<h2>Entities by type</h2>\n<table id=\"entities\"><thead><tr><th>type</th><th>mentions</th><th>most mentioned</th></tr></thead><tbody>\n");
    for t in &s.entity_types {
        let names: Vec<String> = t
            .names
            .iter()
            .take(12)
            .map(|(n, c)| format!("{} ({c})", escape(n)))
            .collect();
        let _ = writeln!(
            body,
            "<tr class=\"etype\" data-label=\"{}\"><td><span class=\"ent ent-{}\">{}</span></td><td>{}</td><td>{}</td></tr>",
            escape(&t.label),
            class_safe(&t.label),
            escape(&t.label),
            t.mentions,
            names.join(", ")
        );
    }
    body.push_str("</tbody></table>\n");
    let style = format!("{}.cell{{text-align:right;white-space:nowrap}}.cell small{{color:#555}}.ent{{padding:0 .3em;border-radius:.2em}}\n", label_css());
    page("newspipe report", &style, &body, REPORT_JS)
}

/// Marks the page as loaded and counted, for the browser test.
const REPORT_JS: &str =
    "document.body.dataset.cells = document.querySelectorAll('#matrix td.cell').length;\n\
document.body.dataset.speakers = document.querySelectorAll('section.speaker').length;\n\
document.body.dataset.quotes = document.querySelectorAll('li.quote').length;\n\
document.body.dataset.ready = 'yes';\n";

/// Red (against) through white to green (favor).
fn colour(score: f64) -> String {
    let s = score.clamp(-1.0, 1.0);
    let hue = if s < 0.0 { 0 } else { 120 };
    let light = 100.0 - 40.0 * s.abs();
    format!("hsl({hue},60%,{light:.0}%)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    #[test]
    fn speakers_targets_and_stances_are_counted() {
        let s = summarize(&fixture());
        assert_eq!((s.documents, s.quotes), (3, 5));
        assert_eq!(s.speakers[0].name, "Amina Rahimova");
        assert_eq!(s.speakers[0].quotes.len(), 2);
        assert_eq!(s.holders.last().map(String::as_str), Some("author"));
        let c = s.cell("Amina Rahimova", "Karstad").unwrap();
        assert_eq!((c.label(), c.n), ("against", 1));
        assert_eq!(s.targets[0], "Karstad");
        assert_eq!(s.entity_types[0].label, "GPE");
        assert_eq!(s.entity_types[0].mentions, 7);
        let t = terminal(&s);
        assert!(t.contains("3 documents, 5 quotes, 3 speakers"), "{t}");
        assert!(
            t.contains("Karstad against (-0.60, n=1); Northern Union favor (+0.50, n=1)"),
            "{t}"
        );
    }

    #[test]
    fn page_escapes_text_and_counts_cells() {
        let page = html(&summarize(&fixture()));
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; other tricks"));
        assert_eq!(page.matches("<td class=\"cell ").count(), 6);
        assert_eq!(page.matches("<li class=\"quote\">").count(), 5);
    }
}
