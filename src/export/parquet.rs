//! Apache Parquet, one row per document with the layers as nested lists of
//! structs (offsets in code points), for pandas, polars, DuckDB and Spark.
//! `meta` and `custom` have no fixed shape and are kept as JSON strings.
//! Rows are decoded from each document's JSON record by arrow-json against
//! [`schema`], so the columns follow FORMAT.md by construction.

use crate::annotated::to_json;
use arrow_json::ReaderBuilder;
use arrow_schema::{DataType, Field, Fields, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use pipeline::Document;
use serde_json::Value;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// Documents per record batch (and so per row group at most).
const BATCH: usize = 1024;

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn float(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

fn structure(name: &str, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), true)
}

fn list_of(name: &str, fields: Vec<Field>) -> Field {
    Field::new_list(name, structure("item", fields), true)
}

fn offsets() -> Vec<Field> {
    vec![int("start"), int("end")]
}

/// The table's columns.
pub fn schema() -> Schema {
    let with_offsets = |mut fields: Vec<Field>| {
        fields.splice(0..0, offsets());
        fields
    };
    Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        utf8("meta"),
        structure("lang", vec![utf8("code"), float("confidence")]),
        list_of("sentences", offsets()),
        list_of(
            "entities",
            with_offsets(vec![utf8("text"), utf8("label"), utf8("canonical")]),
        ),
        list_of(
            "quotes",
            with_offsets(vec![
                utf8("text"),
                structure("speaker", vec![utf8("name"), int("start"), int("end")]),
                structure("cue", vec![utf8("text"), int("start"), int("end")]),
                utf8("kind"),
            ]),
        ),
        list_of(
            "stances",
            vec![
                utf8("holder"),
                utf8("target"),
                utf8("target_label"),
                structure("mention", offsets()),
                structure("unit", vec![utf8("kind"), int("start"), int("end")]),
                float("score"),
                utf8("label"),
                list_of(
                    "evidence",
                    vec![utf8("text"), int("start"), int("end"), float("weight")],
                ),
            ],
        ),
        list_of(
            "stance_summary",
            vec![
                utf8("holder"),
                utf8("target"),
                float("score"),
                utf8("label"),
                int("n"),
            ],
        ),
        list_of("errors", vec![utf8("stage"), utf8("message")]),
        utf8("custom"),
    ])
}

pub fn write(docs: &[Document], path: &Path) -> Result<(), String> {
    let schema = Arc::new(schema());
    let file = File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer =
        ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| e.to_string())?;
    for chunk in docs.chunks(BATCH) {
        let rows: Vec<Value> = chunk.iter().map(row).collect();
        let mut decoder = ReaderBuilder::new(schema.clone())
            .build_decoder()
            .map_err(|e| e.to_string())?;
        decoder.serialize(&rows).map_err(|e| e.to_string())?;
        if let Some(batch) = decoder.flush().map_err(|e| e.to_string())? {
            writer.write(&batch).map_err(|e| e.to_string())?;
        }
    }
    writer.close().map_err(|e| e.to_string())?;
    Ok(())
}

/// A document's record with the free-form fields as JSON strings.
fn row(doc: &Document) -> Value {
    let mut record = to_json(doc);
    let map = record.as_object_mut().expect("a record is an object");
    for key in ["meta", "custom"] {
        if let Some(value) = map.get_mut(key) {
            *value = Value::String(value.to_string());
        }
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;
    use arrow_array::{Array, ListArray, StringArray, StructArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    #[test]
    fn reads_back_with_nested_layers_in_code_points() {
        let path = std::env::temp_dir().join(format!("np-{}.parquet", std::process::id()));
        write(&fixture(), &path).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<_> = reader.map(Result::unwrap).collect();
        let batch = &batches[0];
        assert_eq!(batch.num_rows(), 3);
        let entities = batch
            .column_by_name("entities")
            .unwrap()
            .as_any()
            .downcast_ref::<ListArray>()
            .unwrap();
        assert_eq!(entities.value_length(0), 11);
        assert!(entities.is_null(2));
        let second = entities.value(1);
        let second = second.as_any().downcast_ref::<StructArray>().unwrap();
        let texts = second
            .column_by_name("text")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(texts.value(1), "Сергей Петров");
        let meta = batch
            .column_by_name("meta")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert!(meta.value(0).contains("\"invented\""));
    }
}
