#!/usr/bin/env bash
# Density export, gridscope against QGIS, whole process, in one run (rounds interleaved):
#   gridscope density POINTS --out F --radius 500 --pixel 50 (positions only, as QGIS reads them)
#   QGIS's Heatmap (Kernel Density Estimation) algorithm (bench/peers/qgis_kde.py) on the same points
# The points: Boston grown to 1 M reports (tools/grow_boston.py; grown data) in EPSG:26986 (metres,
# which QGIS's radius and pixel need), made once with ogr2ogr; gridscope reads the same GeoPackage.
# (`gridscope history ... --density-tif` reads the whole history first, for its window and filters.)
#
#   bench/density_export.sh [BUILD] [ROWS] [ROUNDS]     (default: build 1000000 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-$root/build}"
rows="${2:-1000000}"
rounds="${3:-3}"
work="${WORK_DIR:-/tmp/gridscope-density-bench}"
mkdir -p "$work"
name="boston311_grown_$((rows / 1000))k"
if [ ! -f "$work/$name.gpkg" ]; then
  /usr/bin/python3 "$root/tools/grow_boston.py" --rows "$rows" --gpkg "$work" >&2
fi
if [ ! -f "$work/$name-26986.gpkg" ]; then
  ogr2ogr -f GPKG "$work/$name-26986.gpkg" "$work/$name.gpkg" -t_srs EPSG:26986 -nln events \
    -spat -71.2 42.2 -70.9 42.45 -spat_srs EPSG:4326 >&2   # the city (a few reports are geocoded far away)
fi
points="$work/$name-26986.gpkg"
printf "round\twhich\twall_s\tpeak_MB\n"
for ((r = 1; r <= rounds; r++)); do
  order=(gridscope qgis); ((r % 2 == 0)) && order=(qgis gridscope)
  for which in "${order[@]}"; do
    if [[ $which == gridscope ]]; then
      cmd=("$build/views/gridscope" density "$points" --out "$work/gs.tif" --radius 500 --pixel 50)
    else
      cmd=(/usr/bin/python3 "$root/bench/peers/qgis_kde.py" "$points" --radius 500 --pixel 50 --out "$work/qgis.tif")
    fi
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "${cmd[@]}" >"$work/$which.out" 2>"$work/$which.err" ||
      { echo "$which failed:"; cat "$work/$which.err"; exit 1; }
    read -r wall rss <"$work/time.txt"
    printf "%d\t%s\t%s\t%d\n" "$r" "$which" "$wall" "$((rss / 1024))"
  done
done
echo "outputs: $work/gs.tif, $work/qgis.tif (QGIS's raw quartic x 3/(pi r^2), r in km, is ours: docs/analyst.md)" >&2
