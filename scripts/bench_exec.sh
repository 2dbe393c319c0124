#!/usr/bin/env bash
# What the exec protocol costs: the runner alone (`--stages language`) against
# the same pipeline plus an `exec` stage whose Python worker echoes every
# record (fixtures/exec/echo.py), on the speed corpus. Prints each run's
# seconds, the medians and their ratio (issue 7 asks for < 2).
#
#   scripts/bench_exec.sh [RUNS] [CORPUS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
# The shared data sits next to the repository (or two levels up from a
# worktree in /work/wt/).
corpus=${2:-}
if [ -z "$corpus" ]; then
  for dir in ../shared/data ../../shared/data; do
    [ -f "$dir/corpus/bbc.jsonl" ] && corpus=$dir/corpus/bbc.jsonl && break
  done
fi
corpus=${corpus:-../shared/data/corpus/bbc.jsonl}
if [ ! -f "$corpus" ]; then
  echo "SKIP: $corpus not found" >&2
  exit 0
fi
cargo build --release --quiet
bin=target/release/newspipe
workers=$(nproc)
config=$(mktemp --suffix=.json)
trap 'rm -f "$config"' EXIT
cat > "$config" <<JSON
{"stages": [
  {"type": "language"},
  {"type": "exec", "name": "echo", "command": ["python3", "fixtures/exec/echo.py"],
   "provides": [], "workers": $workers}
]}
JSON

# Seconds one run takes, output discarded; fails if the run reports errors.
time_run() {
  local start end
  start=$(date +%s.%N)
  "$bin" annotate "$corpus" --quiet -o /dev/null "$@"
  end=$(date +%s.%N)
  awk "BEGIN { print $end - $start }"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "corpus: $corpus ($(wc -l < "$corpus") records), $runs runs each, $workers exec workers"
alone=(); with_exec=()
for _ in $(seq "$runs"); do
  alone+=("$(time_run --stages language)")
  with_exec+=("$(time_run --config "$config")")
done
m_alone=$(printf '%s\n' "${alone[@]}" | median)
m_exec=$(printf '%s\n' "${with_exec[@]}" | median)
printf 'runner alone (language):       %s s  (runs: %s)\n' "$m_alone" "${alone[*]}"
printf 'language + exec echo (python): %s s  (runs: %s)\n' "$m_exec" "${with_exec[*]}"
printf 'ratio: %.2f\n' "$(awk "BEGIN { print $m_exec / $m_alone }")"
