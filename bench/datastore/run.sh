#!/usr/bin/env bash
# DataStore benchmark: loading a 1,000,000-row, 20-column CSV (~150 MB) with Kaifang's loader and with
# the sqlite3 command line's .import into an empty table, in the same run; then datastore_search with one filter.
#   bench/datastore/run.sh [rows=1000000] [searches=2000]
# Needs: dotnet, sqlite3 (apt-get install sqlite3). Not part of the test run.
set -euo pipefail
rows="${1:-1000000}"
searches="${2:-2000}"
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

echo "== Kaifang: DatastoreLoader (type inference pass + typed insert pass), then datastore_search"
$bench load "$work/table.csv" "$work" "$searches"
ls -l "$work/data/datastore.db" "$work/sqlite3-import.db" | awk '{printf "%s: %.0f MB\n", $9, $5 / 1e6}'
