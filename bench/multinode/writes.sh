#!/usr/bin/env bash
# The writes per second the catalog sustains on one node, PostgreSQL and SQLite: the write part of run.sh alone, quick
# enough to compare two versions of the code back to back on a busy machine.
#   bench/multinode/writes.sh [datasets=10000] [seconds=20] [first port=5480]
# Uses ports FIRST (PostgreSQL), FIRST+1 (the PostgreSQL node) and FIRST+2 (the SQLite node). Results in
# bench/results/multinode-writes; the load average is printed with every run.
set -euo pipefail
count="${1:-10000}"
seconds="${2:-20}"
first_port="${3:-5480}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/multinode-writes"
pgbin=/usr/lib/postgresql/15/bin
pg_port=$first_port
node_port=$((first_port + 1))
sqlite_port=$((first_port + 2))
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
    if [ -f "$work/pg/data/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

echo "== build (Release)"
for p in src/Kaifang.Web src/Kaifang.Cli bench/Kaifang.Bench.DataGen; do dotnet build -c Release -v q -nologo "$p" >/dev/null; done
dotnet bench/Kaifang.Bench.DataGen/bin/Release/net10.0/Kaifang.Bench.DataGen.dll "$count" "$work/national-export.csv" >/dev/null

echo "== PostgreSQL 15 on port $pg_port (fsync and synchronous_commit on)"
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$work/pg/initdb.log"
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 60 \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB" start >/dev/null
psql_pg() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql_pg -d postgres -c "CREATE DATABASE kaifang ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"

pg_env=(Kaifang__DatabaseProvider=PostgreSql
    "Kaifang__ConnectionString=Host=127.0.0.1;Port=$pg_port;Database=kaifang;Username=postgres"
    "Kaifang__SharedDirectory=$work/shared" Kaifang__SeedDemoCatalog=false "Kaifang__DataDirectory=$work/node")
sqlite_env=("Kaifang__DataDirectory=$work/sqlite" Kaifang__SeedDemoCatalog=false)
quiet=(Kaifang__Quality__Schedule= Kaifang__Quality__QuarterlyCheckSchedule= Kaifang__Quality__DigestSchedule=
    Kaifang__Pipelines__SweepSchedule= Kaifang__NationalSync__IntervalMinutes=0)
for e in pg sqlite; do
    if [ $e = pg ]; then envs=("${pg_env[@]}"); else envs=("${sqlite_env[@]}"); fi
    env "${envs[@]}" "${cli[@]}" users add --user bench-admin --name 壓測管理者 --role system-admin --agency MOL --password "$password" >/dev/null
    env "${envs[@]}" "${cli[@]}" import national "$work/national-export.csv" >"$work/import-$e.log" 2>&1
done

start_node() {
    local name="$1" port="$2"; shift 2
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken by another server" >&2; exit 1; fi
    (cd src/Kaifang.Web && exec env "${quiet[@]}" "$@" dotnet "$web" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1) &
    node_pid=$!
    pids+=("$node_pid")
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/api/v1/datasets?limit=1" >/dev/null && break
        kill -0 "$node_pid" 2>/dev/null || { echo "$name stopped; see $work/$name.log" >&2; exit 1; }
        sleep 0.5
    done
}
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
indexed() {
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$1/api/v1/datasets?status=draft&status=published&status=withdrawn&limit=1" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])'
}
pg_rows() { psql_pg -d kaifang -Atc 'select count(*) from "Datasets"'; }
sqlite_rows() { sqlite3 "$work/sqlite/kaifang.db" 'select count(*) from Datasets'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

write_run() {
    local label="$1" port="$2" connections="$3" rows_of="$4" file="wrk-$1-c$3.txt"
    local hz; hz=$(getconf CLK_TCK)
    local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    local t0; t0=$(ticks "$node_pid")
    TOKEN="$token" RUN="$1-c$3" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/multinode/create.lua \
        "http://127.0.0.1:$port" >"$work/$file"
    local cpu; cpu=$(echo "scale=2; ($(ticks "$node_pid") - t0) / $hz / $seconds" | bc)
    note "writes $label, $connections connections: $(grep -E '^requests/s' "$work/$file"); p50 $(awk '/^ +50%/ {print $2}' "$work/$file"), p99 $(awk '/^ +99%/ {print $2}' "$work/$file"); $(grep -E '^created' "$work/$file")$(grep -E 'Non-2xx' "$work/$file" | sed 's/^ */; wrk: /'); node CPU $cpu cores; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
    grep -E '^first failure' "$work/$file" | head -3 | tee -a "$summary" || true
    local n rows
    for _ in $(seq 1 1200); do rows=$($rows_of); n=$(indexed "$port"); [ "$n" = "$rows" ] && [ "$($rows_of)" = "$rows" ] && break; sleep 0.05; done
    note "   database $rows datasets; the node's search finds $n"
}

for e in pg sqlite; do
    if [ $e = pg ]; then start_node node-$e "$node_port" "${pg_env[@]}"; port=$node_port; rows=pg_rows
    else start_node node-$e "$sqlite_port" "${sqlite_env[@]}"; port=$sqlite_port; rows=sqlite_rows; fi
    token="$(make_token "$port")"
    for c in 8 32; do write_run "$e" "$port" "$c" $rows; done
    note "   memory: $(grep -E "VmHWM" "/proc/$node_pid/status" | tr -s ' \t' ' ')"
    kill "$node_pid"; while kill -0 "$node_pid" 2>/dev/null; do sleep 0.2; done
done
echo "== done; summary in $summary"
