#!/usr/bin/env python3
"""Trains the stance model (seeds/stance/model_en.tsv).

A 3-class logistic regression over the features the Rust stage computes
(target-relative lexicon sums, stance-cue position, bag of stems near the
target). Rows come from the stage itself, so training and inference share
one feature extractor:

  cargo build --release -p newspipe-stages --example stance_dev
  D=../shared/data/stance
  for f in train dev-rw dev-mt; do
    target/release/examples/stance_dev features $D/newsmtsc-$f.jsonl > /tmp/stance-$f.tsv
  done
  python3 scripts/stance_train.py /tmp/stance-train.tsv /tmp/stance-dev-rw.tsv /tmp/stance-dev-mt.tsv

Trains ONLY on the first file (NewsMTSC train, MIT, Hamborg & Donnay 2021);
the dev files are for choosing C and min_count. Needs numpy, scikit-learn.
"""
import argparse
import sys

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

DENSE = None  # names come from the model header the stage expects; read from Rust source
CLASSES = ["negative", "neutral", "positive"]


def dense_names():
    src = open("stages/src/stance/features.rs", encoding="utf-8").read()
    start = src.index("pub const DENSE")
    body = src[src.index("[", src.index("=", start)) + 1 : src.index("];", start)]
    return [part.strip().strip('"') for part in body.split(",") if part.strip()]


def read(path):
    ys, dense, bags = [], [], []
    for line in open(path, encoding="utf-8"):
        label, values, bag = line.rstrip("\n").split("\t")
        ys.append(CLASSES.index(label))
        dense.append([float(v) for v in values.split(",")])
        bags.append(bag.split())
    return np.array(ys), np.array(dense, dtype=np.float64), bags


def bag_matrix(bags, vocab):
    rows, cols = [], []
    for i, bag in enumerate(bags):
        for feature in set(bag):
            j = vocab.get(feature)
            if j is not None:
                rows.append(i)
                cols.append(j)
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(bags), len(vocab)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("dev", nargs="*")
    ap.add_argument("--out", default="seeds/stance/model_en.tsv")
    ap.add_argument("--C", type=float, nargs="*", default=[0.03, 0.1, 0.3, 1.0])
    ap.add_argument("--min-count", type=int, nargs="*", default=[3, 5])
    ap.add_argument("--prune", type=float, default=0.02)
    ap.add_argument("--balanced", action="store_true", help="weight classes inversely to their frequency")
    args = ap.parse_args()
    names = dense_names()
    y, dense, bags = read(args.train)
    assert dense.shape[1] == len(names), (dense.shape, len(names))
    devs = [read(p) for p in args.dev]
    best = None
    for min_count in args.min_count:
        counts = {}
        for bag in bags:
            for f in set(bag):
                counts[f] = counts.get(f, 0) + 1
        vocab = {f: j for j, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
        X = hstack([csr_matrix(dense), bag_matrix(bags, vocab)]).tocsr()
        for C in args.C:
            model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if args.balanced else None)
            model.fit(X, y)
            scores = []
            for dy, dd, db in devs:
                dX = hstack([csr_matrix(dd), bag_matrix(db, vocab)]).tocsr()
                scores.append(f1_score(dy, model.predict(dX), average="macro"))
            mean = float(np.mean(scores)) if scores else 0.0
            print(f"min_count={min_count} C={C}: dev macro-F1 {[round(s, 3) for s in scores]} mean {mean:.3f}", file=sys.stderr)
            if best is None or mean > best[0]:
                best = (mean, C, min_count, model, vocab)
    mean, C, min_count, model, vocab = best
    print(f"best: C={C} min_count={min_count} mean dev macro-F1 {mean:.3f}", file=sys.stderr)
    coef = model.coef_.T  # (features, classes)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# newspipe stance model: 3-class logistic regression (negative, neutral, positive)\n")
        f.write(f"# trained by scripts/stance_train.py on NewsMTSC train (MIT, Hamborg & Donnay 2021); C={C} min_count={min_count} balanced={args.balanced}\n")
        f.write("# lines: bias|dense NAME|stem SLOT STEM, then three class weights\n")
        fmt = lambda row: "\t".join(f"{w:.4f}" for w in row)
        f.write(f"bias\t{fmt(model.intercept_)}\n")
        for j, name in enumerate(names):
            f.write(f"dense\t{name}\t{fmt(coef[j])}\n")
        kept = 0
        for feature, j in sorted(vocab.items()):
            row = coef[len(names) + j]
            if np.ptp(row) < args.prune:
                continue
            slot, stem = feature.split(":", 1)
            f.write(f"stem\t{slot}\t{stem}\t{fmt(row)}\n")
            kept += 1
    print(f"wrote {args.out}: {len(names)} dense, {kept} of {len(vocab)} stem weights", file=sys.stderr)


if __name__ == "__main__":
    main()
