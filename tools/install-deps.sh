#!/usr/bin/env bash
# Installs the Debian 12 packages gridscope needs. Idempotent; skips apt when all are present.
#   tools/install-deps.sh           build + run + test dependencies
#   tools/install-deps.sh --bench   also the peers the snapshot benchmark compares against
set -euo pipefail
pkgs=(
  cmake ninja-build g++ pkg-config
  libgdal-dev gdal-bin libproj-dev proj-bin libsqlite3-dev
  libglfw3-dev libimgui-dev libstb-dev libfreetype-dev nlohmann-json3-dev libcli11-dev
  libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri libgbm1
  zlib1g-dev libpng-dev fonts-noto-cjk
  libgtest-dev libgmock-dev libbenchmark-dev
  libhowardhinnant-date-dev tzdata
  xvfb xauth
  xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils python3-pil python3-numpy xdotool
  postgresql postgresql-15-postgis-3 postgis
  libmosquitto-dev mosquitto
  clang libclang-rt-14-dev
)
if [ "${1:-}" = "--bench" ]; then
  pkgs+=(python3-mapnik python3-qgis time hyperfine)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
