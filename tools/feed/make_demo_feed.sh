#!/usr/bin/env bash
# Makes the demo live feed data/feed/ from the shared SF 311 cases (DataSF, ODC PDDL).
#
#   tools/feed/make_demo_feed.sh                 (SF_DATA=/path/to/sf to read the cases elsewhere)
#   GRIDSCOPE=build/views/gridscope tools/feed/make_demo_feed.sh
#   FROM=2015-10-01T00:00:00 (the default) picks the first opened time; CASES_OUT=F.csv keeps the
#   selected rows of step 1 for inspection.
#
# 1. cases: the rows of sf311_cases.csv whose point lies inside one of the six neighborhood
#    polygons of data/demo.gpkg (SpatiaLite ST_Within; the CSV's own `neighborhood` column uses
#    another, older set of names and cannot select them) and that were opened from FROM on;
#    columns and values exactly as in the source.
# 2. data/feed/sf311_demo.ndjson: those cases as issue messages, `feed from-csv` with
#    tools/feed/sf311_mapping.json. Uses `gridscope feed from-csv` ($GRIDSCOPE, default build/views/gridscope).
# 3. data/feed/demo.ndjson: the issues merged with simulated volunteers
#    (tools/feed/simulate_volunteers.py, deterministic), sorted by updated_at.
# Needs gdal-bin (ogr2ogr with SpatiaLite, as Debian 12 ships it), python3, and g++ with
# libproj-dev and nlohmann-json3-dev when GRIDSCOPE is not set. Rerunning gives the same bytes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sf="${SF_DATA:-$root/../shared/data/sf}"
out="$root/data/feed"
from="${FROM:-2015-10-01T00:00:00}"   # local time, compared as text with the CSV's ISO times

[[ -r "$sf/sf311_cases.csv" ]] || { echo "make_demo_feed: missing $sf/sf311_cases.csv (set SF_DATA)" >&2; exit 2; }
command -v ogr2ogr >/dev/null || { echo "make_demo_feed: ogr2ogr not found (apt-get install gdal-bin)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# 1. Select the cases. The CSV is loaded as plain text (no geometry, no type guessing), so every
# value, lat/lon included, is copied exactly; the point is made in the query. "= 1": SpatiaLite
# answers -1 (true to SQLite) when it cannot decide, e.g. for a NULL point.
db="$work/work.sqlite"
ogr2ogr -f SQLite -dsco SPATIALITE=YES "$db" "$root/data/demo.gpkg" neighborhoods \
  -nln nh -lco GEOMETRY_NAME=geom
ogr2ogr -update "$db" "$sf/sf311_cases.csv" -nln cases
columns="case_id, opened, closed, updated, status, status_notes, agency, category, request_type,
  request_details, address, supervisor_district, neighborhood, source, lat, lon, resolve_hours, src_file"
cols_c="$(echo "$columns" | tr -d '\n' | sed -E 's/ +/ /g; s/([a-z_]+)/c.\1/g')"
ogr2ogr -f CSV "$work/cases.csv" "$db" -dialect SQLite -sql \
  "SELECT $cols_c FROM cases c JOIN nh n
     ON c.lon <> '' AND c.lat <> ''
    AND ST_Within(MakePoint(CAST(c.lon AS REAL), CAST(c.lat AS REAL), 4326), n.geom) = 1
   WHERE c.opened >= '$from' ORDER BY c.ogc_fid"
echo "make_demo_feed: cases inside the demo neighborhoods opened from $from: $(/usr/bin/python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline=''))))" "$work/cases.csv")" >&2

[[ -z "${CASES_OUT:-}" ]] || cp "$work/cases.csv" "$CASES_OUT"

# 2. Issues.
gridscope="${GRIDSCOPE:-$root/build/views/gridscope}"
[[ -x "$gridscope" ]] || { echo "make_demo_feed: build gridscope first (cmake --build build) or set GRIDSCOPE" >&2; exit 2; }
"$gridscope" feed from-csv "$work/cases.csv" --mapping "$here/sf311_mapping.json" > "$out/sf311_demo.ndjson"

# 3. Volunteers, merged.
/usr/bin/python3 "$here/simulate_volunteers.py" "$out/sf311_demo.ndjson" --out "$out/demo.ndjson"
ls -l "$out/sf311_demo.ndjson" "$out/demo.ndjson" >&2
