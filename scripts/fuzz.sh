#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer through cargo-fuzz) of every target in
# fuzz/fuzz_targets, each for a bounded time; exits non-zero on the first
# crash, naming the input that caused it (fuzz/artifacts/<target>/).
#
#   scripts/fuzz.sh [SECONDS]          # default 60 s per target
#   scripts/fuzz.sh 30 record_reader   # only the named targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`, ~2.5 min) and a C++
# compiler. Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable
# rustc take cargo-fuzz's -Zsanitizer=address flag. The same checks run on
# random input in every `cargo test` (tests/fuzzing.rs); a crash found here
# becomes a case in that file's `regressions`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
cd "$root"

if ! cargo fuzz --version > /dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
  exit 2
fi
case "$(rustc -V)" in
  *nightly*) ;;
  *) export RUSTC_BOOTSTRAP=1 ;;
esac

# Every stage of the default pipeline should have its own target (the
# pipeline_* targets cover them all, but with less focus).
for stage in $(sed -n 's/.*DEFAULT_STAGES: &str = "\(.*\)";/\1/p' stages/src/lib.rs | tr , ' '); do
  [ -f "fuzz/fuzz_targets/stage_$stage.rs" ] ||
    echo "fuzz: warning: no target fuzz/fuzz_targets/stage_$stage.rs (copy stage_language.rs)" >&2
done

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

echo "fuzz: building ${#targets[@]} targets"
cargo fuzz build -O 2>&1 | tail -1

# Seeds: our own sample articles, one per file (corpus/ is not committed;
# what libFuzzer learns there is kept between runs on the same machine).
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  if [ -z "$(ls -A "$corpus")" ]; then
    n=0
    while IFS= read -r line; do
      n=$((n + 1))
      printf '%s' "$line" > "$corpus/sample-$n"
    done < fixtures/articles.jsonl
  fi
done

failed=()
for target in "${targets[@]}"; do
  echo "fuzz: $target for $seconds s"
  if ! cargo fuzz run -O "$target" -- -max_total_time="$seconds" -max_len=8192 \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 > "fuzz/$target.log" 2>&1; then
    failed+=("$target")
    echo "fuzz: $target CRASHED; log fuzz/$target.log, input:" >&2
    grep -E "Test unit written to|panicked at" "fuzz/$target.log" >&2 || tail -20 "fuzz/$target.log" >&2
  else
    grep -E "^stat::number_of_executed_units|^Done" "fuzz/$target.log" | tail -1
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, $seconds s each, no crash"
