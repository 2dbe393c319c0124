#!/usr/bin/env bash
# What the exec protocol costs: the runner alone (`--stages language`) against
# the same pipeline plus an `exec` stage whose workers echo every record, on
# the speed corpus, with two echo workers:
#   - `cat`: a worker that costs nothing, so what is left is newspipe's side
#     of the protocol (writing each request, reading and checking each reply)
#     and the pipe: the number issue 7 asks to keep under 2x;
#   - fixtures/exec/echo.py: the same through a Python interpreter, which adds
#     its start-up and its per-line reading and writing: what a user's Python
#     stage pays before it does any work.
# Prints each run's seconds, the medians and their ratios, for wall time and
# for CPU time (user + sys, newspipe and its workers), which is steadier on a
# shared machine.
#
#   scripts/bench_exec.sh [RUNS] [CORPUS]
#   PYTHON=/usr/bin/python3 scripts/bench_exec.sh   # another interpreter
#                                 (default: the one `python3` runs, shims skipped)
#   NEWSPIPE=../main/target/release/newspipe scripts/bench_exec.sh   # another build
#
# Each worker's start-up is part of the cost: an interpreter that starts
# slowly (a pyenv shim is a shell script that runs before Python does) shows
# here; the script prints what `$PYTHON -c pass` takes, wall and CPU (each
# of the workers pays that CPU once per run).
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
if [ -z "${NEWSPIPE:-}" ]; then cargo build --release --quiet; fi
bin=${NEWSPIPE:-target/release/newspipe}
workers=$(nproc)
# The interpreter itself, not a version manager's shim in front of it (a
# pyenv shim is a shell script run before Python: `perf stat -r 5 -e
# task-clock python3 -c pass` gave 95 ms through the shim, 36 ms for the
# interpreter itself, on 2026-11-28): this measures the protocol.
python=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
configs=$(mktemp -d)
trap 'rm -rf "$configs"' EXIT
# config NAME COMMAND-AS-JSON-ARRAY: language, then an echo exec stage
config() {
  cat > "$configs/$1.json" <<JSON
{"stages": [
  {"type": "language"},
  {"type": "exec", "name": "echo", "command": $2, "provides": [], "workers": $workers}
]}
JSON
}
config cat "[\"$(command -v cat)\"]"
config python "[\"$python\", \"fixtures/exec/echo.py\"]"

# "wall cpu" seconds of one run (cpu: user + sys of newspipe and its
# workers), output discarded; fails if the run reports errors.
time_run() {
  local times
  times=$( { TIMEFORMAT='%R %U %S'; time "$bin" annotate "$corpus" --quiet -o /dev/null "$@" 2>&3; } 3>&2 2>&1 )
  awk '{ print $1, $2 + $3 }' <<< "$times"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

startup=$( { TIMEFORMAT='%R %U %S'; time "$python" -c pass; } 2>&1 | awk '{ print $1 " s wall, " $2 + $3 " s CPU" }' )
echo "corpus: $corpus ($(wc -l < "$corpus") records), $runs runs each, $workers exec workers"
echo "python: $(command -v "$python") (starts in $startup)"
alone=(); with_cat=(); with_python=()
for _ in $(seq "$runs"); do
  alone+=("$(time_run --stages language)")
  with_cat+=("$(time_run --config "$configs/cat.json")")
  with_python+=("$(time_run --config "$configs/python.json")")
done
column() { printf '%s\n' "${@:2}" | awk -v c="$1" '{ print $c }'; }
# report LABEL FIELD: the medians of one field (1 wall, 2 CPU) and the ratios
report() {
  local label=$1 field=$2 m_alone m_cat m_python
  m_alone=$(column "$field" "${alone[@]}" | median)
  m_cat=$(column "$field" "${with_cat[@]}" | median)
  m_python=$(column "$field" "${with_python[@]}" | median)
  printf '%s: runner alone (language)   %s s (runs: %s)\n' "$label" "$m_alone" "$(column "$field" "${alone[@]}" | xargs)"
  printf '%s: + exec echo, cat workers  %s s (runs: %s)\n' "$label" "$m_cat" "$(column "$field" "${with_cat[@]}" | xargs)"
  printf '%s: + exec echo, Python       %s s (runs: %s)\n' "$label" "$m_python" "$(column "$field" "${with_python[@]}" | xargs)"
  printf '%s ratio: cat %.2f, Python %.2f\n' "$label" \
    "$(awk "BEGIN { print $m_cat / $m_alone }")" "$(awk "BEGIN { print $m_python / $m_alone }")"
}
report wall 1
report cpu 2
