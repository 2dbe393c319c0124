//! The fuzz targets' checks (`newspipe::fuzzing`) on random input, on the
//! stable toolchain in every `cargo test`: random bytes, random mixes of
//! the characters and constructs news text breaks parsers on, JSON records
//! with random layers and offsets, and mutations of the bundled samples.
//! Coverage-guided fuzzing of the same checks is `scripts/fuzz.sh`; every
//! crash either finds becomes a case in `regressions` below.
//!
//! `NEWSPIPE_FUZZ_SEED=n` picks another sequence, `NEWSPIPE_FUZZ_CASES=n`
//! runs more cases (default 500 per check).

use newspipe::fuzzing::{check_char_index, check_record_reader, StageChecker};
use std::sync::LazyLock;

/// xorshift64*: reproducible from the seed a failure prints.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces of text that stress sentence splitting, quotes and offsets.
const PIECES: &[&str] = &[
    "Dr. ",
    "Mr. ",
    "U.S. ",
    "said",
    " told ",
    "according to ",
    ": ",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    "„",
    "「",
    "」",
    "…",
    "...",
    ". ",
    "? ",
    "! ",
    ".\n\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{301}",
    "e\u{301}",
    "👍🏽",
    "🇮🇷",
    "Iran",
    "Tajikistan",
    "Anna Petrova",
    "Putin",
    "Путин",
    "Москва",
    "ایران",
    "گفت",
    "北京",
    "他说",
    "東京",
    "(",
    ")",
    "[",
    "]",
    "—",
    "–",
    "-",
    "1",
    "3.5",
    "50,000",
    "%",
    "$",
    "€",
    "&",
    "@",
    "#",
    "a",
    "I",
    "he",
    "She ",
    "The ",
    "\\",
    "{",
    "}",
];

fn random_text(rng: &mut Rng) -> String {
    let n = rng.below(60);
    (0..n).map(|_| *rng.pick(PIECES)).collect()
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let n = rng.below(200);
    (0..n).map(|_| rng.next() as u8).collect()
}

/// A JSON record whose layers carry random (often wrong) offsets.
fn random_record(rng: &mut Rng) -> Vec<u8> {
    let text = random_text(rng);
    let len = text.chars().count() + 2;
    let spans = |rng: &mut Rng, extra: &str| -> String {
        let items: Vec<String> = (0..rng.below(4))
            .map(|_| {
                format!(
                    "{{\"start\":{},\"end\":{}{extra}}}",
                    rng.below(len),
                    rng.below(len)
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    };
    let mut fields = vec![
        format!("\"id\":{}", rng.below(100)),
        format!("\"text\":{}", serde_json::to_string(&text).unwrap()),
    ];
    if rng.below(2) == 0 {
        fields.push(format!("\"sentences\":{}", spans(rng, "")));
    }
    if rng.below(2) == 0 {
        fields.push(format!(
            "\"entities\":{}",
            spans(rng, ",\"label\":\"PERSON\"")
        ));
    }
    if rng.below(3) == 0 {
        fields.push(format!(
            "\"quotes\":{}",
            spans(rng, ",\"kind\":\"direct\",\"speaker\":null,\"cue\":null")
        ));
    }
    if rng.below(3) == 0 {
        fields.push("\"lang\":{\"code\":\"en\",\"confidence\":1.0}".into());
    }
    if rng.below(4) == 0 {
        fields.push("\"meta\":{\"a\":[1,{\"b\":null}]}".into());
    }
    for _ in 0..rng.below(3) {
        // Fields newspipe does not know, anywhere in the record.
        let at = rng.below(fields.len() + 1);
        fields.insert(at, format!("\"x{}\":{}", rng.below(5), rng.below(9)));
    }
    format!("{{{}}}", fields.join(",")).into_bytes()
}

/// A bundled sample with a few bytes flipped, cut or repeated.
fn mutated_sample(rng: &mut Rng) -> Vec<u8> {
    static SAMPLES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles.jsonl");
        std::fs::read(path)
            .unwrap()
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec)
            .collect()
    });
    let mut bytes = rng.pick(&SAMPLES).clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 if at < bytes.len() => bytes[at] = rng.next() as u8,
            1 => bytes.truncate(at),
            2 => {
                let piece = rng.pick(PIECES).as_bytes().to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let end = (at + rng.below(40)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    bytes
}

fn random_input(rng: &mut Rng) -> Vec<u8> {
    match rng.below(4) {
        0 => random_bytes(rng),
        1 => random_text(rng).into_bytes(),
        2 => random_record(rng),
        _ => mutated_sample(rng),
    }
}

/// Runs `check` on random inputs; a failure names the seed and the input.
fn fuzz(name: &str, check: impl Fn(&[u8])) {
    let seed: u64 = std::env::var("NEWSPIPE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let cases: usize = std::env::var("NEWSPIPE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let mut rng = Rng((seed ^ (name.len() as u64 * 0x9e37_79b9)) | 1);
    for case in 0..cases {
        let input = random_input(&mut rng);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        if outcome.is_err() {
            panic!(
                "{name}: case {case} of seed {seed} fails on {:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}

#[test]
fn record_reader() {
    fuzz("record_reader", check_record_reader);
}

#[test]
fn char_index() {
    fuzz("char_index", check_char_index);
}

#[test]
fn default_pipeline_on_text() {
    let checker = StageChecker::default_pipeline();
    fuzz("default_pipeline_on_text", |data| checker.check_text(data));
}

#[test]
fn default_pipeline_on_records() {
    let checker = StageChecker::default_pipeline();
    fuzz("default_pipeline_on_records", |data| {
        checker.check_record(data)
    });
}

/// Inputs that once failed a check: each stays fixed.
mod regressions {
    use super::*;

    /// An input entity that ends before it starts was read, and reached the
    /// stages (a slice or `Span::len` there panics); now it is an input error.
    #[test]
    fn a_backwards_span_on_input_is_refused() {
        let record = br#"{"text":"Anna Petrova said so.","entities":[{"start":12,"end":5,"label":"PERSON"}]}"#;
        let map = serde_json::from_slice(record).unwrap();
        let err = pipeline::Document::from_json(map, "x").unwrap_err();
        assert!(err.contains("ends before it starts"), "{err}");
        check_record_reader(record);
        StageChecker::default_pipeline().check_record(record);
    }

    /// Fields newspipe does not know were reordered on reading (serde_json's
    /// `remove` swaps the last key into the hole), so annotating an output
    /// again shuffled them (found by cargo-fuzz, target pipeline_record).
    #[test]
    fn unknown_fields_keep_their_order() {
        let record = br#"{")d":"sample-004","text":"Abc.","x":1,"meta":{},"y":2,"format":1}"#;
        check_record_reader(record);
        StageChecker::default_pipeline().check_record(record);
        let map = serde_json::from_slice(record).unwrap();
        let mut out = Vec::new();
        pipeline::Document::from_json(map, "x")
            .unwrap()
            .write_json(false, &mut out);
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.ends_with(r#""meta":{},")d":"sample-004","x":1,"y":2}"#),
            "{out}"
        );
    }
}
