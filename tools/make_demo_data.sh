#!/usr/bin/env bash
# Cuts the demo data set data/demo.gpkg out of the shared San Francisco data (DataSF, ODC PDDL).
#
#   tools/make_demo_data.sh [OUT.gpkg]        (default: data/demo.gpkg next to this repo's tools/)
#   SF_DATA=/path/to/sf tools/make_demo_data.sh   (default: ../shared/data/sf beside the repo)
#
# Layers written (all EPSG:4326, MultiPolygon):
#   neighborhoods  the six adjacent north-east neighborhoods below, with name_zh and tract sums
#   tracts         their 2010 census tracts; shape_area/shape_len as Real, name_zh "网格 0107",
#                  and per-tract building figures computed here from the footprints
#   communities    a stand-in middle level: each neighborhood's tracts dissolved in twos
#   buildings      every footprint that intersects one of the neighborhoods (whole, not clipped)
# and data/sf311_demo.csv, the SF 311 cases inside the demo's box (the analyst demo's history).
# How each field is derived is written down in data/PROVENANCE.md; keep the two in step.
# Needs ogr2ogr/ogrinfo (gdal-bin) with SpatiaLite in GDAL's SQLite driver (Debian's has it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
sf="${SF_DATA:-$root/../shared/data/sf}"
out="${1:-$root/data/demo.gpkg}"

for f in neighborhoods.geojson tracts.geojson buildings.gpkg; do
  [[ -r "$sf/$f" ]] || { echo "make_demo_data: missing $sf/$f (set SF_DATA)" >&2; exit 2; }
done
command -v ogr2ogr >/dev/null || { echo "make_demo_data: ogr2ogr not found (apt-get install gdal-bin)" >&2; exit 2; }

# The selection and the team's Chinese names for it: "nhood value|name_zh".
# nhood values are exactly those of the source (see `ogrinfo -al neighborhoods.geojson`).
names=(
  "Chinatown|唐人街"
  "North Beach|北滩"
  "Financial District/South Beach|金融区/南滩"
  "Nob Hill|诺布山"
  "Russian Hill|俄罗斯山"
  "Tenderloin|田德隆"
)

in_list=""; case_zh="CASE n.nhood"
for entry in "${names[@]}"; do
  en="${entry%%|*}"; zh="${entry#*|}"
  in_list+="${in_list:+,}'${en//\'/\'\'}'"
  case_zh+=" WHEN '${en//\'/\'\'}' THEN '${zh}'"
done
case_zh+=" END"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/work.sqlite"   # SpatiaLite: has spatial_ref_sys, so geodesic ST_Area and SpatialIndex work

echo "make_demo_data: selecting ${#names[@]} neighborhoods from $sf"
ogr2ogr -f SQLite -dsco SPATIALITE=YES "$db" "$sf/neighborhoods.geojson" \
  -lco GEOMETRY_NAME=geom -nln nh_src -nlt PROMOTE_TO_MULTI -where "nhood IN ($in_list)"
ogr2ogr -update "$db" "$sf/tracts.geojson" \
  -lco GEOMETRY_NAME=geom -nln tr_src -nlt PROMOTE_TO_MULTI -where "nhood IN ($in_list)"

got="$(ogrinfo -ro -so "$db" nh_src | sed -n 's/^Feature Count: //p')"
if [[ "$got" != "${#names[@]}" ]]; then
  echo "make_demo_data: found $got of ${#names[@]} neighborhoods; a name in the table does not match 'nhood'" >&2
  exit 2
fi

# Buildings: a bounding-box prefilter through the source's R-tree, then the exact test below.
read -r minx miny maxx maxy < <(ogrinfo -ro -so "$db" nh_src |
  sed -n 's/^Extent: (\([^,]*\), \([^)]*\)) - (\([^,]*\), \([^)]*\))$/\1 \2 \3 \4/p')
ogr2ogr -update "$db" "$sf/buildings.gpkg" buildings \
  -nln bld_bbox -lco GEOMETRY_NAME=geom -lco FID=bld_id -preserve_fid -spat "$minx" "$miny" "$maxx" "$maxy"

# ogrinfo exits 0 even when a statement fails, so read its stderr: GEOS/RTTOPO "warning" lines
# (the repair below reports every self-intersection it fixes) are counted, anything else fails.
warnings=0
sql() {
  local err
  err="$(ogrinfo -q "$db" -sql "$1" 2>&1 >/dev/null | sed '/^$/d')" || true
  if [[ -n "$err" ]] && grep -qiv 'warning' <<<"$err"; then
    echo "make_demo_data: $(grep -iv 'warning' <<<"$err" | head -5)" >&2
    exit 1
  fi
  [[ -z "$err" ]] || warnings=$((warnings + $(grep -ci 'warning' <<<"$err")))
}

# About a quarter of the footprints are invalid as published (self-intersecting rings). The shipped
# geometry stays as published (the engine must cope with it); the figures are computed on a repaired
# copy so GEOS does not stop on a TopologyException.
sql "ALTER TABLE bld_bbox ADD COLUMN vgeom BLOB"
sql "UPDATE bld_bbox SET vgeom = ST_MakeValid(geom)"

# Footprints that touch any selected neighborhood.
sql "CREATE TABLE bld_sel AS
       SELECT b.bld_id AS bld_id FROM bld_bbox b
       WHERE EXISTS (SELECT 1 FROM nh_src n
                     WHERE b.ROWID IN (SELECT ROWID FROM SpatialIndex
                                       WHERE f_table_name = 'bld_bbox' AND search_frame = n.geom)
                       AND ST_Intersects(b.vgeom, n.geom))"

# Per tract, on the WGS 84 ellipsoid (ST_Area(g, 1) is geodesic, in m²):
#   bld_count    footprints whose point-on-surface lies in the tract (each building counted once)
#   footprint_m2 area of the repaired footprints clipped to the tract
sql "CREATE TABLE tr_stats AS
       SELECT t.geoid AS geoid,
              ST_Area(t.geom, 1) AS area_m2,
              (SELECT count(*) FROM bld_bbox b
                 WHERE b.ROWID IN (SELECT ROWID FROM SpatialIndex
                                   WHERE f_table_name = 'bld_bbox' AND search_frame = t.geom)
                   AND ST_Within(ST_PointOnSurface(b.vgeom), t.geom)) AS bld_count,
              (SELECT coalesce(sum(ST_Area(ST_Intersection(b.vgeom, t.geom), 1)), 0) FROM bld_bbox b
                 WHERE b.ROWID IN (SELECT ROWID FROM SpatialIndex
                                   WHERE f_table_name = 'bld_bbox' AND search_frame = t.geom)
                   AND ST_Intersects(b.vgeom, t.geom)) AS footprint_m2
       FROM tr_src t"
echo "make_demo_data: $warnings GEOS/RTTOPO warnings while repairing invalid footprints (expected)"

rm -f "$out"
mkdir -p "$(dirname "$out")"
common=(-nlt MULTIPOLYGON -a_srs EPSG:4326)

ogr2ogr -f GPKG "$out" "$db" "${common[@]}" -nln neighborhoods -sql \
  "SELECT n.nhood AS nhood, $case_zh AS name_zh, CAST(n.n_tracts AS INTEGER) AS n_tracts,
          round(sum(s.area_m2), 1) AS area_m2, sum(s.bld_count) AS bld_count,
          round(sum(s.footprint_m2), 1) AS footprint_m2,
          round(100.0 * sum(s.footprint_m2) / sum(s.area_m2), 2) AS coverage_pct,
          n.geom AS geom
   FROM nh_src n JOIN tr_src t ON t.nhood = n.nhood JOIN tr_stats s ON s.geoid = t.geoid
   GROUP BY n.nhood ORDER BY n.nhood"

ogr2ogr -update "$out" "$db" "${common[@]}" -nln tracts -sql \
  "SELECT t.geoid AS geoid, t.tractce10 AS tractce10, t.nhood AS nhood,
          '网格 ' || substr(t.tractce10, 1, 4) ||
            CASE WHEN substr(t.tractce10, 5, 2) = '00' THEN '' ELSE '.' || substr(t.tractce10, 5, 2) END
            AS name_zh,
          CAST(t.shape_area AS REAL) AS shape_area, CAST(t.shape_len AS REAL) AS shape_len,
          round(s.area_m2, 1) AS area_m2, s.bld_count AS bld_count,
          round(s.footprint_m2, 1) AS footprint_m2,
          round(100.0 * s.footprint_m2 / s.area_m2, 2) AS coverage_pct,
          t.geom AS geom
   FROM tr_src t JOIN tr_stats s ON s.geoid = t.geoid ORDER BY t.geoid"

ogr2ogr -update "$out" "$db" "${common[@]}" -nln buildings -lco FID=bld_id -sql \
  "SELECT b.bld_id AS bld_id, b.src_tile AS src_tile, b.geom AS geom
   FROM bld_bbox b JOIN bld_sel s ON s.bld_id = b.bld_id ORDER BY b.bld_id"

# The analyst's middle level (street -> community -> grid): SF has none between neighborhoods and
# tracts, so a stand-in of real geometry: each neighborhood's tracts, in the order of their codes,
# dissolved in twos (the last alone when odd).
ogr2ogr -update "$out" "$out" -dialect SQLite -nln communities -nlt MULTIPOLYGON -sql \
  "SELECT g.nhood || ' ' || (g.k + 1) AS community, g.nhood AS nhood,
          n.name_zh || ' 第' || (g.k + 1) || '社区' AS name_zh, COUNT(*) AS tracts,
          ST_Multi(ST_Union(g.geom)) AS geom
   FROM (SELECT nhood, (ROW_NUMBER() OVER (PARTITION BY nhood ORDER BY tractce10) - 1) / 2 AS k, geom
         FROM tracts) g JOIN neighborhoods n ON n.nhood = g.nhood
   GROUP BY g.nhood, g.k ORDER BY g.nhood, g.k"

# The analyst demo's history: the SF 311 cases with coordinates inside the demo's box.
python3 - "$sf/sf311_cases.csv" "$(dirname "$out")/sf311_demo.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as g:
    r, w = csv.reader(f), csv.writer(g, lineterminator="\n")
    h = next(r); w.writerow(h); ilat, ilon = h.index("lat"), h.index("lon")
    for row in r:
        try: lat, lon = float(row[ilat]), float(row[ilon])
        except ValueError: continue
        if -122.4267 <= lon <= -122.3843 and 37.7751 <= lat <= 37.8121: w.writerow(row)
PY

for layer in neighborhoods communities tracts buildings; do
  printf 'make_demo_data: %-13s %6s features\n' "$layer" \
    "$(ogrinfo -ro -so "$out" "$layer" | sed -n 's/^Feature Count: //p')"
done
echo "make_demo_data: wrote $out ($(du -h "$out" | cut -f1))"
