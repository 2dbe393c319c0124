#!/usr/bin/env bash
# Browser test of the HTML pages (`newspipe report --html`, `newspipe render
# --html`) in headless Chromium: each page loads with no console errors, its
# script runs and finds the expected counts, and a screenshot is written to
# target/screenshots/ for the record.
#
# Installs nothing: without Chromium it prints why and exits 0 (skipped).
# CI installs it with `apt-get install -y chromium` (Debian's package).
# Usage: scripts/test_html.sh [path/to/newspipe]   (default: builds debug)
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
  echo "test_html: SKIPPED (no chromium; install with: apt-get install -y chromium)"
  exit 0
fi
BIN=${1:-}
if [ -z "$BIN" ]; then
  cargo build --quiet
  BIN=target/debug/newspipe
fi
FIXTURE=fixtures/annotated.jsonl
OUT=target/screenshots
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$BIN" report "$FIXTURE" --html -o "$WORK/report.html"
"$BIN" render "$FIXTURE" --html -o "$WORK/render.html"

# Expected counts come from the fixture itself, not from the pages.
read -r ENTITIES QUOTES ARTICLES SPEAKERS CELLS < <(python3 - "$FIXTURE" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
quotes = [q for d in docs for q in d.get("quotes", [])]
speakers = {(q["speaker"] or {}).get("name") for q in quotes}
cells = {(s["holder"], s["target"]) for d in docs for s in d.get("stance_summary", [])}
print(sum(len(d.get("entities", [])) for d in docs), len(quotes), len(docs), len(speakers), len(cells))
PY
)

chrome() {
  local profile
  profile=$(mktemp -d -p "$WORK")
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@"
}

passed=0
failed=0
check() { # name, condition-result message
  if [ "$2" = ok ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1: $2"; fi
}

page_test() { # page, expected body attributes...
  local page=$1; shift
  local dom="$WORK/$page.dom" log="$WORK/$page.log"
  chrome --enable-logging=stderr --v=0 --virtual-time-budget=2000 --dump-dom "file://$WORK/$page.html" >"$dom" 2>"$log" || true
  if grep -qE "Uncaught|CONSOLE\(|console.error" "$log"; then
    check "$page: no console errors" "$(grep -E 'Uncaught|CONSOLE\(' "$log" | head -3)"
  else
    check "$page: no console errors" ok
  fi
  local body
  body=$(grep -o '<body[^>]*>' "$dom" || true)
  for want in "$@"; do
    if [[ "$body" == *"$want"* ]]; then check "$page: $want" ok; else check "$page: $want" "body is: ${body:-<none>}"; fi
  done
  chrome --screenshot="$OUT/$page.png" --window-size=1200,1600 "file://$WORK/$page.html" >/dev/null 2>&1 || true
  if [ -s "$OUT/$page.png" ]; then check "$page: screenshot $OUT/$page.png" ok; else check "$page: screenshot" "not written"; fi
}

page_test render "data-ready=\"yes\"" "data-articles=\"$ARTICLES\"" "data-entities=\"$ENTITIES\"" \
  "data-quotes=\"$QUOTES\"" "data-linked=\"yes\""
page_test report "data-ready=\"yes\"" "data-quotes=\"$QUOTES\"" "data-speakers=\"$SPEAKERS\"" "data-cells=\"$CELLS\""

# Markup in article text must arrive as text, never as elements.
if grep -q "<script>alert" "$WORK/render.dom" "$WORK/report.dom"; then
  check "text is escaped" "an article's <script> reached the DOM"
else
  check "text is escaped" ok
fi

echo "test_html: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
