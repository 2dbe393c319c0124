//! The `Stage` trait: one step of a pipeline.

use crate::document::Document;
use crate::layer::Layer;
use std::fmt;

/// One step of a pipeline: reads some layers of a document and adds others.
///
/// A stage is built by a factory from its settings (see
/// [`crate::Registry::register`]) and then serves every document of a run.
///
/// # Contract
/// - **Requires / provides.** `requires` names every layer `process` reads
///   (besides `text`, `id`, `meta`); `provides` every layer it writes. The
///   pipeline checks these when it is built, before any data is read: a
///   required layer must come from an earlier stage or from the input record.
///   Both lists must not change over the stage's life. A required layer is
///   present whenever `process` is called: a document that lacks one gets an
///   error instead, and the stage is skipped for it.
/// - **What a stage may touch.** Only the layers it provides (and `errors`,
///   through the returned `Err`). It must not change `text` or `id`: every
///   offset of every layer points into `text`. Offsets in core layers are
///   byte offsets on char boundaries; the runner converts them to code points
///   on output. A custom layer is one key of `doc.custom`, named as in
///   `provides` (`Layer::custom("tickers")` writes `doc.custom["tickers"]`);
///   its JSON is written as given, so offsets inside it must already be code
///   points ([`crate::offsets::CharIndex`] converts).
/// - **Adding to a layer.** A stage may provide a layer an earlier stage
///   provided too (an entity ruler after the entity recognizer): it then
///   finds that layer filled and should add to it, not start over.
/// - **Layers on the input.** When the input record already carries a layer
///   the stage provides, the runner keeps the input's and discards the
///   stage's (unless the stage is configured with `"overwrite": true`); a
///   stage that provides only such layers is not called at all.
/// - **Errors.** Return `Err` for a document the stage cannot handle, with a
///   message that says what went wrong in the user's terms; the record is
///   still written, with the error (under the stage's name) and every layer
///   that succeeded. Layers the stage had created are removed on failure, so
///   a half-made layer is never written. A panic is caught and treated the
///   same way, but is a bug: return `Err`. Settings that make no sense are
///   the factory's `Err`, which stops the run before it starts.
/// - **Threads.** One instance serves every worker thread at once (`Send +
///   Sync`); keep per-document state on the stack, shared state read-only
///   (load resources once, in the factory). A stage that must hold mutable
///   state (a pool of processes, a cache) guards it itself (`Mutex`,
///   channels). `process` may block (on I/O, say), but it holds one of the
///   run's worker threads while it does.
pub trait Stage: Send + Sync {
    /// The stage's type name, as in the registry (`sentences`, `exec`, …).
    fn name(&self) -> &str;

    /// Layers `process` reads.
    fn requires(&self) -> Vec<Layer>;

    /// Layers `process` writes.
    fn provides(&self) -> Vec<Layer>;

    /// Tells the stage the name it runs under in its pipeline (its config
    /// `name`, else its type), once, when the pipeline is built. Most stages
    /// ignore it; one that writes messages of its own uses it (`exec`
    /// prefixes its workers' stderr with it).
    fn set_name(&mut self, _name: &str) {}

    /// Annotates one document.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// Why a stage failed on one document (or could not be built).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    message: String,
}

impl StageError {
    pub fn new(message: impl Into<String>) -> Self {
        StageError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for StageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StageError {}

impl From<String> for StageError {
    fn from(message: String) -> Self {
        StageError::new(message)
    }
}

impl From<&str> for StageError {
    fn from(message: &str) -> Self {
        StageError::new(message)
    }
}

impl From<std::io::Error> for StageError {
    fn from(e: std::io::Error) -> Self {
        StageError::new(e.to_string())
    }
}

impl From<serde_json::Error> for StageError {
    fn from(e: serde_json::Error) -> Self {
        StageError::new(e.to_string())
    }
}
