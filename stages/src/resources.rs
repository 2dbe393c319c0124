//! Seed lists a newsroom can extend: the `gazetteer` setting.
//!
//! A built-in stage embeds its default lists from `seeds/` (one entry per
//! line). Its `gazetteer` setting maps a list's name to plain files of the
//! user's, read in order over the default:
//!
//! ```text
//! # newsroom/cue_verbs.txt: comments and blank lines are ignored
//! quipped          add an entry (or `+quipped`)
//! -said            remove one (matched on the first tab-separated field)
//! good<TAB>0.8     add, or replace the entry with the same first field
//! !replace         forget everything before this line, default included
//! ```
//!
//! `"gazetteer": {"cue_verbs": "newsroom/cue_verbs.txt", "orgs": ["a.txt",
//! "b.txt"]}` — paths are relative to the directory newspipe runs in. A stage
//! calls [`Gazetteer::check`] in its factory with the names of its lists
//! (an unknown name is a settings error, not a silent no-op), then
//! [`Gazetteer::load`] once per list.

use pipeline::StageError;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The `gazetteer` setting: list name → files over the default list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Gazetteer(BTreeMap<String, Files>);

/// One file or several, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Files {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

impl Files {
    fn paths(&self) -> &[PathBuf] {
        match self {
            Files::One(path) => std::slice::from_ref(path),
            Files::Many(paths) => paths,
        }
    }
}

impl Gazetteer {
    /// An error naming any list the stage does not have.
    pub fn check(&self, lists: &[&str]) -> Result<(), StageError> {
        match self.0.keys().find(|name| !lists.contains(&name.as_str())) {
            Some(name) => Err(StageError::new(format!(
                "`gazetteer`: no list `{name}`; this stage's lists: {}",
                lists.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// The names of the lists the user gave files for.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// List `name`: the entries of `default` (a seed file's text) with the
    /// user's files applied, in order.
    pub fn load(&self, name: &str, default: &str) -> Result<Vec<String>, StageError> {
        let mut list = List::default();
        for entry in entries(default) {
            list.add(entry);
        }
        for path in self.0.get(name).map(Files::paths).unwrap_or_default() {
            let text = std::fs::read_to_string(path).map_err(|e| {
                StageError::new(format!(
                    "`gazetteer.{name}`: cannot read {}: {e}",
                    path.display()
                ))
            })?;
            list.apply(&text);
        }
        Ok(list.into_entries())
    }
}

pub use crate::seed_lines::entries;

/// The part of an entry that identifies it: its first tab-separated field.
fn key(entry: &str) -> &str {
    entry.split('\t').next().unwrap_or(entry).trim_end()
}

/// Entries in order, findable by key; removed ones leave a hole.
#[derive(Default)]
struct List {
    entries: Vec<Option<String>>,
    by_key: HashMap<String, usize>,
}

impl List {
    fn add(&mut self, entry: &str) {
        match self.by_key.get(key(entry)) {
            Some(&at) => self.entries[at] = Some(entry.to_string()),
            None => {
                self.by_key
                    .insert(key(entry).to_string(), self.entries.len());
                self.entries.push(Some(entry.to_string()));
            }
        }
    }

    fn remove(&mut self, entry: &str) {
        if let Some(at) = self.by_key.remove(key(entry)) {
            self.entries[at] = None;
        }
    }

    fn apply(&mut self, text: &str) {
        for line in entries(text) {
            if line == "!replace" {
                *self = List::default();
            } else if let Some(entry) = line.strip_prefix('-') {
                self.remove(entry.trim_start());
            } else {
                self.add(line.strip_prefix('+').unwrap_or(line).trim_start());
            }
        }
    }

    fn into_entries(self) -> Vec<String> {
        self.entries.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(name: &str, text: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "newspipe-resources-{}-{name}.txt",
            std::process::id()
        ));
        std::fs::write(&path, text).unwrap();
        path
    }

    fn gazetteer(value: serde_json::Value) -> Gazetteer {
        serde_json::from_value(value).unwrap()
    }

    const DEFAULT: &str = "# cue verbs\nsaid\ntold\n\nadded\n";

    #[test]
    fn files_add_remove_and_replace_entries_in_order() {
        let extend = file("extend", "quipped\n+ insisted\n-told\n# a comment\n");
        let more = file("more", "-quipped\n-not-there\n+-ish\n");
        let g = gazetteer(json!({"cues": [extend, more]}));
        assert_eq!(
            g.load("cues", DEFAULT).unwrap(),
            ["said", "added", "insisted", "-ish"]
        );
        let replace = file("replace", "said\n!replace\nstated\n");
        let g = gazetteer(json!({"cues": replace}));
        assert_eq!(g.load("cues", DEFAULT).unwrap(), ["stated"]);
    }

    #[test]
    fn an_entry_with_fields_is_replaced_by_its_key() {
        let lexicon = file("lexicon", "good\t0.8\n-bad\nugly\t-0.6\n");
        let g = gazetteer(json!({"lexicon": lexicon}));
        assert_eq!(
            g.load("lexicon", "good\t0.5\nbad\t-0.5\n").unwrap(),
            ["good\t0.8", "ugly\t-0.6"]
        );
    }

    #[test]
    fn no_files_is_the_default() {
        let g = Gazetteer::default();
        assert_eq!(g.load("cues", DEFAULT).unwrap(), ["said", "told", "added"]);
    }

    #[test]
    fn unknown_lists_and_missing_files_are_errors() {
        let g = gazetteer(json!({"cue_verb": "x.txt"}));
        let err = g.check(&["cue_verbs", "titles"]).unwrap_err();
        assert!(err.message().contains("no list `cue_verb`"), "{err}");
        assert!(err.message().contains("cue_verbs, titles"), "{err}");
        let g = gazetteer(json!({"cues": "/no/such/file.txt"}));
        let err = g.load("cues", DEFAULT).unwrap_err();
        assert!(
            err.message().contains("cannot read /no/such/file.txt"),
            "{err}"
        );
    }
}
