#!/usr/bin/env bash
# Throughput and peak memory of `newspipe annotate`, with `wc -w` over the
# same bytes timed in the same run as the yardstick (machines are shared and
# noisy: compare ratios, not raw numbers across runs).
#
#   scripts/bench.sh [--stages a,b,c] [--threads "1 2"] [--mb 25] [--runs 5]
#                    [--batch-size N] [--corpus FILE]
#
# The corpus is ../shared/data/corpus/bbc.jsonl repeated to --mb megabytes.
# Prints, per thread count: median MB/s, docs/s, peak RSS, wc -w's MB/s and
# the ratio; with several thread counts also the speed-up over the first.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
stages=""
threads="1 2"
mb=25
runs=5
batch=""
# shared/data next to the repository (or next to the worktrees' folder)
corpus="$root/../shared/data/corpus/bbc.jsonl"
[ -f "$corpus" ] || corpus="$root/../../shared/data/corpus/bbc.jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --stages) stages=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --mb) mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --batch-size) batch=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ ! -f "$corpus" ]; then
  echo "bench: skipped: $corpus is not here (the shared data folder is absent)"
  exit 0
fi

(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/newspipe"

work=${TMPDIR:-/tmp}/newspipe-bench
mkdir -p "$work"
input="$work/$(basename "$corpus" .jsonl)-${mb}mb.jsonl"
if [ ! -s "$input" ]; then
  target=$((mb * 1000000))
  : > "$input.part"
  while [ "$(stat -c %s "$input.part")" -lt "$target" ]; do
    cat "$corpus" >> "$input.part"
  done
  head -c "$target" "$input.part" | sed '$d' > "$input"   # whole lines only
  rm -f "$input.part"
fi
bytes=$(stat -c %s "$input")
docs=$(wc -l < "$input")

calc() { awk "BEGIN { print $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# seconds and peak RSS (KB) of one command, as "SECONDS KB"
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null
  cat "$work/time.txt"
}

label=${stages:-default pipeline}
printf 'corpus: %s (%.1f MB, %d docs), stages: %s, %d runs each, medians\n' \
  "$input" "$(calc "$bytes / 1000000")" "$docs" "$label" "$runs"
printf '%-8s %10s %10s %10s %12s %8s\n' threads "MB/s" "docs/s" "RSS MB" "wc -w MB/s" "ratio"

first_rate=""
for t in $threads; do
  args=(annotate "$input" --quiet --threads "$t" -o /dev/null)
  [ -n "$stages" ] && args+=(--stages "$stages")
  [ -n "$batch" ] && args+=(--batch-size "$batch")
  : > "$work/np.txt"; : > "$work/wc.txt"
  for _ in $(seq "$runs"); do
    measure wc -w "$input" >> "$work/wc.txt"
    measure "$bin" "${args[@]}" >> "$work/np.txt" || true
  done
  np_secs=$(cut -d' ' -f1 "$work/np.txt" | median)
  np_rss=$(cut -d' ' -f2 "$work/np.txt" | median)
  wc_secs=$(cut -d' ' -f1 "$work/wc.txt" | median)
  rate=$(calc "$bytes / 1000000 / $np_secs")
  wc_rate=$(calc "$bytes / 1000000 / $wc_secs")
  printf '%-8s %10.1f %10.0f %10.1f %12.1f %8.2f\n' "$t" "$rate" \
    "$(calc "$docs / $np_secs")" "$(calc "$np_rss / 1024")" \
    "$wc_rate" "$(calc "$rate / $wc_rate")"
  if [ -z "$first_rate" ]; then
    first_rate=$rate; first_t=$t
  else
    printf '         speed-up of %s threads over %s: %.2fx\n' "$t" "$first_t" "$(calc "$rate / $first_rate")"
  fi
done
