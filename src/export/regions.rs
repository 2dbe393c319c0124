//! A document as labelled regions and relations between them: what the
//! annotation tools (Prodigy, Label Studio) show and give back. Entities
//! keep their label, quotes are `QUOTE`, cues `CUE`, a speaker mention that
//! is not an entity ("she") is `MENTION`; each quote points to its speaker
//! mention (`SPEAKER`) and its cue (`CUE`).

use super::{Chars, CUE, CUE_RELATION, MENTION, QUOTE, SPEAKER_RELATION};
use pipeline::{Document, Span};
use serde_json::{json, Map, Value};

/// One labelled stretch of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Byte span in the document (for token alignment).
    pub bytes: Span,
    /// Code-point offsets, as the tools count.
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// A directed, labelled link between two regions (indices into the list).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub from: usize,
    pub to: usize,
    pub label: &'static str,
}

/// The regions and relations of a document, and the names (canonical
/// entity names, speaker names) the tools have no place for, keyed by
/// `"start-end"` in code points so an import can restore them.
pub struct Regions {
    pub regions: Vec<Region>,
    pub relations: Vec<Relation>,
    pub names: Map<String, Value>,
    /// Quote kinds other than `direct`, keyed like `names`: the tools have
    /// one `QUOTE` label.
    pub kinds: Map<String, Value>,
}

/// The key a region's name is stored under.
pub fn name_key(start: usize, end: usize) -> String {
    format!("{start}-{end}")
}

pub fn regions(doc: &Document) -> Regions {
    let chars = Chars::new(doc);
    let mut out = Regions {
        regions: Vec::new(),
        relations: Vec::new(),
        names: Map::new(),
        kinds: Map::new(),
    };
    // Empty or reversed spans (possible in hand-made input) are left out:
    // no tool can show them.
    let add = |out: &mut Regions, span: Span, label: &str, name: Option<&str>| -> Option<usize> {
        if span.is_empty() {
            return None;
        }
        let (start, end) = (chars.at(span.start), chars.at(span.end));
        let same = |r: &Region| r.bytes == span && r.label != QUOTE && label != QUOTE;
        if let Some(i) = out.regions.iter().position(same) {
            return Some(i);
        }
        if let Some(name) = name {
            out.names.insert(name_key(start, end), json!(name));
        }
        out.regions.push(Region {
            bytes: span,
            start,
            end,
            label: label.to_string(),
        });
        Some(out.regions.len() - 1)
    };
    for entity in doc.entities.iter().flatten() {
        add(
            &mut out,
            entity.span(),
            &entity.label,
            entity.canonical.as_deref(),
        );
    }
    for quote in doc.quotes.iter().flatten() {
        let Some(q) = add(&mut out, quote.span(), QUOTE, None) else {
            continue;
        };
        if quote.kind != "direct" {
            let r = &out.regions[q];
            let key = name_key(r.start, r.end);
            out.kinds.insert(key, json!(quote.kind));
        }
        let speaker = quote.speaker.as_ref().and_then(|speaker| {
            let mention = Span::new(speaker.start, speaker.end);
            add(&mut out, mention, MENTION, Some(&speaker.name))
        });
        if let Some(s) = speaker {
            out.relations.push(Relation {
                from: q,
                to: s,
                label: SPEAKER_RELATION,
            });
        }
        let cue = quote
            .cue
            .as_ref()
            .and_then(|cue| add(&mut out, Span::new(cue.start, cue.end), CUE, None));
        if let Some(c) = cue {
            out.relations.push(Relation {
                from: q,
                to: c,
                label: CUE_RELATION,
            });
        }
    }
    out
}

/// What an export carries for the round trip beside the tool's own fields:
/// the document's id, meta, names and quote kinds.
pub fn round_trip_data(doc: &Document, found: Regions) -> Value {
    let mut data = Map::new();
    data.insert("id".into(), json!(doc.id));
    if let Some(meta) = &doc.meta {
        data.insert("meta".into(), meta.clone());
    }
    data.insert("names".into(), Value::Object(found.names));
    data.insert("kinds".into(), Value::Object(found.kinds));
    Value::Object(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    #[test]
    fn speaker_mentions_reuse_entities_and_pronouns_become_mentions() {
        let doc = &fixture()[0];
        let r = regions(doc);
        let entities = doc.entities.as_ref().unwrap().len();
        let quotes = doc.quotes.as_ref().unwrap().len();
        // "Rahimova" and "Brandt" are entities; "she" is not; 3 cues.
        assert_eq!(r.regions.len(), entities + quotes + 1 + 3);
        assert_eq!(r.relations.len(), 6);
        let she = r.regions.iter().find(|x| x.label == MENTION).unwrap();
        assert_eq!(she.bytes.slice(&doc.text), "she");
        assert_eq!(
            r.names[&name_key(she.start, she.end)],
            json!("Amina Rahimova")
        );
    }
}
