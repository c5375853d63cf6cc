#!/usr/bin/env bash
# The bar: `gridscope render` of the SF tracts and buildings at 3840×2160, whole process, against
# Mapnik and QGIS drawing the same layers at the same size, timed side by side in one run.
#
#   bench/snapshot.sh [RUNS]                      (default 5)
#
# Environment:
#   GRIDSCOPE_BIN  gridscope binary (default build/views/gridscope); if missing, the peers still run
#   SF_DATA        folder with tracts.geojson and buildings.gpkg (default ../shared/data/sf)
#   OUT_DIR        where the PNGs, logs and table go (default out/snapshot-YYYYmmdd-HHMMSS)
#   WIDTH, HEIGHT  image size (default 3840, 2160)
#   PYTHON         interpreter with python3-mapnik and python3-qgis (default /usr/bin/python3: a
#                  pyenv or venv python3 earlier on PATH does not see Debian's modules)
#   CITY           a city grown by tools/grow_city.py (its city.gpkg): draw its grids and buildings
#                  (EPSG:3857) instead of SF's, e.g. CITY=/tmp/gridscope_city/city.gpkg
#   TOOLS          the tools to run, e.g. "gridscope mapnik" (default: every one installed)
#
# Each round runs every tool once (gridscope, mapnik, qgis, in a rotating order so no tool always
# runs first), each as a fresh process under GNU time: wall seconds (%e), peak RSS (%M), and CPU
# seconds (user + system), which says more than wall time when the machine is shared.
# The data files are read once beforehand so every tool starts from a warm page cache.
# Prints median wall time and peak RSS per tool and the ratio gridscope/mapnik; writes the last
# PNG of each tool, side by side in compare.png, and the raw samples in samples.tsv.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${1:-${RUNS:-5}}"
width="${WIDTH:-3840}"
height="${HEIGHT:-2160}"
sf="${SF_DATA:-$root/../shared/data/sf}"
gridscope="${GRIDSCOPE_BIN:-$root/build/views/gridscope}"
python="${PYTHON:-/usr/bin/python3}"
out="${OUT_DIR:-$root/out/snapshot-$(date +%Y%m%d-%H%M%S)}"
tracts="$sf/tracts.geojson"
buildings="$sf/buildings.gpkg"
city="${CITY:-}"

die() { echo "snapshot: $*" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$runs'"
if [[ -n "$city" ]]; then
  [[ -r "$city" ]] || die "missing $city (grow it: /usr/bin/python3 tools/grow_city.py --out $city)"
  city="$(cd "$(dirname "$city")" && pwd)/$(basename "$city")"; tracts="$city"; buildings="$city"
else
  [[ -r "$tracts" && -r "$buildings" ]] || die "missing $tracts or $buildings (set SF_DATA)"
  sf="$(cd "$sf" && pwd)"; tracts="$sf/tracts.geojson"; buildings="$sf/buildings.gpkg"
fi
[[ -x /usr/bin/time ]] || die "GNU time is missing: apt-get install -y time"
mkdir -p "$out" || die "cannot create $out"

tools=()
if [[ -x "$gridscope" ]]; then
  tools+=(gridscope)
else
  echo "snapshot: gridscope is missing ($gridscope is not an executable; build it, or set GRIDSCOPE_BIN)"
fi
if "$python" -c "import mapnik" 2>/dev/null; then tools+=(mapnik)
else echo "snapshot: mapnik is missing ($python cannot import mapnik: apt-get install -y python3-mapnik)"; fi
if QT_QPA_PLATFORM=offscreen "$python" -c "import qgis.core" 2>/dev/null; then tools+=(qgis)
else echo "snapshot: qgis is missing ($python cannot import qgis.core: apt-get install -y python3-qgis)"; fi
((${#tools[@]})) || die "nothing to run"

# Sets the array `cmd` to the command line of tool $1 (an array, so paths may hold spaces).
if [[ -n "${TOOLS:-}" ]]; then
  kept=(); for t in "${tools[@]}"; do [[ " $TOOLS " == *" $t "* ]] && kept+=("$t"); done; tools=("${kept[@]}")
fi
command_for() {
  local png="$out/$1.png"
  case "$1" in
    gridscope) if [[ -n "$city" ]]; then
                 cmd=("$gridscope" render --grids "$city:grids" --buildings "$city:buildings"
                      --width "$width" --height "$height" --out "$png")
               else
                 cmd=("$gridscope" render --grids "$tracts" --buildings "$buildings"
                      --width "$width" --height "$height" --out "$png")
               fi ;;
    mapnik)    if [[ -n "$city" ]]; then
                 cmd=("$python" "$here/peers/mapnik_render.py" --tracts "$city" --tracts-layer grids
                      --buildings "$city" --web-mercator --width "$width" --height "$height" --out "$png")
               else
                 cmd=("$python" "$here/peers/mapnik_render.py" --tracts "$tracts" --buildings "$buildings"
                      --width "$width" --height "$height" --out "$png")
               fi ;;
    qgis)      cmd=(env QT_QPA_PLATFORM=offscreen "$python" "$here/peers/qgis_render.py"
                    --tracts "$tracts" --buildings "$buildings" --width "$width" --height "$height" --out "$png") ;;
  esac
}

{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  command -v nvidia-smi >/dev/null && echo "gpu: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "size: ${width}x${height}, runs: $runs"
  for t in "${tools[@]}"; do command_for "$t"; echo "$t: ${cmd[*]}"; done
} >"$out/machine.txt"

cat "$tracts" "$buildings" >/dev/null   # warm the page cache for every tool alike

samples="$out/samples.tsv"
printf 'round\ttool\trc\twall_s\tpeak_rss_kb\tcpu_s\n' >"$samples"
failed=0
n=${#tools[@]}
for ((r = 1; r <= runs; r++)); do
  for ((k = 0; k < n; k++)); do
    t="${tools[$(((k + r - 1) % n))]}"
    command_for "$t"
    /usr/bin/time -f "%e %M %U %S" -o "$out/.time" "${cmd[@]}" >"$out/$t.log" 2>&1
    rc=$?
    read -r wall rss user sys < <(tail -n1 "$out/.time")
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$t" "$rc" "$wall" "$rss" "$cpu" >>"$samples"
    printf 'snapshot: round %d/%d %-9s %6.2f s wall %6.2f s cpu %7.0f MB%s\n' "$r" "$runs" "$t" "$wall" "$cpu" \
      "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$([[ $rc == 0 ]] || echo "  FAILED rc=$rc, see $out/$t.log")"
    [[ $rc == 0 ]] || failed=1
  done
done
rm -f "$out/.time"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

# Medians over the successful runs of each tool.
median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
declare -A med_wall med_rss med_cpu
for t in "${tools[@]}"; do
  med_wall[$t]="$(awk -F'\t' -v t="$t" '$2 == t && $3 == 0 {print $4}' "$samples" | median)"
  med_rss[$t]="$(awk -F'\t' -v t="$t" '$2 == t && $3 == 0 {print $5}' "$samples" | median)"
  med_cpu[$t]="$(awk -F'\t' -v t="$t" '$2 == t && $3 == 0 {print $6}' "$samples" | median)"
done

{
  echo
  if [[ -n "$city" ]]; then echo "gridscope render bar: the grown city $city (grids + buildings, grown SF copies) at ${width}x${height}, $runs runs each, whole process"
  else echo "gridscope render bar: SF tracts (195) + buildings (85,161) at ${width}x${height}, $runs runs each, whole process"; fi
  echo "$(nproc) cores; load average before/after: $(sed -n 's/^load before: //p' "$out/machine.txt") / $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-10s %6s %14s %11s %13s %15s %15s\n' tool ok median_wall_s min_wall_s median_cpu_s median_peak_MB wall_vs_mapnik
  for t in gridscope mapnik qgis; do
    if [[ " ${tools[*]} " != *" $t "* ]]; then printf '%-10s %s\n' "$t" "missing"; continue; fi
    ok="$(awk -F'\t' -v t="$t" '$2 == t && $3 == 0' "$samples" | wc -l)"
    min="$(awk -F'\t' -v t="$t" '$2 == t && $3 == 0 {print $4}' "$samples" | sort -n | head -1)"
    ratio="-"
    if [[ -n "${med_wall[mapnik]:-}" && "${med_wall[mapnik]}" != nan && "${med_wall[$t]}" != nan ]]; then
      ratio="$(awk -v a="${med_wall[$t]}" -v b="${med_wall[mapnik]}" 'BEGIN {printf "%.3f", a / b}')"
    fi
    printf '%-10s %6s %14s %11s %13s %15s %15s\n' "$t" "$ok/$runs" "${med_wall[$t]}" "${min:-nan}" "${med_cpu[$t]}" \
      "$(awk -v k="${med_rss[$t]}" 'BEGIN {if (k == "nan") print "nan"; else printf "%.0f", k / 1024}')" "$ratio"
  done
  if [[ -n "${med_wall[gridscope]:-}" && -n "${med_wall[mapnik]:-}" ]]; then
    awk -v g="${med_wall[gridscope]}" -v m="${med_wall[mapnik]}" -v gr="${med_rss[gridscope]}" -v mr="${med_rss[mapnik]}" \
      'BEGIN {if (g != "nan" && m != "nan") printf "gridscope/mapnik: wall %.3f, peak RSS %.3f\n", g / m, gr / mr}'
  else
    echo "gridscope/mapnik: n/a (gridscope or mapnik missing)"
  fi
} | tee "$out/table.txt"

# The pictures side by side, for the eye (real ImageMagick only; /usr/local/bin/convert may be a stand-in).
pngs=(); for t in "${tools[@]}"; do [[ -s "$out/$t.png" ]] && pngs+=("$out/$t.png"); done
if [[ -x /usr/bin/convert ]] && ((${#pngs[@]})); then
  /usr/bin/convert "${pngs[@]}" -resize 1280x +append "$out/compare.png" 2>/dev/null &&
    echo "snapshot: side by side (gridscope | mapnik | qgis as present): $out/compare.png"
fi
echo "snapshot: outputs in $out"
exit "$failed"
