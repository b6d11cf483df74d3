#!/usr/bin/env bash
# PostgreSQL and several nodes (issue #9): the search benchmark's catalog on PostgreSQL, searched on one node and on
# two nodes behind nginx, and the writes per second the catalog sustains on PostgreSQL (one and two nodes) and SQLite.
#   bench/multinode/run.sh [datasets=100000] [seconds=30]
# Needs: dotnet, python3, wrk, nginx (apt-get install wrk nginx-light), sqlite3, and Debian's PostgreSQL 15 server
# (apt-get install postgresql-15). Everything runs on 127.0.0.1; results in bench/results/multinode.
set -euo pipefail
count="${1:-100000}"
seconds="${2:-30}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/multinode"
pgbin=/usr/lib/postgresql/15/bin
pg_port=5389
node1_port=5390
node2_port=5391
single_port=5392   # nginx with node 1 alone behind it
pair_port=5393     # nginx, round robin over node 1 and node 2
sqlite_port=5394
password="Bench-Passw0rd-2026"
cli=(dotnet "$root/src/Kaifang.Cli/bin/Release/net10.0/Kaifang.Cli.dll")
web="$root/src/Kaifang.Web/bin/Release/net10.0/Kaifang.Web.dll"

rm -rf "$work" && mkdir -p "$work"
cd "$root"
summary="$work/summary.txt"
note() { echo "$*" | tee -a "$summary"; }

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    if [ -f "$work/pg/data/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, the cluster is the postgres user's (as in the tests' PostgresCluster).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

echo "== build (Release)"
for p in src/Kaifang.Web src/Kaifang.Cli bench/Kaifang.Bench.DataGen; do dotnet build -c Release -v q -nologo "$p" >/dev/null; done

echo "== generate $count datasets"
dotnet bench/Kaifang.Bench.DataGen/bin/Release/net10.0/Kaifang.Bench.DataGen.dll "$count" "$work/national-export.csv"

echo "== PostgreSQL 15 cluster on port $pg_port (fsync and synchronous_commit on, as in production)"
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$work/pg/initdb.log"
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 60 \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB -c log_min_duration_statement=250" start >/dev/null
psql_pg() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql_pg -d postgres -c "CREATE DATABASE kaifang ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
postmaster="$(head -1 "$work/pg/data/postmaster.pid")"

pg_env=(Kaifang__DatabaseProvider=PostgreSql
    "Kaifang__ConnectionString=Host=127.0.0.1;Port=$pg_port;Database=kaifang;Username=postgres"
    "Kaifang__SharedDirectory=$work/shared" Kaifang__SeedDemoCatalog=false)
sqlite_env=("Kaifang__DataDirectory=$work/sqlite" Kaifang__SeedDemoCatalog=false)
# No scheduled work during the measurements: the quarterly check, taken at start, would check every link of the catalog.
quiet=(Kaifang__Quality__Schedule= Kaifang__Quality__QuarterlyCheckSchedule= Kaifang__Quality__DigestSchedule=
    Kaifang__Pipelines__SweepSchedule= Kaifang__NationalSync__IntervalMinutes=0)

echo "== import into PostgreSQL (CLI: import + index rebuild into node 1's data directory)"
# The first command creates the database; the import itself is timed on a ready database.
env "${pg_env[@]}" "Kaifang__DataDirectory=$work/node1" "${cli[@]}" users add --user bench-admin --name 壓測管理者 \
    --role system-admin --agency MOL --password "$password" >/dev/null
env "${pg_env[@]}" "Kaifang__DataDirectory=$work/node1" /usr/bin/time -f "%e %M" -o "$work/import-pg.time" \
    "${cli[@]}" import national "$work/national-export.csv" >"$work/import-pg.log" 2>&1
read -r wall rss <"$work/import-pg.time"
note "import PostgreSQL: wall $wall s, peak RSS $((rss / 1024)) MB; database $(psql_pg -d kaifang -Atc "select pg_size_pretty(pg_database_size('kaifang'))")"

echo "== import into SQLite (the same file, for comparison in the same run)"
env "${sqlite_env[@]}" "${cli[@]}" users add --user bench-admin --name 壓測管理者 --role system-admin --agency MOL --password "$password" >/dev/null
env "${sqlite_env[@]}" /usr/bin/time -f "%e %M" -o "$work/import-sqlite.time" \
    "${cli[@]}" import national "$work/national-export.csv" >"$work/import-sqlite.log" 2>&1
read -r wall rss <"$work/import-sqlite.time"
note "import SQLite: wall $wall s, peak RSS $((rss / 1024)) MB; database $(du -h "$work/sqlite/kaifang.db" | cut -f1)"

# start_node NAME PORT ENV... : starts a Release web host, waits until it answers a search, prints how long that took.
start_node() {
    local name="$1" port="$2"; shift 2
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken by another server" >&2; exit 1; fi
    local started; started=$(date +%s.%N)
    (cd src/Kaifang.Web && exec env "${quiet[@]}" "$@" dotnet "$web" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1) &
    local pid=$!
    pids+=("$pid")
    eval "${name}_pid=$pid"
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/api/v1/datasets?limit=1" >/dev/null && break
        kill -0 "$pid" 2>/dev/null || { echo "$name stopped; see $work/$name.log" >&2; exit 1; }
        sleep 0.5
    done
    note "$name started and answering in $(echo "$(date +%s.%N) - $started" | bc) s"
}
stop_node() { local pid="$1"; kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; }
memory() { note "$1 memory: $(grep -E "VmHWM|VmRSS" "/proc/$2/status" | tr -s ' \t' ' ' | tr '\n' ' ')"; }

# CPU seconds used so far by the nodes, nginx and PostgreSQL, to see where the two cores went during a run.
ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
pg_pids() { echo "$postmaster" $(pgrep -P "$postmaster" || true); }
# PostgreSQL's connections come and go: what the ones that ended used is in the postmaster's children's time.
pg_ticks() { echo $(( $(ticks $(pg_pids)) + $(awk '{print $16 + $17}' "/proc/$postmaster/stat") )); }
nginx_pids() { [ -f "$work/nginx.pid" ] && { cat "$work/nginx.pid"; pgrep -P "$(cat "$work/nginx.pid")" || true; }; }
cpu_start() { cpu_at=$(date +%s.%N); cpu_n1=$(ticks ${node1_pid:-}); cpu_n2=$(ticks ${node2_pid:-}); cpu_sq=$(ticks ${sqlite_pid:-}); cpu_pg=$(pg_ticks); cpu_ng=$(ticks $(nginx_pids)); }
cpu_report() {
    local hz; hz=$(getconf CLK_TCK)
    local wall; wall=$(echo "$(date +%s.%N) - $cpu_at" | bc)
    note "   load average $(cut -d' ' -f1-3 /proc/loadavg); CPU over $(printf %.0f "$wall") s (cores busy): node1 $(echo "scale=2; ($(ticks ${node1_pid:-}) - $cpu_n1) / $hz / $wall" | bc)," \
        "node2 $(echo "scale=2; ($(ticks ${node2_pid:-}) - $cpu_n2) / $hz / $wall" | bc)," \
        "sqlite-node $(echo "scale=2; ($(ticks ${sqlite_pid:-}) - $cpu_sq) / $hz / $wall" | bc)," \
        "postgres $(echo "scale=2; ($(pg_ticks) - $cpu_pg) / $hz / $wall" | bc)," \
        "nginx $(echo "scale=2; ($(ticks $(nginx_pids)) - $cpu_ng) / $hz / $wall" | bc)"
}

# read_run LABEL FILE URL QUERIES: wrk -t2 -c32 over the distinct searches of QUERIES, summarised.
read_run() {
    local label="$1" file="$2" url="$3" queries="$4"
    cpu_start
    QUERIES="$queries" wrk -t2 -c32 -d"${seconds}s" --latency -s bench/search/queries.lua "$url" >"$work/$file"
    note "$label: $(awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2} /Non-2xx/ {e=$NF}
        END {printf "%s requests/s, p50 %s, p90 %s, p99 %s, non-2xx %s", r, p50, p90, p99, (e == "" ? 0 : e)}' "$work/$file")"
    cpu_report
}

# make_token PORT: signs the benchmark's administrator in through the sign-in page, then creates an API token.
make_token() {
    local port="$1" jar="$work/cookies-$1.txt" form verification status
    form="$(curl -sf -c "$jar" "http://127.0.0.1:$port/account/login")"
    verification="$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$form" | sed 's/.*value="//; s/"$//')"
    status="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "UserName=bench-admin" \
        --data-urlencode "Password=$password" --data-urlencode "__RequestVerificationToken=$verification" "http://127.0.0.1:$port/account/login")"
    [ "$status" = 302 ] || { echo "sign-in failed ($status)" >&2; exit 1; }
    curl -sf -b "$jar" -H 'Content-Type: application/json' -d '{"name":"benchmark","expiresInDays":1}' \
        "http://127.0.0.1:$port/api/v1/tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# indexed PORT: every dataset, whatever its status, that the node's search finds (the token is a system administrator's).
indexed() {
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1/api/v1/datasets?status=draft&status=published&status=withdrawn&limit=1" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])'
}
found() {
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1/api/v1/datasets?status=draft&q=$2&limit=1" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])'
}
pg_rows() { psql_pg -d kaifang -Atc 'select count(*) from "Datasets"'; }
sqlite_rows() { sqlite3 "$work/sqlite/kaifang.db" 'select count(*) from Datasets'; }

# probe WRITE_PORT READ_PORT K: creates one dataset through one node and prints after how many ms the other's search finds it.
probe() {
    local word="zqprobe$3"
    local body="{\"title\":\"延遲探測 $word\",\"agency\":\"MOL\",\"serviceCategory\":\"500\",\"description\":\"多節點延遲探測。\",\"mainFieldsDescription\":\"無\",\"updateFrequency\":\"每1年\",\"contactName\":\"王小明\",\"contactPhone\":\"02-23961266\",\"contactEmail\":\"data@mol.gov.tw\"}"
    local status; status="$(curl -s -o "$work/probe-$3.json" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$1/api/v1/datasets")"
    [ "$status" = 201 ] || { echo "probe $3: create answered $status: $(head -c 300 "$work/probe-$3.json")"; return; }
    local written; written=$(date +%s%N)
    for _ in $(seq 1 600); do
        if [ "$(found "$2" "$word")" = 1 ]; then echo "probe $3: seen on the other node after $(( ($(date +%s%N) - written) / 1000000 )) ms"; return; fi
        sleep 0.02
    done
    echo "probe $3: NOT seen on the other node after 12 s"
}

# write_run LABEL PORT CONNECTIONS: wrk creating datasets for SECONDS, summarised.
write_run() {
    local label="$1" port="$2" connections="$3" file="wrk-write-$1-c$3.txt"
    cpu_start
    TOKEN="$token" RUN="$1-c$3" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/multinode/create.lua \
        "http://127.0.0.1:$port" >"$work/$file"
    write_ended=$(date +%s%N)
    note "writes $label, $connections connections: $(grep -E '^requests/s' "$work/$file"); $(grep -E '^created' "$work/$file")$(grep -E 'Non-2xx' "$work/$file" | sed 's/^ */; wrk: /')"
    grep -E '^first failure' "$work/$file" | head -3 | tee -a "$summary" || true
    cpu_report
}

# converge ROWS-COMMAND PORT...: waits until every node's search finds as many datasets as the database holds (read
# again each time: requests in flight when wrk stopped still commit), and says when, counted from the run's end.
converge() {
    local rows_of="$1"; shift
    local port n rows
    for port in "$@"; do
        for _ in $(seq 1 1200); do rows=$($rows_of); n=$(indexed "$port"); [ "$n" = "$rows" ] && [ "$($rows_of)" = "$rows" ] && break; sleep 0.05; done
        note "   database $rows datasets; node on port $port finds $n, $(( ($(date +%s%N) - write_ended) / 1000000 )) ms after ${since:-the run ended}"
    done
}

echo "== node 1 on PostgreSQL"
start_node node1 "$node1_port" "${pg_env[@]}" "Kaifang__DataDirectory=$work/node1"

echo "== nginx: node 1 alone on $single_port, round robin over both nodes on $pair_port"
mkdir -p "$work/nginx-tmp" && chmod 1777 "$work/nginx-tmp"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx-tmp/body;
    proxy_temp_path $work/nginx-tmp/proxy;
    fastcgi_temp_path $work/nginx-tmp/fastcgi;
    uwsgi_temp_path $work/nginx-tmp/uwsgi;
    scgi_temp_path $work/nginx-tmp/scgi;
    # Whole answers (a package_search is about 75 KB) are buffered in memory, not written to temporary files.
    proxy_buffer_size 16k;
    proxy_buffers 16 16k;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    upstream single { server 127.0.0.1:$node1_port; keepalive 64; }
    upstream pair { server 127.0.0.1:$node1_port; server 127.0.0.1:$node2_port; keepalive 64; }
    server { listen 127.0.0.1:$single_port; location / { proxy_pass http://single; } }
    server { listen 127.0.0.1:$pair_port; location / { proxy_pass http://pair; } }
}
NGINX
nginx -c "$work/nginx.conf"

python3 bench/search/make-queries.py "$work/national-export.csv" "$work/queries.txt" 20000
python3 bench/search/make-queries.py "$work/national-export.csv" "$work/ckan-queries.txt" 20000 ckan
echo "== warm-up of node 1 (10 s)"
QUERIES="$work/queries.txt" wrk -t2 -c32 -d10s -s bench/search/queries.lua "http://127.0.0.1:$node1_port" >/dev/null

echo "== searches, one node ($seconds s each, 32 connections)"
read_run "portal search, node 1 direct" wrk-portal-node1.txt "http://127.0.0.1:$node1_port" "$work/queries.txt"
read_run "portal search, nginx → node 1" wrk-portal-single.txt "http://127.0.0.1:$single_port" "$work/queries.txt"
read_run "package_search, node 1 direct" wrk-ckan-node1.txt "http://127.0.0.1:$node1_port" "$work/ckan-queries.txt"
read_run "package_search, nginx → node 1" wrk-ckan-single.txt "http://127.0.0.1:$single_port" "$work/ckan-queries.txt"

token="$(make_token "$node1_port")"
echo "== writes, one node on PostgreSQL"
for c in 8 32; do
    write_run pg-1node "$node1_port" "$c"
    converge pg_rows "$node1_port"
done
memory node1 "$node1_pid"

echo "== node 2 on the same database and shared directory (builds its own index at start)"
start_node node2 "$node2_port" "${pg_env[@]}" "Kaifang__DataDirectory=$work/node2"
write_ended=$(date +%s%N) since="it answered" converge pg_rows "$node2_port"
echo "== warm-up of node 2 (10 s)"
QUERIES="$work/queries.txt" wrk -t2 -c32 -d10s -s bench/search/queries.lua "http://127.0.0.1:$node2_port" >/dev/null

echo "== searches, two nodes behind nginx ($seconds s each, 32 connections)"
read_run "portal search, nginx → 2 nodes" wrk-portal-pair.txt "http://127.0.0.1:$pair_port" "$work/queries.txt"
read_run "package_search, nginx → 2 nodes" wrk-ckan-pair.txt "http://127.0.0.1:$pair_port" "$work/ckan-queries.txt"

echo "== writes, two nodes on PostgreSQL behind nginx; during the runs a probe written on node 1 every 2 s is looked for on node 2"
for c in 8 32; do
    (for i in $(seq 1 $((seconds / 2 - 1))); do sleep 2; probe "$node1_port" "$node2_port" "$c$i"; done) >"$work/probes-c$c.txt" &
    prober=$!
    write_run pg-2nodes "$pair_port" "$c"
    wait "$prober" || true
    converge pg_rows "$node1_port" "$node2_port"
    note "   under load: $(grep -c 'seen on' "$work/probes-c$c.txt") probes seen on node 2, $(grep '^probe' "$work/probes-c$c.txt" | grep -vc 'seen on') not; lag ms: $(grep -o 'after [0-9]* ms' "$work/probes-c$c.txt" | awk '{print $2}' | sort -n | tr '\n' ' ')"
done
note "   idle: $(probe "$node1_port" "$node2_port" idle1); $(probe "$node2_port" "$node1_port" idle2)"
since="the last run ended" converge pg_rows "$node1_port" "$node2_port"
memory node1 "$node1_pid"
memory node2 "$node2_pid"
note "PostgreSQL database after the runs: $(psql_pg -d kaifang -Atc "select pg_size_pretty(pg_database_size('kaifang'))")"
stop_node "$node1_pid"
stop_node "$node2_pid"
unset node1_pid node2_pid

echo "== writes, one node on SQLite (the same catalog)"
start_node sqlite "$sqlite_port" "${sqlite_env[@]}"
token="$(make_token "$sqlite_port")"
for c in 8 32; do
    write_run sqlite "$sqlite_port" "$c"
    converge sqlite_rows "$sqlite_port"
done
memory sqlite "$sqlite_pid"

grep -E "ERROR|FATAL" "$work/pg/log" | grep -v "duplicate key" | tail -5 >"$work/pg-errors.txt" || true
note "PostgreSQL log: $(grep -c ERROR "$work/pg/log" || true) ERROR lines ($(grep -c 'duplicate key' "$work/pg/log" || true) of them duplicate keys); $(grep -c 'duration:' "$work/pg/log" || true) statements over 250 ms (in $work/pg/log)"
echo "== done; summary in $summary"
