//! Checking a worker's reply against the record it was sent, and merging
//! the layers the stage provides into the document.
//!
//! A reply is read field by field with each value left as raw JSON: only
//! the provided layers are parsed; a field the worker echoed is compared
//! with the request's bytes (parsed only when the worker wrote it another
//! way, with other spacing or escapes, say).

use pipeline::document::json_kind;
use pipeline::{Document, Layer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// What was wrong with a reply. `restart`: the worker can no longer be
/// trusted to be in step with its requests, or is wrong about what it does.
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub message: String,
    pub restart: bool,
}

impl Problem {
    fn broken(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            restart: true,
        }
    }
}

/// Merges the provided layers of `reply` into `doc`. `sent` is the request
/// line: a reply may echo any of it unchanged, and may change nothing else.
/// A worker that cannot handle a record may say so: `{"id": …, "error": "…"}`.
pub fn merge(
    doc: &mut Document,
    provides: &[Layer],
    sent: &[u8],
    reply: &[u8],
) -> Result<(), Problem> {
    // The request repeated byte for byte: the right id, the same text,
    // every field an echo. Only a stage that provides nothing (a filter, a
    // validator, an echo) can stop here: a provided layer must be read.
    if provides.is_empty() && reply.strip_suffix(b"\n").unwrap_or(reply) == sent {
        return Ok(());
    }
    let reply = Fields::parse(reply).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => Problem::broken(format!(
            "the reply is {}, not a JSON object",
            json_kind(&serde_json::from_slice(reply).unwrap_or_default())
        )),
        _ => Problem::broken(format!(
            "the reply is not valid JSON ({e}): {}",
            preview(reply)
        )),
    })?;
    check_id(&reply, &doc.id)?;
    if let Some(error) = reply.get("error") {
        return Err(match serde_json::from_str::<String>(error.get()) {
            Ok(message) => Problem {
                message: format!("the worker reported: {message}"),
                restart: false,
            },
            Err(_) => Problem::broken(format!(
                "`error` in the reply must be a string, found {}",
                raw_kind(error)
            )),
        });
    }
    let mut echoes = Echoes::new(sent);
    for text in reply.all("text") {
        if !echoes.is_echo("text", text) && !same_text(text, &doc.text) {
            return Err(Problem::broken("the reply changed `text`"));
        }
    }

    let mut core = Vec::new();
    let mut custom = Vec::new();
    for (key, value) in &reply.0 {
        if RECORD_KEYS.contains(&key.as_ref()) {
            continue;
        }
        if key == "custom" {
            let layers = Fields::parse(value.get().as_bytes()).map_err(|_| {
                Problem::broken(format!(
                    "`custom` in the reply must be an object, found {}",
                    raw_kind(value)
                ))
            })?;
            for (name, value) in layers.0 {
                let layer = Layer::custom(name.as_ref());
                if provides.contains(&layer) {
                    custom.push((name.into_owned(), value));
                } else if !echoes.is_custom_echo(&name, value) {
                    return Err(undeclared(&layer));
                }
            }
            continue;
        }
        let layer = Layer::parse(key);
        if !layer.is_custom() && provides.contains(&layer) {
            core.push((key.as_ref(), *value));
        } else if !echoes.is_echo(key, value) {
            return Err(undeclared(&layer));
        }
    }
    for layer in provides {
        let found = match layer {
            Layer::Custom(name) => custom.iter().any(|(n, _)| n == name),
            core_layer => core.iter().any(|(key, _)| *key == core_layer.name()),
        };
        if !found {
            return Err(Problem::broken(format!(
                "the reply has no `{layer}`, which the stage provides"
            )));
        }
    }

    if !core.is_empty() {
        let mut record = Map::new();
        for (key, value) in core {
            record.insert(key.to_string(), parse_layer(key, value)?);
        }
        record.insert("text".into(), Value::String(doc.text.clone()));
        let mut parsed = Document::from_json(record, &doc.id)
            .map_err(|e| Problem::broken(format!("invalid layer in the reply: {e}")))?;
        for layer in provides.iter().filter(|l| !l.is_custom()) {
            if let Some(value) = parsed.take(layer) {
                doc.put(value);
            }
        }
    }
    for (name, value) in custom {
        let value = parse_layer(&name, value)?;
        doc.custom.insert(name, value);
    }
    Ok(())
}

/// Keys of a reply that are not layers.
const RECORD_KEYS: [&str; 4] = ["id", "text", "format", "error"];

fn check_id(reply: &Fields, id: &str) -> Result<(), Problem> {
    let mut ids = reply.all("id").peekable();
    if ids.peek().is_none() {
        return Err(Problem::broken("the reply has no `id`"));
    }
    for raw in ids {
        let same = same_text(raw, id)
            || serde_json::from_str::<serde_json::Number>(raw.get())
                .is_ok_and(|n| n.to_string() == id);
        if !same {
            return Err(Problem::broken(format!(
                "the reply is for id {}, not \"{id}\": the worker is out of step",
                raw.get()
            )));
        }
    }
    Ok(())
}

/// Whether a JSON string says `text`: read in place when it has no escapes.
fn same_text(raw: &RawValue, text: &str) -> bool {
    match serde_json::from_str::<&str>(raw.get()) {
        Ok(borrowed) => borrowed == text,
        Err(_) => serde_json::from_str::<String>(raw.get()).is_ok_and(|owned| owned == text),
    }
}

fn parse_layer(key: &str, raw: &RawValue) -> Result<Value, Problem> {
    serde_json::from_str(raw.get())
        .map_err(|e| Problem::broken(format!("invalid layer `{key}` in the reply: {e}")))
}

fn undeclared(layer: &Layer) -> Problem {
    Problem::broken(format!(
        "the reply writes `{layer}`, which the stage does not declare in \"provides\""
    ))
}

/// "an array", "a string", …, of a raw value (for an error message).
fn raw_kind(raw: &RawValue) -> &'static str {
    json_kind(&serde_json::from_str(raw.get()).unwrap_or_default())
}

/// A JSON object's fields in order (repeated keys included, so each is
/// checked), values left as raw JSON borrowed from the line.
struct Fields<'r>(Vec<(Cow<'r, str>, &'r RawValue)>);

impl<'r> Fields<'r> {
    fn parse(json: &'r [u8]) -> serde_json::Result<Fields<'r>> {
        serde_json::from_slice(json)
    }

    fn get(&self, key: &str) -> Option<&'r RawValue> {
        self.all(key).next()
    }

    fn all<'k>(&'k self, key: &'k str) -> impl Iterator<Item = &'r RawValue> + 'k {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, value)| *value)
    }
}

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Fields<'de>, M::Error> {
                let mut fields = Vec::new();
                while let Some(Key(key)) = map.next_key()? {
                    fields.push((key, map.next_value()?));
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

/// An object key, borrowed from the line unless it has escapes.
struct Key<'r>(Cow<'r, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_string())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The request's fields, read only when a reply echoes something.
struct Echoes<'a> {
    sent: &'a [u8],
    record: Option<Fields<'a>>,
    custom: Option<Fields<'a>>,
}

impl<'a> Echoes<'a> {
    fn new(sent: &'a [u8]) -> Self {
        Echoes {
            sent,
            record: None,
            custom: None,
        }
    }

    fn record(&mut self) -> &Fields<'a> {
        let sent = self.sent;
        self.record
            .get_or_insert_with(|| Fields::parse(sent).unwrap_or(Fields(Vec::new())))
    }

    /// Whether `value` is what the request carried under `key`.
    fn is_echo(&mut self, key: &str, value: &RawValue) -> bool {
        same(self.record().get(key), value)
    }

    /// Whether `value` is what the request carried under `custom.<name>`.
    fn is_custom_echo(&mut self, name: &str, value: &RawValue) -> bool {
        if self.custom.is_none() {
            let custom = self.record().get("custom");
            self.custom = custom.and_then(|raw| Fields::parse(raw.get().as_bytes()).ok());
        }
        same(self.custom.as_ref().and_then(|c| c.get(name)), value)
    }
}

/// Whether a reply's value is the request's: the same bytes, or else the
/// same JSON written another way.
fn same(sent: Option<&RawValue>, value: &RawValue) -> bool {
    sent.is_some_and(|sent| sent.get() == value.get() || same_json(sent, value))
}

/// Whether two raw values are the same JSON, written differently.
fn same_json(a: &RawValue, b: &RawValue) -> bool {
    match (
        serde_json::from_str::<Value>(a.get()),
        serde_json::from_str::<Value>(b.get()),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The start of a bad reply, for the error message.
fn preview(reply: &[u8]) -> String {
    let text = String::from_utf8_lossy(reply);
    let text = text.trim_end();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(doc: &Document) -> Vec<u8> {
        let mut line = Vec::new();
        doc.write_json(false, &mut line);
        line
    }

    fn doc() -> Document {
        let mut doc = Document::new("d1", "«Да», сказал Путин. Apple rose.");
        doc.custom.insert("seen".into(), json!(true));
        doc
    }

    fn run(provides: &[Layer], reply: Value) -> (Document, Result<(), Problem>) {
        let mut doc = doc();
        let sent = request(&doc);
        let reply = serde_json::to_vec(&reply).unwrap();
        let outcome = merge(&mut doc, provides, &sent, &reply);
        (doc, outcome)
    }

    fn message(outcome: Result<(), Problem>) -> String {
        outcome.unwrap_err().message
    }

    #[test]
    fn core_layers_come_back_in_bytes_custom_ones_as_given() {
        let provides = [Layer::Entities, Layer::custom("tickers")];
        let (doc, outcome) = run(
            &provides,
            json!({"id": "d1", "entities": [{"start": 13, "end": 18, "label": "PERSON"}],
                   "custom": {"tickers": ["AAPL"], "seen": true}}),
        );
        outcome.unwrap();
        let entity = &doc.entities.as_ref().unwrap()[0];
        assert_eq!(entity.text, "Путин");
        assert_eq!(&doc.text[entity.start..entity.end], "Путин");
        assert_eq!(doc.custom["tickers"], json!(["AAPL"]));
    }

    #[test]
    fn a_full_echo_with_the_layers_is_accepted() {
        let provides = [Layer::custom("tickers")];
        let mut reply: Value = serde_json::from_slice(&request(&doc())).unwrap();
        reply["custom"]["tickers"] = json!([]);
        let (doc, outcome) = run(&provides, reply);
        outcome.unwrap();
        assert_eq!(doc.custom["tickers"], json!([]));
    }

    #[test]
    fn broken_replies_name_the_problem() {
        let tickers = [Layer::custom("tickers")];
        let (_, outcome) = run(&tickers, json!({"id": "d2", "custom": {"tickers": []}}));
        assert!(message(outcome).contains("for id \"d2\""));
        let (_, outcome) = run(
            &tickers,
            json!({"id": "d1", "text": "changed", "custom": {"tickers": []}}),
        );
        assert_eq!(message(outcome), "the reply changed `text`");
        let (_, outcome) = run(
            &tickers,
            json!({"id": "d1", "custom": {"tickers": [], "seen": false}}),
        );
        assert!(message(outcome).contains("`custom.seen`, which the stage does not declare"));
        let (_, outcome) = run(
            &tickers,
            json!({"id": "d1", "entities": [], "custom": {"tickers": []}}),
        );
        assert!(message(outcome).contains("`entities`, which the stage does not declare"));
        let (_, outcome) = run(&tickers, json!({"id": "d1"}));
        assert!(message(outcome).contains("has no `custom.tickers`"));
        let (_, outcome) = run(
            &[Layer::Entities],
            json!({"id": "d1", "entities": [{"start": 0, "end": 99, "label": "X"}]}),
        );
        assert!(message(outcome).contains("past the end"));
        let (doc, outcome) = run(&tickers, json!({"id": "d1", "error": "no model for ru"}));
        let problem = outcome.unwrap_err();
        assert_eq!(problem.message, "the worker reported: no model for ru");
        assert!(!problem.restart);
        assert!(!doc.custom.contains_key("tickers"));
    }

    #[test]
    fn a_byte_for_byte_echo_is_accepted_and_changes_nothing() {
        let mut doc = doc();
        doc.lang = Some(pipeline::Language {
            code: "ru".into(),
            confidence: 0.87,
        });
        let sent = request(&doc);
        let before = request(&doc);
        merge(&mut doc, &[], &sent, &sent).unwrap();
        assert_eq!(request(&doc), before);
    }

    #[test]
    fn an_echo_written_another_way_is_the_same_json() {
        // What Python's json.dumps (default ensure_ascii) makes of the
        // record: spaces after separators, \uXXXX escapes, a \/ for good
        // measure.
        let reply = r#"{"id": "d1", "text": "\u00abДа\u00bb, \u0441казал Путин. Apple rose.", "custom": {"seen": true, "tickers": ["A\/B"]}}"#;
        let mut doc = doc();
        let sent = request(&doc);
        merge(
            &mut doc,
            &[Layer::custom("tickers")],
            &sent,
            reply.as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.custom["tickers"], json!(["A/B"]));
    }

    #[test]
    fn every_copy_of_a_repeated_key_is_checked() {
        let tickers = [Layer::custom("tickers")];
        let text = doc().text;
        let (_, outcome) = run(
            &tickers,
            json!({"id": "d1", "text": text, "custom": {"tickers": []}}),
        );
        outcome.unwrap();
        let mut doc = doc();
        let sent = request(&doc);
        let reply = format!(
            r#"{{"id":"d1","text":{},"text":"changed","custom":{{"tickers":[]}}}}"#,
            serde_json::to_string(&text).unwrap()
        );
        let problem = merge(&mut doc, &tickers, &sent, reply.as_bytes()).unwrap_err();
        assert_eq!(problem.message, "the reply changed `text`");
        let reply = r#"{"id":"d1","id":"d2","custom":{"tickers":[]}}"#;
        let problem = merge(&mut doc, &tickers, &sent, reply.as_bytes()).unwrap_err();
        assert!(
            problem.message.contains("for id \"d2\""),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_number_id_and_odd_replies() {
        let mut doc = Document::new("7", "x");
        let sent = request(&doc);
        merge(&mut doc, &[], &sent, b"{\"id\": 7}\n").unwrap();
        let problem = merge(&mut doc, &[], &sent, b"[1, 2]\n").unwrap_err();
        assert_eq!(problem.message, "the reply is an array, not a JSON object");
        let problem = merge(&mut doc, &[], &sent, b"\n").unwrap_err();
        assert!(
            problem.message.contains("not valid JSON"),
            "{}",
            problem.message
        );
        let problem = merge(&mut doc, &[], &sent, br#"{"id": "7", "custom": 3}"#).unwrap_err();
        assert_eq!(
            problem.message,
            "`custom` in the reply must be an object, found a number"
        );
        let problem = merge(&mut doc, &[], &sent, br#"{"id": "7", "error": 3}"#).unwrap_err();
        assert!(problem.restart);
        assert!(problem.message.contains("must be a string"));
    }

    #[test]
    fn invalid_json_is_quoted() {
        let mut doc = doc();
        let sent = request(&doc);
        let problem = merge(&mut doc, &[], &sent, b"oops {\n").unwrap_err();
        assert!(problem.restart);
        assert!(
            problem.message.contains("not valid JSON"),
            "{}",
            problem.message
        );
        assert!(problem.message.ends_with(": oops {"), "{}", problem.message);
    }
}
