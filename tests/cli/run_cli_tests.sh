#!/usr/bin/env bash
# CLI tests: every bad input gives exit code 2 and one line naming the problem, never a crash;
# good input gives exit code 0 and the promised output.
# Usage: run_cli_tests.sh GRIDSCOPE_BIN   (run from anywhere; fixtures are found beside this file)
set -u
bin=${1:?usage: run_cli_tests.sh GRIDSCOPE_BIN}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
sf=${SF_DATA:-$here/../../../shared/data/sf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# expect NAME CODE REGEX -- ARGS...: runs gridscope, checks the exit code and that stderr (or
# stdout for code 0) matches REGEX, and for code 2 that stderr is exactly one line.
expect() {
    local name=$1 code=$2 regex=$3
    shift 4
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    local text
    if [ "$code" = 0 ]; then text=$(cat "$tmp/out" "$tmp/err"); else text=$(cat "$tmp/err"); fi
    local lines
    lines=$(grep -c . "$tmp/err")
    if [ "$rc" != "$code" ]; then
        echo "FAIL $name: exit $rc, expected $code; stderr: $(head -c 400 "$tmp/err")"
        failed=$((failed + 1))
    elif ! grep -Eq -- "$regex" <<<"$text"; then
        echo "FAIL $name: output does not match /$regex/: $(head -c 400 "$tmp/err")"
        failed=$((failed + 1))
    elif [ "$code" = 2 ] && [ "$lines" != 1 ]; then
        echo "FAIL $name: expected one line on stderr, got $lines: $(head -c 400 "$tmp/err")"
        failed=$((failed + 1))
    else
        echo "ok   $name"
        passed=$((passed + 1))
    fi
}

png="$tmp/out.png"
expect missing-file 2 'no/such/file\.gpkg.*no such file' -- render --grids no/such/file.gpkg --out "$png"
expect corrupt-file 2 'corrupt\.gpkg.*not a readable vector source' -- render --grids "$data/corrupt.gpkg" --out "$png"
expect missing-layer 2 'nosuchlayer' -- render --grids "$sf/buildings.gpkg:nosuchlayer" --out "$png"
expect no-crs 2 'no CRS.*"crs".*--src-crs' -- render --grids "$data/no_crs.shp" --out "$png"
expect empty-layer 2 'empty' -- render --grids "$data/empty.geojson" --out "$png"
expect non-polygon 2 '[Pp]oint' -- render --grids "$data/points.geojson" --out "$png"
expect info-missing 2 'no such file' -- info --grids no/such/file.geojson
expect bad-option 2 'unknown option "--frobnicate"' -- render --frobnicate
expect bad-width 2 '--width' -- render --grids "$sf/tracts.geojson" --out "$png" --width 0
expect no-out 2 '--out' -- render --grids "$sf/tracts.geojson"
expect bad-crs 2 'EPSG:999999' -- render --grids "$sf/tracts.geojson" --crs EPSG:999999 --out "$png"
printf '{"layers": [{"id": "a", "source": "x.geojson", "stlye": {}}]}' >"$tmp/bad.json"
expect bad-config-key 2 'bad\.json.*stlye' -- render --config "$tmp/bad.json" --out "$png"
printf '{"layers": [' >"$tmp/broken.json"
expect broken-config 2 'broken\.json' -- render --config "$tmp/broken.json" --out "$png"
expect missing-config 2 'nope\.json' -- render --config "$tmp/nope.json" --out "$png"
expect unwritable-out 2 'no/such/dir/x\.png' -- render --grids "$sf/tracts.geojson" --out /no/such/dir/x.png --width 64 --height 64

# Live overlays (render --feed --at --color-by-live): bad input names the file or option.
demo=$here/../../data/demo.json
feed=$here/../../data/feed/demo.ndjson
expect live-missing-feed 2 'no/such/feed\.ndjson.*cannot read' -- render --config "$demo" --feed no/such/feed.ndjson --out "$png" --width 64 --height 64
expect live-bad-at 2 '--at: "yesterday"' -- render --config "$demo" --feed "$feed" --at yesterday --out "$png"
expect live-bad-figure 2 '--color-by-live: "busy" is not a live figure' -- render --config "$demo" --feed "$feed" --color-by-live busy --out "$png"
expect live-bad-level 2 'live\.colorBy\.level: "streets" is not a level' -- render --config "$demo" --feed "$feed" --color-by-live open:streets --out "$png" --width 64 --height 64
expect live-bad-mode 2 '--live-mode: "heat"' -- render --config "$demo" --feed "$feed" --live-mode heat --out "$png"
printf '{"layers": [{"id": "t", "source": "%s", "layer": "tracts"}], "live": {"mdoe": "counts"}}' "$here/../../data/demo.gpkg" >"$tmp/live.json"
expect live-bad-key 2 'live\.json: live\.mdoe: unknown key' -- render --config "$tmp/live.json" --out "$png"
expect live-render 0 '' -- render --config "$demo" --feed "$feed" --at 2016-01-27T09:24:56-08:00 --color-by-live overdue:tracts --out "$tmp/live.png" --width 320 --height 240
if [ -s "$tmp/live.png" ]; then echo "ok   live-render wrote a PNG"; passed=$((passed + 1));
else echo "FAIL live-render wrote no PNG"; failed=$((failed + 1)); fi

# The wall (render --layout, gridscope wall): bad layouts and options name the file or field.
wall1080=$here/../../data/wall/wall-1920x1080.json
wallpublic=$here/../render/wall-public-1920x1080/layout.json
# png_size FILE: "WIDTHxHEIGHT" from the PNG's IHDR, or "not a PNG".
png_size() {
    if [ "$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')" != 89504e470d0a1a0a ]; then echo "not a PNG"; return; fi
    od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'
}
expect wall-render 0 '' -- render --layout "$wall1080" --out "$tmp/wall.png" --width 960
size=$(png_size "$tmp/wall.png")
if [ "$size" = 960x540 ]; then echo "ok   wall-render wrote a 960x540 PNG"; passed=$((passed + 1));
else echo "FAIL wall-render: expected a 960x540 PNG, got $size"; failed=$((failed + 1)); fi
# The public wall's drawn strings (GRIDSCOPE_WALL_STRINGS): its banner and "<k" counts, no issue title.
GRIDSCOPE_WALL_STRINGS="$tmp/strings.txt" "$bin" render --layout "$wallpublic" --out "$tmp/public.png" --width 480 \
    >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && grep -qx '<5 件' "$tmp/strings.txt" && grep -q '^公开屏 · ' "$tmp/strings.txt" &&
    ! grep -q 'Bulky Items\|Pavement_Defect\|Graffiti' "$tmp/strings.txt" && [ "$(png_size "$tmp/public.png")" = 480x270 ]; then
    echo "ok   wall-public-strings"; passed=$((passed + 1))
else
    echo "FAIL wall-public-strings: exit $rc, $(head -c 300 "$tmp/err"); strings: $(head -c 600 "$tmp/strings.txt" 2>/dev/null)"
    failed=$((failed + 1))
fi
expect wall-missing-layout 2 '^gridscope: no/such/wall\.json: cannot read the wall layout' -- render --layout no/such/wall.json --out "$png"
# The copy is good but for the panel type (its scene made absolute, as it moves to $tmp).
sed -e 's/"type": "title"/"type": "chart"/' -e "s|\"\\.\\./demo\\.json\"|\"$here/../../data/demo.json\"|" "$wall1080" >"$tmp/badpanel.json"
expect wall-bad-panel-type 2 'badpanel\.json: panels\[0\]\.type: "chart" is not a panel type' -- render --layout "$tmp/badpanel.json" --out "$png"
expect wall-bad-lang 2 '^gridscope: --lang: "xx" is not a language \(zh, en\)' -- render --layout "$wall1080" --out "$png" --lang xx
expect wall-no-layout 2 'wall: --layout FILE is required' -- wall
had_display=${DISPLAY+x} old_display=${DISPLAY-} had_wayland=${WAYLAND_DISPLAY+x} old_wayland=${WAYLAND_DISPLAY-}
unset DISPLAY WAYLAND_DISPLAY
expect wall-no-display 2 'no display \(DISPLAY is not set\)' -- wall --layout "$wall1080"
[ -n "$had_display" ] && export DISPLAY=$old_display
[ -n "$had_wayland" ] && export WAYLAND_DISPLAY=$old_wayland

# The soak runs the wall headless on its scene's feed with a simulated clock and reports memory and
# frame times (a smoke test of the running wall: feeds, figures, tour; no timing is asserted).
"$bin" wall --layout "$wall1080" --soak 0.25 --speed 900 >"$tmp/soak.txt" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && grep -q '^soak: .*0\.2 simulated hours from 2016-01-26' "$tmp/soak.txt" &&
    grep -Eq '^soak: [1-9][0-9]* frames in .*peak RSS [0-9.]+ MB after the first hour' "$tmp/soak.txt" &&
    grep -Eq '^ +0\.2[0-9] +[0-9:]+ +1[0-9][0-9] ' "$tmp/soak.txt"; then
    echo "ok   wall-soak"; passed=$((passed + 1))
else
    echo "FAIL wall-soak: exit $rc, $(head -c 300 "$tmp/err"); output: $(head -c 800 "$tmp/soak.txt")"
    failed=$((failed + 1))
fi
expect wall-soak-fixed-clock 2 'the soak needs a running feed.*fixed "clock"' -- wall --layout "$here/../render/wall-1920x1080/layout.json" --soak 1

# The analyst's history (issue 13).
bosmap=$here/../../tools/history/boston311_mapping.json
expect history-no-mapping 2 'history: give SOURCE and --mapping' -- history "$data/history_small.csv"
expect history-missing-source 2 'no/such/events\.csv.*no such file' -- history no/such/events.csv --mapping "$bosmap"
expect history-missing-mapping 2 'no/such/map\.json' -- history "$data/history_small.csv" --mapping no/such/map.json
expect history-missing-column 2 'no column "service_request_id".*the header has' -- history "$data/squares.geojson" --mapping "$bosmap"
expect history-unknown-category 2 '--category "Parking": no event has it.*"Illegal Parking"' -- history "$data/history_small.csv" --mapping "$bosmap" --category Parking
expect history-bad-time 2 '--from: "yesterday" is not a time' -- history "$data/history_small.csv" --mapping "$bosmap" --from yesterday
expect history-bad-kernel 2 '--kernel "box" is not quartic' -- history "$data/history_small.csv" --mapping "$bosmap" --kernel box
expect history-good 0 'history_small: 4 rows; 2 events; 2 skipped' -- history "$data/history_small.csv" --mapping "$bosmap" --figures-csv "$tmp/fig.csv" --events-csv "$tmp/events.csv"
gzip -c "$data/history_small.csv" > "$tmp/history_small.csv.gz"
expect history-gzipped 0 '4 rows; 2 events; 2 skipped' -- history "$tmp/history_small.csv.gz" --mapping "$bosmap"
if [ "$(head -c 3 "$tmp/events.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && [ "$(grep -c . "$tmp/events.csv")" = 3 ]; then
    echo "ok   history-good wrote events.csv with a BOM, a header and 2 events"; passed=$((passed + 1))
else echo "FAIL history-good: events.csv: $(head -c 300 "$tmp/events.csv")"; failed=$((failed + 1)); fi

expect density-no-out 2 'density: give POINTS and --out F.tif' -- density "$data/points.geojson"
expect density-degrees 2 'EPSG:4326 is in degrees.*give --crs a projected CRS' -- density "$data/points.geojson" --out "$tmp/d.tif"
expect density-missing 2 'no/such/points\.gpkg' -- density no/such/points.gpkg --out "$tmp/d.tif"
expect density-good 0 'd\.tif: [0-9]+x[0-9]+ pixels of 25 m, quartic kernel of 100 m' -- density "$data/points.geojson" --crs EPSG:3857 --radius 100 --pixel 25 --out "$tmp/d.tif"

# A scene's analysis that drills into a grid the level does not have: exit 2 naming level and id.
root=$(cd "$here/../.." && pwd)
sed -e 's/06075012401/no-such-grid/' -e '/"test":/,/"tolerance"/d' \
    -e "s|\.\./\.\./\.\./|$root/|g" "$root/tests/render/analysis-drilled-grid/config.json" > "$tmp/badgrid.json"
expect analysis-unknown-grid 2 'analysis\.filters\.grid\.id: level "tracts" has no grid "no-such-grid"' -- render --config "$tmp/badgrid.json" --out "$tmp/badgrid.png" --width 64 --height 64

# A "live" history in a scene without a live feed: exit 2 saying what it needs.
cat > "$tmp/livehist.json" <<JSON
{"layers": [{"id": "tracts", "source": "$root/data/demo.gpkg", "layer": "tracts", "role": "level",
             "level": {"id": "geoid"}}],
 "analysis": {"history": {"source": "live"}, "choropleth": {"level": "tracts"}}}
JSON
expect analysis-live-without-feed 2 'analysis\.history: "live" needs the scene.s live feeds' -- render --config "$tmp/livehist.json" --out "$tmp/livehist.png" --width 64 --height 64

# render --report: every classified layer's classes with their counts.
expect render-report 0 '' -- render --config "$here/../../data/demo.json" --out "$tmp/report.png" --width 320 --height 240 --report "$tmp/report.json"
if grep -q '"layer": "tracts"' "$tmp/report.json" && grep -q '"count": ' "$tmp/report.json"; then
    echo "ok   render-report lists the tracts' classes and counts"; passed=$((passed + 1))
else echo "FAIL render-report: $(head -c 300 "$tmp/report.json")"; failed=$((failed + 1)); fi

# Huge pages (views/huge_pages): gridscope runs itself again with glibc.malloc.hugetlb=1 where the
# kernel has transparent huge pages, keeps a hugetlb the user set, and leaves it off when told.
small=(render --config "$here/../../data/demo.json" --out "$tmp/hp.png" --width 64 --height 64)
if grep -Eq '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    (unset GLIBC_TUNABLES; GRIDSCOPE_TRACE=1 "$bin" "${small[@]}" 2>"$tmp/hp1" >/dev/null)
    if grep -q '^trace: malloc tunables: glibc\.malloc\.hugetlb=1$' "$tmp/hp1"; then
        echo "ok   huge-pages added"; passed=$((passed + 1))
    else echo "FAIL huge-pages added: $(grep 'malloc' "$tmp/hp1")"; failed=$((failed + 1)); fi
    GLIBC_TUNABLES=glibc.malloc.trim_threshold=1048576 GRIDSCOPE_TRACE=1 "$bin" "${small[@]}" 2>"$tmp/hp2" >/dev/null
    if grep -q '^trace: malloc tunables: glibc\.malloc\.trim_threshold=1048576:glibc\.malloc\.hugetlb=1$' "$tmp/hp2"; then
        echo "ok   huge-pages added to the user's tunables"; passed=$((passed + 1))
    else echo "FAIL huge-pages added to the user's tunables: $(grep 'malloc' "$tmp/hp2")"; failed=$((failed + 1)); fi
else
    echo "skip huge-pages: the kernel has no transparent huge pages"
fi
GLIBC_TUNABLES=glibc.malloc.hugetlb=0 GRIDSCOPE_TRACE=1 "$bin" "${small[@]}" 2>"$tmp/hp3" >/dev/null
if grep -q '^trace: malloc tunables: glibc\.malloc\.hugetlb=0$' "$tmp/hp3"; then
    echo "ok   huge-pages: the user's hugetlb kept"; passed=$((passed + 1))
else echo "FAIL huge-pages: the user's hugetlb kept: $(grep 'malloc' "$tmp/hp3")"; failed=$((failed + 1)); fi
(unset GLIBC_TUNABLES; GRIDSCOPE_HUGE_PAGES=0 GRIDSCOPE_TRACE=1 "$bin" "${small[@]}" 2>"$tmp/hp4" >/dev/null)
if grep -q '^trace: malloc tunables: (none)$' "$tmp/hp4"; then
    echo "ok   huge-pages off with GRIDSCOPE_HUGE_PAGES=0"; passed=$((passed + 1))
else echo "FAIL huge-pages off with GRIDSCOPE_HUGE_PAGES=0: $(grep 'malloc' "$tmp/hp4")"; failed=$((failed + 1)); fi

# The good paths.
expect no-crs-declared 0 '' -- render --grids "$data/no_crs.shp" --src-crs EPSG:4326 --out "$tmp/nocrs.png" --width 64 --height 64
expect info-json 0 '"featuresLoaded": 195' -- info --grids "$sf/tracts.geojson" --json
expect help 0 'gridscope render' -- --help
if [ -s "$tmp/nocrs.png" ]; then echo "ok   no-crs-declared wrote a PNG"; passed=$((passed + 1));
else echo "FAIL no-crs-declared wrote no PNG"; failed=$((failed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
