//! Any JSON line through the whole default pipeline: layers a record brings
//! (with any offsets) must not make a later stage panic.
#![no_main]
use newspipe::fuzzing::StageChecker;
use std::sync::LazyLock;

static CHECKER: LazyLock<StageChecker> = LazyLock::new(StageChecker::default_pipeline);
libfuzzer_sys::fuzz_target!(|data: &[u8]| CHECKER.check_record(data));
