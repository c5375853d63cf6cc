#!/usr/bin/env bash
# A video wall on several monitors: an X.Org server with the dummy driver (four RandR outputs,
# DUMMY0..3, set up by xrandr as a 2×2 wall of 1920×1080 monitors; Xvfb cannot present more than
# one) runs `gridscope wall --span` for tests/wall/wall-2x2.json (bezel 0, canvas 3840×2160) and
# tests/wall/wall-2x2-bezel.json (same panels, bezel 40×30, canvas 3880×2190: every cell stays
# 1920×1080, so the window and the headless render rasterize text and lines at the same scale
# and compare pixel for pixel). check_wall.py then checks the output plan on stderr, each
# monitor's pixels against `gridscope render` of the same layout, and the bezel shift.
# Fails (exit 1) with a clear message when Xorg, the dummy driver, xrandr or Python's PIL/numpy
# are missing: tools/install-deps.sh installs them.
# Usage: run_wall_test.sh GRIDSCOPE_BIN [OUT_DIR]   (OUT_DIR keeps the pictures and logs)
set -u
bin=${1:?usage: run_wall_test.sh GRIDSCOPE_BIN [OUT_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-}
tmp=$(mktemp -d)
[ -n "$out" ] || out=$tmp/out
rm -rf "$out" && mkdir -p "$out"
xorg_pid=
cleanup() {
    if [ -n "$xorg_pid" ]; then
        kill -TERM "$xorg_pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$xorg_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$xorg_pid" 2>/dev/null
        wait "$xorg_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
die() { echo "FAIL $*"; exit 1; }
need_pkgs="install xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils python3-pil python3-numpy (tools/install-deps.sh)"

# --- what the test needs ----------------------------------------------------------------------
# The server itself, not Debian's /usr/bin/Xorg wrapper (which may be the setuid Xorg.wrap that
# lets console users only).
xorg=/usr/lib/xorg/Xorg
[ -x "$xorg" ] || xorg=$(command -v Xorg) || die "Xorg not found: $need_pkgs"
dummy=$(ls /usr/lib/xorg/modules/drivers/dummy_drv.so /usr/lib/*/xorg/modules/drivers/dummy_drv.so 2>/dev/null | head -1)
[ -n "$dummy" ] || die "the X.Org dummy video driver (dummy_drv.so) is not installed: $need_pkgs"
command -v xrandr >/dev/null || die "xrandr not found: $need_pkgs"
py=/usr/bin/python3
[ -x "$py" ] && "$py" -c 'import PIL, numpy' 2>/dev/null || die "$py with PIL and numpy not found: $need_pkgs"

# --- the X server: 2×2 monitors of 1920×1080 ---------------------------------------------------
mkdir -p "$tmp/conf.d"  # -configdir: none of /usr/share/X11/xorg.conf.d (input drivers) is read
cat >"$tmp/xorg.conf" <<'EOF'
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "AutoEnableDevices" "false"
  Option "DontVTSwitch" "true"
EndSection
Section "Device"
  Identifier "d"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "m"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
  Modeline "1920x1080" 148.50 1920 2008 2052 2200 1080 1084 1089 1125 +hsync +vsync
EndSection
Section "Screen"
  Identifier "s"
  Device "d"
  Monitor "m"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 3840 2160
    Modes "1920x1080"
  EndSubSection
EndSection
EOF
# -displayfd: the server picks a free display number and writes it once it accepts clients.
"$xorg" -displayfd 3 -config "$tmp/xorg.conf" -configdir "$tmp/conf.d" -noreset -nolisten tcp \
    -novtswitch -logfile "$out/xorg.log" 3>"$tmp/display" >"$out/xorg.out" 2>&1 &
xorg_pid=$!
for _ in $(seq 150); do
    grep -q '^[0-9]' "$tmp/display" 2>/dev/null && break
    kill -0 "$xorg_pid" 2>/dev/null || break
    sleep 0.1
done
grep -q '^[0-9]' "$tmp/display" 2>/dev/null ||
    die "Xorg with the dummy driver did not start: $(tail -n 15 "$out/xorg.log" "$out/xorg.out" 2>/dev/null)"
export DISPLAY=:$(head -n 1 "$tmp/display")
unset WAYLAND_DISPLAY
echo "Xorg (dummy driver) on $DISPLAY, pid $xorg_pid"

xrandr --newmode wall 148.50 1920 2008 2052 2200 1080 1084 1089 1125 +hsync +vsync &&
    for o in DUMMY1 DUMMY2 DUMMY3; do xrandr --addmode $o wall || exit 1; done &&
    xrandr --output DUMMY0 --primary --pos 0x0 \
           --output DUMMY1 --mode wall --right-of DUMMY0 \
           --output DUMMY2 --mode wall --below DUMMY0 \
           --output DUMMY3 --mode wall --right-of DUMMY2 --below DUMMY1 ||
    die "xrandr could not set up the 2x2 monitors"
# The dummy driver reports an output "connected" once it has a mode, but only when the outputs
# are probed again; GLFW asks without probing (and skips disconnected outputs): probe once more.
xrandr --query >"$out/xrandr.txt" || die "xrandr --query failed"
xrandr --listmonitors >"$out/monitors.txt"
cat "$out/monitors.txt"
[ "$(grep -c '^ *[0-9]*:' "$out/monitors.txt")" = 4 ] || die "xrandr shows no 4 monitors"

# --- the wall on them, and the same layouts drawn headless -------------------------------------
runs=()
for name in wall-2x2 wall-2x2-bezel; do
    layout=$here/$name.json
    timeout 60 "$bin" wall --layout "$layout" --span --screenshot "$out/$name-window.png" \
        --screenshot-after 2 --run-seconds 3 >"$out/$name-window.out" 2>"$out/$name-window.err"
    rc=$?
    grep '^wall: \(monitor\|output\|screenshot\)' "$out/$name-window.err"
    [ $rc = 0 ] || die "gridscope wall --layout $name.json --span exited $rc: $(tail -n 20 "$out/$name-window.err")"
    # --full-detail: the window loads the map at full detail (its tour zooms), a snapshot with a
    # level of detail for its one scale unless told otherwise; the same detail draws the same pixels.
    env -u DISPLAY timeout 60 "$bin" render --layout "$layout" --full-detail --out "$out/$name-canvas.png" \
        >"$out/$name-canvas.out" 2>"$out/$name-canvas.err" ||
        die "gridscope render --layout $name.json failed: $(tail -n 20 "$out/$name-canvas.err")"
    runs+=("$layout:$out/$name-window.err:$out/$name-window.png:$out/$name-canvas.png")
done
"$py" "$here/check_wall.py" "$out/monitors.txt" "${runs[@]}"
