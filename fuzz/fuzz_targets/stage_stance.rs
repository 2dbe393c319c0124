//! Any text through the whole default pipeline, whose last stage is `stance`:
//! no panic, offsets on char boundaries, the record round-trips.
#![no_main]
use newspipe::fuzzing::StageChecker;
use std::sync::LazyLock;

static CHECKER: LazyLock<StageChecker> = LazyLock::new(|| StageChecker::up_to("stance"));
libfuzzer_sys::fuzz_target!(|data: &[u8]| CHECKER.check_text(data));
