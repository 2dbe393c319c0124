//! The default pipeline up to the `quotes` stage, on any text: the mutations
//! concentrate on quotation marks, cues and speakers.
#![no_main]
use newspipe::fuzzing::StageChecker;
use std::sync::LazyLock;

static CHECKER: LazyLock<StageChecker> = LazyLock::new(|| StageChecker::up_to("quotes"));
libfuzzer_sys::fuzz_target!(|data: &[u8]| CHECKER.check_text(data));
