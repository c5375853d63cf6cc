#!/usr/bin/env bash
# Packs what a bare GPU server (Ubuntu 24.04, NVIDIA driver, no GDAL/PROJ/fonts) needs to run
# gridscope's headless frame benchmarks: the binaries, the shared libraries it lacks, proj.db
# and the SF data, into .gpu/ (kept out of git by .git/info/exclude). Run on this machine after
# a build; then, on the GPU machine, in the repository root:
#
#   R=$PWD; mkdir -p /tmp/g && cd /tmp/g && tar xJf $R/.gpu/libs.txz && tar xJf $R/.gpu/bin.txz &&
#   xz -dc $R/.gpu/b.fgb.xz > b.fgb &&
#   for f in lib/*; do ldconfig -p | grep -q "[[:space:]]$(basename $f) " && rm $f; done
#   export LD_LIBRARY_PATH=/tmp/g/lib PROJ_DATA=/tmp/g
#   export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
#   ./gridscope render --out sf.png --width 3840 --height 2160 --grids $R/.gpu/tracts.geojson \
#       --buildings b.fgb --no-labels --full-detail --bench-frames 200
#   ./bench_markers --benchmark_filter=BM_MarkerFrame
#
# (Libraries the server already has are deleted there, so its own versions are used: mixing a
# carried libnettle with its libgnutls fails. Its GLVND loaders come from .gl/, see the device notes.)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
data=${GRIDSCOPE_DATA:-../shared/data}
out=.gpu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/lib" "$tmp/bin"
bins=("$build/views/gridscope" "$build/bench/bench_markers" "$build/bench/bench_wall")
for b in "${bins[@]}"; do [ -x "$b" ] && cp "$b" "$tmp/bin/"; done
strip "$tmp"/bin/*
# Every library but the C runtime, GL (the server's driver provides GL through GLVND) and those
# the server was seen to have (2026-11-23): the tree that travels is limited to 64 MiB.
have='libX11|libblas|libcrypto|libcurl|libcurl-gnutls|libgfortran|libgnutls|libhdf5_serial|liblapack|libsqlite3|libssl|libxml2|libz|libzstd|libpng16|libexpat|libkrb5'
for b in "$tmp"/bin/*; do ldd "$b" | awk '{print $3}' | grep '^/'; done | sort -u |
    grep -v -E '/(libc|libm|libpthread|libdl|librt|libgcc_s|libstdc\+\+|ld-linux[^/]*)\.so|/libGL|/libEGL|/libOpenGL|/libGLX|/libGLdispatch' |
    grep -v -E "/($have)\.so" |
    xargs -I{} cp -L {} "$tmp/lib/"
cp /usr/share/proj/proj.db "$tmp/"
tar cf - -C "$tmp" lib proj.db | xz -T0 -6 > "$out/libs.txz"
tar cf - -C "$tmp/bin" . | xz -T0 > "$out/bin.txz"
if [ ! -f "$out/b.fgb.xz" ]; then
    ogr2ogr -f FlatGeobuf "$tmp/b.fgb" "$data/sf/buildings.gpkg"
    xz -T0 -c "$tmp/b.fgb" > "$out/b.fgb.xz"
fi
cp "$data/sf/tracts.geojson" "$out/"
du -ch "$out"/* | tail -1
