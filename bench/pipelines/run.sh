#!/usr/bin/env bash
# Pipeline benchmark (issue #4): a generated Big5 CSV through what a pipeline run does between reading its
# source and publishing, with the runner's own code: decode → trim → convert-roc-dates → convert-numbers →
# mask-columns → Table Schema validation → CSV and JSON outputs written to files. Reports MB/s of input,
# rows/s, CPU time and peak resident memory, each thread of the pass (its CPU time, how long it waited for
# the other stages and for a core), and the time of `iconv -f BIG5 -t UTF-8` on the same file as the floor
# to compare with.
#   bench/pipelines/run.sh [rows=1000000] [runs=1]
# 11,000,000 rows make a file of about 1 GB. STAGES=1 also times the pass cut short after each stage.
# Needs: dotnet, iconv. Not part of the test run.
set -euo pipefail
rows="${1:-1000000}"
runs="${2:-1}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/pipelines"
rm -rf "$work" && mkdir -p "$work"
cd "$root"

echo "== build (Release)"
dotnet build -c Release -v q -nologo bench/Kaifang.Bench.Pipelines >/dev/null
bench="dotnet bench/Kaifang.Bench.Pipelines/bin/Release/net10.0/Kaifang.Bench.Pipelines.dll"

echo "== generate $rows rows"
start=$(date +%s.%N)
$bench generate "$work/insured.csv" "$rows"
size=$(stat -c %s "$work/insured.csv")
awk -v s="$size" -v t="$(echo "$(date +%s.%N) - $start" | bc)" 'BEGIN { printf "%.0f MB in %.1f s\n", s / 1e6, t }'
# Written back to disk now, not while the first run is measured; then in the page cache.
sync
cat "$work/insured.csv" >/dev/null

echo "== conditions: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$runs"); do
  echo "== run $run: floor, iconv -f BIG5 -t UTF-8"
  start=$(date +%s.%N)
  iconv -f BIG5 -t UTF-8 "$work/insured.csv" >/dev/null
  awk -v s="$size" -v t="$(echo "$(date +%s.%N) - $start" | bc)" 'BEGIN { printf "iconv: %.2f s = %.1f MB/s\n", t, s / 1e6 / t }'
  echo "== run $run: pipeline (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  $bench run "$work/insured.csv" "$work/out"
  rm -rf "$work/out"
done
if [ "${STAGES:-0}" = 1 ]; then
  echo "== stages"
  $bench stages "$work/insured.csv" "$work/out"
fi
rm -rf "$work/out"
