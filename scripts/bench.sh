#!/usr/bin/env bash
# Throughput and peak memory of `newspipe annotate`, with `wc -w` over the
# same bytes timed in the same run as the yardstick (machines are shared and
# noisy: compare ratios, not raw numbers across runs).
#
#   scripts/bench.sh [--stages a,b,c] [--threads "1 2"] [--mb 25] [--runs 5]
#                    [--batch-size N] [--corpus FILE] [--stage NAME]
#
# --stage NAME also measures one stage on its own, per thread: the pipeline
# (--stages, or the default one) up to NAME is run on one thread with and
# without NAME, and the stage's rate is the bytes over the difference of the
# median CPU seconds (user + system), so other load on the machine counts
# less than in wall time.
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
stage=""
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
    --stage) stage=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ ! -f "$corpus" ]; then
  echo "bench: skipped: $corpus is not here (the shared data folder is absent)"
  exit 0
fi

(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/newspipe"

# The repeated corpus is cached between runs; each run's timings are its own.
cache=${TMPDIR:-/tmp}/newspipe-bench
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input="$cache/$(basename "$corpus" .jsonl)-${mb}mb.jsonl"
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

# wall seconds, peak RSS (KB) and CPU seconds of one command, as
# "SECONDS KB CPU"
measure() {
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > /dev/null
  awk '{ print $1, $2, $3 + $4 }' "$work/time.txt"
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

[ -z "$stage" ] && exit 0
all=${stages:-$(sed -n 's/.*DEFAULT_STAGES: &str = "\(.*\)";/\1/p' "$root/stages/src/lib.rs")}
before=""
found=""
for s in ${all//,/ }; do
  if [ "$s" = "$stage" ]; then found=1; break; fi
  before="${before:+$before,}$s"
done
if [ -z "$found" ]; then
  echo "bench: --stage $stage is not in the pipeline $all" >&2
  exit 2
fi
# median CPU seconds of the pipeline $1 on one thread
cpu_of() {
  : > "$work/cpu.txt"
  for _ in $(seq "$runs"); do
    measure "$bin" annotate "$input" --quiet --threads 1 -o /dev/null --stages "$1" >> "$work/cpu.txt"
  done
  cut -d' ' -f3 "$work/cpu.txt" | median
}
with=$(cpu_of "${before:+$before,}$stage")
if [ -n "$before" ]; then without=$(cpu_of "$before"); else without=0; fi
if awk "BEGIN { exit !($with > $without) }"; then
  rate=$(calc "$bytes / 1000000 / ($with - $without)")
  printf 'stage %s alone, 1 thread: %.1f MB/s\n' "$stage" "$rate"
else
  echo "stage $stage alone, 1 thread: too fast to tell apart from the noise"
fi
printf '  (median CPU s: %s with %s, %s with %s)\n' "$with" "${before:+$before,}$stage" "$without" "${before:-nothing}"
