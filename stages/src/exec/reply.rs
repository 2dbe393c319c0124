//! Checking a worker's reply against the record it was sent, and merging
//! the layers the stage provides into the document.

use pipeline::document::json_kind;
use pipeline::{Document, Layer};
use serde_json::{Map, Value};

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

/// Keys of a reply that are not layers.
const RECORD_KEYS: [&str; 3] = ["id", "text", "format"];

/// Merges the provided layers of `reply` into `doc`. `sent` is the request
/// line: a reply may echo any of it unchanged, and may change nothing else.
/// A worker that cannot handle a record may say so: `{"id": …, "error": "…"}`.
pub fn merge(
    doc: &mut Document,
    provides: &[Layer],
    sent: &[u8],
    reply: &[u8],
) -> Result<(), Problem> {
    let reply: Value = serde_json::from_slice(reply).map_err(|e| {
        Problem::broken(format!(
            "the reply is not valid JSON ({e}): {}",
            preview(reply)
        ))
    })?;
    let Value::Object(mut reply) = reply else {
        return Err(Problem::broken(format!(
            "the reply is {}, not a JSON object",
            json_kind(&reply)
        )));
    };
    match reply.get("id") {
        Some(Value::String(id)) if *id == doc.id => {}
        Some(Value::Number(n)) if n.to_string() == doc.id => {}
        Some(other) => {
            return Err(Problem::broken(format!(
                "the reply is for id {other}, not \"{}\": the worker is out of step",
                doc.id
            )))
        }
        None => return Err(Problem::broken("the reply has no `id`")),
    }
    match reply.remove("error") {
        Some(Value::String(message)) => {
            return Err(Problem {
                message: format!("the worker reported: {message}"),
                restart: false,
            })
        }
        Some(other) => {
            return Err(Problem::broken(format!(
                "`error` in the reply must be a string, found {}",
                json_kind(&other)
            )))
        }
        None => {}
    }
    match reply.get("text") {
        None => {}
        Some(Value::String(text)) if *text == doc.text => {}
        Some(_) => return Err(Problem::broken("the reply changed `text`")),
    }

    let mut echoes = Echoes::new(sent);
    let mut core = Map::new();
    let mut custom = Vec::new();
    for (key, value) in reply {
        if RECORD_KEYS.contains(&key.as_str()) {
            continue;
        }
        if key == "custom" {
            let Value::Object(layers) = value else {
                return Err(Problem::broken(format!(
                    "`custom` in the reply must be an object, found {}",
                    json_kind(&value)
                )));
            };
            for (name, value) in layers {
                let layer = Layer::custom(name.as_str());
                if provides.contains(&layer) {
                    custom.push((name, value));
                } else if !echoes.is_echo(Some("custom"), &name, &value) {
                    return Err(undeclared(&layer));
                }
            }
            continue;
        }
        let layer = Layer::parse(&key);
        if !layer.is_custom() && provides.contains(&layer) {
            core.insert(key, value);
        } else if !echoes.is_echo(None, &key, &value) {
            return Err(undeclared(&layer));
        }
    }
    for layer in provides {
        let found = match layer {
            Layer::Custom(name) => custom.iter().any(|(n, _)| n == name),
            core_layer => core.contains_key(core_layer.name()),
        };
        if !found {
            return Err(Problem::broken(format!(
                "the reply has no `{layer}`, which the stage provides"
            )));
        }
    }

    if !core.is_empty() {
        core.insert("text".into(), Value::String(doc.text.clone()));
        let mut parsed = Document::from_json(core, &doc.id)
            .map_err(|e| Problem::broken(format!("invalid layer in the reply: {e}")))?;
        for layer in provides.iter().filter(|l| !l.is_custom()) {
            if let Some(value) = parsed.take(layer) {
                doc.put(value);
            }
        }
    }
    for (name, value) in custom {
        doc.custom.insert(name, value);
    }
    Ok(())
}

fn undeclared(layer: &Layer) -> Problem {
    Problem::broken(format!(
        "the reply writes `{layer}`, which the stage does not declare in \"provides\""
    ))
}

/// The request, parsed only when a reply echoes something.
struct Echoes<'a> {
    sent: &'a [u8],
    record: Option<Map<String, Value>>,
}

impl<'a> Echoes<'a> {
    fn new(sent: &'a [u8]) -> Self {
        Echoes { sent, record: None }
    }

    /// Whether `value` is what the request carried under `key` (inside
    /// `within`, when given).
    fn is_echo(&mut self, within: Option<&str>, key: &str, value: &Value) -> bool {
        let sent = self.sent;
        let record = self
            .record
            .get_or_insert_with(|| serde_json::from_slice(sent).unwrap_or_default());
        let scope = match within {
            None => Some(&*record),
            Some(field) => record.get(field).and_then(Value::as_object),
        };
        scope.and_then(|map| map.get(key)) == Some(value)
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
        doc.write_json_ref(false, &mut line);
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
