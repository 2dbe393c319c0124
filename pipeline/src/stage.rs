//! The `Stage` trait: one step of a pipeline.

use crate::document::Document;
use crate::layer::Layer;
use crate::pipeline::panic_message;
use rayon::prelude::*;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

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
///   run's worker threads while it does: a stage that waits on something
///   outside (worker processes, a service) should take batches instead.
/// - **Batches.** By default the pipeline calls `process` for one document
///   at a time, running a document through every such stage in a row. A
///   stage whose [`Stage::takes_batches`] is `true` is instead handed the
///   run's whole batch at once ([`Stage::process_batch`]): the batch's
///   documents have gone through the earlier stages, and go on to the later
///   ones when it returns. It can then keep many documents in flight (`exec`
///   streams them to its worker processes) rather than waiting on each in
///   turn. Everything above holds per document: each gets its own outcome
///   (an `Err`, or a panic inside [`BatchItem::process_with`], fails that
///   document only; a panic that escapes fails the documents not finished
///   yet), its own time against
///   the per-document budget, and its own skipping when a required layer is
///   missing or the input carries what the stage provides (such documents
///   are not in the batch). A batch stage must give the same result for a
///   document whatever the batch it came in (the output does not depend on
///   `--batch-size` or `--threads`), and must still annotate a single
///   document through `process` (for callers outside a pipeline).
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

    /// Whether the pipeline hands this stage whole batches through
    /// [`Stage::process_batch`] instead of calling [`Stage::process`] per
    /// document. `false` unless the stage gains by seeing many documents at
    /// once (it waits on I/O it can overlap, or batches work for a model).
    fn takes_batches(&self) -> bool {
        false
    }

    /// Annotates a batch of documents: give each item its outcome with
    /// [`BatchItem::finish`] (or [`BatchItem::process_with`], which times
    /// the work and catches a panic). An item left without an outcome gets
    /// an error; a panic that escapes fails every item not finished yet.
    /// The default processes the documents in parallel with `process`, as
    /// the pipeline does for a stage that does not take batches.
    fn process_batch(&self, batch: &mut [BatchItem<'_>]) {
        batch
            .par_iter_mut()
            .for_each(|item| item.process_with(|doc| self.process(doc)));
    }
}

/// One document of a batch handed to [`Stage::process_batch`], and what the
/// stage made of it.
pub struct BatchItem<'a> {
    /// The document; the same rules as in [`Stage::process`] apply.
    pub doc: &'a mut Document,
    outcome: Option<Result<(), StageError>>,
    took: Duration,
}

impl<'a> BatchItem<'a> {
    pub fn new(doc: &'a mut Document) -> Self {
        BatchItem {
            doc,
            outcome: None,
            took: Duration::ZERO,
        }
    }

    /// Records what became of the document, and how long the stage spent on
    /// it (checked against the per-document budget; a stage that keeps many
    /// documents in flight counts the time the document itself took, not
    /// its wait behind the others). The first outcome given counts.
    pub fn finish(&mut self, outcome: Result<(), StageError>, took: Duration) {
        if self.outcome.is_none() {
            self.outcome = Some(outcome);
            self.took = took;
        }
    }

    /// Runs `work` on the document and records its outcome and time, a
    /// panic as an error: what the pipeline does around `process`.
    pub fn process_with(&mut self, work: impl FnOnce(&mut Document) -> Result<(), StageError>) {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| work(self.doc)));
        let outcome = match outcome {
            Ok(result) => result,
            Err(panic) => Err(StageError::new(format!(
                "panicked: {}",
                panic_message(&panic)
            ))),
        };
        self.finish(outcome, started.elapsed());
    }

    /// Whether an outcome has been recorded.
    pub fn is_finished(&self) -> bool {
        self.outcome.is_some()
    }

    /// The outcome and time, once the batch is done; `None` if the stage
    /// gave none.
    pub fn into_outcome(self) -> Option<(Result<(), StageError>, Duration)> {
        let took = self.took;
        self.outcome.map(|outcome| (outcome, took))
    }
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
