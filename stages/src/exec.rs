//! The `exec` stage: a stage written in any language, run as worker
//! processes that read records on stdin and write replies on stdout, one
//! JSON line each (the protocol is in `FORMAT.md`; the guide in
//! `docs/custom-stages.md`).

mod reply;
mod stream;
mod worker;

use pipeline::{parse_settings, BatchItem, Document, Layer, SettingDoc, Stage, StageError};
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use worker::Pool;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExecSettings {
    /// The program and its arguments (no shell).
    pub command: Vec<String>,
    /// Layers the worker reads: checked like any stage's.
    pub requires: Vec<String>,
    /// Layers the worker writes: core keys (`entities`) or custom names.
    pub provides: Vec<String>,
    /// Worker processes; 0 = one per core.
    pub workers: usize,
    /// How long one record may take.
    pub timeout_ms: u64,
    /// Extra time for a worker's first reply, while it starts up.
    pub startup_ms: u64,
}

impl Default for ExecSettings {
    fn default() -> Self {
        ExecSettings {
            command: Vec::new(),
            requires: Vec::new(),
            provides: Vec::new(),
            workers: 0,
            timeout_ms: 10_000,
            startup_ms: 30_000,
        }
    }
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "command",
        default: "(required)",
        about: "program and arguments, e.g. [\"python3\", \"my_stage.py\"]; no shell",
    },
    SettingDoc {
        name: "requires",
        default: "[]",
        about: "layers the worker reads (`tokens` are sent only when listed here)",
    },
    SettingDoc {
        name: "provides",
        default: "[]",
        about: "layers the worker writes: core keys (`entities`) or custom layer names (`tickers`)",
    },
    SettingDoc {
        name: "workers",
        default: "0",
        about: "worker processes, documents spread over them; 0 = one per core",
    },
    SettingDoc {
        name: "timeout_ms",
        default: "10000",
        about: "a record without a reply by then is an error; the worker is killed and replaced",
    },
    SettingDoc {
        name: "startup_ms",
        default: "30000",
        about: "extra time for each worker's first reply, while it starts (loads a model, say)",
    },
];

pub const ABOUT: &str = "runs a stage written in any language: worker processes read one JSON record per line on stdin and reply with one line on stdout";

pub struct ExecStage {
    requires: Vec<Layer>,
    provides: Vec<Layer>,
    send_tokens: bool,
    timeout: Duration,
    startup: Duration,
    pool: Pool,
}

impl ExecStage {
    pub fn new(settings: ExecSettings) -> Result<Self, StageError> {
        let Some(program) = settings.command.first() else {
            return Err(StageError::new(
                "`command` is required: the program and its arguments, e.g. [\"python3\", \"my_stage.py\"]",
            ));
        };
        if !program_exists(program) {
            return Err(StageError::new(format!(
                "`command`: program `{program}` not found (looked in PATH, or relative to the current directory)"
            )));
        }
        if settings.timeout_ms == 0 {
            return Err(StageError::new("`timeout_ms` must be above 0"));
        }
        let requires = layers(&settings.requires);
        let provides = layers(&settings.provides);
        let workers = match settings.workers {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        };
        Ok(ExecStage {
            send_tokens: requires.contains(&Layer::Tokens),
            requires,
            provides,
            timeout: Duration::from_millis(settings.timeout_ms),
            startup: Duration::from_millis(settings.startup_ms),
            pool: Pool::new(settings.command, "exec", workers),
        })
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(ExecStage::new(parse_settings(settings)?)?))
    }
}

/// `entities` → the core layer; `tickers` or `custom.tickers` → a custom one.
fn layers(names: &[String]) -> Vec<Layer> {
    names
        .iter()
        .map(|name| match name.strip_prefix("custom.") {
            Some(custom) => Layer::custom(custom),
            None => Layer::parse(name),
        })
        .collect()
}

/// Whether `program` names a file (when it has a path separator) or a file
/// in one of PATH's directories, as `Command` will look for it.
fn program_exists(program: &str) -> bool {
    if program.contains(std::path::MAIN_SEPARATOR) || program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

impl Stage for ExecStage {
    fn name(&self) -> &str {
        "exec"
    }

    fn requires(&self) -> Vec<Layer> {
        self.requires.clone()
    }

    fn provides(&self) -> Vec<Layer> {
        self.provides.clone()
    }

    fn set_name(&mut self, name: &str) {
        self.pool.set_label(name);
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut item = BatchItem::new(doc);
        self.process_batch(std::slice::from_mut(&mut item));
        let (outcome, _) = item
            .into_outcome()
            .expect("the stream gives every document an outcome");
        outcome
    }

    /// Many documents in flight at once: the workers' pipes stay full while
    /// newspipe's own threads go on with other work.
    fn takes_batches(&self) -> bool {
        true
    }

    fn process_batch(&self, batch: &mut [BatchItem<'_>]) {
        stream::process(self, batch);
    }
}

impl ExecStage {
    /// The request line for one document, newline included.
    fn request(&self, doc: &Document) -> Arc<[u8]> {
        // Escapes and layers make a record longer than its text.
        let mut request = Vec::with_capacity(doc.text.len() * 2 + 256);
        doc.write_json(self.send_tokens, &mut request);
        request.push(b'\n');
        request.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings(value: serde_json::Value) -> pipeline::Settings {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn settings_errors_name_the_setting() {
        let err = ExecStage::from_settings(&settings(json!({})))
            .err()
            .unwrap();
        assert!(err.message().contains("`command` is required"));
        let err = ExecStage::from_settings(&settings(json!({"command": ["no-such-program-xyz"]})))
            .err()
            .unwrap();
        assert!(err.message().contains("not found"), "{err}");
        let err = ExecStage::from_settings(&settings(json!({"command": ["sh"], "shell": true})))
            .err()
            .unwrap();
        assert!(err.message().contains("unknown field `shell`"), "{err}");
    }

    #[test]
    fn layer_names_map_to_core_and_custom_layers() {
        let names = [
            "entities".to_string(),
            "tickers".into(),
            "custom.lang".into(),
        ];
        assert_eq!(
            layers(&names),
            vec![
                Layer::Entities,
                Layer::custom("tickers"),
                Layer::custom("lang")
            ]
        );
    }

    /// A worker in plain `sh`, so this test needs no Python: it answers each
    /// record with a fixed custom layer, taking the id from the request.
    #[cfg(unix)]
    #[test]
    fn a_worker_process_answers_and_a_dead_one_is_replaced() {
        let script = r#"while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  case "$id" in die) exit 3;; esac
  printf '{"id":"%s","custom":{"seen":true}}\n' "$id"
done"#;
        let stage = ExecStage::new(ExecSettings {
            command: vec!["sh".into(), "-c".into(), script.into()],
            provides: vec!["seen".into()],
            workers: 1,
            ..Default::default()
        })
        .unwrap();
        let mut doc = Document::new("a", "x");
        stage.process(&mut doc).unwrap();
        assert_eq!(doc.custom["seen"], json!(true));
        let mut dying = Document::new("die", "x");
        let err = stage.process(&mut dying).unwrap_err();
        assert!(err.message().contains("exited with status 3"), "{err}");
        let mut after = Document::new("b", "y");
        stage.process(&mut after).unwrap();
        assert_eq!(after.custom["seen"], json!(true));
    }

    /// A batch through one `sh` worker that numbers the records it reads:
    /// the records queued behind one that kills or hangs the worker go, in
    /// order, to a new worker and come out whole.
    #[cfg(unix)]
    #[test]
    fn records_in_flight_behind_a_failure_go_to_the_new_worker() {
        let script = r#"n=0
while IFS= read -r line; do
  n=$((n + 1))
  id=$(printf '%s' "$line" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  case "$id" in die) exit 3;; hang) sleep 2;; esac
  printf '{"id":"%s","custom":{"nth":%d}}\n' "$id" "$n"
done"#;
        let stage = ExecStage::new(ExecSettings {
            command: vec!["sh".into(), "-c".into(), script.into()],
            provides: vec!["nth".into()],
            workers: 1,
            timeout_ms: 300,
            startup_ms: 5000,
            ..Default::default()
        })
        .unwrap();
        assert!(stage.takes_batches());
        let ids = ["a", "die", "b", "hang", "c", "d"];
        let mut docs: Vec<Document> = ids.iter().map(|id| Document::new(*id, "x")).collect();
        let mut batch: Vec<BatchItem> = docs.iter_mut().map(BatchItem::new).collect();
        stage.process_batch(&mut batch);
        let outcomes: Vec<Result<(), StageError>> = batch
            .into_iter()
            .map(|item| item.into_outcome().expect("an outcome").0)
            .collect();
        let died = outcomes[1].as_ref().unwrap_err().message().to_string();
        assert!(died.contains("exited with status 3"), "{died}");
        let hung = outcomes[3].as_ref().unwrap_err().message().to_string();
        assert!(hung.starts_with("no reply within 300 ms"), "{hung}");
        // Each failure started a new worker, which took the records after
        // it from its own first line on.
        let nth: Vec<Option<&serde_json::Value>> =
            docs.iter().map(|doc| doc.custom.get("nth")).collect();
        assert_eq!(
            nth,
            [
                Some(&json!(1)),
                None,
                Some(&json!(1)),
                None,
                Some(&json!(1)),
                Some(&json!(2))
            ]
        );
        for i in [0, 2, 4, 5] {
            assert_eq!(outcomes[i], Ok(()), "{}", ids[i]);
        }
    }
}
