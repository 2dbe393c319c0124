//! The pipeline's check and the runner's promises, with small test stages.

use pipeline::pipeline::{PipelineError, Source};
use pipeline::runner::{self, OnError, Origin, Payload, RawRecord, RunOptions};
use pipeline::{BatchItem, Document, Layer, Pipeline, Span, Stage, StageError};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A stage with declared layers that writes one sentence per document and
/// panics or fails on request (by document id).
struct TestStage {
    name: &'static str,
    requires: Vec<Layer>,
    provides: Vec<Layer>,
}

impl Stage for TestStage {
    fn name(&self) -> &str {
        self.name
    }
    fn requires(&self) -> Vec<Layer> {
        self.requires.clone()
    }
    fn provides(&self) -> Vec<Layer> {
        self.provides.clone()
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.id.contains("panic") {
            doc.sentences = Some(vec![Span::new(0, 1)]);
            panic!("test stage panics on {}", doc.id);
        }
        if doc.id.contains("slow") {
            std::thread::sleep(std::time::Duration::from_millis(60));
        }
        if doc.id.contains("fail") {
            return Err(StageError::new("cannot handle this one"));
        }
        for layer in &self.provides {
            match layer {
                Layer::Sentences => doc.sentences = Some(vec![Span::new(0, doc.text.len())]),
                Layer::Custom(name) => {
                    let n = doc.sentences.as_ref().map_or(0, Vec::len);
                    doc.custom.insert(name.clone(), json!(n));
                }
                other => panic!("test stage cannot provide {other}"),
            }
        }
        Ok(())
    }
}

fn stage(name: &'static str, requires: &[Layer], provides: &[Layer]) -> Box<dyn Stage> {
    Box::new(TestStage {
        name,
        requires: requires.to_vec(),
        provides: provides.to_vec(),
    })
}

fn splitter() -> Box<dyn Stage> {
    stage("splitter", &[], &[Layer::Sentences])
}

fn counter() -> Box<dyn Stage> {
    stage("counter", &[Layer::Sentences], &[Layer::custom("count")])
}

fn raw(id: &str, text: &str, line: usize) -> RawRecord {
    let record = json!({"id": id, "text": text});
    RawRecord {
        origin: Origin {
            source: Arc::from("test.jsonl"),
            line,
        },
        payload: Payload::JsonLine(serde_json::to_vec(&record).unwrap()),
    }
}

fn run(
    pipeline: &Pipeline,
    records: Vec<RawRecord>,
    options: RunOptions,
) -> (Vec<Value>, runner::Summary) {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let summary = runner::run(
        pipeline,
        records.into_iter(),
        &mut out,
        &options,
        &mut |_| {},
    )
    .unwrap();
    let values = out
        .iter()
        .map(|line| serde_json::from_slice(line).unwrap())
        .collect();
    (values, summary)
}

#[test]
fn a_layer_only_a_later_stage_provides_is_refused_naming_both() {
    let err = Pipeline::builder()
        .stage(counter())
        .stage(splitter())
        .build()
        .err()
        .expect("the check must refuse this order");
    assert_eq!(
        err,
        PipelineError::OutOfOrder {
            stage: "counter".into(),
            layer: Layer::Sentences,
            provider: "splitter".into()
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("counter")
            && message.contains("splitter")
            && message.contains("sentences")
    );
}

#[test]
fn a_layer_no_stage_provides_is_expected_on_input() {
    let pipeline = Pipeline::builder().stage(counter()).build().unwrap();
    assert_eq!(pipeline.sources(0), &[(Layer::Sentences, Source::Input)]);
    assert!(pipeline
        .explain()
        .contains("Input records must carry `sentences`"));
    let mut doc = Document::new("a", "Some text.");
    pipeline.process(&mut doc);
    assert_eq!(doc.errors.len(), 1);
    assert!(doc.errors[0].message.contains("on the input record"));
    let mut doc = Document::new("b", "Some text.");
    doc.sentences = Some(vec![Span::new(0, 4)]);
    pipeline.process(&mut doc);
    assert!(doc.errors.is_empty());
    assert_eq!(doc.custom["count"], json!(1));
}

#[test]
fn duplicate_names_and_empty_pipelines_are_refused() {
    let err = Pipeline::builder()
        .stage(splitter())
        .stage(splitter())
        .build()
        .err()
        .unwrap();
    assert_eq!(err, PipelineError::DuplicateName("splitter".into()));
    assert_eq!(
        Pipeline::builder().build().err().unwrap(),
        PipelineError::Empty
    );
}

#[test]
fn layers_on_input_are_kept_unless_overwritten() {
    let pipeline = Pipeline::builder()
        .stage(splitter())
        .stage(counter())
        .build()
        .unwrap();
    let mut doc = Document::new("a", "One. Two.");
    doc.sentences = Some(vec![Span::new(0, 4), Span::new(5, 9)]);
    pipeline.process(&mut doc);
    assert_eq!(doc.sentences.as_ref().unwrap().len(), 2);
    assert_eq!(doc.custom["count"], json!(2));

    let pipeline = Pipeline::builder()
        .named_stage("splitter", splitter(), true)
        .build()
        .unwrap();
    let mut doc = Document::new("a", "One. Two.");
    doc.sentences = Some(vec![Span::new(0, 4), Span::new(5, 9)]);
    pipeline.process(&mut doc);
    assert_eq!(doc.sentences.unwrap(), vec![Span::new(0, 9)]);
}

#[test]
fn a_panic_on_one_record_is_an_error_on_that_record_only() {
    let pipeline = Pipeline::builder()
        .stage(splitter())
        .stage(counter())
        .build()
        .unwrap();
    let records = vec![
        raw("ok-1", "First.", 1),
        raw("panic-2", "Second.", 2),
        raw("ok-3", "Third.", 3),
    ];
    let (out, summary) = run(&pipeline, records, RunOptions::default());
    assert_eq!(out.len(), 3);
    assert_eq!(summary.records_failed, 1);
    let failed = &out[1];
    assert_eq!(failed["id"], json!("panic-2"));
    assert_eq!(failed["errors"][0]["stage"], json!("splitter"));
    assert!(failed["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("panicked"));
    // The half-made layer of the panicking stage is not written, and the
    // stage that needed it says why it was skipped.
    assert!(failed.get("sentences").is_none());
    assert_eq!(failed["errors"][1]["stage"], json!("counter"));
    assert_eq!(out[2]["custom"]["count"], json!(1));
}

#[test]
fn output_keeps_input_order_across_threads_and_batches() {
    let pipeline = Pipeline::builder()
        .stage(splitter())
        .stage(counter())
        .build()
        .unwrap();
    let records: Vec<RawRecord> = (0..1000)
        .map(|i| raw(&format!("doc-{i}"), &"word ".repeat(i % 37 + 1), i + 1))
        .collect();
    let mut outputs = Vec::new();
    for (threads, batch_size) in [(1, 1000), (2, 7), (4, 64)] {
        let options = RunOptions {
            threads,
            batch_size,
            ..RunOptions::default()
        };
        let (out, summary) = run(&pipeline, records.clone(), options);
        assert_eq!(summary.records_in, 1000);
        assert_eq!(summary.records_out, 1000);
        let ids: Vec<String> = out
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect();
        let expected: Vec<String> = (0..1000).map(|i| format!("doc-{i}")).collect();
        assert_eq!(ids, expected);
        outputs.push(out);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn on_error_skip_and_fail() {
    let pipeline = Pipeline::builder().stage(splitter()).build().unwrap();
    let records = || vec![raw("a", "x", 1), raw("fail-b", "y", 2), raw("c", "z", 3)];
    let skip = RunOptions {
        on_error: OnError::Skip,
        ..RunOptions::default()
    };
    let (out, summary) = run(&pipeline, records(), skip);
    assert_eq!(out.len(), 2);
    assert_eq!(
        (
            summary.records_in,
            summary.records_out,
            summary.records_skipped
        ),
        (3, 2, 1)
    );

    let fail = RunOptions {
        on_error: OnError::Fail,
        ..RunOptions::default()
    };
    let (out, summary) = run(&pipeline, records(), fail);
    assert_eq!(
        out.len(),
        2,
        "written up to and including the failed record"
    );
    assert!(summary.stopped_early);
    assert_eq!(
        out[1]["errors"][0]["message"],
        json!("cannot handle this one")
    );
}

#[test]
fn json_lines_writes_what_a_record_at_a_time_sink_gets_under_every_policy() {
    let pipeline = Pipeline::builder().stage(splitter()).build().unwrap();
    let records = || {
        vec![
            raw("a", "x", 1),
            raw("fail-b", "y", 2),
            raw("c", "zé", 3),
            raw("panic-d", "w", 4),
            raw("e", "v", 5),
        ]
    };
    for on_error in [OnError::Record, OnError::Skip, OnError::Fail] {
        for batch_size in [1, 2, 256] {
            let options = RunOptions {
                on_error,
                batch_size,
                threads: 2,
                ..RunOptions::default()
            };
            // Counts as written, without the run time.
            let run_into = |sink: &mut (dyn runner::Sink + Send)| runner::Summary {
                elapsed: Duration::ZERO,
                ..runner::run(
                    &pipeline,
                    records().into_iter(),
                    sink,
                    &options,
                    &mut |_| {},
                )
                .unwrap()
            };
            let mut one_at_a_time: Vec<Vec<u8>> = Vec::new();
            let expected = run_into(&mut one_at_a_time);
            let mut lines = runner::JsonLines(Vec::new());
            let summary = run_into(&mut lines);
            let joined: Vec<u8> = one_at_a_time
                .iter()
                .flat_map(|record| record.iter().chain(b"\n"))
                .copied()
                .collect();
            assert!(!one_at_a_time.is_empty());
            assert_eq!(lines.0, joined, "{on_error:?}, batch size {batch_size}");
            assert_eq!(summary.records_out, one_at_a_time.len());
            assert_eq!(summary, expected);
        }
    }
}

#[test]
fn bad_records_become_error_records_naming_source_and_line() {
    let pipeline = Pipeline::builder().stage(splitter()).build().unwrap();
    let line = |line: usize, bytes: &[u8]| RawRecord {
        origin: Origin {
            source: Arc::from("in.jsonl"),
            line,
        },
        payload: Payload::JsonLine(bytes.to_vec()),
    };
    let records = vec![
        line(1, b"{not json"),
        line(2, b"{\"id\": \"no-text\"}"),
        line(3, b"\xff\xfe{\"text\": 1}"),
        line(4, b"42"),
        line(5, b"\xef\xbb\xbf{\"text\": \"BOM first\"}"),
        RawRecord {
            origin: Origin {
                source: Arc::from("notes.txt"),
                line: 1,
            },
            payload: Payload::Text(b"caf\xe9".to_vec()),
        },
    ];
    let (out, summary) = run(&pipeline, records, RunOptions::default());
    assert_eq!(summary.records_in, 6);
    assert_eq!(summary.records_out, 6);
    assert_eq!(summary.records_failed, 5);
    let message = |i: usize| out[i]["errors"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message(0).starts_with("in.jsonl line 1: invalid JSON"),
        "{}",
        message(0)
    );
    assert_eq!(out[1]["id"], json!("no-text"));
    assert!(message(1).contains("no `text`"));
    assert!(message(2).contains("not valid UTF-8"));
    assert!(message(3).contains("expected a JSON object, found a number"));
    assert!(out[4].get("errors").is_none(), "a BOM is not an error");
    assert_eq!(out[5]["id"], json!("notes.txt"));
    assert!(message(5).contains("not valid UTF-8"));
}

#[test]
fn empty_input_writes_nothing() {
    let pipeline = Pipeline::builder().stage(splitter()).build().unwrap();
    let (out, summary) = run(&pipeline, Vec::new(), RunOptions::default());
    assert!(out.is_empty());
    assert_eq!(summary.records_in, 0);
}

#[test]
fn a_stage_over_the_budget_is_reported_and_its_work_kept() {
    let pipeline = Pipeline::builder().stage(splitter()).build().unwrap();
    let options = RunOptions {
        budget: std::time::Duration::from_millis(20),
        ..RunOptions::default()
    };
    let (out, summary) = run(
        &pipeline,
        vec![raw("quick", "a", 1), raw("slow", "b", 2)],
        options,
    );
    assert_eq!(summary.records_slow, 1);
    assert_eq!(summary.records_failed, 0);
    assert!(out[1].get("sentences").is_some());
    assert!(summary
        .paragraph()
        .contains("1 over the per-document time budget"));
}

/// A stage that takes batches: counts each document's sentences under
/// `custom.batched`, records the size of every batch it is handed, and
/// misbehaves on request (by document id).
struct BatchStage {
    sizes: Arc<Mutex<Vec<usize>>>,
}

impl Stage for BatchStage {
    fn name(&self) -> &str {
        "batcher"
    }
    fn requires(&self) -> Vec<Layer> {
        vec![Layer::Sentences]
    }
    fn provides(&self) -> Vec<Layer> {
        vec![Layer::custom("batched")]
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut item = BatchItem::new(doc);
        self.process_batch(std::slice::from_mut(&mut item));
        item.into_outcome().map_or(Ok(()), |(outcome, _)| outcome)
    }
    fn takes_batches(&self) -> bool {
        true
    }
    fn process_batch(&self, batch: &mut [BatchItem<'_>]) {
        self.sizes.lock().unwrap().push(batch.len());
        for item in batch.iter_mut() {
            let n = item.doc.sentences.as_ref().map_or(0, Vec::len);
            item.doc.custom.insert("batched".into(), json!(n));
            let id = item.doc.id.clone();
            if id.contains("boom") {
                panic!("the batch stage panics at {id}");
            }
            if id.contains("forget") {
                continue;
            }
            let outcome = match id.contains("refuse") {
                true => Err(StageError::new("refused in a batch")),
                false => Ok(()),
            };
            let took = Duration::from_millis(if id.contains("dawdle") { 50 } else { 0 });
            item.finish(outcome, took);
        }
    }
}

fn batch_pipeline(sizes: &Arc<Mutex<Vec<usize>>>) -> Pipeline {
    Pipeline::builder()
        .stage(splitter())
        .stage(Box::new(BatchStage {
            sizes: Arc::clone(sizes),
        }))
        .stage(counter())
        .build()
        .unwrap()
}

#[test]
fn a_stage_that_takes_batches_gets_the_batch_and_an_outcome_per_record() {
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let pipeline = batch_pipeline(&sizes);
    assert!(pipeline.takes_batches());
    let records = vec![
        raw("ok-1", "First.", 1),
        raw("fail-2", "The splitter fails here.", 2),
        raw("refuse-3", "Third.", 3),
        raw("forget-4", "Fourth.", 4),
        raw("dawdle-5", "Fifth.", 5),
        raw("ok-6", "Sixth.", 6),
    ];
    let options = RunOptions {
        budget: Duration::from_millis(20),
        ..RunOptions::default()
    };
    let (out, summary) = run(&pipeline, records, options);
    // One batch, without the record whose required layer is missing.
    assert_eq!(*sizes.lock().unwrap(), vec![5]);
    let ids: Vec<&str> = out.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["ok-1", "fail-2", "refuse-3", "forget-4", "dawdle-5", "ok-6"]
    );
    assert_eq!(summary.records_failed, 3);
    assert_eq!(summary.records_slow, 1);
    let errors = |i: usize| out[i]["errors"].clone();
    assert_eq!(errors(1)[1]["stage"], json!("batcher"));
    assert!(errors(1)[1]["message"]
        .as_str()
        .unwrap()
        .contains("skipped: it needs layer `sentences`"));
    assert_eq!(
        errors(2),
        json!([{"stage": "batcher", "message": "refused in a batch"}])
    );
    assert!(errors(3)[0]["message"]
        .as_str()
        .unwrap()
        .contains("gave no outcome"));
    // A failed record loses the layer the stage had half made; the later
    // ordinary stage still runs on it.
    for i in [2, 3] {
        assert!(out[i]["custom"].get("batched").is_none(), "{}", out[i]);
        assert_eq!(out[i]["custom"]["count"], json!(1));
    }
    for i in [0, 4, 5] {
        assert!(out[i].get("errors").is_none(), "{}", out[i]);
        assert_eq!(out[i]["custom"], json!({"batched": 1, "count": 1}));
    }
}

#[test]
fn a_panic_in_a_batch_fails_only_the_records_not_finished_yet() {
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let pipeline = batch_pipeline(&sizes);
    let mut docs = vec![
        Document::new("a", "One."),
        Document::new("boom", "Two."),
        Document::new("c", "Three."),
    ];
    pipeline.process_batch(&mut docs);
    assert!(docs[0].errors.is_empty());
    assert_eq!(docs[0].custom["batched"], json!(1));
    for doc in &docs[1..] {
        assert_eq!(doc.errors.len(), 1, "{doc:?}");
        assert_eq!(
            doc.errors[0].message,
            "panicked: the batch stage panics at boom"
        );
        assert!(!doc.custom.contains_key("batched"));
        assert_eq!(doc.custom["count"], json!(1));
    }
}

#[test]
fn a_batch_stage_gives_the_same_output_at_every_batch_size() {
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let pipeline = batch_pipeline(&sizes);
    let records: Vec<RawRecord> = (0..200)
        .map(|i| {
            let id = match i % 13 {
                0 => format!("refuse-{i}"),
                5 => format!("fail-{i}"),
                _ => format!("doc-{i}"),
            };
            raw(&id, &"Word. ".repeat(i % 5 + 1), i + 1)
        })
        .collect();
    let mut outputs = Vec::new();
    for (threads, batch_size) in [(1, 1), (2, 7), (4, 256)] {
        let options = RunOptions {
            threads,
            batch_size,
            ..RunOptions::default()
        };
        outputs.push(run(&pipeline, records.clone(), options).0);
    }
    assert_eq!(outputs[0].len(), 200);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    // Batch sizes as the runner cut them, less the records the splitter
    // failed on.
    let sizes = sizes.lock().unwrap();
    assert_eq!(sizes.iter().sum::<usize>(), 3 * (200 - 15));
    assert!(sizes.contains(&1) && sizes.contains(&7) && sizes.contains(&(200 - 15)));
}

#[test]
fn the_default_batch_path_is_process_per_record() {
    let stage = splitter();
    assert!(!stage.takes_batches());
    let mut docs = [
        Document::new("a", "x"),
        Document::new("fail-b", "y"),
        Document::new("panic-c", "z"),
    ];
    let mut items: Vec<BatchItem> = docs.iter_mut().map(BatchItem::new).collect();
    stage.process_batch(&mut items);
    let outcomes: Vec<Result<(), StageError>> = items
        .into_iter()
        .map(|item| item.into_outcome().unwrap().0)
        .collect();
    assert_eq!(outcomes[0], Ok(()));
    assert_eq!(outcomes[1], Err(StageError::new("cannot handle this one")));
    assert!(outcomes[2]
        .as_ref()
        .unwrap_err()
        .message()
        .starts_with("panicked: test stage panics on panic-c"));
    assert_eq!(docs[0].sentences, Some(vec![Span::new(0, 1)]));
}
