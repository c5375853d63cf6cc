#!/usr/bin/env bash
# The second README command: install, build, and run every test (unit, render, CLI, PostGIS,
# window under Xvfb). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
cd build
ctest --output-on-failure -j2 --timeout 600
