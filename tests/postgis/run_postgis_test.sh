#!/usr/bin/env bash
# shellcheck disable=SC2317  # finish and as_pg run through trap and step, which shellcheck cannot see
# PostGIS round trip: gridscope draws the SF tracts read from PostGIS and from the GeoJSON file
# they were loaded from; the two pictures must match.
#
#   tests/postgis/run_postgis_test.sh [--db-only]
#
# Steps: start a throwaway PostgreSQL 15 in a fresh temporary directory on 127.0.0.1:PG_PORT
# (as the `postgres` user when run as root: root cannot run postgres), CREATE EXTENSION postgis,
# load tracts.geojson as table `tracts` with ogr2ogr, check the row count against the file, render
# both sources at 800×800 and compare. The server is always stopped and the directory removed
# (trap EXIT). --db-only stops after the row count (no gridscope needed).
#
# Environment:
#   GRIDSCOPE_BIN      gridscope binary (default build/views/gridscope beside this repo)
#   GRIDSCOPE_COMPARE  image comparison command, called as `$GRIDSCOPE_COMPARE pg.png file.png`,
#                      exit 0 when the images match. Unset or empty: `cmp` (byte-identical PNGs),
#                      a stricter stand-in until the project's compare tool exists.
#   PG_PORT            loopback port (default 55432); PG_BIN  PostgreSQL binaries
#                      (default /usr/lib/postgresql/15/bin); SF_DATA  folder with tracts.geojson
#   KEEP_OUTPUT        a folder to copy the PNGs and logs into (they are also kept on failure)
#
# Exit: 0 PASS; 77 SKIP (PostgreSQL, PostGIS or ogr2ogr not installed: CTest's SKIP_RETURN_CODE);
# 1 FAIL, with the failing step and the tail of its log.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PG_PORT:-55432}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
sf="${SF_DATA:-$root/../shared/data/sf}"
gridscope="${GRIDSCOPE_BIN:-$root/build/views/gridscope}"
compare="${GRIDSCOPE_COMPARE:-}"
db_only=0
[[ "${1:-}" == "--db-only" ]] && db_only=1

name="postgis_render"
say() { echo "$name: $*"; }
skip() { say "SKIP: $*"; exit 77; }

# --- what the test needs; a missing system package is a skip, a missing input a failure -------
for b in initdb pg_ctl postgres psql pg_isready; do
  [[ -x "$pg_bin/$b" ]] || skip "$pg_bin/$b not found (apt-get install -y postgresql-15, or set PG_BIN)"
done
sharedir="$("$pg_bin/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)"
[[ -f "$sharedir/extension/postgis.control" ]] ||
  skip "PostGIS is not installed for this PostgreSQL ($sharedir/extension/postgis.control; apt-get install -y postgresql-15-postgis-3)"
command -v ogr2ogr >/dev/null || skip "ogr2ogr not found (apt-get install -y gdal-bin)"

tracts="$sf/tracts.geojson"
if [[ ! -r "$tracts" ]]; then say "FAIL: $tracts not found (set SF_DATA)"; exit 1; fi
if ((!db_only)) && [[ ! -x "$gridscope" ]]; then
  say "FAIL: gridscope binary $gridscope is not executable (set GRIDSCOPE_BIN, or pass --db-only)"
  exit 1
fi
if ((!db_only)) && [[ -n "$compare" ]] && ! command -v "${compare%% *}" >/dev/null; then
  say "FAIL: GRIDSCOPE_COMPARE=$compare is not a command"
  exit 1
fi

if [[ $EUID -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || skip "running as root and there is no 'postgres' user to run the server"
  as_pg() { (cd "$tmp" && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd "$tmp" && "$@"); }
fi

# --- the throwaway server, always torn down -------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gridscope-postgis.XXXXXX")" || { say "FAIL: mktemp"; exit 1; }
chmod 700 "$tmp"
[[ $EUID -eq 0 ]] && chown postgres: "$tmp"
data="$tmp/data"
started=0
failed_step=""

finish() {
  local rc=$?
  if ((started)); then
    as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  if [[ -n "${KEEP_OUTPUT:-}" || ($rc -ne 0 && $rc -ne 77) ]]; then
    local keep="${KEEP_OUTPUT:-$(mktemp -d "${TMPDIR:-/tmp}/gridscope-postgis-failed.XXXXXX")}"
    mkdir -p "$keep" && cp -f "$tmp"/*.png "$tmp"/*.log "$keep"/ 2>/dev/null
    say "outputs kept in $keep"
  fi
  rm -rf "$tmp"
  case $rc in
    0) say "PASS" ;;
    77) ;;
    *) say "FAIL${failed_step:+ at step: $failed_step}" ;;
  esac
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM HUP

# step NAME CMD...: runs CMD with its output in $tmp/NAME.log; on failure shows the log and exits 1.
step() {
  local label="$1"; shift
  local log="$tmp/${label//[^A-Za-z0-9]/_}.log"
  if "$@" >"$log" 2>&1; then
    say "ok: $label"
  else
    local rc=$?
    failed_step="$label (exit $rc)"
    tail -n 20 "$log" | sed "s/^/$name:   | /"
    exit 1
  fi
}

if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  failed_step="port 127.0.0.1:$port is already taken (set PG_PORT)"
  exit 1
fi

step "initdb" as_pg "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale --no-sync
started=1  # from here on, try to stop whatever may have started
step "start server" as_pg "$pg_bin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
  -o "-k $tmp -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start

psql_gs() { "$pg_bin/psql" -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
step "create database" psql_gs -d postgres -c "CREATE DATABASE gs"
step "create extension postgis" psql_gs -d gs -c "CREATE EXTENSION postgis"

pg_conn="PG:host=127.0.0.1 port=$port dbname=gs user=postgres"
step "load tracts" ogr2ogr -f PostgreSQL "$pg_conn" "$tracts" -nln tracts -lco GEOMETRY_NAME=geom

expected="$(ogrinfo -ro -so "$tracts" tracts 2>/dev/null | sed -n 's/^Feature Count: //p')"
rows="$(psql_gs -d gs -tA -c "SELECT count(*) FROM tracts" 2>"$tmp/count.log")"
say "tracts in PostGIS: ${rows:-?} rows (file: ${expected:-?} features)"
if [[ -z "$rows" || "$rows" != "$expected" ]]; then
  failed_step="row count ${rows:-none} != ${expected:-?}"
  exit 1
fi
if ((db_only)); then say "--db-only: server start, PostGIS, load and count done"; exit 0; fi

# --- the pictures ----------------------------------------------------------------------------
step "render from PostGIS" "$gridscope" render --grids "$pg_conn:tracts" \
  --width 800 --height 800 --out "$tmp/pg.png"
step "render from file" "$gridscope" render --grids "$tracts" \
  --width 800 --height 800 --out "$tmp/file.png"
if [[ -n "$compare" ]]; then
  # Word splitting on purpose: GRIDSCOPE_COMPARE may carry options ("tool --threshold 0.001").
  # shellcheck disable=SC2086
  step "compare ($compare)" $compare "$tmp/pg.png" "$tmp/file.png"
else
  step "compare (cmp: byte-identical)" cmp "$tmp/pg.png" "$tmp/file.png"
fi
exit 0
