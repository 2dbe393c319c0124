#!/usr/bin/env bash
# The test command of the README: every test of the workspace (unit,
# integration, examples, doc tests). Tests that read ../shared/data skip,
# saying so, when that folder is absent. Ends with one line totalling all
# test binaries.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
status=0
cargo test --workspace --all-targets "$@" 2>&1 | tee "$log" || status=1
cargo test --workspace --doc 2>&1 | tee -a "$log" || status=1
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1); if ($(i) ~ /^ignored/) s += $(i-1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
