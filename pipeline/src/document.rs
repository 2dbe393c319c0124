//! The document a pipeline annotates, and its JSON form (`FORMAT.md`).

use crate::json_string::{read_json_string, write_json_string};
use crate::layer::Layer;
use crate::layers::*;
use crate::offsets::CharIndex;
use serde::Serialize;
use serde_json::{Map, Value};

/// The output format's version (`"format"` in every record).
pub const FORMAT_VERSION: u32 = 1;

/// One article and the layers stages have added to it.
///
/// Offsets in every layer are byte offsets into `text` while the document is
/// in the pipeline; [`Document::from_json`] and [`Document::write_json`]
/// convert from and to the code points of the output format.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub meta: Option<Value>,
    pub lang: Option<Language>,
    pub sentences: Option<Vec<Span>>,
    pub tokens: Option<Vec<Token>>,
    pub entities: Option<Vec<Entity>>,
    pub quotes: Option<Vec<Quote>>,
    pub stances: Option<Vec<Stance>>,
    pub stance_summary: Option<Vec<StanceSummary>>,
    /// Layers of custom stages, by name: JSON values written as given (so
    /// offsets inside them are code points, like everything in the output).
    pub custom: Map<String, Value>,
    pub errors: Vec<RecordError>,
    /// Fields of the input record that newspipe does not know, kept so that
    /// nothing a user brought is lost on the way through.
    pub extra: Map<String, Value>,
}

/// The value of one layer, moved out of or into a document.
#[derive(Debug, Clone)]
pub enum LayerValue {
    Lang(Language),
    Sentences(Vec<Span>),
    Tokens(Vec<Token>),
    Entities(Vec<Entity>),
    Quotes(Vec<Quote>),
    Stances(Vec<Stance>),
    StanceSummary(Vec<StanceSummary>),
    Custom(String, Value),
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// Whether the document carries `layer`.
    pub fn has(&self, layer: &Layer) -> bool {
        match layer {
            Layer::Lang => self.lang.is_some(),
            Layer::Sentences => self.sentences.is_some(),
            Layer::Tokens => self.tokens.is_some(),
            Layer::Entities => self.entities.is_some(),
            Layer::Quotes => self.quotes.is_some(),
            Layer::Stances => self.stances.is_some(),
            Layer::StanceSummary => self.stance_summary.is_some(),
            Layer::Custom(name) => self.custom.contains_key(name),
        }
    }

    /// Moves `layer` out of the document.
    pub fn take(&mut self, layer: &Layer) -> Option<LayerValue> {
        match layer {
            Layer::Lang => self.lang.take().map(LayerValue::Lang),
            Layer::Sentences => self.sentences.take().map(LayerValue::Sentences),
            Layer::Tokens => self.tokens.take().map(LayerValue::Tokens),
            Layer::Entities => self.entities.take().map(LayerValue::Entities),
            Layer::Quotes => self.quotes.take().map(LayerValue::Quotes),
            Layer::Stances => self.stances.take().map(LayerValue::Stances),
            Layer::StanceSummary => self.stance_summary.take().map(LayerValue::StanceSummary),
            Layer::Custom(name) => self
                .custom
                .remove(name)
                .map(|value| LayerValue::Custom(name.clone(), value)),
        }
    }

    /// Puts a layer into the document, replacing what was there.
    pub fn put(&mut self, value: LayerValue) {
        match value {
            LayerValue::Lang(v) => self.lang = Some(v),
            LayerValue::Sentences(v) => self.sentences = Some(v),
            LayerValue::Tokens(v) => self.tokens = Some(v),
            LayerValue::Entities(v) => self.entities = Some(v),
            LayerValue::Quotes(v) => self.quotes = Some(v),
            LayerValue::Stances(v) => self.stances = Some(v),
            LayerValue::StanceSummary(v) => self.stance_summary = Some(v),
            LayerValue::Custom(name, v) => {
                self.custom.insert(name, v);
            }
        }
    }

    /// The layers the document carries, core ones first.
    pub fn layers(&self) -> Vec<Layer> {
        let mut layers: Vec<Layer> = Layer::CORE
            .iter()
            .filter(|layer| self.has(layer))
            .cloned()
            .collect();
        layers.extend(self.custom.keys().map(|name| Layer::custom(name.clone())));
        layers
    }

    /// Records that `stage` failed on this document.
    pub fn add_error(&mut self, stage: impl Into<String>, message: impl Into<String>) {
        self.errors.push(RecordError {
            stage: stage.into(),
            message: message.into(),
        });
    }

    /// Reads a record in the output format. `default_id` is used when the
    /// record has no `id`. Offsets are checked against the text and converted
    /// to bytes; an error says which field is wrong.
    pub fn from_json(record: Map<String, Value>, default_id: &str) -> Result<Document, String> {
        let mut record = record;
        // `shift_remove`, not `remove` (a swap with the last key): the
        // fields left over are the user's own and keep their order.
        let text = record.shift_remove("text");
        Document::from_fields(text, record, || default_id.to_string())
    }

    /// [`Document::from_json`] with the `text` field taken out already;
    /// `default_id` is called only for a record without an id.
    pub fn from_fields(
        text: Option<Value>,
        mut record: Map<String, Value>,
        default_id: impl FnOnce() -> String,
    ) -> Result<Document, String> {
        let text = match text {
            Some(Value::String(text)) => text,
            Some(other) => {
                return Err(format!(
                    "`text` must be a string, found {}",
                    json_kind(&other)
                ))
            }
            None => return Err("the record has no `text`".to_string()),
        };
        let id = match record.shift_remove("id") {
            None | Some(Value::Null) => default_id(),
            Some(Value::String(id)) => id,
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(format!(
                    "`id` must be a string or a number, found {}",
                    json_kind(&other)
                ))
            }
        };
        let mut doc = Document::new(id, text);
        record.shift_remove("format");
        doc.meta = record.shift_remove("meta");
        if let Some(custom) = record.shift_remove("custom") {
            match custom {
                Value::Object(map) => doc.custom = map,
                other => {
                    return Err(format!(
                        "`custom` must be an object, found {}",
                        json_kind(&other)
                    ))
                }
            }
        }
        if let Some(errors) = record.shift_remove("errors") {
            doc.errors = field("errors", errors)?;
        }
        if let Some(v) = record.shift_remove("lang") {
            doc.lang = Some(field("lang", v)?);
        }
        // Most inputs carry no layer: no index to build then.
        if OFFSET_LAYERS.iter().any(|key| record.contains_key(*key)) {
            let index = CharIndex::new(&doc.text);
            doc.sentences = layer_from_json(&mut record, "sentences", &index)?;
            doc.tokens = layer_from_json(&mut record, "tokens", &index)?;
            doc.entities = layer_from_json(&mut record, "entities", &index)?;
            doc.quotes = layer_from_json(&mut record, "quotes", &index)?;
            doc.stances = layer_from_json(&mut record, "stances", &index)?;
        }
        if let Some(v) = record.shift_remove("stance_summary") {
            doc.stance_summary = Some(field("stance_summary", v)?);
        }
        doc.fill_texts();
        doc.extra = record;
        Ok(doc)
    }

    /// Mention texts an input may leave out are taken from their spans.
    fn fill_texts(&mut self) {
        let text = &self.text;
        for entity in self.entities.iter_mut().flatten() {
            if entity.text.is_empty() {
                entity.text = entity.span().slice(text).to_string();
            }
        }
        for quote in self.quotes.iter_mut().flatten() {
            if quote.text.is_empty() {
                quote.text = quote.span().slice(text).to_string();
            }
        }
    }

    /// Appends the record, as one JSON line without the newline, to `out`.
    /// Tokens are written only when `with_tokens` is set.
    pub fn write_json(mut self, with_tokens: bool, out: &mut Vec<u8>) {
        if !with_tokens {
            self.tokens = None;
        }
        let index = CharIndex::new(&self.text);
        let mut to_char = |byte: usize| index.to_char(byte);
        self.sentences.map_offsets(&mut to_char);
        self.tokens.map_offsets(&mut to_char);
        self.entities.map_offsets(&mut to_char);
        self.quotes.map_offsets(&mut to_char);
        self.stances.map_offsets(&mut to_char);
        OutputRecord {
            doc: &self,
            with_tokens: true,
            index: None,
        }
        .write(out);
    }

    /// Like [`Document::write_json`], but leaves the document as it is: for
    /// a stage that hands the record to another program mid-pipeline (`exec`).
    /// Each offset layer is copied and converted as it is written.
    pub fn write_json_ref(&self, with_tokens: bool, out: &mut Vec<u8>) {
        let index = CharIndex::new(&self.text);
        OutputRecord {
            doc: self,
            with_tokens,
            index: Some(&index),
        }
        .write(out);
    }
}

/// The keys of the layers that carry offsets.
const OFFSET_LAYERS: [&str; 5] = ["sentences", "tokens", "entities", "quotes", "stances"];

/// The fields of one JSON Lines record: `text` and the others, in order,
/// read as [`Document::from_fields`] takes them. The text is unescaped
/// straight into its `String` ([`read_json_string`]). `None` when the line
/// is not a JSON object (or holds what only serde_json's own reading should
/// judge): the caller then reads it with `serde_json::from_str` and reports
/// what is wrong exactly as before.
pub fn record_fields(line: &str) -> Option<(Option<Value>, Map<String, Value>)> {
    serde_json::from_str::<RecordFields>(line)
        .ok()
        .map(|fields| (fields.text, fields.rest))
}

struct RecordFields {
    text: Option<Value>,
    rest: Map<String, Value>,
}

impl<'de> serde::Deserialize<'de> for RecordFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordFieldsVisitor)
    }
}

struct RecordFieldsVisitor;

impl<'de> serde::de::Visitor<'de> for RecordFieldsVisitor {
    type Value = RecordFields;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RecordFields, A::Error> {
        use serde::de::Error;
        let mut fields = RecordFields {
            text: None,
            rest: Map::new(),
        };
        // Later duplicates replace earlier values, as in serde_json's `Value`.
        while let Some(key) = map.next_key::<String>()? {
            let raw: &'de serde_json::value::RawValue = map.next_value()?;
            let text = (key == "text")
                .then(|| read_json_string(raw.get()))
                .flatten();
            let value = match text {
                Some(text) => Value::String(text),
                None => serde_json::from_str(raw.get()).map_err(A::Error::custom)?,
            };
            if key == "text" {
                fields.text = Some(value);
            } else {
                fields.rest.insert(key, value);
            }
        }
        Ok(fields)
    }
}

/// Reads and converts one offset-carrying layer.
fn layer_from_json<T>(
    record: &mut Map<String, Value>,
    key: &str,
    index: &CharIndex,
) -> Result<Option<T>, String>
where
    T: serde::de::DeserializeOwned + Offsets,
{
    let Some(value) = record.shift_remove(key) else {
        return Ok(None);
    };
    let mut layer: T = field(key, value)?;
    let mut bad: Option<usize> = None;
    // Offsets come in (start, end) pairs; a span that ends before it starts
    // would make a stage's slice or length panic.
    let mut start: Option<usize> = None;
    let mut backwards: Option<(usize, usize)> = None;
    layer.map_offsets(&mut |c| {
        match start.take() {
            None => start = Some(c),
            Some(s) if s > c => {
                backwards.get_or_insert((s, c));
            }
            Some(_) => {}
        }
        match index.to_byte(c) {
            Some(byte) => byte,
            None => {
                bad.get_or_insert(c);
                0
            }
        }
    });
    if let Some(c) = bad {
        return Err(format!(
            "`{key}` has offset {c}, past the end of the text ({} code points)",
            index.char_len()
        ));
    }
    if let Some((s, e)) = backwards {
        return Err(format!(
            "`{key}` has a span from {s} to {e}, which ends before it starts"
        ));
    }
    Ok(Some(layer))
}

fn field<T: serde::de::DeserializeOwned>(key: &str, value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("`{key}` is not valid: {e}"))
}

/// "an array", "a number", …: for error messages about input records.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A document in output order. Offsets are converted already, or, with an
/// `index`, converted on copies as they are written.
struct OutputRecord<'a> {
    doc: &'a Document,
    with_tokens: bool,
    index: Option<&'a CharIndex<'a>>,
}

/// Appends `,"key":` (a map entry after the first, in serde_json's
/// compact form).
fn write_key(out: &mut Vec<u8>, key: &str) {
    out.push(b',');
    write_json_string(out, key);
    out.push(b':');
}

/// A JSON object written by hand, in serde_json's compact form; keys are
/// plain names (nothing to escape).
struct Object<'o> {
    out: &'o mut Vec<u8>,
    numbers: &'o mut itoa::Buffer,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>, numbers: &'o mut itoa::Buffer) -> Self {
        out.push(b'{');
        Object {
            out,
            numbers,
            empty: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    fn number(&mut self, key: &str, value: usize) {
        self.key(key);
        self.out
            .extend_from_slice(self.numbers.format(value).as_bytes());
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        write_json_string(self.out, value);
    }

    /// `true`, `false` or `null`.
    fn literal(&mut self, key: &str, value: &str) {
        self.key(key);
        self.out.extend_from_slice(value.as_bytes());
    }

    fn object(&mut self, key: &str, fields: impl FnOnce(&mut Object)) {
        self.key(key);
        let mut inner = Object::open(self.out, self.numbers);
        fields(&mut inner);
        inner.close();
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

/// Appends `,"key":value`.
fn write_entry<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, value: &T) {
    write_key(out, key);
    serde_json::to_writer(&mut *out, value).expect("writing JSON to memory cannot fail");
}

impl OutputRecord<'_> {
    fn offset_layer<T>(&self, out: &mut Vec<u8>, key: &str, layer: &Option<T>)
    where
        T: Serialize + Offsets + Clone,
    {
        match (layer, self.index) {
            (None, _) => {}
            (Some(layer), None) => write_entry(out, key, layer),
            (Some(layer), Some(index)) => {
                let mut copy = layer.clone();
                copy.map_offsets(&mut |byte| index.to_char(byte));
                write_entry(out, key, &copy)
            }
        }
    }

    /// A byte offset as written: converted through the index, if any.
    fn offset(&self, byte: usize) -> usize {
        self.index.map_or(byte, |index| index.to_char(byte))
    }

    /// `,"key":[…]` with each item written by `item` as one object.
    fn write_items<T>(
        &self,
        out: &mut Vec<u8>,
        key: &str,
        items: &[T],
        item: impl Fn(&mut Object, &T),
    ) {
        write_key(out, key);
        out.push(b'[');
        let mut numbers = itoa::Buffer::new();
        for (i, value) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let mut object = Object::open(out, &mut numbers);
            item(&mut object, value);
            object.close();
        }
        out.push(b']');
    }

    /// Sentences, tokens, entities and quotes are written by hand: they
    /// are the most numerous items of a record, and serde_json escapes every
    /// key and formats every number through its generic machinery. The
    /// form is serde's, byte for byte (tested).
    fn write_spans(&self, out: &mut Vec<u8>, key: &str, spans: &[Span]) {
        self.write_items(out, key, spans, |o, span| {
            o.number("start", self.offset(span.start));
            o.number("end", self.offset(span.end));
        });
    }

    fn write_tokens(&self, out: &mut Vec<u8>, key: &str, tokens: &[Token]) {
        self.write_items(out, key, tokens, |o, token| {
            o.number("start", self.offset(token.start));
            o.number("end", self.offset(token.end));
            o.string("kind", token.kind.name());
            o.string("shape", token.shape.name());
            o.literal(
                "sentence_start",
                if token.sentence_start {
                    "true"
                } else {
                    "false"
                },
            );
        });
    }

    fn write_entities(&self, out: &mut Vec<u8>, key: &str, entities: &[Entity]) {
        self.write_items(out, key, entities, |o, entity| {
            o.number("start", self.offset(entity.start));
            o.number("end", self.offset(entity.end));
            o.string("text", &entity.text);
            o.string("label", &entity.label);
            if let Some(canonical) = &entity.canonical {
                o.string("canonical", canonical);
            }
        });
    }

    fn write_quotes(&self, out: &mut Vec<u8>, key: &str, quotes: &[Quote]) {
        self.write_items(out, key, quotes, |o, quote| {
            o.number("start", self.offset(quote.start));
            o.number("end", self.offset(quote.end));
            o.string("text", &quote.text);
            match &quote.speaker {
                Some(speaker) => o.object("speaker", |o| {
                    o.string("name", &speaker.name);
                    o.number("start", self.offset(speaker.start));
                    o.number("end", self.offset(speaker.end));
                }),
                None => o.literal("speaker", "null"),
            }
            match &quote.cue {
                Some(cue) => o.object("cue", |o| {
                    o.string("text", &cue.text);
                    o.number("start", self.offset(cue.start));
                    o.number("end", self.offset(cue.end));
                }),
                None => o.literal("cue", "null"),
            }
            o.string("kind", &quote.kind);
        });
    }

    /// Appends the record as one line of compact JSON, written by hand for
    /// the id and the text (most of the bytes; see [`write_json_string`]),
    /// through serde_json for the rest.
    fn write(&self, out: &mut Vec<u8>) {
        let doc = self.doc;
        out.extend_from_slice(b"{\"format\":");
        serde_json::to_writer(&mut *out, &FORMAT_VERSION).expect("writing to memory");
        out.extend_from_slice(b",\"id\":");
        write_json_string(out, &doc.id);
        out.extend_from_slice(b",\"text\":");
        write_json_string(out, &doc.text);
        if let Some(meta) = &doc.meta {
            write_entry(out, "meta", meta);
        }
        if let Some(v) = &doc.lang {
            write_entry(out, "lang", v);
        }
        if let Some(sentences) = &doc.sentences {
            self.write_spans(out, "sentences", sentences);
        }
        if let (true, Some(tokens)) = (self.with_tokens, &doc.tokens) {
            self.write_tokens(out, "tokens", tokens);
        }
        if let Some(entities) = &doc.entities {
            self.write_entities(out, "entities", entities);
        }
        if let Some(quotes) = &doc.quotes {
            self.write_quotes(out, "quotes", quotes);
        }
        self.offset_layer(out, "stances", &doc.stances);
        if let Some(v) = &doc.stance_summary {
            write_entry(out, "stance_summary", v);
        }
        if !doc.custom.is_empty() {
            write_entry(out, "custom", &doc.custom);
        }
        for (key, value) in &doc.extra {
            write_entry(out, key, value);
        }
        if !doc.errors.is_empty() {
            write_entry(out, "errors", &doc.errors);
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<Document, String> {
        match value {
            Value::Object(map) => Document::from_json(map, "f.jsonl:1"),
            _ => unreachable!(),
        }
    }

    fn written(doc: Document) -> Value {
        let mut out = Vec::new();
        doc.write_json(false, &mut out);
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn code_point_offsets_in_and_out() {
        let text = "«Да», — сказал Путин. “Iran’s” role.";
        let start = text.chars().position(|c| c == 'П').unwrap();
        let input = json!({"id": "ru-1", "text": text,
            "entities": [{"start": start, "end": start + 5, "label": "PERSON"}]});
        let doc = read(input).unwrap();
        let entity = &doc.entities.as_ref().unwrap()[0];
        assert_eq!(entity.text, "Путин");
        assert_eq!(&doc.text[entity.start..entity.end], "Путин");
        let out = written(doc);
        assert_eq!(out["entities"][0]["start"], json!(start));
        assert_eq!(out["entities"][0]["end"], json!(start + 5));
        assert_eq!(out["format"], json!(1));
    }

    #[test]
    fn output_offsets_count_code_points_for_cjk_and_persian() {
        let text = "北京。ایران گفت";
        let mut doc = Document::new("x", text);
        let byte = text.find('ا').unwrap();
        doc.sentences = Some(vec![Span::new(0, byte), Span::new(byte, text.len())]);
        let out = written(doc);
        assert_eq!(
            out["sentences"],
            json!([{"start": 0, "end": 3}, {"start": 3, "end": 12}])
        );
    }

    #[test]
    fn missing_or_wrong_text_is_an_error() {
        assert!(read(json!({"id": "a"})).unwrap_err().contains("no `text`"));
        assert!(read(json!({"text": 5}))
            .unwrap_err()
            .contains("must be a string"));
    }

    #[test]
    fn offsets_past_the_end_are_an_error() {
        let err = read(json!({"text": "ab", "sentences": [{"start": 0, "end": 3}]})).unwrap_err();
        assert!(err.contains("past the end"), "{err}");
    }

    #[test]
    fn spans_that_run_backwards_are_an_error() {
        let err = read(json!({"text": "abc", "entities": [{"start": 2, "end": 1, "label": "X"}]}))
            .unwrap_err();
        assert!(err.contains("from 2 to 1"), "{err}");
        let speaker = json!({"name": "A", "start": 1, "end": 0});
        let quote =
            json!({"start": 0, "end": 3, "kind": "direct", "speaker": speaker, "cue": null});
        let err = read(json!({"text": "abc", "quotes": [quote]})).unwrap_err();
        assert!(err.contains("from 1 to 0"), "{err}");
    }

    #[test]
    fn default_id_and_unknown_fields_are_kept() {
        let doc = read(json!({"text": "x", "source_url": "http://a"})).unwrap();
        assert_eq!(doc.id, "f.jsonl:1");
        let out = written(doc);
        assert_eq!(out["source_url"], json!("http://a"));
    }

    #[test]
    fn write_json_ref_converts_offsets_and_keeps_the_document() {
        let text = "«Да», — сказал Путин.";
        let byte = text.find('П').unwrap();
        let mut doc = Document::new("ru", text);
        doc.entities = Some(vec![Entity {
            start: byte,
            end: byte + "Путин".len(),
            text: "Путин".into(),
            label: "PERSON".into(),
            canonical: None,
        }]);
        doc.tokens = Some(Vec::new());
        let mut by_ref = Vec::new();
        doc.write_json_ref(false, &mut by_ref);
        assert_eq!(doc.entities.as_ref().unwrap()[0].start, byte);
        let mut consumed = Vec::new();
        doc.write_json(false, &mut consumed);
        assert_eq!(by_ref, consumed);
        let value: Value = serde_json::from_slice(&by_ref).unwrap();
        assert_eq!(value["entities"][0]["start"], json!(15));
        assert!(value.get("tokens").is_none());
    }

    #[test]
    fn the_fast_field_reader_reads_what_serde_json_reads() {
        let lines = [
            r#"{"id": "a", "text": "He said \"no\".\n\n\u00e9 \ud83d\ude00 «Да»", "meta": {"x": [1, 2.5]}}"#,
            r#"{"text": "x", "z_extra": 1, "a_extra": {"k": "v"}, "text": "second wins"}"#,
            r#"{"meta": null, "id": 7, "text": "t", "sentences": [{"start": 0, "end": 1}]}"#,
            r#"{"text": 5}"#,
            r#"{"id": "x"}"#,
        ];
        for line in lines {
            let (text, rest) = record_fields(line).expect(line);
            let fast = Document::from_fields(text, rest, || "f:1".into());
            let Value::Object(map) = serde_json::from_str(line).unwrap() else {
                unreachable!()
            };
            let slow = Document::from_json(map, "f:1");
            match (fast, slow) {
                (Ok(fast), Ok(slow)) => {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    fast.write_json(true, &mut a);
                    slow.write_json(true, &mut b);
                    assert_eq!(String::from_utf8(a), String::from_utf8(b), "{line}");
                }
                (fast, slow) => assert_eq!(fast.err(), slow.err(), "{line}"),
            }
        }
    }

    #[test]
    fn the_fast_field_reader_leaves_odd_lines_to_serde_json() {
        for line in [
            "[1, 2]",
            "{\"text\": \"a\"",
            "{\"text\": \"\\ud83d\"}",
            "{} {}",
            "\"s\"",
        ] {
            assert!(record_fields(line).is_none(), "{line}");
        }
    }

    #[test]
    fn hand_written_sentences_and_tokens_match_serde() {
        let text = "«Да», — сказал Путин. Iran’s role.";
        let mut doc = Document::new("x", text);
        let kinds = [
            TokenKind::Word,
            TokenKind::Number,
            TokenKind::Punct,
            TokenKind::Symbol,
        ];
        let shapes = [
            Shape::Lower,
            Shape::Title,
            Shape::Upper,
            Shape::Initial,
            Shape::Other,
            Shape::None,
        ];
        let boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        doc.tokens = Some(
            boundaries
                .windows(2)
                .enumerate()
                .map(|(i, w)| Token {
                    start: w[0],
                    end: w[1],
                    kind: kinds[i % kinds.len()],
                    shape: shapes[i % shapes.len()],
                    sentence_start: i % 3 == 0,
                })
                .collect(),
        );
        let cut = text.find("Iran").unwrap();
        doc.sentences = Some(vec![Span::new(0, cut - 1), Span::new(cut, text.len())]);
        let putin = text.find("Путин").unwrap();
        let said = text.find("сказал").unwrap();
        let entity = |canonical: Option<&str>| Entity {
            start: putin,
            end: putin + "Путин".len(),
            text: "Путин".into(),
            label: "PERSON".into(),
            canonical: canonical.map(str::to_string),
        };
        doc.entities = Some(vec![entity(Some("Владимир \"В.\" Путин")), entity(None)]);
        let quote = |attributed: bool| Quote {
            start: 0,
            end: "«Да»".len(),
            text: "«Да»".into(),
            speaker: attributed.then(|| Speaker {
                name: "Путин".into(),
                start: putin,
                end: putin + "Путин".len(),
            }),
            cue: attributed.then(|| Cue {
                text: "сказал".into(),
                start: said,
                end: said + "сказал".len(),
            }),
            kind: "direct".into(),
        };
        doc.quotes = Some(vec![quote(true), quote(false)]);

        let index = CharIndex::new(text);
        let mut by_ref = Vec::new();
        doc.write_json_ref(true, &mut by_ref);
        let value: Value = serde_json::from_slice(&by_ref).unwrap();
        let mut tokens = doc.tokens.clone().unwrap();
        let mut sentences = doc.sentences.clone().unwrap();
        tokens.map_offsets(&mut |b| index.to_char(b));
        sentences.map_offsets(&mut |b| index.to_char(b));
        assert_eq!(value["tokens"], serde_json::to_value(&tokens).unwrap());
        assert_eq!(
            value["sentences"],
            serde_json::to_value(&sentences).unwrap()
        );
        // Entities and quotes byte for byte as serde writes them.
        let mut entities = doc.entities.clone().unwrap();
        let mut quotes = doc.quotes.clone().unwrap();
        entities.map_offsets(&mut |b| index.to_char(b));
        quotes.map_offsets(&mut |b| index.to_char(b));
        let written = String::from_utf8(by_ref.clone()).unwrap();
        for layer in [
            format!(
                ",\"entities\":{}",
                serde_json::to_string(&entities).unwrap()
            ),
            format!(",\"quotes\":{}", serde_json::to_string(&quotes).unwrap()),
        ] {
            assert!(written.contains(&layer), "{layer}\n{written}");
        }

        let mut consumed = Vec::new();
        doc.write_json(true, &mut consumed);
        assert_eq!(by_ref, consumed);
    }

    #[test]
    fn take_and_put_move_layers() {
        let mut doc = Document::new("a", "text");
        doc.sentences = Some(vec![Span::new(0, 4)]);
        let taken = doc.take(&Layer::Sentences).unwrap();
        assert!(!doc.has(&Layer::Sentences));
        doc.put(taken);
        assert_eq!(doc.layers(), vec![Layer::Sentences]);
    }
}
