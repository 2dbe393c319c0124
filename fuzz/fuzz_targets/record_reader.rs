//! Any bytes as a JSON line and as a text file: a document that round-trips
//! through the output format, or an error record.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| newspipe::fuzzing::check_record_reader(data));
