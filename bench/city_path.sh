#!/usr/bin/env bash
# The window along a scripted camera path (issue 14): from the whole scene down to its busiest street
# (400 m wide) and back, at 1920×1080 under Xvfb, on (a) the grown city of tools/grow_city.py (4×3
# copies of SF: 1,021,932 buildings, 2,340 grids; grown data, say so with any figure) and (b) SF alone
# (data/sf_full.json). Each run is `gridscope window --bench-path zoom`: one JSON line with every
# frame's time, view width and triangles, p50/p95/max overall and per zoom band (city ≥ 16 km wide,
# street < 2 km, district between), the time from process start to the first complete picture,
# and peak RSS. See docs/city.md.
#
#   bench/city_path.sh [FRAMES]                 (default 120 frames a path)
#
# Environment:
#   GRIDSCOPE_BIN  gridscope binary (default build/views/gridscope)
#   CITY_DIR       where the grown city is (grown there when city.json is missing; default /tmp/gridscope_city)
#   COLS, ROWS     the city's copies when it is grown (default 4, 3)
#   OUT_DIR        where the JSON lines go (default out/city-path-YYYYmmdd-HHMMSS)
#   PYTHON         interpreter with the GDAL bindings (default /usr/bin/python3)
#   WINDOW_ARGS    more `gridscope window` options, e.g. --no-motion-tiles (every moving frame in full)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
frames="${1:-${FRAMES:-120}}"
gridscope="${GRIDSCOPE_BIN:-$root/build/views/gridscope}"
city="${CITY_DIR:-/tmp/gridscope_city}"
python="${PYTHON:-/usr/bin/python3}"
out="${OUT_DIR:-$root/out/city-path-$(date +%Y%m%d-%H%M%S)}"

[[ -x "$gridscope" ]] || { echo "city_path: no gridscope at $gridscope (build first, or set GRIDSCOPE_BIN)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "city_path: xvfb-run not found (apt-get install xvfb xauth)" >&2; exit 2; }
[[ "$frames" =~ ^[0-9]+$ && "$frames" -ge 2 ]] || { echo "city_path: FRAMES must be a whole number ≥ 2, got $frames" >&2; exit 2; }
mkdir -p "$out" || { echo "city_path: cannot create $out" >&2; exit 2; }

if [[ ! -s "$city/city.json" || ! -s "$city/city.gpkg" ]]; then
  echo "city_path: growing the city into $city"
  "$python" "$root/tools/grow_city.py" --cols "${COLS:-4}" --rows "${ROWS:-3}" --out "$city/city.gpkg" || exit 2
fi

# Read the data once so both runs start from a warm page cache.
cat "$city/city.gpkg" "$root/../shared/data/sf/buildings.gpkg" >/dev/null 2>&1

run() {  # NAME CONFIG
  local name=$1 config=$2
  echo "city_path: $name: $config, $frames frames at 1920×1080" >&2
  xvfb-run -a -s "-screen 0 1920x1080x24" "$gridscope" window --config "$config" --width 1920 --height 1080 \
    --bench-path zoom --bench-frames "$frames" ${WINDOW_ARGS:-} >"$out/$name.json" 2>"$out/$name.err"
  local rc=$?
  if [[ $rc != 0 ]] || ! grep -q '"bench":"window_path"' "$out/$name.json"; then
    echo "city_path: $name: gridscope exited $rc: $(tail -3 "$out/$name.err")" >&2
    return 1
  fi
}

status=0
run city "$city/city.json" || status=1
run sf "$root/data/sf_full.json" || status=1

"$python" - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
print(f"{'scene':<6} {'band':<9} {'frames':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'max tris':>11}")
for name in ("city", "sf"):
    path = os.path.join(out, name + ".json")
    try:
        j = json.loads(open(path).read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        print(f"{name:<6} (no result: see {name}.err)")
        continue
    rows = [("all", j["overall"], max(j["triangles"], default=0))] + [(b, j["bands"][b], j["bands"][b]["max_triangles"]) for b in ("city", "district", "street")]
    for band, s, tris in rows:
        print(f"{name:<6} {band:<9} {s['frames']:>6} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['max_ms']:>8.1f} {tris:>11,}")
    print(f"{name:<6} first picture {j['first_picture_s']:.2f} s after start (load {j['load_s']:.2f} s), "
          f"peak RSS {j['peak_rss_mb']:.0f} MB, {j['features']:,} features, street at "
          f"{j['street_center'][0]:.0f},{j['street_center'][1]:.0f}, {j['gl_renderer']}")
    if j.get("motion_tiles"):
        print(f"{name:<6} moving map from tiles: {j['exact_frames']} of {j['frames']} frames at their own scale "
              f"(the rest partly from coarser or finer tiles)")
print(f"raw JSON lines: {out}/city.json, {out}/sf.json")
PY
exit $status
