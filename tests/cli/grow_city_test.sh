#!/usr/bin/env bash
# tools/grow_city.py at a small size (2×1 copies) into a temporary folder: the counts, the hierarchy
# (every grid's community lies in the grid's street, spatially too), the ids unique, the copies apart,
# a missing input exits 2 naming it, and `gridscope info --config` on the scene it writes loads the
# four layers with no orphan warnings.
# Usage: grow_city_test.sh GRIDSCOPE_BIN   (SF_DATA: the SF data folder; PYTHON: one with osgeo)
set -u
bin=${1:?usage: grow_city_test.sh GRIDSCOPE_BIN}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sf=${SF_DATA:-$root/../shared/data/sf}
py=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $*"; exit 1; }

# A missing input: exit 2, one line naming the file.
"$py" "$root/tools/grow_city.py" --sf "$tmp/nowhere" --out "$tmp/x.gpkg" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] || fail "missing input: exit $rc, expected 2"
grep -q "$tmp/nowhere/buildings.gpkg" "$tmp/err" || fail "missing input: message names no file: $(cat "$tmp/err")"
echo "ok   missing input exits 2 naming $tmp/nowhere/buildings.gpkg"

"$py" "$root/tools/grow_city.py" --cols 2 --rows 1 --sf "$sf" --out "$tmp/city/city.gpkg" >"$tmp/grow.out" 2>&1 ||
  fail "grow_city.py exited $?: $(tail -5 "$tmp/grow.out")"
cat "$tmp/grow.out"
[ -s "$tmp/city/city.json" ] || fail "no scene file city.json beside the GeoPackage"

"$py" - "$tmp/city/city.gpkg" 2 <<'PY' || fail "the grown GeoPackage (above)"
import sys
from osgeo import ogr
path, copies = sys.argv[1], int(sys.argv[2])
ds = ogr.Open(path)
bad = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok: bad.append(what)
layers = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
check({"streets", "communities", "grids", "buildings"} <= layers, f"four levels in {sorted(layers)}")
def rows(name, *fields):
    lyr = ds.GetLayerByName(name)
    out = []
    for f in lyr:
        out.append(tuple(f[k] for k in fields) + (f.GetGeometryRef().Clone(),))
    return out
n = {name: ds.GetLayerByName(name).GetFeatureCount() for name in ("streets", "communities", "grids", "buildings")}
check(n["buildings"] == copies * 85161, f"buildings {n['buildings']} = {copies} × 85,161")
check(n["grids"] == copies * 195, f"grids {n['grids']} = {copies} × 195")
check(n["streets"] == copies * 41, f"streets {n['streets']} = {copies} × 41")
check(copies * 41 <= n["communities"] < n["grids"], f"communities {n['communities']} between streets and grids")
srs = ds.GetLayerByName("grids").GetSpatialRef()
check(srs is not None and srs.GetAuthorityCode(None) == "3857", "EPSG:3857")
for name in ("streets", "communities", "grids", "buildings"):
    lyr = ds.GetLayerByName(name)
    check(lyr.TestCapability("FastSpatialFilter"), f"{name} has a spatial index")
streets = {sid: g for sid, g in rows("streets", "street_id")}
comms = {cid: (sid, g) for cid, sid, g in rows("communities", "community_id", "street_id")}
grids = rows("grids", "grid_id", "community_id", "street_id", "copy")
check(len(streets) == n["streets"] and len(comms) == n["communities"] and len({g[0] for g in grids}) == len(grids),
      "ids unique in each level")
orphans = [g[0] for g in grids if g[1] not in comms]
check(not orphans, f"every grid's community exists ({len(orphans)} orphans: {orphans[:3]})")
wrong = [g[0] for g in grids if g[1] in comms and comms[g[1]][0] != g[2]]
check(not wrong, f"every grid's community is in the grid's street ({len(wrong)} not: {wrong[:3]})")
outside = [g[0] for g in grids if g[1] in comms and not comms[g[1]][1].Contains(g[4].PointOnSurface())]
check(not outside, f"every grid lies in its community ({len(outside)} not: {outside[:3]})")
astray = [c for c, (s, g) in comms.items() if s not in streets or not streets[s].Contains(g.PointOnSurface())]
check(not astray, f"every community lies in its street ({len(astray)} not: {astray[:3]})")
sizes = {}
for g in grids: sizes[g[1]] = sizes.get(g[1], 0) + 1
check(all(1 <= v <= 3 for v in sizes.values()), f"communities group 1 to 3 grids (sizes {sorted(set(sizes.values()))})")
# The copies sit side by side: the copies' grid extents do not overlap.
ext = {}
for g in grids:
    e = g[4].GetEnvelope()
    a = ext.get(g[3], e)
    ext[g[3]] = (min(a[0], e[0]), max(a[1], e[1]), min(a[2], e[2]), max(a[3], e[3]))
e1, e2 = ext[1], ext[2]
check(e1[1] < e2[0] and abs((e2[0] - e1[0]) - (e2[1] - e1[1])) < 1e-3, f"copy 2 lies east of copy 1, the same size")
lyr = ds.GetLayerByName("buildings")
gid = {g[0] for g in grids}
missing = sum(1 for f in lyr if f["grid_id"] not in gid)
check(missing == 0, f"every building names a grid ({missing} do not)")
sys.exit(1 if bad else 0)
PY

"$bin" info --config "$tmp/city/city.json" >"$tmp/info.out" 2>"$tmp/info.err"
rc=$?
[ "$rc" = 0 ] || fail "gridscope info exited $rc: $(head -c 400 "$tmp/info.err")"
for layer in streets communities grids buildings; do
  grep -Eq "^$layer +(level|buildings) +.*city\.gpkg$" "$tmp/info.out" || fail "gridscope info lists no layer $layer: $(cat "$tmp/info.out")"
done
grep -q "^warning:" "$tmp/info.out" && fail "gridscope info warns: $(grep '^warning:' "$tmp/info.out")"
grep -Eq "features [0-9]+ loaded of 170322 read" "$tmp/info.out" ||
  fail "gridscope info: the buildings are not all read: $(grep -A1 '^buildings' "$tmp/info.out")"
echo "ok   gridscope info --config city.json lists streets, communities, grids and buildings, no warnings"
