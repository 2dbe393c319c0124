//! Input sources: JSON Lines files (plain or gzipped), stdin, plain-text
//! files and directories of them, read as a stream of raw records.

use flate2::read::MultiGzDecoder;
use pipeline::runner::{Origin, Payload, RawRecord};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input the user named, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    JsonLines(PathBuf),
    GzJsonLines(PathBuf),
    Text(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::JsonLines(p) | Source::GzJsonLines(p) | Source::Text(p) => {
                p.display().to_string()
            }
        }
    }
}

/// Resolves the command line's inputs: none or `-` is stdin; a directory
/// stands for its `.jsonl`, `.jsonl.gz` and `.txt` files, recursively, in
/// sorted order; any other file is read by its ending (`.txt` as one
/// document, everything else as JSON Lines).
pub fn resolve(inputs: &[PathBuf]) -> Result<Vec<Source>, String> {
    if inputs.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut sources = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if input.is_dir() {
            let mut files = Vec::new();
            collect_dir(input, &mut files)
                .map_err(|e| format!("cannot read directory {}: {e}", input.display()))?;
            files.sort();
            sources.extend(files.into_iter().filter_map(|f| by_ending(&f, false)));
        } else if input.exists() {
            sources.extend(by_ending(input, true));
        } else {
            return Err(format!("input {} does not exist", input.display()));
        }
    }
    Ok(sources)
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_dir(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// The source a file is read as; in a directory only known endings count.
fn by_ending(path: &Path, named: bool) -> Option<Source> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".txt") {
        Some(Source::Text(path.to_path_buf()))
    } else if name.ends_with(".gz") {
        Some(Source::GzJsonLines(path.to_path_buf()))
    } else if named || name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(Source::JsonLines(path.to_path_buf()))
    } else {
        None
    }
}

/// The total size of the plain inputs, when every input has a known size
/// (for a progress bar with an ETA).
pub fn total_bytes(sources: &[Source]) -> Option<u64> {
    sources.iter().try_fold(0u64, |total, source| match source {
        Source::JsonLines(p) | Source::Text(p) => Some(total + std::fs::metadata(p).ok()?.len()),
        Source::Stdin | Source::GzJsonLines(_) => None,
    })
}

/// Streams records from the sources in order. A source that cannot be
/// opened or read yields one `Unreadable` record naming it, and reading goes
/// on with the next: nothing is dropped silently.
pub struct Records {
    sources: std::vec::IntoIter<Source>,
    current: Option<Current>,
}

struct Current {
    name: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    /// Lines split off a chunk with lone CR line ends, not yet returned.
    pending: VecDeque<Vec<u8>>,
}

impl Current {
    fn record(&mut self, line: Vec<u8>) -> RawRecord {
        self.line += 1;
        RawRecord {
            origin: Origin {
                source: self.name.clone(),
                line: self.line,
            },
            payload: Payload::JsonLine(line),
        }
    }
}

impl Records {
    pub fn new(sources: Vec<Source>) -> Self {
        Records {
            sources: sources.into_iter(),
            current: None,
        }
    }

    fn open(&mut self, source: Source) -> Option<RawRecord> {
        let name: Arc<str> = source.name().into();
        let unreadable = |name: &Arc<str>, line: usize, e: io::Error| RawRecord {
            origin: Origin {
                source: name.clone(),
                line,
            },
            payload: Payload::Unreadable(format!("cannot read {name}: {e}")),
        };
        let reader: Box<dyn BufRead + Send> = match &source {
            Source::Stdin => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            Source::JsonLines(path) => match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => return Some(unreadable(&name, 0, e)),
            },
            Source::GzJsonLines(path) => match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(
                    1 << 16,
                    MultiGzDecoder::new(BufReader::new(f)),
                )),
                Err(e) => return Some(unreadable(&name, 0, e)),
            },
            Source::Text(path) => {
                let mut bytes = Vec::new();
                let read = File::open(path).and_then(|mut f| f.read_to_end(&mut bytes));
                return Some(match read {
                    Ok(_) => RawRecord {
                        origin: Origin {
                            source: name,
                            line: 1,
                        },
                        payload: Payload::Text(bytes),
                    },
                    Err(e) => unreadable(&name, 1, e),
                });
            }
        };
        self.current = Some(Current {
            name,
            reader,
            line: 0,
            pending: VecDeque::new(),
        });
        None
    }
}

impl Iterator for Records {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(line) = current.pending.pop_front() {
                    return Some(current.record(line));
                }
                let mut line = Vec::new();
                match current.reader.read_until(b'\n', &mut line) {
                    Ok(0) => self.current = None,
                    Ok(_) => {
                        if line.last() == Some(&b'\n') {
                            line.pop();
                        }
                        if line.last() == Some(&b'\r') {
                            line.pop();
                        }
                        if !line.contains(&b'\r') {
                            return Some(current.record(line));
                        }
                        // Old Mac line ends: a raw CR cannot stand inside a
                        // JSON string, so it can only end a line.
                        current
                            .pending
                            .extend(line.split(|&b| b == b'\r').map(<[u8]>::to_vec));
                    }
                    Err(e) => {
                        // A broken stream (a corrupt .gz, say) ends this
                        // source with one error record; the rest still runs.
                        let record = RawRecord {
                            origin: Origin {
                                source: current.name.clone(),
                                line: current.line + 1,
                            },
                            payload: Payload::Unreadable(format!(
                                "cannot read {} after line {}: {e}",
                                current.name, current.line
                            )),
                        };
                        self.current = None;
                        return Some(record);
                    }
                }
            } else {
                let source = self.sources.next()?;
                if let Some(record) = self.open(source) {
                    return Some(record);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dirs::temp_dir;
    use std::io::Write;

    #[test]
    fn directories_are_read_recursively_in_sorted_order() {
        let dir = temp_dir("input-dirs");
        std::fs::create_dir_all(dir.join("b")).unwrap();
        std::fs::write(dir.join("b/2.txt"), "two").unwrap();
        std::fs::write(dir.join("a.jsonl"), "{\"text\":\"x\"}\n").unwrap();
        std::fs::write(dir.join("c.txt"), "three").unwrap();
        std::fs::write(dir.join("notes.md"), "ignored").unwrap();
        let sources = resolve(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(
            sources,
            vec![
                Source::JsonLines(dir.join("a.jsonl")),
                Source::Text(dir.join("b/2.txt")),
                Source::Text(dir.join("c.txt")),
            ]
        );
    }

    #[test]
    fn lines_lose_crlf_and_keep_numbers() {
        let dir = temp_dir("input-lines");
        let path = dir.join("x.jsonl");
        std::fs::write(
            &path,
            "{\"text\":\"a\"}\r\n\n{\"text\":\"b\"}\r{\"text\":\"c\"}\r\n{}",
        )
        .unwrap();
        let records: Vec<RawRecord> = Records::new(resolve(&[path]).unwrap()).collect();
        assert_eq!(records.len(), 5);
        assert_eq!(records[4].origin.line, 5);
        match &records[3].payload {
            Payload::JsonLine(bytes) => assert_eq!(bytes, b"{\"text\":\"c\"}"),
            other => panic!("{other:?}"),
        }
        match &records[0].payload {
            Payload::JsonLine(bytes) => assert_eq!(bytes, b"{\"text\":\"a\"}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gzipped_json_lines_are_read() {
        let dir = temp_dir("input-gz");
        let path = dir.join("x.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n")
            .unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let records: Vec<RawRecord> = Records::new(resolve(&[path]).unwrap()).collect();
        assert_eq!(records.len(), 2);
    }

    #[test]
    fn a_missing_input_is_refused_up_front() {
        let err = resolve(&[PathBuf::from("/no/such/file.jsonl")]).unwrap_err();
        assert!(err.contains("does not exist"));
    }
}
