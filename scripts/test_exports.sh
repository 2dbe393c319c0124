#!/usr/bin/env bash
# Loads newspipe's exports with the tools that consume them, installed from
# PyPI into a venv (target/export-venv, reused across runs):
#   spacy   — every spaCy export record through Doc.from_json, into a DocBin
#             and back; the CoNLL export through `spacy convert --converter ner`;
#   pyarrow — the Parquet export, nested columns included;
#   csv     — the quotes table through Python's csv module.
# Prodigy (commercial) and Label Studio (a server) are checked against their
# documented task schemas by `cargo test` (src/export/{prodigy,label_studio}.rs).
# Usage: scripts/test_exports.sh   (builds newspipe with --features parquet)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null; then
  echo "test_exports: SKIPPED (no python3)"
  exit 0
fi
VENV=target/export-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import spacy, pyarrow" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "spacy>=3.7,<4" "pyarrow>=14"
fi
cargo build --quiet --features parquet
BIN=target/debug/newspipe
FIXTURE=fixtures/annotated.jsonl
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for format in conll spacy prodigy label-studio csv parquet; do
  "$BIN" export --to "$format" "$FIXTURE" -o "$WORK/out.$format"
done
"$BIN" export --to brat "$FIXTURE" -o "$WORK/brat"
# Odd input too: random spans (overlapping, crossing, on whitespace, empty)
# over mixed scripts, which spaCy must still load.
python3 - >"$WORK/odd.jsonl" <<'PY'
import json, random
random.seed(5)
pieces = ["Iran", "’s ", "«Да»", " — ", "北京", "\n\n", "📈", "said, \"x\" ", "  "]
for n in range(300):
    text = "".join(random.choice(pieces) for _ in range(random.randint(1, 12)))
    at = lambda: random.randint(0, len(text))
    span = lambda: dict(zip(("start", "end"), sorted((at(), at()))))
    print(json.dumps({"id": f"odd-{n}", "text": text,
        "sentences": [{"start": 0, "end": at()}],
        "entities": [{**span(), "label": random.choice(["PERSON", "GPE"])} for _ in range(random.randint(0, 4))],
        "quotes": [{**span(), "speaker": {"name": "X", **span()}, "cue": {"text": "said", **span()}} for _ in range(random.randint(0, 2))]},
        ensure_ascii=False))
PY
"$BIN" export --to spacy "$WORK/odd.jsonl" -o "$WORK/odd.spacy.jsonl"
mkdir -p "$WORK/conll"
"$VENV/bin/python" -m spacy convert "$WORK/out.conll" "$WORK/conll" --converter ner >"$WORK/convert.log"

"$VENV/bin/python" - "$FIXTURE" "$WORK" <<'PY'
import csv, json, sys
from pathlib import Path

import pyarrow.parquet as pq
import spacy
from spacy.tokens import Doc, DocBin

fixture, work = sys.argv[1], Path(sys.argv[2])
docs = [json.loads(l) for l in open(fixture, encoding="utf-8") if l.strip()]
passed = failed = 0

def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")

def flat_entities(d):
    out, end = [], -1
    for e in sorted(d.get("entities", []), key=lambda e: (e["start"], -e["end"])):
        if e["start"] >= end:
            out.append((e["text"], e["label"]))
            end = e["end"]
    return out

# spaCy Doc JSON → Doc → DocBin on disk → Doc again.
nlp = spacy.blank("en")
records = [json.loads(l) for l in open(work / "out.spacy", encoding="utf-8")]
loaded = [Doc(nlp.vocab).from_json(r) for r in records]
bin_path = work / "train.spacy"
DocBin(docs=loaded).to_disk(bin_path)
again = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
check("spacy: every record loads", len(again) == len(docs), f"{len(again)} of {len(docs)}")
for d, doc in zip(docs, again):
    check(f"spacy {d['id']}: text kept", doc.text == d["text"])
    got = [(e.text, e.label_) for e in doc.ents]
    check(f"spacy {d['id']}: entities", got == flat_entities(d), f"{got}")
    quotes = [q["text"] for q in d.get("quotes", [])]
    check(f"spacy {d['id']}: quote spans", [s.text for s in doc.spans.get("quotes", [])] == quotes)
    if "sentences" in d:
        sents = [d["text"][s["start"]:s["end"]] for s in d["sentences"]]
        check(f"spacy {d['id']}: sentences", [s.text.strip() for s in doc.sents] == sents, [s.text for s in doc.sents])

odd = [json.loads(l) for l in open(work / "odd.spacy.jsonl", encoding="utf-8")]
loaded_odd = [Doc(nlp.vocab).from_json(r) for r in odd]
check("spacy: odd spans all load", len(loaded_odd) == 300 and all(d.text == r["text"] for d, r in zip(loaded_odd, odd)))

# CoNLL through spaCy's own NER converter.
converted = list(DocBin().from_disk(work / "conll" / "out.spacy").get_docs(nlp.vocab))
ents = sum(len(doc.ents) for doc in converted)
check("conll: spacy convert reads every entity", ents == sum(len(flat_entities(d)) for d in docs), f"{ents}")

# Parquet with nested layers.
table = pq.read_table(work / "out.parquet")
rows = table.to_pylist()
check("parquet: one row per document", len(rows) == len(docs))
check("parquet: nested entities", [e["text"] for e in rows[1]["entities"]] == [e["text"] for e in docs[1]["entities"]])
check("parquet: nested speakers", rows[0]["quotes"][1]["speaker"]["name"] == "Amina Rahimova")
check("parquet: stance evidence", rows[0]["stances"][1]["evidence"][0]["text"] == "bad deal")

# The quotes table.
with open(work / "out.csv", newline="", encoding="utf-8") as f:
    table = list(csv.DictReader(f))
n_quotes = sum(len(d.get("quotes", [])) for d in docs)
check("csv: a row per quote and target", len(table) == n_quotes, f"{len(table)}")
check("csv: quote text survives quoting", table[0]["quote"] == docs[0]["quotes"][0]["text"], table[0]["quote"])

print(f"test_exports: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
