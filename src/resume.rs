//! `--resume`: going on with an output file an interrupted run left behind.
//!
//! The runner writes one record per input record, in input order, so the
//! number of complete records in the output says how many input records are
//! done. A last line cut off mid-way (the process was killed while writing)
//! is removed.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// Opens `path` for appending after its last complete record, and says how
/// many complete records it holds. A missing file is a fresh start.
pub fn reopen(path: &Path) -> Result<(File, usize), String> {
    let fail = |e: std::io::Error| format!("cannot resume {}: {e}", path.display());
    if !path.exists() {
        return File::create(path).map(|f| (f, 0)).map_err(fail);
    }
    let (records, complete_bytes) = complete_records(path).map_err(fail)?;
    let mut file = OpenOptions::new().write(true).open(path).map_err(fail)?;
    file.set_len(complete_bytes).map_err(fail)?;
    file.seek(SeekFrom::End(0)).map_err(fail)?;
    Ok((file, records))
}

/// The number of complete records at the start of the file, and the bytes
/// they take. A record is complete when its line ends in a newline and
/// holds a JSON object; reading stops at the first one that is not.
fn complete_records(path: &Path) -> std::io::Result<(usize, u64)> {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut line = Vec::new();
    let (mut records, mut bytes) = (0usize, 0u64);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        let complete =
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&line).is_ok();
        if !complete {
            break;
        }
        records += 1;
        bytes += n as u64;
    }
    Ok((records, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dirs::temp_dir;
    use std::io::Write;

    #[test]
    fn a_cut_last_line_is_dropped_and_counting_resumes_after_the_rest() {
        let dir = temp_dir("resume");
        let path = dir.join("out.jsonl");
        std::fs::write(&path, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"te").unwrap();
        let (mut file, done) = reopen(&path).unwrap();
        assert_eq!(done, 2);
        file.write_all(b"{\"id\":\"c\"}\n").unwrap();
        drop(file);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n"
        );
        let (_, done) = reopen(&dir.join("fresh.jsonl")).unwrap();
        assert_eq!(done, 0);
    }
}
