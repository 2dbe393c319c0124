#!/usr/bin/env python3
"""Writes a corpus of hostile input for newspipe: every way a record can be
broken, huge or strange. Each input record must come out as one output record
or one error record; `expected_records` in the manifest says how many.

    scripts/hostile_corpus.py OUTDIR [--scale small|full]

`full` has the sizes named in the reliability issue (a 50 MB document, a
10 MB word, 100,000 quotation marks); `small` is a tenth of them, for tests.
"""
import argparse
import json
import os

WORDS = "The minister said the talks would resume next week , officials confirmed .".split()


def article(n_bytes: int) -> str:
    """Plain English-looking text of about n_bytes, with paragraphs."""
    out, size, i = [], 0, 0
    while size < n_bytes:
        word = WORDS[i % len(WORDS)]
        out.append(word)
        size += len(word) + 1
        i += 1
        if i % 400 == 0:
            out.append("\n\n")
    return " ".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--scale", choices=["small", "full"], default="small")
    args = parser.parse_args()
    scale = 1 if args.scale == "full" else 10
    os.makedirs(args.outdir, exist_ok=True)

    def rec(**fields) -> bytes:
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")

    lines = [
        ("bom-first-line", b"\xef\xbb\xbf" + rec(id="bom", text="A record after a byte-order mark.")),
        ("invalid-json", b'{"id": "broken", "text": "no closing brace"'),
        ("json-array", b'[{"text": "an array, not an object"}]'),
        ("json-number", b"42"),
        ("json-string", b'"just a string"'),
        ("text-missing", rec(id="no-text", meta={"source": "x"})),
        ("text-not-string", rec(id="text-number", text=12345)),
        ("text-null", rec(id="text-null", text=None)),
        ("invalid-utf8", b'{"id": "latin1", "text": "caf\xe9 cr\xe8me"}'),
        ("raw-nul-byte", b'{"id": "raw-nul", "text": "a\x00b"}'),
        ("escaped-nul", rec(id="escaped-nul", text="before\u0000after \u0000\u0000 end.")),
        ("lone-surrogate", b'{"id": "surrogate", "text": "bad \\ud800 escape"}'),
        ("empty-line", b""),
        ("blank-line", b"   \t "),
        ("deep-meta", b'{"id": "deep", "text": "deep meta", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("duplicate-id-1", rec(id="dup", text="First of two records with one id.")),
        ("duplicate-id-2", rec(id="dup", text="Second of two records with one id.")),
        ("rtl", rec(id="rtl", text="\u200fسخنگوی وزارت امور خارجه گفت: «ما آماده‌ایم». \u05e9\u05dc\u05d5\u05dd \u202bembedded\u202c.")),
        ("combining", rec(id="combining", text="Zalgo: Z\u0351\u036b\u0343a\u0310\u0351l\u0352g\u0357o\u0361 and e\u0301 and \U0001F44D\U0001F3FD “quoted”.")),
        ("only-marks", rec(id="marks", text="“" * (100_000 // scale) + "”" * 7 + "\"" * 11 + "«»" * 5)),
        ("one-huge-word", rec(id="huge-word", text="a" * (10_000_000 // scale))),
        ("huge-document", rec(id="huge-doc", text=article(50_000_000 // scale))),
        ("whitespace-text", rec(id="whitespace", text=" \n\t\r\n ")),
        ("empty-text", rec(id="empty-text", text="")),
        ("control-chars", rec(id="controls", text="bell\u0007 tab\t vt\u000b ff\u000c nel\u0085 ls\u2028 ps\u2029 end.")),
        ("cjk", rec(id="cjk", text="外交部发言人说：「双方应通过对话解决分歧。」他还说……")),
    ]
    with open(os.path.join(args.outdir, "hostile.jsonl"), "wb") as f:
        for i, (_, line) in enumerate(lines):
            # Line ends vary too: CRLF on one record, a lone CR on another.
            end = b"\r\n" if i == 3 else b"\r" if i == 4 else b"\n"
            f.write(line + end)
    with open(os.path.join(args.outdir, "latin1.txt"), "wb") as f:
        f.write("Caf\u00e9 in Latin-1.".encode("latin-1"))
    with open(os.path.join(args.outdir, "bom.txt"), "wb") as f:
        f.write(b"\xef\xbb\xbfA plain-text article that starts with a byte-order mark.")
    manifest = {
        "records": [name for name, _ in lines] + ["latin1.txt", "bom.txt"],
        "expected_records": len(lines) + 2,
        "scale": args.scale,
    }
    with open(os.path.join(args.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
