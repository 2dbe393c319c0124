#!/usr/bin/env python3
"""Median CPU time of `newspipe annotate --threads 1` per stage list, for one
or two binaries, and whether their outputs are byte-identical.

    scripts/speed_compare.py [--runs 5] [--corpus FILE] NEW [BASE]

CPU time (user + system, from getrusage) rather than wall time: the machines
are shared, and a busy neighbour stretches wall time far more than CPU time.
System time counts, as the kernel zeroing pages the allocator asks for is our
cost too. The two binaries' runs alternate, and which goes first alternates
from round to round: on a shared VM the second of two back-to-back runs is
often faster, an effect larger than the changes measured. Stage lists: language | language,sentences |
language,sentences,entities,quotes | the default pipeline. With BASE, each
list's output (and the default pipeline's with --emit tokens) must be
byte-identical between the two binaries: a pure optimisation changes no
output. Exits 1 when an output differs.
"""

import argparse
import filecmp
import os
import resource
import statistics
import subprocess
import sys
import tempfile

STAGE_LISTS = [
    ("language", ["--stages", "language"]),
    ("language,sentences", ["--stages", "language,sentences"]),
    ("language,sentences,entities,quotes", ["--stages", "language,sentences,entities,quotes"]),
    ("default", []),
]


def cpu_seconds(binary, corpus, args, output):
    """Runs one annotation; returns the child's user + system CPU seconds."""

    def spent():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before = spent()
    subprocess.run(
        [binary, "annotate", corpus, "--quiet", "--threads", "1", "-o", output, *args],
        check=True,
    )
    return spent() - before


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = os.path.join(root, "..", "shared", "data", "corpus", "bbc.jsonl")
    if not os.path.exists(corpus):
        corpus = os.path.join(root, "..", "..", "shared", "data", "corpus", "bbc.jsonl")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("new")
    parser.add_argument("base", nargs="?")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", default=corpus)
    opts = parser.parse_args()
    binaries = [("new", opts.new)] + ([("base", opts.base)] if opts.base else [])
    size = os.path.getsize(opts.corpus) / 1e6
    print(f"{opts.corpus}: {size:.2f} MB, median of {opts.runs} runs, CPU seconds")
    identical = True
    with tempfile.TemporaryDirectory() as tmp:
        lists = STAGE_LISTS + [("default --emit tokens", ["--emit", "tokens"])]
        for name, args in lists:
            outputs = [os.path.join(tmp, label) for label, _ in binaries]
            runs = [[] for _ in binaries]
            for round_ in range(opts.runs):
                order = list(zip(binaries, outputs, runs))
                if round_ % 2:
                    order.reverse()
                for (_, binary), output, times in order:
                    times.append(cpu_seconds(binary, opts.corpus, args, output))
            row = []
            for (label, _), times in zip(binaries, runs):
                median = statistics.median(times)
                row.append(f"{label} {median:.3f} s ({size / median:.0f} MB/s)")
            same = ""
            if len(outputs) == 2:
                ok = filecmp.cmp(outputs[0], outputs[1], shallow=False)
                identical &= ok
                same = "  output identical" if ok else "  OUTPUT DIFFERS"
            print(f"{name:40} " + " | ".join(row) + same)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
