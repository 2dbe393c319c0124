//! Label Studio tasks: a JSON array, each task's `data.text` the article
//! and its annotations as `predictions` (so annotators correct rather than
//! start from zero): `labels` regions for entities, quotes, cues and
//! speaker mentions, and `relation` results from each quote to its speaker
//! and cue. Offsets count code points, as Label Studio stores them.
//! The labelling config to create the project with is [`LABEL_CONFIG`].

use super::regions::{regions, round_trip_data};
use pipeline::Document;
use serde_json::{json, Value};
use std::io::{self, Write};

/// The name of the `<Labels>` and `<Text>` tags in [`LABEL_CONFIG`].
pub const FROM_NAME: &str = "label";
pub const TO_NAME: &str = "text";

/// A Label Studio labelling config that shows every label and relation the
/// export writes (docs/datasets.md tells where to paste it).
pub const LABEL_CONFIG: &str = r##"<View>
  <Relations>
    <Relation value="SPEAKER"/>
    <Relation value="CUE"/>
  </Relations>
  <Labels name="label" toName="text">
    <Label value="PERSON" background="#f4a261"/>
    <Label value="ORG" background="#2a9d8f"/>
    <Label value="GPE" background="#8ab17d"/>
    <Label value="LOC" background="#b5838d"/>
    <Label value="NORP" background="#e9c46a"/>
    <Label value="DATE" background="#a8dadc"/>
    <Label value="QUOTE" background="#cdb4db"/>
    <Label value="CUE" background="#ffafcc"/>
    <Label value="MENTION" background="#bde0fe"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"##;

pub fn write(docs: &[Document], out: &mut dyn Write) -> io::Result<()> {
    // One task at a time, so memory stays at one document's JSON.
    out.write_all(b"[")?;
    for (i, doc) in docs.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &task(doc))?;
    }
    out.write_all(b"\n]\n")
}

fn task(doc: &Document) -> Value {
    let found = regions(doc);
    let id = |i: usize| format!("r{i}");
    let mut result: Vec<Value> = found
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": id(i), "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
                "value": {"start": r.start, "end": r.end, "text": r.bytes.slice(&doc.text), "labels": [r.label]},
            })
        })
        .collect();
    result.extend(found.relations.iter().map(|rel| {
        json!({"type": "relation", "from_id": id(rel.from), "to_id": id(rel.to), "direction": "right", "labels": [rel.label]})
    }));
    json!({
        "data": {"text": doc.text, "newspipe": round_trip_data(doc, found)},
        "predictions": [{"model_version": concat!("newspipe ", env!("CARGO_PKG_VERSION")), "result": result}],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::{assert_cuts, fixture};

    /// Against Label Studio's documented import schema: region ids are
    /// unique, values slice the text, labels are in the config, relations
    /// join existing regions.
    #[test]
    fn tasks_follow_the_documented_schema() {
        for doc in fixture() {
            let t = task(&doc);
            let text: Vec<char> = t["data"]["text"].as_str().unwrap().chars().collect();
            let result = t["predictions"][0]["result"].as_array().unwrap();
            let ids: Vec<&Value> = result.iter().filter_map(|r| r.get("id")).collect();
            let mut unique = ids.clone();
            unique.dedup();
            assert_eq!(ids.len(), unique.len());
            for r in result {
                if r["type"] == "relation" {
                    assert!(
                        ids.contains(&&r["from_id"]) && ids.contains(&&r["to_id"]),
                        "{r}"
                    );
                    assert!(LABEL_CONFIG.contains(&format!(
                        "<Relation value=\"{}\"",
                        r["labels"][0].as_str().unwrap()
                    )));
                    continue;
                }
                assert_eq!(r["type"], "labels");
                let v = &r["value"];
                assert_cuts(&text, v);
                assert!(LABEL_CONFIG.contains(&format!(
                    "<Label value=\"{}\"",
                    v["labels"][0].as_str().unwrap()
                )));
            }
        }
    }
}
