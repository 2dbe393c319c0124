//! The newspipe core: what a stage author depends on.
//!
//! - [`Document`] and its typed [layers](layers), byte offsets inside and
//!   code points in the JSON form ([`offsets`]);
//! - the [`Stage`] trait with the layers it requires and provides;
//! - the [`Registry`] of stage types, and the [`Pipeline`], checked when it
//!   is built;
//! - the [`runner`], which streams records through a pipeline in parallel.
//!
//! ```
//! use pipeline::{Document, Layer, Pipeline, Stage, StageError};
//!
//! /// Marks documents that mention a ticker symbol.
//! struct Tickers;
//!
//! impl Stage for Tickers {
//!     fn name(&self) -> &str { "tickers" }
//!     fn requires(&self) -> Vec<Layer> { vec![] }
//!     fn provides(&self) -> Vec<Layer> { vec![Layer::custom("tickers")] }
//!     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
//!         let found: Vec<&str> = doc.text.split_whitespace()
//!             .filter(|w| w.starts_with('$')).collect();
//!         doc.custom.insert("tickers".into(), serde_json::json!(found));
//!         Ok(())
//!     }
//! }
//!
//! let pipeline = Pipeline::builder().stage(Box::new(Tickers)).build().unwrap();
//! let mut doc = Document::new("a", "Buy $ACME now.");
//! pipeline.process(&mut doc);
//! assert_eq!(doc.custom["tickers"], serde_json::json!(["$ACME"]));
//! ```

pub mod byte_lanes;
pub mod document;
mod json_float;
mod json_number;
pub mod json_string;
pub mod layer;
pub mod layers;
pub mod offsets;
pub mod pipeline;
mod record_fields;
pub mod registry;
pub mod runner;
pub mod stage;

pub use document::{Document, LayerValue, FORMAT_VERSION};
pub use layer::Layer;
pub use layers::*;
pub use pipeline::{Pipeline, PipelineBuilder, PipelineConfig, PipelineError, StageConfig};
pub use registry::{parse_settings, Registry, SettingDoc, Settings};
pub use stage::{BatchItem, Stage, StageError};
