#!/usr/bin/env bash
# Catalog import and search benchmark (issue #2): 100,000 datasets / ~300,000 resources.
#   bench/search/run.sh [datasets=100000] [seconds=30]
# Needs: dotnet, python3, wrk and nginx (apt-get install wrk nginx-light). Everything runs on 127.0.0.1.
set -euo pipefail
count="${1:-100000}"
seconds="${2:-30}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/search"
port=5290
nginx_port=5291
rm -rf "$work" && mkdir -p "$work"
cd "$root"

echo "== build (Release)"
for p in src/Kaifang.Web src/Kaifang.Cli bench/Kaifang.Bench.DataGen; do dotnet build -c Release -v q -nologo "$p" >/dev/null; done

echo "== generate $count datasets"
dotnet bench/Kaifang.Bench.DataGen/bin/Release/net10.0/Kaifang.Bench.DataGen.dll "$count" "$work/national-export.csv"

echo "== import (CLI: import + index rebuild)"
export Kaifang__DataDirectory="$work/data" Kaifang__SeedDemoCatalog=false
# No quality jobs: a fresh installation takes the last quarter's check and starts a check of every
# link (here 299,322 addresses) at its first start, jobs over the whole catalog that would otherwise
# run (and hold memory) during the measurements. bench/load/run.sh measures searches with them running.
export Kaifang__Quality__QuarterlyCheckSchedule="" Kaifang__Quality__Schedule="" Kaifang__Quality__DigestSchedule=""
# The first run creates the database; time the import itself on a ready database.
dotnet src/Kaifang.Cli/bin/Release/net10.0/Kaifang.Cli.dll users list >/dev/null
/usr/bin/time -f "import wall %e s, peak RSS %M KB" \
    dotnet src/Kaifang.Cli/bin/Release/net10.0/Kaifang.Cli.dll import national "$work/national-export.csv" 2>&1 | grep -vE "^(Importing|Imported|Indexing datasets)"

echo "== serve"
(cd src/Kaifang.Web && dotnet bin/Release/net10.0/Kaifang.Web.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/datasets?limit=1" >/dev/null && break; sleep 1; done
pid="$(pgrep -f "Kaifang.Web.dll --urls http://127.0.0.1:$port" | head -1)"
trap 'kill "$pid" 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true' EXIT

# The server's CPU time (user + system, in clock ticks) and the load average around each run: on a
# shared machine requests/s moves with others' work, CPU time per request much less.
server_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
measured() {
    local name="$1"; shift
    local before; before="$(server_ticks)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$@" | tee "$work/wrk-$name.txt"
    local after; after="$(server_ticks)"
    awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
        '/requests in/ { printf "server CPU %.1f s for %d requests: %.2f ms a request; load average after: %s\n", ticks / hz, $1, 1000 * ticks / hz / $1, load }' \
        "$work/wrk-$name.txt" | tee -a "$work/wrk-$name.txt"
}

python3 bench/search/make-queries.py "$work/national-export.csv" "$work/queries.txt" 20000
# A server's first minute is slower (hot code recompiled by tiered compilation, terms and filters looked up for the
# first time, the index's pages read in): from 10 s after the start the p99 was 60-92 ms, from 40 s 17 ms.
echo "== warm-up (40 s)"
QUERIES="$work/queries.txt" wrk -t2 -c32 -d40s -s bench/search/queries.lua "http://127.0.0.1:$port" >/dev/null

echo "== distinct searches with facets: no answer from the result cache (a text may come back under other filters or another order), 32 connections, ${seconds} s"
measured distinct env QUERIES="$work/queries.txt" wrk -t2 -c32 -d"${seconds}s" --latency -s bench/search/queries.lua "http://127.0.0.1:$port"
echo "== popular searches (served from the result cache), 32 connections, ${seconds} s"
measured popular wrk -t2 -c32 -d"${seconds}s" --latency -s bench/search/popular.lua "http://127.0.0.1:$port"
python3 bench/search/make-queries.py "$work/national-export.csv" "$work/ckan-queries.txt" 20000 ckan
echo "== warm-up of package_search (20 s)"
QUERIES="$work/ckan-queries.txt" wrk -t2 -c32 -d20s -s bench/search/queries.lua "http://127.0.0.1:$port" >/dev/null
echo "== CKAN package_search, 20,000 distinct searches with five facets, 20 full package dicts each, 32 connections, ${seconds} s"
measured ckan env QUERIES="$work/ckan-queries.txt" wrk -t2 -c32 -d"${seconds}s" --latency -s bench/search/queries.lua "http://127.0.0.1:$port"
grep -E "VmRSS|VmHWM|RssAnon|RssFile" "/proc/$pid/status" | tee "$work/memory.txt"

echo "== nginx ceiling: a static JSON file the size of a search response"
curl -s "http://127.0.0.1:$port/api/v1/datasets?q=%E5%8B%9E%E4%BF%9D" >"$work/search.json"
wc -c <"$work/search.json"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work;
        location = /search.json { default_type application/json; }
    }
}
NGINX
nginx -c "$work/nginx.conf"
sleep 1
wrk -t2 -c32 -d"${seconds}s" --latency -s bench/search/static.lua "http://127.0.0.1:$nginx_port" | tee "$work/wrk-nginx.txt"
