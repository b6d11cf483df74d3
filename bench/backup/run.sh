#!/usr/bin/env bash
# Backup and restore of a large catalog, moved SQLite → PostgreSQL → SQLite:
#   bench/backup/run.sh [datasets=100000]
# Needs: dotnet, python3, and Debian's postgresql package (a throwaway cluster is started on 127.0.0.1).
set -euo pipefail
count="${1:-100000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/backup"
# The imported catalog is kept between runs of the same size; everything else is made again.
[ "$(cat "$work/sqlite/catalog-size" 2>/dev/null)" = "$count" ] || rm -rf "$work"
rm -rf "$work/pg" "$work/postgresql" "$work/back" "$work"/*.zip
mkdir -p "$work"
cd "$root"

echo "== build (Release)"
for p in src/Kaifang.Cli bench/Kaifang.Bench.DataGen; do dotnet build -c Release -v q -nologo "$p" >/dev/null; done
cli=(dotnet src/Kaifang.Cli/bin/Release/net10.0/Kaifang.Cli.dll)
timed() { /usr/bin/time -f "$1: wall %e s, peak RSS %M KB" "${@:2}"; }

export Kaifang__SeedStaffPassword=Bench-Passw0rd
if [ ! -f "$work/sqlite/catalog-size" ]; then
    echo "== the catalog: the demo catalog and $count generated datasets, on SQLite"
    dotnet bench/Kaifang.Bench.DataGen/bin/Release/net10.0/Kaifang.Bench.DataGen.dll "$count" "$work/national-export.csv"
    "${cli[@]}" --data "$work/sqlite" users list >/dev/null
    "${cli[@]}" --data "$work/sqlite" import national "$work/national-export.csv" | tail -1
    echo "$count" >"$work/sqlite/catalog-size"
fi

echo "== PostgreSQL: a throwaway cluster on 127.0.0.1"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort | tail -1)"
cluster="$work/pg"
mkdir -p "$cluster"
as=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$cluster"; as=(runuser -u postgres --); fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as[@]}" "$bin/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -o "-p $port -k $cluster -c listen_addresses=127.0.0.1" start >/dev/null
trap '"${as[@]}" "$bin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null' EXIT
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE kaifang ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
server="Host=127.0.0.1;Port=$port;Username=postgres;Database=kaifang"

echo "== back up SQLite"
timed "backup (SQLite)" "${cli[@]}" --data "$work/sqlite" backup --output "$work/first.zip" | grep -E "^(Backed up|/)"
echo "== restore onto PostgreSQL"
export Kaifang__DatabaseProvider=PostgreSql Kaifang__ConnectionString="$server"
timed "restore (PostgreSQL)" "${cli[@]}" --data "$work/postgresql" restore "$work/first.zip" | grep -E "^(Restored|from|Indexed)"
echo "== back up PostgreSQL"
timed "backup (PostgreSQL)" "${cli[@]}" --data "$work/postgresql" backup --output "$work/second.zip" | grep -E "^(Backed up|/)"
unset Kaifang__DatabaseProvider Kaifang__ConnectionString
echo "== restore onto SQLite"
timed "restore (SQLite)" "${cli[@]}" --data "$work/back" restore "$work/second.zip" | grep -E "^(Restored|from|Indexed)"
timed "backup (SQLite, again)" "${cli[@]}" --data "$work/back" backup --output "$work/third.zip" | grep -E "^Backed up"

echo "== the second and third backups hold the same rows"
python3 - "$work/second.zip" "$work/third.zip" <<'PY'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
tables = sorted(n for n in a.namelist() if n.startswith("tables/"))
assert tables == sorted(n for n in b.namelist() if n.startswith("tables/"))
different = [t for t in tables if a.read(t) != b.read(t)]
print("same rows in every table" if not different else f"DIFFERENT: {different}")
sys.exit(1 if different else 0)
PY
ls -l "$work"/*.zip
