#!/usr/bin/env bash
# The first README command: install, build, and open the demo district. Without a display it
# draws the demo to demo.png instead (gridscope render) and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRIDSCOPE_BUILD_BENCH=OFF >/dev/null
cmake --build build --target gridscope
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/views/gridscope "$@"
fi
echo "No display here: drawing the demo headless to demo.png (3840x2160)."
build/views/gridscope render --config data/demo.json --out demo.png --width 3840 --height 2160
echo "Wrote demo.png. For the window: xvfb-run -a build/views/gridscope --screenshot shot.png, or run on a desktop."
