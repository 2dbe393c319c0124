//! Corrected annotations back from the annotation tools: Label Studio's
//! JSON export and Prodigy's `db-out` JSONL, into newspipe records with
//! the corrected `entities` and `quotes`, so `newspipe annotate` runs the
//! later stages (stance) on them and keeps them.
//!
//! Regions come back as the export wrote them (`export::regions`): entity
//! labels, `QUOTE`, `CUE`, `MENTION`, and `SPEAKER`/`CUE` relations from a
//! quote. Names (canonical names, speaker names) are restored from the
//! `names` the export stored, for spans the annotator did not change.

use crate::export::regions::name_key;
use crate::export::{CUE, CUE_RELATION, MENTION, QUOTE, SPEAKER_RELATION};
use pipeline::Document;
use serde_json::{json, Map, Value};

/// A labelled region as a tool gives it back, in code points.
#[derive(Debug, Clone)]
struct Region {
    key: String,
    start: usize,
    end: usize,
    label: String,
}

/// What came back for one document.
struct Corrected {
    text: String,
    round_trip: Value,
    regions: Vec<Region>,
    /// (from key, to key, label)
    relations: Vec<(String, String, String)>,
}

/// Records read, and those left out with why (rejected in Prodigy,
/// cancelled in Label Studio).
pub struct Imported {
    pub docs: Vec<Document>,
    pub skipped: Vec<String>,
}

/// Reads a Label Studio export (a JSON array of tasks) or Prodigy tasks
/// (JSON Lines), telling them apart by their shape.
pub fn import(input: &str) -> Result<Imported, String> {
    let trimmed = input.trim_start();
    let records: Vec<Value> = if trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| format!("not a JSON array of tasks: {e}"))?
    } else {
        trimmed
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
            .collect::<Result<_, _>>()?
    };
    let mut out = Imported {
        docs: Vec::new(),
        skipped: Vec::new(),
    };
    for (i, record) in records.iter().enumerate() {
        let at = format!("record {}", i + 1);
        let corrected = if record.get("data").is_some() {
            label_studio(record)
        } else {
            prodigy(record)
        };
        match corrected.map_err(|e| format!("{at}: {e}"))? {
            Ok(corrected) => out
                .docs
                .push(document(corrected, &at).map_err(|e| format!("{at}: {e}"))?),
            Err(why) => out.skipped.push(format!("{at}: {why}")),
        }
    }
    Ok(out)
}

type Outcome = Result<Result<Corrected, String>, String>;

fn text_of(v: &Value, key: &str) -> Result<String, String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("no `{key}` text"))
}

fn offset(v: &Value, key: &str) -> Result<usize, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .ok_or_else(|| format!("a region without `{key}`: {v}"))
}

fn label_studio(task: &Value) -> Outcome {
    let data = &task["data"];
    let text = text_of(data, "text")?;
    // The newest annotation that was not cancelled; else the predictions.
    let annotations: Vec<&Value> = task["annotations"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let live: Vec<&&Value> = annotations
        .iter()
        .filter(|a| a["was_cancelled"] != json!(true))
        .collect();
    let result = match live.last() {
        Some(annotation) => &annotation["result"],
        None if !annotations.is_empty() => return Ok(Err("every annotation was cancelled".into())),
        None => &task["predictions"][0]["result"],
    };
    let mut regions = Vec::new();
    let mut relations = Vec::new();
    for r in result.as_array().into_iter().flatten() {
        match r["type"].as_str() {
            Some("labels") => {
                let v = &r["value"];
                let label = v["labels"][0].as_str().ok_or("a region without a label")?;
                regions.push(Region {
                    key: r["id"].as_str().unwrap_or_default().to_string(),
                    start: offset(v, "start")?,
                    end: offset(v, "end")?,
                    label: label.to_string(),
                });
            }
            Some("relation") => {
                let label = r["labels"][0].as_str().unwrap_or(SPEAKER_RELATION);
                relations.push((
                    r["from_id"].as_str().unwrap_or_default().to_string(),
                    r["to_id"].as_str().unwrap_or_default().to_string(),
                    label.to_string(),
                ));
            }
            _ => {}
        }
    }
    Ok(Ok(Corrected {
        text,
        round_trip: data["newspipe"].clone(),
        regions,
        relations,
    }))
}

fn prodigy(task: &Value) -> Outcome {
    if let Some(answer @ ("reject" | "ignore")) = task["answer"].as_str() {
        return Ok(Err(format!("answered `{answer}` in Prodigy")));
    }
    let text = text_of(task, "text")?;
    let key = |s: &Value| -> Result<String, String> {
        Ok(format!(
            "{}:{}:{}",
            offset(s, "start")?,
            offset(s, "end")?,
            s["label"].as_str().unwrap_or_default()
        ))
    };
    let mut regions = Vec::new();
    for s in task["spans"].as_array().into_iter().flatten() {
        regions.push(Region {
            key: key(s)?,
            start: offset(s, "start")?,
            end: offset(s, "end")?,
            label: s["label"]
                .as_str()
                .ok_or("a span without a label")?
                .to_string(),
        });
    }
    let mut relations = Vec::new();
    for r in task["relations"].as_array().into_iter().flatten() {
        relations.push((
            key(&r["head_span"])?,
            key(&r["child_span"])?,
            r["label"].as_str().unwrap_or_default().to_string(),
        ));
    }
    let mut round_trip = task["newspipe"].clone();
    if round_trip.is_null() {
        round_trip = json!({"id": task["meta"]["id"]});
    }
    Ok(Ok(Corrected {
        text,
        round_trip,
        regions,
        relations,
    }))
}

/// The newspipe record of what came back: entities from entity regions,
/// a quote from each `QUOTE` region with the speaker and cue its relations
/// point to. Offsets are checked by `Document::from_json`.
fn document(c: Corrected, at: &str) -> Result<Document, String> {
    let chars: Vec<char> = c.text.chars().collect();
    let slice = |r: &Region| -> Result<String, String> {
        if r.start > r.end || r.end > chars.len() {
            return Err(format!("region {}-{} is outside the text", r.start, r.end));
        }
        Ok(chars[r.start..r.end].iter().collect())
    };
    let names = c
        .round_trip
        .get("names")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let kinds = c
        .round_trip
        .get("kinds")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let name_of = |r: &Region| {
        names
            .get(&name_key(r.start, r.end))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut entities = Vec::new();
    for r in &c.regions {
        if [QUOTE, CUE, MENTION].contains(&r.label.as_str()) {
            continue;
        }
        let mut entity =
            json!({"start": r.start, "end": r.end, "text": slice(r)?, "label": r.label});
        if let Some(name) = name_of(r) {
            entity["canonical"] = json!(name);
        }
        entities.push(entity);
    }
    let target = |from: &str, label: &str| -> Option<&Region> {
        let to = c
            .relations
            .iter()
            .find(|(f, _, l)| f == from && l == label)?;
        c.regions.iter().find(|r| r.key == to.1)
    };
    let mut quotes = Vec::new();
    for q in c.regions.iter().filter(|r| r.label == QUOTE) {
        let speaker = match target(&q.key, SPEAKER_RELATION) {
            Some(s) => {
                let name = name_of(s).unwrap_or(slice(s)?);
                json!({"name": name, "start": s.start, "end": s.end})
            }
            None => Value::Null,
        };
        let cue = match target(&q.key, CUE_RELATION) {
            Some(k) => json!({"text": slice(k)?, "start": k.start, "end": k.end}),
            None => Value::Null,
        };
        let kind = kinds
            .get(&name_key(q.start, q.end))
            .cloned()
            .unwrap_or(json!("direct"));
        quotes.push(json!({"start": q.start, "end": q.end, "text": slice(q)?, "speaker": speaker, "cue": cue, "kind": kind}));
    }
    quotes.sort_by_key(|q| q["start"].as_u64());
    entities.sort_by_key(|e| (e["start"].as_u64(), e["end"].as_u64()));
    let mut record = Map::new();
    if let Some(id) = c.round_trip.get("id").filter(|v| !v.is_null()) {
        record.insert("id".into(), id.clone());
    }
    record.insert("text".into(), json!(c.text));
    if let Some(meta) = c.round_trip.get("meta") {
        record.insert("meta".into(), meta.clone());
    }
    record.insert("entities".into(), json!(entities));
    record.insert("quotes".into(), json!(quotes));
    Document::from_json(record, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;
    use crate::export;

    fn layers(doc: &Document) -> Value {
        let mut json = crate::annotated::to_json(doc);
        let map = json.as_object_mut().unwrap();
        map.retain(|k, _| ["id", "text", "meta", "entities", "quotes"].contains(&k.as_str()));
        map.entry("entities").or_insert(json!([]));
        map.entry("quotes").or_insert(json!([]));
        json
    }

    fn round_trip(write: fn(&[Document], &mut dyn std::io::Write) -> std::io::Result<()>) {
        let docs = fixture();
        let mut out = Vec::new();
        write(&docs, &mut out).unwrap();
        let back = import(std::str::from_utf8(&out).unwrap()).unwrap();
        assert!(back.skipped.is_empty());
        assert_eq!(back.docs.len(), docs.len());
        for (a, b) in docs.iter().zip(&back.docs) {
            let (mut a, b) = (layers(a), layers(b));
            let entities = a["entities"].as_array_mut().unwrap();
            entities.sort_by_key(|e| (e["start"].as_u64(), e["end"].as_u64()));
            assert_eq!(a, b);
        }
    }

    #[test]
    fn label_studio_predictions_round_trip() {
        round_trip(export::label_studio::write);
    }

    #[test]
    fn prodigy_tasks_round_trip() {
        round_trip(export::prodigy::write);
    }

    #[test]
    fn a_corrected_label_studio_annotation_wins_over_predictions() {
        let mut out = Vec::new();
        export::label_studio::write(&fixture()[..1], &mut out).unwrap();
        let mut tasks: Value = serde_json::from_slice(&out).unwrap();
        // The annotator relabels "Tuesday" (a DATE) as an EVENT and deletes
        // everything else but the first quote and its speaker relation.
        let mut result: Vec<Value> = tasks[0]["predictions"][0]["result"]
            .as_array()
            .unwrap()
            .clone();
        result.retain(|r| {
            ["Tuesday", "Rahimova"].contains(&r["value"]["text"].as_str().unwrap_or(""))
                || r["value"]["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("“We"))
                || (r["type"] == "relation"
                    && r["labels"][0] == SPEAKER_RELATION
                    && r["from_id"] == json!("r11"))
        });
        for r in &mut result {
            if r["value"]["text"] == "Tuesday" {
                r["value"]["labels"] = json!(["EVENT"]);
            }
        }
        tasks[0]["annotations"] = json!([{"was_cancelled": false, "result": result}]);
        let back = import(&tasks.to_string()).unwrap();
        let doc = &back.docs[0];
        let entities = doc.entities.as_ref().unwrap();
        assert_eq!(
            entities
                .iter()
                .map(|e| e.label.as_str())
                .collect::<Vec<_>>(),
            ["EVENT", "PERSON"]
        );
        assert_eq!(entities[1].canonical.as_deref(), Some("Amina Rahimova"));
        let quotes = doc.quotes.as_ref().unwrap();
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].speaker.as_ref().unwrap().name, "Amina Rahimova");
        assert!(quotes[0].cue.is_none());
    }

    #[test]
    fn rejected_prodigy_answers_are_skipped_and_counted() {
        let back = import("{\"text\": \"a\", \"answer\": \"reject\"}\n{\"text\": \"b\", \"answer\": \"accept\"}\n").unwrap();
        assert_eq!(back.docs.len(), 1);
        assert_eq!(back.skipped.len(), 1);
    }
}
