//! `company-report COMPANY…`: the stage through the library API, no config
//! file: builds a pipeline of the built-in `language` stage and
//! `company_mentions`, reads records (with sentences) as JSON Lines on stdin
//! and writes annotated ones on stdout.
//!
//! ```text
//! company-report Apple Gazprom < articles.jsonl > annotated.jsonl
//! ```

use company_mentions::{CompanyMentions, CompanySettings};
use pipeline::runner::{self, JsonLines, Origin, Payload, RawRecord, RunOptions};
use pipeline::Pipeline;
use stages::language::{LanguageSettings, LanguageStage};
use std::io::{self, BufRead};
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let companies: Vec<String> = std::env::args().skip(1).collect();
    let settings = CompanySettings {
        companies: companies
            .into_iter()
            .map(|name| (name, Vec::new()))
            .collect(),
        ..Default::default()
    };
    let companies = match CompanyMentions::new(settings) {
        Ok(stage) => stage,
        Err(e) => {
            eprintln!("company-report: {e} (give company names as arguments)");
            return ExitCode::from(2);
        }
    };
    let pipeline = Pipeline::builder()
        .stage(Box::new(LanguageStage::new(LanguageSettings::default())))
        .stage(Box::new(companies))
        .build()
        .expect("language and company_mentions fit together");

    let source: Arc<str> = Arc::from("-");
    // The runner reads the next batch on another thread: the iterator must
    // be `Send`, so stdin unlocked.
    let records = io::BufReader::new(io::stdin())
        .split(b'\n')
        .enumerate()
        .map(|(i, line)| RawRecord {
            origin: Origin {
                source: Arc::clone(&source),
                line: i + 1,
            },
            payload: match line {
                Ok(bytes) => Payload::JsonLine(bytes),
                Err(e) => Payload::Unreadable(e.to_string()),
            },
        });
    // Written on the runner's writer thread: stdout unlocked, like stdin.
    let mut sink = JsonLines(io::BufWriter::new(io::stdout()));
    match runner::run(
        &pipeline,
        records,
        &mut sink,
        &RunOptions::default(),
        &mut |_| {},
    ) {
        Ok(summary) if summary.records_failed == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("company-report: {e}");
            ExitCode::from(2)
        }
    }
}
