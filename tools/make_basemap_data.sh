#!/usr/bin/env bash
# Cuts the offline basemap's demo data data/osm_demo.gpkg out of the shared OpenStreetMap extract
# of San Francisco (../shared/data/sf/osm/, © OpenStreetMap contributors, ODbL 1.0).
#
#   tools/make_basemap_data.sh [OUT.gpkg]            (default: data/osm_demo.gpkg)
#   SF_DATA=/path/to/sf tools/make_basemap_data.sh   (default: ../shared/data/sf beside the repo)
#   DEMO=/path/to/demo.gpkg                          (default: data/demo.gpkg; its neighborhoods'
#                                                     box is the area cut)
#
# The area: the bounding box of demo.gpkg's neighborhoods layer grown by MARGIN_M metres
# (default 300) on every side. Features that intersect it are kept whole (not clipped).
# Layers written (EPSG:4326, as the source):
#   lines   every way with a highway, railway or waterway tag (all highway classes, footways too;
#           styles decide what to draw): osm_id, name, highway, railway, waterway, z_order
#   points  nodes useful as point layers: public services by their amenity tag (the list below)
#           and traffic signals (highway=traffic_signals): osm_id, name, kind (the amenity value,
#           or "traffic_signals")
# Needs ogr2ogr/ogrinfo (gdal-bin) with GDAL's SQLite dialect. data/PROVENANCE.md describes the result.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
sf="${SF_DATA:-$root/../shared/data/sf}"
demo="${DEMO:-$root/data/demo.gpkg}"
out="${1:-$root/data/osm_demo.gpkg}"
margin="${MARGIN_M:-300}"

lines_zip="$sf/osm/sf_osm_lines.zip"
points_zip="$sf/osm/sf_osm_points.zip"
for f in "$lines_zip" "$points_zip" "$demo"; do
  [[ -r "$f" ]] || { echo "make_basemap_data: missing $f (set SF_DATA or DEMO)" >&2; exit 2; }
done
command -v ogr2ogr >/dev/null || { echo "make_basemap_data: ogr2ogr not found (apt-get install gdal-bin)" >&2; exit 2; }

# The amenity values kept as points: services a command centre locates things by.
amenities=(school kindergarten college university police fire_station hospital clinic doctors pharmacy
           library post_office townhall courthouse community_centre social_facility ferry_terminal fuel)

# The demo's box: "Extent: (minx, miny) - (maxx, maxy)" from ogrinfo.
read -r minx miny maxx maxy < <(ogrinfo -ro -so "$demo" neighborhoods |
  sed -n 's/^Extent: (\([^,]*\), \([^)]*\)) - (\([^,]*\), \([^)]*\))$/\1 \2 \3 \4/p')
[[ -n "${maxy:-}" ]] || { echo "make_basemap_data: no extent for $demo's neighborhoods layer" >&2; exit 2; }
# The margin in degrees: metres per degree of latitude and, at the box's middle latitude, of longitude.
read -r minx miny maxx maxy < <(awk -v a="$minx" -v b="$miny" -v c="$maxx" -v d="$maxy" -v m="$margin" 'BEGIN {
  pi = atan2(0, -1); lat = (b + d) / 2 * pi / 180
  dy = m / 110574; dx = m / (111320 * cos(lat))
  printf "%.6f %.6f %.6f %.6f\n", a - dx, b - dy, c + dx, d + dy }')
echo "make_basemap_data: area $minx $miny $maxx $maxy (demo neighborhoods + ${margin} m)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tmp="$work/osm_demo.gpkg"

# Lines: the source layer is sf_lines; ways that are none of the three kinds (barriers, man_made,
# aerialways, untagged) are left out.
ogr2ogr -f GPKG "$tmp" "/vsizip/$lines_zip" -nln lines -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=YES \
  -spat "$minx" "$miny" "$maxx" "$maxy" \
  -where "highway IS NOT NULL OR railway IS NOT NULL OR waterway IS NOT NULL" \
  -select osm_id,name,highway,railway,waterway,z_order

# Points: the amenity value parsed from other_tags ("key"=>"value" pairs, cut at 254 characters by
# the Shapefile; a value cut off without its closing quote is not taken).
tag='"amenity"=>"'
at="instr(other_tags, '$tag')"
rest="substr(other_tags, $at + ${#tag})"
amenity="CASE WHEN $at > 0 AND instr($rest, '\"') > 0 THEN substr($rest, 1, instr($rest, '\"') - 1) END"
in_list="$(printf "'%s'," "${amenities[@]}")"; in_list="${in_list%,}"
ogr2ogr -update "$tmp" "/vsizip/$points_zip" -nln points -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=YES \
  -spat "$minx" "$miny" "$maxx" "$maxy" -dialect SQLite -sql "
  SELECT osm_id, name, kind, geometry FROM (
    SELECT osm_id, name, CASE WHEN highway = 'traffic_signals' THEN 'traffic_signals' ELSE $amenity END AS kind,
           geometry
    FROM sf_points)
  WHERE kind = 'traffic_signals' OR kind IN ($in_list)"

mv "$tmp" "$out"
for layer in lines points; do
  printf 'make_basemap_data: %-6s %s features\n' "$layer" \
    "$(ogrinfo -ro -so "$out" "$layer" | sed -n 's/^Feature Count: //p')"
done
echo "make_basemap_data: wrote $out ($(du -k "$out" | cut -f1) KiB)"
