#!/usr/bin/env bash
# DataStore benchmark: loading a 1,000,000-row, 20-column CSV (~150 MB) with Kaifang's loader and with
# the sqlite3 command line's .import into an empty table, in the same run; then datastore_search with one filter.
#   bench/datastore/run.sh [rows=1000000] [searches=2000]
# Needs: dotnet, sqlite3, wrk, curl, python3 (apt-get install sqlite3 wrk). Not part of the test run.
set -euo pipefail
rows="${1:-1000000}"
searches="${2:-2000}"
seconds="${3:-20}"
port=5292
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/datastore"
rm -rf "$work" && mkdir -p "$work"
cd "$root"
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: sudo apt-get install sqlite3" >&2; exit 1; }

echo "== build (Release)"
dotnet build -c Release -v q -nologo bench/Kaifang.Bench.Datastore >/dev/null
bench="dotnet bench/Kaifang.Bench.Datastore/bin/Release/net10.0/Kaifang.Bench.Datastore.dll"

echo "== generate $rows rows"
$bench generate "$work/table.csv" "$rows"
ls -l "$work/table.csv" | awk '{printf "%.0f MB\n", $5 / 1e6}'
# Read once so both loaders start with the file in the page cache.
cat "$work/table.csv" >/dev/null

echo "== sqlite3 $(sqlite3 --version | cut -d' ' -f1): .import into an empty table"
columns="$(head -1 "$work/table.csv" | tr -d '\r' | sed 's/[^,]*/"&"/g')"
start=$(date +%s.%N)
sqlite3 "$work/sqlite3-import.db" <<SQL
CREATE TABLE t ($columns);
.mode csv
.import --skip 1 $work/table.csv t
SQL
end=$(date +%s.%N)
loaded=$(sqlite3 "$work/sqlite3-import.db" "SELECT count(*) FROM t")
awk -v s="$start" -v e="$end" -v n="$loaded" 'BEGIN { printf "sqlite3 .import: %d rows in %.2f s = %.0f rows/s\n", n, e - s, n / (e - s) }'

echo "== Kaifang: DatastoreLoader (type inference pass + typed insert pass), without and with the full-text index, then datastore_search with a filter and with q"
$bench load "$work/table.csv" "$work" "$searches"
ls -l "$work/data-no-index/datastore.db" "$work/data/datastore.db" "$work/sqlite3-import.db" | awk '{printf "%s: %.0f MB\n", $9, $5 / 1e6}'

echo "== through the web host: the file published in a new installation, loaded by the host's worker at start"
dotnet build -c Release -v q -nologo src/Kaifang.Web >/dev/null
resource="$($bench publish "$work/table.csv" "$work/web" | tail -1)"
start=$(date +%s.%N)
(cd src/Kaifang.Web && Kaifang__DataDirectory="$work/web" Kaifang__SeedDemoCatalog=false exec dotnet bin/Release/net10.0/Kaifang.Web.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/api/3/action/datastore_info?id=$resource" >/dev/null && break
    sleep 0.5
done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "host start + worker load until datastore_info answers: %.1f s\n", e - s }'
grep -o "loaded [0-9]* rows of resource [^ ]* ([^)]*) in [0-9]* ms" "$work/server.log" || true

python3 - "$resource" "$work/queries.txt" <<'PY'
import json, random, sys, urllib.parse
resource, out = sys.argv[1], sys.argv[2]
cities = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市"]
random.seed(7)
with open(out, "w") as f:
    for _ in range(20000):
        filters = urllib.parse.quote(json.dumps({"縣市": random.choice(cities)}, ensure_ascii=False))
        f.write(f"/api/3/action/datastore_search?resource_id={resource}&filters={filters}&offset={random.randrange(1000)}\n")
PY
# The first filter on 縣市 builds its index (docs/decisions/0005-datastore.md).
curl -s -o /dev/null -w "first datastore_search with a filter over HTTP: %{time_total} s\n" "http://127.0.0.1:$port$(head -1 "$work/queries.txt")"
echo "== datastore_search with one filter over HTTP, 100 rows + total each, 4 connections, ${seconds} s"
QUERIES="$work/queries.txt" wrk -t2 -c4 -d"${seconds}s" --latency -s bench/search/queries.lua "http://127.0.0.1:$port" | tee "$work/wrk-datastore.txt"
