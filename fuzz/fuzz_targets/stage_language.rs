//! The default pipeline up to the `language` stage, on any text: the
//! mutations concentrate on one stage.
#![no_main]
use newspipe::fuzzing::StageChecker;
use std::sync::LazyLock;

static CHECKER: LazyLock<StageChecker> = LazyLock::new(|| StageChecker::up_to("language"));
libfuzzer_sys::fuzz_target!(|data: &[u8]| CHECKER.check_text(data));
