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
the dev files choose C and min_count (mean macro-F1), or with --select cv
a k-fold cross-validation on the train file does. Every setting's k-fold
CV macro-F1 on train is reported (--cv, default 5 folds of consecutive rows,
so a sentence's targets stay in one fold; --cv 0 skips it), to check that a
change to the features helps beyond the small dev files.
Needs numpy, scipy, scikit-learn.
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


def fit(X, y, C, balanced):
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None)
    return model.fit(X, y)


def design(dense, bags, vocab):
    return hstack([csr_matrix(dense), bag_matrix(bags, vocab)]).tocsr()


def vocabulary(bags, min_count):
    counts = {}
    for bag in bags:
        for f in set(bag):
            counts[f] = counts.get(f, 0) + 1
    return {f: j for j, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def cross_validate(y, dense, bags, folds, C, min_count, balanced):
    """Macro-F1 of the predictions of `folds` models, each trained on the
    other folds (consecutive rows; vocabulary from the training part)."""
    predicted = np.zeros_like(y)
    edges = np.linspace(0, len(y), folds + 1).astype(int)
    for lo, hi in zip(edges, edges[1:]):
        train = np.r_[0:lo, hi : len(y)]
        tb = [bags[i] for i in train]
        vocab = vocabulary(tb, min_count)
        model = fit(design(dense[train], tb, vocab), y[train], C, balanced)
        predicted[lo:hi] = model.predict(design(dense[lo:hi], bags[lo:hi], vocab))
    return f1_score(y, predicted, average="macro")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("dev", nargs="*")
    ap.add_argument("--out", default="seeds/stance/model_en.tsv")
    ap.add_argument("--C", type=float, nargs="*", default=[0.03, 0.05, 0.1, 0.3, 1.0])
    ap.add_argument("--min-count", type=int, nargs="*", default=[3, 5])
    ap.add_argument("--prune", type=float, default=0.02)
    ap.add_argument("--balanced", action="store_true", help="weight classes inversely to their frequency")
    ap.add_argument("--cv", type=int, default=5, help="folds of the train CV reported for each setting (0: none)")
    ap.add_argument("--select", choices=["dev", "cv"], default="dev", help="what chooses C and min_count")
    args = ap.parse_args()
    if args.select == "cv" and not args.cv:
        ap.error("--select cv needs --cv folds")
    names = dense_names()
    y, dense, bags = read(args.train)
    assert dense.shape[1] == len(names), (dense.shape, len(names))
    devs = [read(p) for p in args.dev]
    best = None
    for min_count in args.min_count:
        vocab = vocabulary(bags, min_count)
        X = design(dense, bags, vocab)
        for C in args.C:
            model = fit(X, y, C, args.balanced)
            scores = [f1_score(dy, model.predict(design(dd, db, vocab)), average="macro") for dy, dd, db in devs]
            mean = float(np.mean(scores)) if scores else 0.0
            cv = cross_validate(y, dense, bags, args.cv, C, min_count, args.balanced) if args.cv else None
            cv_text = f"{args.cv}-fold CV macro-F1 {cv:.3f}, " if cv is not None else ""
            print(f"min_count={min_count} C={C}: {cv_text}dev macro-F1 {[round(s, 3) for s in scores]} mean {mean:.3f}", file=sys.stderr)
            chosen_by = cv if args.select == "cv" else mean
            if best is None or chosen_by > best[0]:
                best = (chosen_by, C, min_count, model, vocab)
    score, C, min_count, model, vocab = best
    by = f"{args.cv}-fold CV on train" if args.select == "cv" else "mean dev"
    print(f"best: C={C} min_count={min_count} by {by} macro-F1 {score:.3f}", file=sys.stderr)
    coef = model.coef_.T  # (features, classes)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# newspipe stance model: 3-class logistic regression (negative, neutral, positive)\n")
        f.write(f"# trained by scripts/stance_train.py on NewsMTSC train (MIT, Hamborg & Donnay 2021); C={C} min_count={min_count} balanced={args.balanced} (chosen by {by})\n")
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
