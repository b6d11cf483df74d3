#!/usr/bin/env bash
# Metadata quality score benchmark (issue #5): the MQA score of every published dataset of a catalogue of
# 10,000 datasets (~30,000 resources, a fifth of them uploads, two thirds with a link check), per agency and
# for the catalogue, computed the way the admin page and GET /api/v1/quality/metadata compute it
# (MetadataQualityReport.OverviewAsync); first in-process, then over HTTP from a Release web host.
#   bench/quality/run.sh [datasets=10000] [runs=5]
# Needs: dotnet, curl. Not part of the test run.
set -euo pipefail
count="${1:-10000}"
runs="${2:-5}"
port=5392
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/quality"
rm -rf "$work" && mkdir -p "$work"
cd "$root"

echo "== build (Release)"
for p in bench/Kaifang.Bench.DataGen bench/Kaifang.Bench.Quality src/Kaifang.Web; do dotnet build -c Release -v q -nologo "$p" >/dev/null; done
bench="dotnet bench/Kaifang.Bench.Quality/bin/Release/net10.0/Kaifang.Bench.Quality.dll"

echo "== generate and import $count datasets, add uploads and link checks"
dotnet bench/Kaifang.Bench.DataGen/bin/Release/net10.0/Kaifang.Bench.DataGen.dll "$count" "$work/national-export.csv"
$bench prepare "$work/data" "$work/national-export.csv"

echo "== score in-process: $runs runs each, in a new process"
$bench score "$work/data" "$runs" | tee "$work/score.txt"
agency="$(sed -n 's/^agency \([^ ]*\) .*run 1:.*/\1/p' "$work/score.txt")"

echo "== over HTTP: GET /api/v1/quality/metadata (catalogue) and ?agency=$agency, $runs times each"
(cd src/Kaifang.Web && Kaifang__DataDirectory="$work/data" Kaifang__SeedDemoCatalog=false \
    dotnet bin/Release/net10.0/Kaifang.Web.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/datasets?limit=1" >/dev/null && break; sleep 1; done
pid="$(pgrep -f "Kaifang.Web.dll --urls http://127.0.0.1:$port" | head -1)"
trap 'kill "$pid" 2>/dev/null || true' EXIT
grep -E "VmRSS|VmHWM" "/proc/$pid/status" | sed 's/^/before: /'
# The server's CPU time (user + system, in clock ticks) from /proc, to tell its own work from the shared machine's waits.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz="$(getconf CLK_TCK)"
for query in "" "?agency=$agency"; do
    for run in $(seq 1 "$runs"); do
        before="$(ticks)"
        answer="$(curl -s -o "$work/answer.json" -w "%{time_total} s, %{size_download} bytes, HTTP %{http_code}" "http://127.0.0.1:$port/api/v1/quality/metadata$query")"
        echo "GET /api/v1/quality/metadata$query, run $run: $answer; server CPU $(( ($(ticks) - before) * 1000 / hz )) ms"
    done
done | tee "$work/http.txt"
grep -E "VmRSS|VmHWM" "/proc/$pid/status" | sed 's/^/after: /' | tee -a "$work/http.txt"
