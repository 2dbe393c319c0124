#!/usr/bin/env bash
# Trains the entity tagger (seeds/entities/tagger.txt) on the NER dev file and
# prints its 5-fold cross-validated score first (the honest number: each
# document tagged by a model that never saw it). --min-seen 9 keeps only
# features of two or more training occurrences (8 epochs x 1 = 8 decisions):
# a word seen once is memory of the file, not evidence.
#   scripts/train_entities.sh [GOLD] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
# shared/ sits beside the repository (or beside the worktrees' folder)
default=../shared/data/ner/wwn-dev.jsonl
[ -e "$default" ] || default=../../shared/data/ner/wwn-dev.jsonl
gold="${1:-$default}"
epochs="${2:-8}"
cargo run --release --quiet --example ner_train -- \
  --gold "$gold" --folds 5 --epochs "$epochs" --min-seen 9 --write seeds/entities/tagger.txt
