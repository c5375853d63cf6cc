#!/usr/bin/env bash
# The GPU heatmap, gridscope against deck.gl's HeatmapLayer, in one run (rounds interleaved), issue 13's
# bar: gridscope's heatmap frame of 1 M events >= 20x faster than deck.gl's HeatmapLayer.
#
#   gridscope  bench_density's BM_HeatmapFrame/N/W/R/0: one full frame (the events binned, the density
#              convolved, its max, the colour pass; glFinish), headless EGL; median of GS_REPS
#              repetitions (Google Benchmark, wall time)
#   deck.gl    bench/peers/deckgl (run.mjs + heatmap.html/js): deck.gl's HeatmapLayer in Debian's
#              Chromium, headless, WebGL2 through ANGLE on the same EGL driver; one recompute = a new
#              layer whose radiusPixels differs by 0.01 px (deck.gl recomputes its weights texture and
#              their max) applied at once and redrawn, timed to a 1-pixel readPixels; DECK_WARMUP
#              recomputes, then the median of DECK_REPS
#
# Same points (bench_density --write-points: Boston's 311 cases resampled to 1 M, the first N), same
# canvas (W x W*9/16, device pixel ratio 1), same view (bench_density's camera: deck.gl's MapView at
# the same centre and scale), same radius in pixels (R > 0: R px; R = 0: 500 m at that zoom, in
# pixels as bench_density computes it). Both recompute everything every frame.
#
#   bench/heatmap_vs_deckgl.sh [BUILD] [ROUNDS]        (default: build 3)
#   env: COUNTS="100000 1000000" WIDTHS="1920 3840" RADII="0 30" (R values BM_HeatmapFrame registers:
#        0, 8, 30), GS_REPS=5, DECK_WARMUP=1, DECK_REPS=3, WORK_DIR=/tmp/gridscope-deckgl-bench,
#        CHROMIUM=/usr/bin/chromium, DECK_PROFILE=1 (after the timing, deck.gl's recompute in parts:
#        the max of its weights texture alone, weights and max, the colour pass; in deckgl-*.json)
#
# Installs what it lacks: Debian's chromium (apt-get, as root), deck.gl and ws (npm install in
# bench/peers/deckgl, from package.json's pinned versions; no browser is downloaded). Builds
# bench_density in BUILD (configures a Release build there if BUILD has none).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-$root/build}"
rounds="${2:-3}"
counts=(${COUNTS:-100000 1000000})
widths=(${WIDTHS:-1920 3840})
radii=(${RADII:-0 30})
gs_reps="${GS_REPS:-5}"
deck_warmup="${DECK_WARMUP:-1}"
deck_reps="${DECK_REPS:-3}"
deck_profile="${DECK_PROFILE:-0}"
work="${WORK_DIR:-/tmp/gridscope-deckgl-bench}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
peer="$here/peers/deckgl"
mkdir -p "$work"

if [ ! -x "$chromium" ]; then
  echo "installing Debian's chromium" >&2
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2
fi
if [ ! -f "$peer/node_modules/deck.gl/dist.min.js" ] || [ ! -d "$peer/node_modules/ws" ]; then
  echo "npm install in $peer" >&2
  (cd "$peer" && npm install --no-audit --no-fund --ignore-scripts >&2)
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$build" --target bench_density >&2
bench="$build/bench/bench_density"

"$bench" --write-points="$work/points.f64" >"$work/views.json"
view() {  # view WIDTH KEY
  python3 -c 'import json,sys; v=[v for v in json.load(open(sys.argv[1]))["views"] if v["width"]==int(sys.argv[2])][0]; print(v[sys.argv[3]])' \
    "$work/views.json" "$1" "$2"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(uptime | sed 's/.*load average/load average/'), $(nproc) cores" >&2
results="$work/results.tsv"
printf "round\tn\twidth\tR\tradius_px\twhich\tmedian_ms\n" | tee "$results"
for ((r = 1; r <= rounds; r++)); do
  i=0
  for n in "${counts[@]}"; do
    for w in "${widths[@]}"; do
      for R in "${radii[@]}"; do
        h=$((w * 9 / 16))
        if ((R > 0)); then px=$R; else px=$(view "$w" radius500_px); fi
        order=(gridscope deckgl); (((r + i) % 2 == 0)) && order=(deckgl gridscope)
        i=$((i + 1))
        tag="$n-$w-$R"
        for which in "${order[@]}"; do
          if [[ $which == gridscope ]]; then
            "$bench" --benchmark_filter="^BM_HeatmapFrame/$n/$w/$R/0/real_time\$" \
              --benchmark_repetitions="$gs_reps" --benchmark_report_aggregates_only=true \
              --benchmark_format=json >"$work/gs-$tag-r$r.json" 2>"$work/gs-$tag.err" ||
              { echo "bench_density failed:" >&2; cat "$work/gs-$tag.err" >&2; exit 1; }
            ms=$(python3 -c 'import json,sys
b=[b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name")=="median"]
if not b: sys.exit("no BM_HeatmapFrame median (is R registered in bench_density?)")
print("%.1f" % b[0]["real_time"])' "$work/gs-$tag-r$r.json")
          else
            shot=()
            ((r == 1)) && shot=(--screenshot "$work/deckgl-$tag.png")
            node "$peer/run.mjs" --chromium "$chromium" --points "$work/points.f64" --n "$n" \
              --width "$w" --height "$h" --longitude "$(view "$w" longitude)" --latitude "$(view "$w" latitude)" \
              --zoom "$(view "$w" zoom)" --radius "$px" --warmup "$deck_warmup" --reps "$deck_reps" \
              --profile "$deck_profile" "${shot[@]}" >"$work/deckgl-$tag-r$r.json" 2>"$work/deckgl-$tag.err" ||
              { echo "deck.gl run failed:" >&2; cat "$work/deckgl-$tag.err" >&2; exit 1; }
            ms=$(python3 -c 'import json,sys
d=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
if not d["webgl2"] or d["drawn_pixels"] == 0: sys.exit("deck.gl: no WebGL2 or nothing drawn: %s" % d)
print("%.1f" % d["median_ms"])' "$work/deckgl-$tag-r$r.json")
          fi
          printf "%d\t%d\t%d\t%d\t%.1f\t%s\t%s\n" "$r" "$n" "$w" "$R" "$px" "$which" "$ms" | tee -a "$results"
        done
      done
    done
  done
done
echo "# end $(date -u +%Y-%m-%dT%H:%MZ), $(uptime | sed 's/.*load average/load average/')" >&2

python3 - "$work" "$results" <<'EOF'
import csv, glob, json, statistics, sys
work, results = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(results), delimiter="\t"))
cases = {}
for row in rows:
    key = (int(row["n"]), int(row["width"]), int(row["R"]), float(row["radius_px"]))
    cases.setdefault(key, {"gridscope": [], "deckgl": []})[row["which"]].append(float(row["median_ms"]))
print()
print("medians over the rounds (each round: gridscope's median of its repetitions, deck.gl's of its recomputes)")
print("| events | canvas | radius | gridscope frame (ms) | deck.gl recompute (ms) | deck.gl / gridscope | bar >= 20x |")
print("|---|---|---|---|---|---|---|")
for (n, w, R, px), t in sorted(cases.items()):
    if not t["gridscope"] or not t["deckgl"]:
        continue
    g, d = statistics.median(t["gridscope"]), statistics.median(t["deckgl"])
    radius = f"{px:.1f} px (500 m)" if R == 0 else f"{px:.0f} px"
    rng = lambda a: f"{statistics.median(a):,.0f} ({min(a):,.0f}-{max(a):,.0f})" if len(a) > 1 else f"{a[0]:,.0f}"
    print(f"| {n:,} | {w}x{w * 9 // 16} | {radius} | {rng(t['gridscope'])} | {rng(t['deckgl'])} | "
          f"{d / g:.1f}x | {'met' if d / g >= 20 else 'NOT met'} |")
deck = [json.loads(open(f).read().strip().splitlines()[-1]) for f in sorted(glob.glob(f"{work}/deckgl-*-r*.json"))]
if deck:
    d = deck[0]
    print(f"\ndeck.gl {d['deck_version']} ({'WebGL2' if d['webgl2'] else 'WebGL1'}), {d['chromium']}, "
          f"renderer: {d['renderer']}; weights texture {d['weights_texture']}")
    print("deck.gl pixels drawn (alpha > 0), per case: " +
          ", ".join(sorted({f"{x['n']}/{x['width']}/{x['radius_px']:.1f}px: {x['drawn_pixels']}" for x in deck})))
err = glob.glob(f"{work}/gs-*.err")
if err:
    for line in open(err[0]):
        if line.startswith("renderer:"):
            print(f"gridscope {line.strip()}")
            break
print(f"raw: {results}, {work}/gs-*.json, {work}/deckgl-*.json, screenshots {work}/deckgl-*.png")
EOF
