#!/usr/bin/env bash
# Before/after a change, in one run: the README's benchmarks with two builds side by side, rounds
# interleaved (these machines are noisy; compare within a round). For a refactoring that must not
# change performance.
#
#   bench/before_after.sh BEFORE_BUILD AFTER_BUILD [ROUNDS]   (build folders, e.g. /tmp/old/build build)
#
# Per round: bench_load (each build's own GDAL floor in the same process), the 3840x2160 SF snapshot
# (gridscope before, after, and Mapnik, whole process under GNU time), bench_ingest (messages/s
# against nlohmann's parse alone), bench_latency (MQTT publish -> frame, 5 s at 1,000 msgs/s).
# Prints one table per benchmark; raw outputs under OUT_DIR (default out/before-after-DATE).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
before="${1:?usage: before_after.sh BEFORE_BUILD AFTER_BUILD [ROUNDS]}"
after="${2:?usage: before_after.sh BEFORE_BUILD AFTER_BUILD [ROUNDS]}"
rounds="${3:-3}"
sf="${SF_DATA:-$root/../shared/data/sf}"
out="${OUT_DIR:-$root/out/before-after-$(date +%Y%m%d-%H%M%S)}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$out"
cat "$sf/tracts.geojson" "$sf/buildings.gpkg" >/dev/null  # warm page cache

gbench() {  # build benchmark filter json-out
  "$1/bench/$2" --benchmark_filter="$3" --benchmark_out="$4" --benchmark_out_format=json >/dev/null 2>&1
}
snap() {  # command... -> "wall_s rss_mb"
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>&1
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$out/time.txt"
}

printf "round\twhich\tGdalRead_ms\tGridscopeLoad_ms\tratio\n" >"$out/load.tsv"
printf "round\twhich\twall_s\tpeak_MB\n" >"$out/snapshot.tsv"
printf "round\twhich\tparse_only_msgs_s\tingest_msgs_s\tratio\n" >"$out/ingest.tsv"
printf "round\twhich\tp50_ms\tp99_ms\n" >"$out/latency.tsv"
for ((r = 1; r <= rounds; r++)); do
  order=(before after); ((r % 2 == 0)) && order=(after before)
  for which in "${order[@]}"; do
    b=$before; [[ $which == after ]] && b=$after
    gbench "$b" bench_load 'BM_GdalRead|BM_GridscopeLoad/' "$out/load-$which-$r.json"
    "$python" - "$out/load-$which-$r.json" "$r" "$which" >>"$out/load.tsv" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = {b["name"].split("/")[0]: b["real_time"] for b in d["benchmarks"] if b.get("run_type") == "iteration"}
g, s = t["BM_GdalRead"], t["BM_GridscopeLoad"]
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{g:.0f}\t{s:.0f}\t{s/g:.2f}")
PY
    echo -e "$r\t$which\t$(snap "$b/views/gridscope" render --grids "$sf/tracts.geojson" --buildings "$sf/buildings.gpkg" \
      --width 3840 --height 2160 --out "$out/snap-$which.png" | tr ' ' '\t')" >>"$out/snapshot.tsv"
    gbench "$b" bench_ingest 'BM_JsonParseOnly|BM_Ingest' "$out/ingest-$which-$r.json"
    "$python" - "$out/ingest-$which-$r.json" "$r" "$which" >>"$out/ingest.tsv" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = {}
for b in d["benchmarks"]:
    if b.get("aggregate_name") == "median" or (b.get("run_type") == "iteration" and b["name"].split("/")[0] not in v):
        v[b["name"].split("/")[0]] = b.get("items_per_second", 0)
p, i = v.get("BM_JsonParseOnly", 0), v.get("BM_Ingest", 0)
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{p:.0f}\t{i:.0f}\t{i/p if p else 0:.2f}")
PY
    if command -v mosquitto >/dev/null; then
      "$b/bench/bench_latency" --seconds 5 --json "$out/latency-$which-$r.json" >"$out/latency-$which-$r.txt" 2>&1
      "$python" - "$out/latency-$which-$r.json" "$r" "$which" >>"$out/latency.tsv" <<'PY' || true
import json, sys
x = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{x['latency_ms_p50']}\t{x['latency_ms_p99']}")
PY
    fi
  done
  echo -e "$r\tmapnik\t$(snap "$python" "$here/peers/mapnik_render.py" --tracts "$sf/tracts.geojson" \
    --buildings "$sf/buildings.gpkg" --width 3840 --height 2160 --out "$out/snap-mapnik.png" | tr ' ' '\t')" >>"$out/snapshot.tsv"
done
cmp -s "$out/snap-before.png" "$out/snap-after.png" && echo "snapshot PNGs: byte-identical" || echo "snapshot PNGs: DIFFER"
for t in load snapshot ingest latency; do echo "== $t"; column -t -s $'\t' "$out/$t.tsv"; done
