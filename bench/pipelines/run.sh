#!/usr/bin/env bash
# Pipeline benchmark: a generated 1,000,000-row Big5 CSV through decode → trim → convert-roc-dates →
# convert-numbers → mask-columns → Table Schema validation, in one pass, reporting rows/s and peak memory.
#   bench/pipelines/run.sh [rows=1000000]
# Needs: dotnet. Not part of the test run.
set -euo pipefail
rows="${1:-1000000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/pipelines"
rm -rf "$work" && mkdir -p "$work"
cd "$root"

echo "== build (Release)"
dotnet build -c Release -v q -nologo bench/Kaifang.Bench.Pipelines >/dev/null
bench="dotnet bench/Kaifang.Bench.Pipelines/bin/Release/net10.0/Kaifang.Bench.Pipelines.dll"

echo "== generate $rows rows"
$bench generate "$work/insured.csv" "$rows"
ls -l "$work/insured.csv" | awk '{printf "%.0f MB\n", $5 / 1e6}'
cat "$work/insured.csv" >/dev/null

echo "== pipeline + validation"
$bench run "$work/insured.csv"
