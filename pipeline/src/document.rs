//! The document a pipeline annotates, and its JSON form (`FORMAT.md`).

use crate::json_float::write_json_float;
use crate::json_number::write_json_number;
use crate::json_string::write_json_string;
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
    /// Tokens are written only when `with_tokens` is set. The document is
    /// left as it is (a stage such as `exec` sends it mid-pipeline): offsets
    /// are converted to code points as they are written, no layer is copied.
    pub fn write_json(&self, with_tokens: bool, out: &mut Vec<u8>) {
        let index = CharIndex::new(&self.text);
        out.reserve(self.json_size_estimate(with_tokens));
        OutputRecord {
            doc: self,
            with_tokens,
            index: &index,
        }
        .write(out);
    }

    /// About how many bytes [`Document::write_json`] writes, from what the
    /// record carries (per-item sizes a little above bbc.jsonl's averages),
    /// so the output buffer is allocated once instead of grown by copying.
    fn json_size_estimate(&self, with_tokens: bool) -> usize {
        let count = |len: Option<usize>| len.unwrap_or(0);
        let quotes: usize = self
            .quotes
            .iter()
            .flatten()
            .map(|q| 160 + q.text.len())
            .sum();
        let stances: usize = self
            .stances
            .iter()
            .flatten()
            .map(|s| 224 + s.target.len() + 64 * s.evidence.len())
            .sum();
        let tokens = if with_tokens {
            count(self.tokens.as_ref().map(Vec::len))
        } else {
            0
        };
        256 + self.id.len()
            + self.text.len()
            + 32 * count(self.sentences.as_ref().map(Vec::len))
            + 96 * tokens
            + 96 * count(self.entities.as_ref().map(Vec::len))
            + quotes
            + stances
            + 96 * count(self.stance_summary.as_ref().map(Vec::len))
    }
}

/// The keys of the layers that carry offsets.
const OFFSET_LAYERS: [&str; 5] = ["sentences", "tokens", "entities", "quotes", "stances"];

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

/// A document in output order; byte offsets are converted to code points
/// through `index` as they are written.
struct OutputRecord<'a> {
    doc: &'a Document,
    with_tokens: bool,
    index: &'a CharIndex<'a>,
}

/// Appends `,"key":` (a map entry after the first, in serde_json's
/// compact form).
fn write_key(out: &mut Vec<u8>, key: &str) {
    out.push(b',');
    write_json_string(out, key);
    out.push(b':');
}

/// An object key as written after another field, `,"name":`, built at
/// compile time.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

/// A JSON object written by hand, in serde_json's compact form; keys are
/// plain names (nothing to escape).
struct Object<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// `quoted` is the key as written after another field, from [`key!`]:
    /// a constant, and whether it is the first is known where the writer
    /// is inlined, so the copy is a few stores with one capacity check, not
    /// a call.
    #[inline(always)]
    fn key(&mut self, quoted: &'static str) {
        let quoted = if self.empty { &quoted[1..] } else { quoted };
        self.empty = false;
        self.out.extend_from_slice(quoted.as_bytes());
    }

    #[inline(always)]
    fn number(&mut self, key: &'static str, value: usize) {
        self.key(key);
        write_json_number(self.out, value);
    }

    #[inline(always)]
    fn string(&mut self, key: &'static str, value: &str) {
        self.key(key);
        write_json_string(self.out, value);
    }

    /// A string, or `null` for `None` (as serde writes an `Option`).
    #[inline(always)]
    fn optional_string(&mut self, key: &'static str, value: Option<&str>) {
        match value {
            Some(value) => self.string(key, value),
            None => self.literal(key, "null"),
        }
    }

    /// A float as serde_json writes it ([`write_json_float`]), `null` when
    /// not finite.
    #[inline(always)]
    fn float(&mut self, key: &'static str, value: f64) {
        self.key(key);
        if value.is_finite() {
            write_json_float(self.out, value);
        } else {
            self.out.extend_from_slice(b"null");
        }
    }

    /// `true`, `false` or `null`.
    #[inline(always)]
    fn literal(&mut self, key: &'static str, value: &str) {
        self.key(key);
        self.out.extend_from_slice(value.as_bytes());
    }

    #[inline(always)]
    fn object(&mut self, key: &'static str, fields: impl FnOnce(&mut Object)) {
        self.key(key);
        let mut inner = Object::open(self.out);
        fields(&mut inner);
        inner.close();
    }

    /// `"key":[…]` with each item written by `item` as one object.
    #[inline(always)]
    fn array<T>(&mut self, key: &'static str, items: &[T], item: impl Fn(&mut Object, &T)) {
        self.key(key);
        write_array(self.out, items, item);
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

/// `[…]` with each item written by `item` as one object.
fn write_array<T>(out: &mut Vec<u8>, items: &[T], item: impl Fn(&mut Object, &T)) {
    out.push(b'[');
    for (i, value) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let mut object = Object::open(out);
        item(&mut object, value);
        object.close();
    }
    out.push(b']');
}

/// Appends `,"key":value`.
fn write_entry<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &str, value: &T) {
    write_key(out, key);
    serde_json::to_writer(&mut *out, value).expect("writing JSON to memory cannot fail");
}

impl OutputRecord<'_> {
    /// A byte offset as written: converted to code points.
    fn offset(&self, byte: usize) -> usize {
        self.index.to_char(byte)
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
        write_array(out, items, item);
    }

    /// Sentences, tokens, entities and quotes are written by hand: they
    /// are the most numerous items of a record, and serde_json escapes every
    /// key and formats every number through its generic machinery. The
    /// form is serde's, byte for byte (tested).
    fn write_spans(&self, out: &mut Vec<u8>, key: &str, spans: &[Span]) {
        self.write_items(out, key, spans, |o, span| {
            o.number(key!("start"), self.offset(span.start));
            o.number(key!("end"), self.offset(span.end));
        });
    }

    fn write_tokens(&self, out: &mut Vec<u8>, key: &str, tokens: &[Token]) {
        self.write_items(out, key, tokens, |o, token| {
            o.number(key!("start"), self.offset(token.start));
            o.number(key!("end"), self.offset(token.end));
            o.string(key!("kind"), token.kind.name());
            o.string(key!("shape"), token.shape.name());
            o.literal(
                key!("sentence_start"),
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
            o.number(key!("start"), self.offset(entity.start));
            o.number(key!("end"), self.offset(entity.end));
            o.string(key!("text"), &entity.text);
            o.string(key!("label"), &entity.label);
            if let Some(canonical) = &entity.canonical {
                o.string(key!("canonical"), canonical);
            }
        });
    }

    fn write_quotes(&self, out: &mut Vec<u8>, key: &str, quotes: &[Quote]) {
        self.write_items(out, key, quotes, |o, quote| {
            o.number(key!("start"), self.offset(quote.start));
            o.number(key!("end"), self.offset(quote.end));
            o.string(key!("text"), &quote.text);
            match &quote.speaker {
                Some(speaker) => o.object(key!("speaker"), |o| {
                    o.string(key!("name"), &speaker.name);
                    o.number(key!("start"), self.offset(speaker.start));
                    o.number(key!("end"), self.offset(speaker.end));
                }),
                None => o.literal(key!("speaker"), "null"),
            }
            match &quote.cue {
                Some(cue) => o.object(key!("cue"), |o| {
                    o.string(key!("text"), &cue.text);
                    o.number(key!("start"), self.offset(cue.start));
                    o.number(key!("end"), self.offset(cue.end));
                }),
                None => o.literal(key!("cue"), "null"),
            }
            o.string(key!("kind"), &quote.kind);
        });
    }

    fn write_stances(&self, out: &mut Vec<u8>, key: &str, stances: &[Stance]) {
        self.write_items(out, key, stances, |o, stance| {
            o.optional_string(key!("holder"), stance.holder.as_deref());
            o.string(key!("target"), &stance.target);
            o.string(key!("target_label"), &stance.target_label);
            o.object(key!("mention"), |o| {
                o.number(key!("start"), self.offset(stance.mention.start));
                o.number(key!("end"), self.offset(stance.mention.end));
            });
            o.object(key!("unit"), |o| {
                o.string(key!("kind"), &stance.unit.kind);
                o.number(key!("start"), self.offset(stance.unit.start));
                o.number(key!("end"), self.offset(stance.unit.end));
            });
            o.float(key!("score"), stance.score);
            o.string(key!("label"), &stance.label);
            o.array(key!("evidence"), &stance.evidence, |o, evidence| {
                o.string(key!("text"), &evidence.text);
                o.number(key!("start"), self.offset(evidence.start));
                o.number(key!("end"), self.offset(evidence.end));
                o.float(key!("weight"), evidence.weight);
            });
        });
    }

    fn write_stance_summary(&self, out: &mut Vec<u8>, key: &str, summary: &[StanceSummary]) {
        self.write_items(out, key, summary, |o, item| {
            o.optional_string(key!("holder"), item.holder.as_deref());
            o.string(key!("target"), &item.target);
            o.float(key!("score"), item.score);
            o.string(key!("label"), &item.label);
            o.number(key!("n"), item.n);
        });
    }

    /// Appends the record as one line of compact JSON: every core layer by
    /// hand, through serde_json only what is free-form (`meta`, `custom`,
    /// unknown fields) and `errors` (rare).
    fn write(&self, out: &mut Vec<u8>) {
        let doc = self.doc;
        out.extend_from_slice(b"{\"format\":");
        write_json_number(out, FORMAT_VERSION as usize);
        out.extend_from_slice(b",\"id\":");
        write_json_string(out, &doc.id);
        out.extend_from_slice(b",\"text\":");
        write_json_string(out, &doc.text);
        if let Some(meta) = &doc.meta {
            write_entry(out, "meta", meta);
        }
        if let Some(lang) = &doc.lang {
            write_key(out, "lang");
            let mut o = Object::open(out);
            o.string(key!("code"), &lang.code);
            o.float(key!("confidence"), lang.confidence);
            o.close();
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
        if let Some(stances) = &doc.stances {
            self.write_stances(out, "stances", stances);
        }
        if let Some(summary) = &doc.stance_summary {
            self.write_stance_summary(out, "stance_summary", summary);
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
    use crate::record_fields::record_fields;
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
    fn write_json_converts_offsets_and_keeps_the_document() {
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
        let mut written = Vec::new();
        doc.write_json(false, &mut written);
        assert_eq!(doc.entities.as_ref().unwrap()[0].start, byte);
        let value: Value = serde_json::from_slice(&written).unwrap();
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
        let mut bytes = Vec::new();
        doc.write_json(true, &mut bytes);
        // Every hand-written layer byte for byte as serde writes it (key
        // order included, which comparing parsed values would not see).
        let mut tokens = doc.tokens.clone().unwrap();
        let mut sentences = doc.sentences.clone().unwrap();
        let mut entities = doc.entities.clone().unwrap();
        let mut quotes = doc.quotes.clone().unwrap();
        tokens.map_offsets(&mut |b| index.to_char(b));
        sentences.map_offsets(&mut |b| index.to_char(b));
        entities.map_offsets(&mut |b| index.to_char(b));
        quotes.map_offsets(&mut |b| index.to_char(b));
        let written = String::from_utf8(bytes).unwrap();
        for layer in [
            format!(",\"tokens\":{}", serde_json::to_string(&tokens).unwrap()),
            format!(
                ",\"sentences\":{}",
                serde_json::to_string(&sentences).unwrap()
            ),
            format!(
                ",\"entities\":{}",
                serde_json::to_string(&entities).unwrap()
            ),
            format!(",\"quotes\":{}", serde_json::to_string(&quotes).unwrap()),
        ] {
            assert!(written.contains(&layer), "{layer}\n{written}");
        }
    }

    /// A float written by [`Object::float`], alone.
    fn float_by_hand(value: f64) -> String {
        let mut out = Vec::new();
        let mut object = Object::open(&mut out);
        object.float(key!("x"), value);
        object.close();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn hand_written_floats_are_serde_jsons() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.2 + 0.1,
            1e-7,
            -0.35,
            2.0 / 3.0,
            1e15,
            1e16,
            1e17,
            123456789012345680.0,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Arbitrary bit patterns (every exponent), and scores as stages
        // compute them: in [-1, 1], some rounded, some not.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            values.push(f64::from_bits(state));
            let score = (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
            values.push(score);
            values.push((score * 1000.0).round() / 1000.0);
            values.push(score.tanh() * f64::from(i));
        }
        for value in values {
            let serde = serde_json::to_string(&json_float(value)).unwrap();
            assert_eq!(float_by_hand(value), serde, "{value:e}");
        }
    }

    /// `{"x": value}` as serde writes a struct with one `f64` field.
    fn json_float(value: f64) -> impl Serialize {
        #[derive(Serialize)]
        struct One {
            x: f64,
        }
        One { x: value }
    }

    #[test]
    fn hand_written_stances_and_lang_match_serde() {
        let text = "«Да», — сказал Путин об Иране. Iran’s role grew.";
        let mut doc = Document::new("x", text);
        let at = |s: &str| text.find(s).unwrap();
        let iran = at("Иране");
        let quote = Unit {
            kind: "quote".into(),
            start: 0,
            end: at(",") + 1,
        };
        let stance = |holder: Option<&str>, score: f64, evidence: Vec<Evidence>| Stance {
            holder: holder.map(|h| h.to_string().into()),
            target: "Iran \"the\" state".into(),
            target_label: "GPE".into(),
            mention: Span::new(iran, iran + "Иране".len()),
            unit: quote.clone(),
            score,
            label: "against".into(),
            evidence,
        };
        let evidence = |weight: f64| Evidence {
            text: "сказал … role".into(),
            start: at("сказал"),
            end: at("role"),
            weight,
        };
        doc.lang = Some(Language {
            code: "ru".into(),
            confidence: 0.9876543210123,
        });
        doc.stances = Some(vec![
            stance(Some("Путин"), -0.35, vec![evidence(-0.35), evidence(1e-7)]),
            stance(None, 0.0, Vec::new()),
            stance(Some("author"), 1.0, vec![evidence(-0.0)]),
        ]);
        doc.stance_summary = Some(vec![
            StanceSummary {
                holder: Some("Путин".into()),
                target: "Iran".into(),
                score: 0.1 + 0.2,
                label: "neutral".into(),
                n: 3,
            },
            StanceSummary {
                holder: None,
                target: "Iran".into(),
                score: -2.0 / 3.0,
                label: "against".into(),
                n: 0,
            },
        ]);

        let index = CharIndex::new(text);
        let mut stances = doc.stances.clone().unwrap();
        stances.map_offsets(&mut |b| index.to_char(b));
        let mut written = Vec::new();
        doc.write_json(false, &mut written);
        let written = String::from_utf8(written).unwrap();
        for layer in [
            format!(",\"lang\":{}", serde_json::to_string(&doc.lang).unwrap()),
            format!(",\"stances\":{}", serde_json::to_string(&stances).unwrap()),
            format!(
                ",\"stance_summary\":{}",
                serde_json::to_string(&doc.stance_summary).unwrap()
            ),
        ] {
            assert!(written.contains(&layer), "{layer}\n{written}");
        }
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
