//! The runner: streams records through a pipeline in parallel batches.
//!
//! Records are read a batch at a time; while one batch is annotated on the
//! rayon pool the next is read, so memory stays bounded by about two batches
//! whatever the input size. Output keeps input order.

use crate::document::{json_kind, Document, FORMAT_VERSION};
use crate::layers::RecordError;
use crate::pipeline::{Overrun, Pipeline};
use crate::record_fields::record_fields;
use rayon::prelude::*;
use serde_json::Value;
use std::io::{self, IoSlice, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where a record came from: file (or `-`) and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: Arc<str>,
    pub line: usize,
}

impl Origin {
    /// The id a record gets when it has none: `<file>:<line>`.
    pub fn default_id(&self) -> String {
        format!("{}:{}", self.source, self.line)
    }
}

/// What a record is before it is parsed.
#[derive(Debug, Clone)]
pub enum Payload {
    /// One line of a JSON Lines input, line end removed.
    JsonLine(Vec<u8>),
    /// A whole plain-text document; its id is the origin's source.
    Text(Vec<u8>),
    /// The record could not be read at all (an I/O error, say).
    Unreadable(String),
}

/// One input record, unparsed.
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub origin: Origin,
    pub payload: Payload,
}

impl RawRecord {
    fn len(&self) -> usize {
        match &self.payload {
            Payload::JsonLine(bytes) | Payload::Text(bytes) => bytes.len(),
            Payload::Unreadable(_) => 0,
        }
    }
}

/// Receives annotated records, one JSON line each (no newline), in input
/// order. Like ripgrep's `Sink`: one method to write.
pub trait Sink {
    fn write_record(&mut self, record: &[u8]) -> io::Result<()>;

    /// Writes a batch's records in order; the runner calls this once per
    /// batch, so a sink can hand them on without copying them together.
    fn write_records(&mut self, records: &[&[u8]]) -> io::Result<()> {
        records
            .iter()
            .try_for_each(|record| self.write_record(record))
    }

    /// Called once at the end of a run.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes JSON Lines to any writer.
pub struct JsonLines<W: Write>(pub W);

impl<W: Write> Sink for JsonLines<W> {
    fn write_record(&mut self, record: &[u8]) -> io::Result<()> {
        self.0.write_all(record)?;
        self.0.write_all(b"\n")
    }

    /// One vectored write of records and newlines: a batch is far larger than
    /// a `BufWriter`'s buffer, so it goes straight to the file or pipe instead
    /// of being copied through the buffer (records are ~14 KB each).
    fn write_records(&mut self, records: &[&[u8]]) -> io::Result<()> {
        let mut slices: Vec<IoSlice> = records
            .iter()
            .flat_map(|record| [IoSlice::new(record), IoSlice::new(b"\n")])
            .collect();
        write_all_vectored(&mut self.0, &mut slices)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `Write::write_all_vectored` (not stable yet): writes every slice, going
/// on after partial writes.
fn write_all_vectored<W: Write + ?Sized>(
    out: &mut W,
    mut slices: &mut [IoSlice<'_>],
) -> io::Result<()> {
    // Drops leading empty slices, so an all-empty rest ends the loop.
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl Sink for Vec<Vec<u8>> {
    fn write_record(&mut self, record: &[u8]) -> io::Result<()> {
        self.push(record.to_vec());
        Ok(())
    }
}

/// What to do with a record on which something failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Write it, with its `errors` and everything that succeeded.
    #[default]
    Record,
    /// Leave it out of the output (it is counted, and reported on stderr).
    Skip,
    /// Write it, then stop the run.
    Fail,
}

impl std::str::FromStr for OnError {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "record" => Ok(OnError::Record),
            "skip" => Ok(OnError::Skip),
            "fail" => Ok(OnError::Fail),
            other => Err(format!("`{other}` is not one of record, skip, fail")),
        }
    }
}

/// How a run goes.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Records per batch.
    pub batch_size: usize,
    /// A batch is also cut when its records reach this many bytes, so a few
    /// huge documents do not hold a whole batch's worth of memory.
    pub batch_bytes: usize,
    pub on_error: OnError,
    /// Write the `tokens` layer.
    pub emit_tokens: bool,
    /// A stage that takes longer than this on one document is reported.
    pub budget: Duration,
}

/// Records per batch unless told otherwise (see `scripts/bench.sh`).
pub const DEFAULT_BATCH_SIZE: usize = 256;

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 0,
            batch_size: DEFAULT_BATCH_SIZE,
            batch_bytes: 16 << 20,
            on_error: OnError::Record,
            emit_tokens: false,
            budget: Duration::from_secs(10),
        }
    }
}

/// Counts at the end of a run, or so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Records read.
    pub records_in: usize,
    /// Records written.
    pub records_out: usize,
    /// Records on which something failed (written or not).
    pub records_failed: usize,
    /// Failed records left out (`--on-error skip`).
    pub records_skipped: usize,
    /// Input bytes read.
    pub bytes_in: u64,
    pub elapsed: Duration,
    /// The run stopped at a failed record (`--on-error fail`).
    pub stopped_early: bool,
    /// Records on which some stage took longer than the budget.
    pub records_slow: usize,
}

impl Summary {
    pub fn megabytes_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs == 0.0 {
            0.0
        } else {
            self.bytes_in as f64 / 1e6 / secs
        }
    }

    /// One paragraph for the end of a run.
    pub fn paragraph(&self) -> String {
        let mut s = format!(
            "newspipe: {} records in, {} out; {} with errors",
            self.records_in, self.records_out, self.records_failed
        );
        if self.records_skipped > 0 {
            s.push_str(&format!(" ({} skipped)", self.records_skipped));
        }
        if self.records_slow > 0 {
            s.push_str(&format!(
                "; {} over the per-document time budget",
                self.records_slow
            ));
        }
        s.push_str(&format!(
            "; {:.1} MB in {:.2} s ({:.1} MB/s).",
            self.bytes_in as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.megabytes_per_second()
        ));
        if self.stopped_early {
            s.push_str(" Stopped at the first failed record (--on-error fail).");
        }
        s
    }
}

/// Why a run ended before its input did.
#[derive(Debug)]
pub enum RunError {
    /// Writing the output failed (disk full, closed pipe).
    Output(io::Error),
    /// The thread pool could not be started.
    Threads(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Output(e) => write!(f, "cannot write the output: {e}"),
            RunError::Threads(e) => write!(f, "cannot start worker threads: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

/// An annotated record, serialized, with what the counts need.
struct Annotated {
    json: Vec<u8>,
    /// `id: stage took N s` for each stage over the budget.
    overruns: Vec<String>,
    /// `id: stage: message` of the first failure, when there was one.
    failure: Option<String>,
}

/// Runs `pipeline` over `records`, writing to `sink`; `progress` is called
/// after every batch with the counts so far.
pub fn run<I, S>(
    pipeline: &Pipeline,
    records: I,
    sink: &mut S,
    options: &RunOptions,
    progress: &mut dyn FnMut(&Summary),
) -> Result<Summary, RunError>
where
    I: Iterator<Item = RawRecord> + Send,
    S: Sink + Send + ?Sized,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut records = records;
    let mut batch = next_batch(&mut records, options);
    // Batch k is annotated on the pool while batch k-1 is written and batch
    // k+1 is read, so neither I/O direction holds up the workers.
    let mut to_write: Option<Vec<Annotated>> = None;
    while !batch.is_empty() || to_write.is_some() {
        summary.records_in += batch.len();
        summary.bytes_in += batch.iter().map(|r| r.len() as u64).sum::<u64>();
        let (annotated, (next, written)) = pool.install(|| {
            rayon::join(
                || {
                    if pipeline.takes_batches() {
                        annotate_batch(pipeline, batch, options)
                    } else {
                        batch
                            .into_par_iter()
                            .map(|record| annotate(pipeline, record, options))
                            .collect::<Vec<Annotated>>()
                    }
                },
                || {
                    let written = match to_write.take() {
                        Some(done) => write_batch(done, sink, options, &mut summary),
                        None => Ok(Written::All),
                    };
                    let next = match written {
                        Ok(Written::All) => next_batch(&mut records, options),
                        _ => Vec::new(),
                    };
                    (next, written)
                },
            )
        });
        if let Written::StoppedWithUnwritten(unwritten) = written? {
            // Read but never written: the rest of the failed record's batch
            // and the batch annotated meanwhile.
            summary.records_in -= unwritten + annotated.len();
            summary.stopped_early = true;
            break;
        }
        to_write = (!annotated.is_empty()).then_some(annotated);
        batch = next;
        summary.elapsed = started.elapsed();
        progress(&summary);
    }
    sink.finish().map_err(RunError::Output)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// How writing a batch ended.
enum Written {
    All,
    /// `--on-error fail` stopped at a record; this many after it were not
    /// written.
    StoppedWithUnwritten(usize),
}

fn write_batch<S: Sink + ?Sized>(
    annotated: Vec<Annotated>,
    sink: &mut S,
    options: &RunOptions,
    summary: &mut Summary,
) -> Result<Written, RunError> {
    let mut to_write = Vec::with_capacity(annotated.len());
    let mut written = Written::All;
    for (i, record) in annotated.iter().enumerate() {
        if !record.overruns.is_empty() {
            summary.records_slow += 1;
            for overrun in &record.overruns {
                eprintln!("newspipe: slow: {overrun}");
            }
        }
        if let Some(failure) = &record.failure {
            summary.records_failed += 1;
            if options.on_error == OnError::Skip {
                summary.records_skipped += 1;
                eprintln!("newspipe: skipped failed record {failure}");
                continue;
            }
        }
        to_write.push(record.json.as_slice());
        if record.failure.is_some() && options.on_error == OnError::Fail {
            written = Written::StoppedWithUnwritten(annotated.len() - i - 1);
            break;
        }
    }
    sink.write_records(&to_write).map_err(RunError::Output)?;
    summary.records_out += to_write.len();
    Ok(written)
}

fn next_batch<I: Iterator<Item = RawRecord>>(
    records: &mut I,
    options: &RunOptions,
) -> Vec<RawRecord> {
    let mut batch = Vec::with_capacity(options.batch_size.min(4096));
    let mut bytes = 0;
    for record in records.by_ref() {
        bytes += record.len();
        batch.push(record);
        if batch.len() >= options.batch_size.max(1) || bytes >= options.batch_bytes {
            break;
        }
    }
    batch
}

/// Parses, annotates and serializes one record; never panics on bad input.
fn annotate(pipeline: &Pipeline, record: RawRecord, options: &RunOptions) -> Annotated {
    let mut doc = match parse(record) {
        Ok(doc) => doc,
        Err(error) => return unreadable(error),
    };
    let overruns = pipeline.process_with_budget(&mut doc, options.budget);
    finish(doc, overruns, options)
}

/// [`annotate`] for a pipeline with a stage that takes batches: the batch's
/// documents go through the pipeline together (see
/// [`Pipeline::process_batch`]), parsing and serializing stay parallel per
/// record.
fn annotate_batch(
    pipeline: &Pipeline,
    batch: Vec<RawRecord>,
    options: &RunOptions,
) -> Vec<Annotated> {
    let parsed: Vec<Result<Document, InputError>> = batch.into_par_iter().map(parse).collect();
    // Records that could not be read keep their place, outside the batch.
    let mut docs = Vec::with_capacity(parsed.len());
    let mut places = Vec::with_capacity(parsed.len());
    for record in parsed {
        match record {
            Ok(doc) => {
                docs.push(doc);
                places.push(None);
            }
            Err(error) => places.push(Some(unreadable(error))),
        }
    }
    let overruns = pipeline.process_batch_with_budget(&mut docs, options.budget);
    let finished: Vec<Annotated> = docs
        .into_par_iter()
        .zip(overruns)
        .map(|(doc, overruns)| finish(doc, overruns, options))
        .collect();
    let mut finished = finished.into_iter();
    places
        .into_iter()
        .map(|place| place.unwrap_or_else(|| finished.next().expect("one per document")))
        .collect()
}

/// The error record of a record that could not be read.
fn unreadable(error: InputError) -> Annotated {
    Annotated {
        json: error.to_json(),
        failure: Some(format!("{}: input: {}", error.id, error.message)),
        overruns: Vec::new(),
    }
}

/// Serializes an annotated document, with what the counts need.
fn finish(doc: Document, overruns: Vec<Overrun>, options: &RunOptions) -> Annotated {
    let overruns = overruns
        .into_iter()
        .map(|o| {
            format!(
                "{}: stage `{}` took {:.2} s (budget {:.2} s)",
                doc.id,
                o.stage,
                o.took.as_secs_f64(),
                options.budget.as_secs_f64()
            )
        })
        .collect();
    let failure = doc
        .errors
        .first()
        .map(|e| format!("{}: {}: {}", doc.id, e.stage, e.message));
    // Sized by `write_json` from what the record carries.
    let mut json = Vec::new();
    doc.write_json(options.emit_tokens, &mut json);
    Annotated {
        json,
        failure,
        overruns,
    }
}

/// A record that could not be read as a document.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub id: String,
    pub message: String,
}

impl InputError {
    fn new(origin: &Origin, id: Option<String>, problem: impl std::fmt::Display) -> Self {
        InputError {
            id: id.unwrap_or_else(|| origin.default_id()),
            message: format!("{} line {}: {problem}", origin.source, origin.line),
        }
    }

    /// The error record: `{"format", "id", "errors": [{"stage": "input", …}]}`.
    pub fn to_json(&self) -> Vec<u8> {
        let record = serde_json::json!({
            "format": FORMAT_VERSION,
            "id": self.id,
            "errors": [RecordError { stage: "input".into(), message: self.message.clone() }],
        });
        serde_json::to_vec(&record).expect("writing JSON to memory cannot fail")
    }
}

/// Turns a raw record into a document, or says what is wrong with it.
pub fn parse(record: RawRecord) -> Result<Document, InputError> {
    let origin = record.origin;
    match record.payload {
        Payload::Unreadable(problem) => Err(InputError::new(&origin, None, problem)),
        Payload::Text(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Document::new(origin.source.to_string(), strip_bom(text))),
            Err(e) => Err(InputError::new(
                &origin,
                Some(origin.source.to_string()),
                format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
            )),
        },
        Payload::JsonLine(bytes) => {
            let line = match std::str::from_utf8(&bytes) {
                Ok(line) => line,
                Err(e) => {
                    return Err(InputError::new(
                        &origin,
                        None,
                        format!("not valid UTF-8 (at byte {})", e.valid_up_to()),
                    ))
                }
            };
            let line = line.strip_prefix('\u{feff}').unwrap_or(line);
            if line.trim().is_empty() {
                return Err(InputError::new(&origin, None, "empty line"));
            }
            let (text, map) = match record_fields(line) {
                Some(fields) => fields,
                None => {
                    let value: Value = serde_json::from_str(line).map_err(|e| {
                        InputError::new(&origin, None, format!("invalid JSON: {e}"))
                    })?;
                    let Value::Object(mut map) = value else {
                        return Err(InputError::new(
                            &origin,
                            None,
                            format!("expected a JSON object, found {}", json_kind(&value)),
                        ));
                    };
                    (map.shift_remove("text"), map)
                }
            };
            let id = match map.get("id") {
                Some(Value::String(id)) => Some(id.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            Document::from_fields(text, map, || origin.default_id())
                .map_err(|problem| InputError::new(&origin, id, problem))
        }
    }
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes at most `step` bytes per call, and is interrupted every other
    /// call, like a slow pipe.
    struct Trickle {
        out: Vec<u8>,
        step: usize,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.write_vectored(&[IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(2) {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let mut room = self.step;
            for buf in bufs {
                let n = buf.len().min(room);
                self.out.extend_from_slice(&buf[..n]);
                room -= n;
            }
            Ok(self.step - room)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_vectored_write_goes_on_after_partial_and_interrupted_writes() {
        let records: [&[u8]; 4] = [b"{\"id\":\"a\"}", b"", "{\"t\":\"é—\"}".as_bytes(), b"{}"];
        for step in [1, 3, 7, 64] {
            let mut sink = JsonLines(Trickle {
                out: Vec::new(),
                step,
                calls: 0,
            });
            sink.write_records(&records).unwrap();
            sink.write_records(&[]).unwrap();
            assert_eq!(
                sink.0.out,
                "{\"id\":\"a\"}\n\n{\"t\":\"é—\"}\n{}\n".as_bytes()
            );
        }
    }

    #[test]
    fn a_writer_that_takes_nothing_is_an_error_not_a_hang() {
        let mut sink = JsonLines(Trickle {
            out: Vec::new(),
            step: 0,
            calls: 0,
        });
        let error = sink.write_records(&[b"{}"]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::WriteZero);
        assert!(sink.write_records(&[]).is_ok());
    }
}
