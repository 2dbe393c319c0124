#!/usr/bin/env python3
"""Which entity mentions two builds disagree on, over the same corpus.

    scripts/entity_diff.py [--corpus FILE] [--most 20] OLD_BINARY NEW_BINARY

Runs `annotate --stages language,sentences,entities` with each binary and
compares the mentions as (record id, start, end, label): a mention whose span
or label changed counts once as lost and once as gained. Prints the totals
and the most frequent lost and gained (label, text) pairs, for the commit
message of a seed or model change. The corpus defaults to
../shared/data/corpus/bbc.jsonl; without it the script says so and exits 0.
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def mentions(binary, corpus):
    """(id, start, end, label) -> text of every mention one build finds."""
    run = subprocess.run(
        [binary, "annotate", corpus, "--quiet", "--stages", "language,sentences,entities"],
        check=True,
        capture_output=True,
        text=True,
    )
    found = {}
    for line in run.stdout.splitlines():
        record = json.loads(line)
        for e in record.get("entities") or []:
            found[(record["id"], e["start"], e["end"], e["label"])] = e["text"]
    return found


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--corpus", default=os.path.join(root, "..", "shared", "data", "corpus", "bbc.jsonl"))
    parser.add_argument("--most", type=int, default=20)
    opts = parser.parse_args()
    if not os.path.exists(opts.corpus):
        print(f"entity_diff: skipped: {opts.corpus} is not here (the shared data folder is absent)")
        return 0
    old, new = mentions(opts.old, opts.corpus), mentions(opts.new, opts.corpus)
    lost = [key for key in old if key not in new]
    gained = [key for key in new if key not in old]
    print(f"{opts.corpus}: old {len(old)} mentions, new {len(new)}; {len(lost)} lost, {len(gained)} gained")
    for name, keys, texts in (("lost", lost, old), ("gained", gained, new)):
        counts = collections.Counter((key[3], texts[key]) for key in keys)
        for (label, text), n in counts.most_common(opts.most):
            print(f"  {name:6} {n:5}  {label:8} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
