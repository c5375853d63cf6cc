#!/usr/bin/env bash
# Runs every benchmark of the README's "Benchmarks" section in one go, on an otherwise idle machine:
#   bash bench/run_all.sh            (builds Release first; writes out/bench/*)
# load     bench_load: SF buildings GeoPackage → upload-ready buffers vs GDAL's own read
# snapshot bench/snapshot.sh: gridscope render vs Mapnik vs QGIS at 3840×2160, whole process
# frame    the window's steady-state frame time at 1920×1080 and 3840×2160 under Xvfb (llvmpipe)
# ingest   bench_ingest: live-feed messages/s vs nlohmann::json parse alone
# markers  bench_markers: live marker frames (up to 1,000,000 on screen) and a 1,000-message batch
# latency  bench_latency: MQTT publish → frame shown at 1,000 msgs/s, 1,000,000 issues in the store
# analyst  bench_history (history load vs GDAL's read; window changes), bench_classify, bench_analysis_frame
#          (a change of window or filter to the frame), bench/density_export.sh (GeoTIFF vs QGIS's
#          KDE); the 1 M figures need grown data: GROWN=/tmp/grown (made here with
#          tools/grow_boston.py when missing)
# heatmap  bench/heatmap_vs_deckgl.sh: the GPU heatmap frame vs deck.gl's HeatmapLayer recompute in
#          headless Chromium, 100k and 1M events at 1920×1080 and 3840×2160 (installs Debian's
#          chromium and npm packages; about an hour on 2 cores with llvmpipe)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh --bench
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
mkdir -p out/bench
echo "== load"
build/bench/bench_load --benchmark_out=out/bench/load.json --benchmark_out_format=json | tee out/bench/load.txt
echo "== snapshot"
OUT_DIR=out/bench/snapshot bash bench/snapshot.sh "${RUNS:-5}" | tee out/bench/snapshot.txt
echo "== frame"
for size in 1920x1080 3840x2160; do
  w=${size%x*}; h=${size#*x}
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" build/views/gridscope --config data/sf_full.json \
    --width "$w" --height "$h" --bench-frames "${FRAMES:-60}" 2>/dev/null | tee "out/bench/frame-$size.json"
done
if [ -x build/bench/bench_ingest ]; then
  echo "== ingest"
  build/bench/bench_ingest --benchmark_out=out/bench/ingest.json --benchmark_out_format=json | tee out/bench/ingest.txt
fi
if [ -x build/bench/bench_markers ]; then
  echo "== markers"
  build/bench/bench_markers --benchmark_out=out/bench/markers.json --benchmark_out_format=json | tee out/bench/markers.txt
fi
if [ -x build/bench/bench_latency ]; then
  # Starts its own mosquitto on a free loopback port (prints SKIP without one). Three labelled runs: the
  # demo's grid levels and buildings, levels only (both verdicts on the bar), and the no-render floor.
  echo "== latency"
  rm -f out/bench/latency.json
  for variant in "" --no-buildings --no-render; do
    build/bench/bench_latency $variant --json out/bench/latency.json
  done 2>&1 | tee out/bench/latency.txt
fi
echo "== analyst"
GROWN=${GROWN:-/tmp/grown}
[ -f "$GROWN/boston311_grown_1000k.gpkg" ] || /usr/bin/python3 tools/grow_boston.py --rows 1000000 --gpkg "$GROWN"
for b in bench_history bench_classify bench_analysis_frame; do
  if [ -x "build/bench/$b" ]; then
    GRIDSCOPE_HISTORY_BENCH_DIR="$GROWN" "build/bench/$b" | tee "out/bench/$b.txt"
  fi
done
bash bench/density_export.sh build 1000000 "${RUNS:-3}" | tee out/bench/density-export.txt
if [ -x build/bench/bench_density ]; then
  echo "== heatmap vs deck.gl"
  WORK_DIR="$PWD/out/bench/deckgl" bash bench/heatmap_vs_deckgl.sh build "${ROUNDS:-3}" | tee out/bench/heatmap-deckgl.txt
fi
