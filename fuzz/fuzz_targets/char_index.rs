//! Byte <-> code-point offsets agree with `str::char_indices` everywhere.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| newspipe::fuzzing::check_char_index(data));
