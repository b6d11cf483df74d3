#!/usr/bin/env bash
# Link-check benchmark (issue #5): 100,000 published resource URLs spread over 1,000 hosts — a local
# server answering on 1,000 loopback addresses 127.0.x.y — checked in one run by LinkCheckRunner with
# 2 requests at most per host; then wrk against the same server for the raw request-rate ceiling.
#   bench/links/run.sh [urls=100000] [hosts=1000] [Kaifang:Quality:Key=value ...]
# e.g. bench/links/run.sh 100000 1000 Kaifang:Quality:PolitenessDelayMilliseconds=0
# Needs: dotnet, wrk. Not part of the test run.
set -euo pipefail
urls="${1:-100000}"
hosts="${2:-1000}"
shift $(( $# > 2 ? 2 : $# ))
port=5391
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/links"
rm -rf "$work" && mkdir -p "$work"
cd "$root"
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; }

echo "== build (Release)"
dotnet build -c Release -v q -nologo bench/Kaifang.Bench.Links >/dev/null
bench="dotnet bench/Kaifang.Bench.Links/bin/Release/net10.0/Kaifang.Bench.Links.dll"

echo "== server on $hosts loopback addresses, port $port"
$bench serve "$hosts" "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
last="127.0.$(( (hosts - 1) / 250 )).$(( (hosts - 1) % 250 + 1 ))"
for _ in $(seq 1 100); do
    curl -sf "http://$last:$port/ready.csv" >/dev/null && break
    sleep 0.2
done
cat "$work/server.log"

echo "== $urls links over $hosts hosts, two runs over all (the second updates every link's state)"
$bench check "$work/data" "$hosts" "$urls" "$port" "$@" | tee "$work/check.txt"

echo "== ceiling: wrk against the same server (GET of the same small CSV, 2 threads, 64 connections, 10 s)"
wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port/data/1.csv" | tee "$work/wrk.txt"
