#!/usr/bin/env bash
# Mixed load (issue #10): the 100,000-dataset catalog on the embedded defaults (SQLite, local index), 64 clients mixing
# search pages, dataset pages, downloads and API calls for 60 s, while a pipeline runs again and again and the check
# of every link goes on. Figures per kind of request and the server's memory in bench/results/load/summary.txt.
#   bench/load/run.sh [datasets=100000] [seconds=60] [clients=64]
# Needs: dotnet, python3. Everything runs on 127.0.0.1: the catalog's links point at a local server answering on
# 1,000 loopback addresses (bench/Kaifang.Bench.Links), and the pipeline reads a CSV that python's http.server serves.
set -euo pipefail
count="${1:-100000}"
seconds="${2:-60}"
clients="${3:-64}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/results/load"
port=5490
links_port=5491
source_port=5492
hosts=1000
password="Bench-Passw0rd-2026"
cli=(dotnet "$root/src/Kaifang.Cli/bin/Release/net10.0/Kaifang.Cli.dll")
load=(dotnet "$root/bench/Kaifang.Bench.Load/bin/Release/net10.0/Kaifang.Bench.Load.dll")
rm -rf "$work" && mkdir -p "$work/source"
cd "$root"
summary="$work/summary.txt"
note() { echo "$*" | tee -a "$summary"; }

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

echo "== build (Release)"
for p in src/Kaifang.Web src/Kaifang.Cli bench/Kaifang.Bench.DataGen bench/Kaifang.Bench.Links bench/Kaifang.Bench.Load; do
    dotnet build -c Release -v q -nologo "$p" >/dev/null
done

echo "== generate $count datasets; their links spread over $hosts local hosts"
dotnet bench/Kaifang.Bench.DataGen/bin/Release/net10.0/Kaifang.Bench.DataGen.dll "$count" "$work/generated.csv"
python3 - "$work/generated.csv" "$work/national-export.csv" "$links_port" "$hosts" <<'PY'
import csv, re, sys
source, target, port, hosts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(source, encoding="utf-8-sig", newline="") as f, open(target, "w", encoding="utf-8-sig", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(csv.reader(f)):
        if i and len(row) > 6:
            h = i % hosts
            row[6] = re.sub(r"https://data\.[^/]+/", f"http://127.0.{h // 250}.{h % 250 + 1}:{port}/", row[6])
        writer.writerow(row)
PY

echo "== import into SQLite"
export Kaifang__DataDirectory="$work/data" Kaifang__SeedDemoCatalog=false
"${cli[@]}" users add --user bench-admin --name 壓測管理者 --role system-admin --agency MOL --password "$password" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/import.time" "${cli[@]}" import national "$work/national-export.csv" >"$work/import.log" 2>&1
read -r wall rss <"$work/import.time"
note "import: $count datasets in $wall s, peak RSS $((rss / 1024)) MB"

echo "== the link server ($hosts addresses) and the pipeline's source (100,000 rows)"
dotnet bench/Kaifang.Bench.Links/bin/Release/net10.0/Kaifang.Bench.Links.dll serve "$hosts" "$links_port" >"$work/links.log" 2>&1 &
pids+=($!)
python3 - "$work/source/roster.csv" <<'PY'
import sys
cities = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("代碼,縣市,事業單位,人數\n")
    for i in range(100000):
        f.write(f"{i:06d},{cities[i % 6]},事業單位{i},{(i * 37) % 5000}\n")
PY
python3 -m http.server "$source_port" --bind 127.0.0.1 --directory "$work/source" >"$work/source.log" 2>&1 &
pids+=($!)

echo "== serve (Release), link checks and pipelines allowed to reach 127.0.0.0/8"
(cd src/Kaifang.Web && exec env Kaifang__Quality__Schedule= Kaifang__Quality__QuarterlyCheckSchedule= Kaifang__Quality__DigestSchedule= \
    Kaifang__Pipelines__SweepSchedule= Kaifang__NationalSync__IntervalMinutes=0 Kaifang__Quality__AllowedNetworks__0=127.0.0.0/8 \
    dotnet bin/Release/net10.0/Kaifang.Web.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
server=$!
pids+=("$server")
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/api/v1/datasets?limit=1" >/dev/null && break; sleep 0.5; done

echo "== prepare: datasets with uploaded files, a pipeline, the names and searches"
"${load[@]}" prepare "http://127.0.0.1:$port" bench-admin "$password" "$work" "http://127.0.0.1:$source_port/roster.csv" | tee -a "$summary"
python3 bench/search/make-queries.py "$work/national-export.csv" "$work/queries.txt" 20000
python3 bench/search/make-queries.py "$work/national-export.csv" "$work/ckan-queries.txt" 20000 ckan

echo "== warm-up (15 s, the same requests without the background work)"
"${load[@]}" warm "http://127.0.0.1:$port" "$work" 15 "$clients" >"$work/warm.txt"

echo "== load: $clients clients for $seconds s, with the pipeline and the link check"
status=0
"${load[@]}" run "http://127.0.0.1:$port" "$work" "$seconds" "$clients" | tee -a "$summary" || status=$?
note "server memory: $(grep -E "VmHWM|VmRSS" "/proc/$server/status" | tr -s ' \t' ' ' | tr '\n' ' ')"
note "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
grep -cE "^fail:" "$work/server.log" | xargs -I{} echo "server log: {} fail: lines" | tee -a "$summary"
echo "== done; summary in $summary"
exit "$status"
