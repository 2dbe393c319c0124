#!/usr/bin/env bash
# scripts/spark_annotate.py in Spark's local mode, through spark-submit
# --files as on a cluster: every input record comes back annotated (same
# count, same ids, each with the default pipeline's layers and no errors),
# as JSON Lines and as Parquet; a newspipe that cannot run fails the job
# (checkCode=True).
#
#   scripts/test_spark.sh            # venv in ${TMPDIR:-/tmp}/newspipe-spark-venv
#
# Installs pyspark from PyPI into a virtual environment (reused when it is
# there); needs python3 and Java 17. Uses target/debug/newspipe (built if
# missing) unless NEWSPIPE_BIN names another binary. Input: the bundled
# samples plus 300 records of ../shared/data/corpus/bbc.jsonl when present.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=${TMPDIR:-/tmp}/newspipe-spark-test
venv=${TMPDIR:-/tmp}/newspipe-spark-venv
started=$(date +%s)

if ! java -version > /dev/null 2>&1; then
  echo "test_spark: skipped: no java on this machine" >&2
  exit 0
fi
if [ ! -x "$venv/bin/spark-submit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pyspark
fi
echo "test_spark: pyspark $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)') ready after $(( $(date +%s) - started )) s"

bin=${NEWSPIPE_BIN:-target/debug/newspipe}
[ -x "$bin" ] || cargo build --quiet --bin newspipe
rm -rf "$work" && mkdir -p "$work"
cp fixtures/articles.jsonl "$work/in.jsonl"
corpus=../shared/data/corpus/bbc.jsonl
[ -f "$corpus" ] || corpus=../../shared/data/corpus/bbc.jsonl
if [ -f "$corpus" ]; then
  head -n 300 "$corpus" >> "$work/in.jsonl"
else
  echo "test_spark: the corpus part is skipped: shared/data/corpus/bbc.jsonl is not here"
fi

export PYSPARK_PYTHON="$venv/bin/python"
submit() {
  "$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    --conf spark.task.maxFailures=1 --files "$bin" "$@" 2> "$work/spark.log"
}

submit scripts/spark_annotate.py "$work/in.jsonl" "$work/out-jsonl" --partitions 3
submit scripts/spark_annotate.py "$work/in.jsonl" "$work/out-parquet" --partitions 2 \
  --output-format parquet

"$venv/bin/python" - "$work" 2> "$work/check.log" <<'EOF' || { tail -20 "$work/check.log" >&2; exit 1; }
import glob, json, sys
from pyspark.sql import SparkSession

work = sys.argv[1]
expected = [json.loads(line)["id"] for line in open(f"{work}/in.jsonl")]

def check(kind, records):
    ids = [r["id"] for r in records]
    assert len(ids) == len(expected), f"{kind}: {len(ids)} records out, {len(expected)} in"
    assert sorted(ids) == sorted(expected), f"{kind}: the ids differ"
    for r in records:
        assert r.get("lang") and r.get("sentences"), f"{kind}: {r['id']} is not annotated"
        assert not r.get("errors"), f"{kind}: {r['id']}: {r['errors']}"
    print(f"test_spark: {kind}: {len(ids)} records in, {len(ids)} out, all annotated")

lines = [l for f in sorted(glob.glob(f"{work}/out-jsonl/part-*")) for l in open(f)]
check("jsonl", [json.loads(l) for l in lines])
spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
rows = spark.read.parquet(f"{work}/out-parquet").collect()
check("parquet", [row.asDict(recursive=True) for row in rows])
spark.stop()
EOF

# A newspipe that exits 2 (here: an unknown stage) must fail the job.
if submit scripts/spark_annotate.py "$work/in.jsonl" "$work/out-failing" --stages no_such_stage; then
  echo "test_spark: FAILED: a failing newspipe did not fail the job" >&2
  exit 1
fi
grep -q "no_such_stage" "$work/spark.log" || { echo "test_spark: FAILED: newspipe's message is not in the log" >&2; exit 1; }
echo "test_spark: a failing newspipe fails the job"
echo "test_spark: passed in $(( $(date +%s) - started )) s"
