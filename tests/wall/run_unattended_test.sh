#!/usr/bin/env bash
# An unattended wall ignores a stray key: Esc tapped does nothing, Esc held for --exit-hold
# seconds quits (exit 0). Runs `gridscope wall --windowed` under Xvfb and types with xdotool.
# Usage: run_unattended_test.sh GRIDSCOPE_BINARY OUT_DIR
set -u
bin=$1
out=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
fail() { echo "FAIL $*"; exit 1; }
command -v xvfb-run >/dev/null || fail "xvfb-run not found: install xvfb (tools/install-deps.sh)"
command -v xdotool >/dev/null || fail "xdotool not found: install xdotool (tools/install-deps.sh)"

cat > "$out/inner.sh" <<INNER
#!/usr/bin/env bash
set -u
"$bin" wall --layout "$repo/tests/render/wall-1920x1080/layout.json" --windowed --width 960 --height 540 \
    --exit-hold 1.5 > "$out/wall.log" 2>&1 &
pid=\$!
for i in \$(seq 1 300); do grep -q "hold Esc" "$out/wall.log" && break; sleep 0.1; done
grep -q "hold Esc" "$out/wall.log" || { echo "FAIL the wall did not start:"; cat "$out/wall.log"; kill \$pid; exit 1; }
win=\$(xdotool search --sync --name "gridscope wall" | head -1)
[ -n "\$win" ] || { echo "FAIL no window named 'gridscope wall'"; kill \$pid; exit 1; }
xdotool windowfocus --sync "\$win" 2>/dev/null || true
# A tap: the wall must stay up.
xdotool keydown --window "\$win" Escape; sleep 0.2; xdotool keyup --window "\$win" Escape
sleep 2.5
kill -0 \$pid 2>/dev/null || { echo "FAIL a tap of Esc (0.2 s) closed the wall"; exit 1; }
echo "ok   Esc tapped for 0.2 s: the wall is still up"
# Held: it must quit, with exit code 0, soon after the hold time.
start=\$(date +%s.%N)
xdotool keydown --window "\$win" Escape
for i in \$(seq 1 60); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
xdotool keyup --window "\$win" Escape 2>/dev/null || true
if kill -0 \$pid 2>/dev/null; then echo "FAIL Esc held 6 s did not close the wall"; kill \$pid; exit 1; fi
wait \$pid; rc=\$?
held=\$(awk -v a="\$(date +%s.%N)" -v b="\$start" 'BEGIN { printf "%.2f", a - b }')
[ "\$rc" = 0 ] || { echo "FAIL the wall exited with \$rc"; cat "$out/wall.log"; exit 1; }
awk -v h="\$held" 'BEGIN { exit !(h >= 1.4) }' || { echo "FAIL the wall closed after \$held s, before the 1.5 s hold"; exit 1; }
echo "ok   Esc held: the wall closed after \$held s with exit code 0"
INNER
chmod +x "$out/inner.sh"
xvfb-run -a -s "-screen 0 1280x720x24" "$out/inner.sh"
