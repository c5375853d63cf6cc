#!/usr/bin/env bash
# usage: run_install_test.sh CMAKE BUILD_DIR WORK_DIR
# Installs BUILD_DIR to WORK_DIR/prefix and runs the installed gridscope from WORK_DIR/elsewhere.
set -u
cmake_cmd=$1 build=$2 work=$3
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work/elsewhere" || fail "cannot make $work"
prefix="$work/prefix"
"$cmake_cmd" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
    fail "cmake --install failed:"$'\n'"$(cat "$work/install.log")"
gs="$prefix/bin/gridscope"
[[ -x $gs ]] || fail "no $gs"
for f in share/gridscope/assets/strings/zh.json share/gridscope/assets/strings/en.json \
         share/gridscope/assets/palettes.json share/gridscope/assets/markers.json \
         share/gridscope/assets/layer_styles.json share/gridscope/assets/theme.json \
         share/gridscope/data/demo.json share/gridscope/data/demo.gpkg share/gridscope/data/feed/demo.ndjson \
         share/gridscope/data/wall/wall-1920x1080.json; do
    [[ -s $prefix/$f ]] || fail "the install lacks $f"
done

# A PNG that is there, not empty, and starts like one.
is_png() { [[ -s $1 ]] && [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]; }

cd "$work/elsewhere" || fail "cannot cd"
unset GRIDSCOPE_ASSETS
# The demo (no --config: the installed data/demo.json), from a folder that holds nothing.
"$gs" render --out demo.png --width 800 --height 500 >demo.log 2>&1 ||
    fail "gridscope render --out demo.png exited $?:"$'\n'"$(cat demo.log)"
is_png demo.png || fail "demo.png is not a PNG"
# The wall, from the installed layout (its scene, feed and data resolve against the install).
"$gs" render --layout "$prefix/share/gridscope/data/wall/wall-1920x1080.json" --out wall.png >wall.log 2>&1 ||
    fail "gridscope render --layout ... exited $?:"$'\n'"$(cat wall.log)"
is_png wall.png || fail "wall.png is not a PNG"
echo "installed gridscope: demo.png $(stat -c %s demo.png) bytes, wall.png $(stat -c %s wall.png) bytes"

# The installed binary reads the installed assets: a broken one there is reported at start,
# naming that file and the JSON path, exit code 2.
palettes="$prefix/share/gridscope/assets/palettes.json"
sed -i 's/"#ffffcc"/"#ffffzz"/' "$palettes"
"$gs" render --out broken.png --width 64 --height 64 >broken.log 2>&1
rc=$?
[[ $rc == 2 ]] || fail "with a broken $palettes: expected exit 2, got $rc:"$'\n'"$(cat broken.log)"
grep -qF "$palettes: palettes[0].stops[0]: \"#ffffzz\" is not a colour" broken.log ||
    fail "the error does not name the installed file and the path:"$'\n'"$(cat broken.log)"
rm -f "$prefix/share/gridscope/assets/strings/en.json"
"$gs" --lang en render --out broken.png --width 64 --height 64 >missing.log 2>&1
rc=$?
[[ $rc == 2 ]] && grep -qF "$prefix/share/gridscope/assets/strings/en.json: cannot read" missing.log ||
    fail "a missing installed string table: expected exit 2 naming it, got $rc:"$'\n'"$(cat missing.log)"
echo "a broken or missing installed asset: exit 2, $(head -1 broken.log)"
echo "PASS"
