#!/usr/bin/env python3
"""Annotate articles on a Spark cluster: each partition is streamed through
`newspipe annotate` (stdin to stdout, one JSON line per record, in order)
with RDD.pipe, so Spark handles the data and newspipe the text.

    spark-submit --files target/release/newspipe scripts/spark_annotate.py \
        hdfs:///news/2026-11-27/ hdfs:///annotated/2026-11-27/

INPUT and OUTPUT are any Hadoop-compatible paths (file://, hdfs://, s3a://,
gs://, abfs://, ...): JSON Lines (plain or .gz) or, with --input-format /
--output-format parquet, Parquet with the record's fields as columns.

The binary travels with the job (`--files`, or --binary here); on the
executors it runs from the task's working directory. A newspipe process
that dies or cannot run (exit status 2, a signal) fails its task
(checkCode=True), and Spark retries it; records that fail inside a run are
written with their `errors`, as always, and do not fail the task.

Records should carry an `id`: one without gets `-:<line>`, numbered within
its partition. See docs/cluster.md.
"""

import argparse
import os
import shlex

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON Lines or Parquet: file, directory or glob")
    p.add_argument("output", help="output directory (must not exist)")
    p.add_argument("--binary", help="a newspipe binary to ship (instead of spark-submit --files)")
    p.add_argument(
        "--executor-binary",
        help="path of newspipe on the executors when it is installed there (not shipped)",
    )
    p.add_argument("--input-format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--partitions", type=int, help="repartition the input into this many tasks")
    p.add_argument("--stages", help="newspipe --stages (default: the full pipeline)")
    p.add_argument("--config", help="newspipe --config file; shipped with the job")
    p.add_argument("--annotate-args", default="", help="more newspipe annotate flags")
    p.add_argument("--compress", action="store_true", help="gzip the JSON Lines output")
    return p.parse_args()


def executor_command(sc, args):
    """The command each task runs: newspipe annotate over stdin.

    Exit status 1 means "finished, some records carry errors": those records
    are in the output, so the task succeeded; only 2 (or a signal) fails it.
    """
    if args.executor_binary:
        binary = args.executor_binary
    else:
        if args.binary:
            sc.addFile(os.path.abspath(args.binary))
        name = os.path.basename(args.binary or "newspipe")
        # Spark fetches shipped files into each executor's working directory;
        # in local mode they sit in the driver's SparkFiles directory.
        local = sc.master.startswith("local")
        binary = SparkFiles.get(name) if local else "./" + name
    threads = sc.getConf().get("spark.task.cpus", "1")
    annotate = [binary, "annotate", "--quiet", "--threads", threads]
    if args.stages:
        annotate += ["--stages", args.stages]
    if args.config:
        sc.addFile(os.path.abspath(args.config))
        config = os.path.basename(args.config)
        annotate += ["--config", SparkFiles.get(config) if sc.master.startswith("local") else config]
    annotate += shlex.split(args.annotate_args)
    script = '"$@"; status=$?; [ "$status" -eq 1 ] && exit 0; exit "$status"'
    return " ".join(shlex.quote(word) for word in ["sh", "-c", script, "sh"] + annotate)


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("newspipe-annotate").getOrCreate()
    sc = spark.sparkContext
    command = executor_command(sc, args)

    if args.input_format == "parquet":
        lines = spark.read.parquet(args.input).toJSON()
    else:
        lines = sc.textFile(args.input)
    if args.partitions:
        lines = lines.repartition(args.partitions)

    # newspipe writes exactly one line per record it reads (an error record
    # for a bad one), in order: the partition's size and order are kept.
    annotated = lines.pipe(command, checkCode=True)

    if args.output_format == "parquet":
        spark.read.json(annotated).write.parquet(args.output)
    elif args.compress:
        annotated.saveAsTextFile(args.output, "org.apache.hadoop.io.compress.GzipCodec")
    else:
        annotated.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
