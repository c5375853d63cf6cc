#!/usr/bin/python3
"""Grow the San Francisco data into a city of translated copies (grown data: say so with any figure).

    tools/grow_city.py [--cols 4] [--rows 3] [--out /tmp/gridscope_city/city.gpkg] [--sf DIR]

Reads ../shared/data/sf/ beside the repo (buildings.gpkg layer buildings, tracts.geojson,
neighborhoods.geojson; all EPSG:4326) and writes one GeoPackage in EPSG:3857 (Web Mercator, the
scenes' display CRS) with four levels, coarse to fine, each with an id, a name and its parent's id:

  streets      a copy's neighborhoods       street_id    "c3:Mission"          name "Mission 街道-c3"
  communities  each neighborhood's tracts   community_id "c3:Mission:2"        name "Mission 第2社区-c3"
               grouped spatially by twos (threes where one would be left over) and dissolved;
               parent street_id
  grids        the census tracts            grid_id      "c3:06075020800"      name "网格 0208-c3"
               parent community_id (and street_id)
  buildings    the footprints               bld_id (the source's), parent grid_id: the tract holding
               the footprint's centroid, or the nearest tract when none holds it (piers, the shore)

Copy k (1-based, row-major from the north-west) is SF moved by whole multiples of its extent plus a
1 km gap in EPSG:3857 metres, so the copies sit side by side without overlap and look alike on the
map (Web Mercator's scale changes a little from row to row, about 1.3% per 18 km at 37.8°N).
Also writes the scene file city.json next to the GeoPackage (sources relative to it) for
`gridscope window --config` and `gridscope render --config`, and prints the counts.

The default 4×3 makes 1,021,932 buildings and 2,340 grids in about a minute on two cores.
Needs gdal-bin (ogr2ogr, with SpatiaLite in GDAL's SQLite driver, as Debian's has) and python3-gdal.
Exit status 2 when an input is missing or a step fails, naming the file.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    from osgeo import gdal, ogr
except ImportError:
    print("grow_city: needs the GDAL Python bindings (apt-get install python3-gdal; run with /usr/bin/python3)",
          file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
SF = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "sf"))
GAP_M = 1000.0
SF_BUILDINGS, SF_TRACTS = 85161, 195


def fail(msg):
    print(f"grow_city: {msg}", file=sys.stderr)
    sys.exit(2)


def run(args, what):
    """ogr2ogr/ogrinfo; a failure or an error line (ogrinfo exits 0 on a failed statement) stops us."""
    p = subprocess.run(args, capture_output=True, text=True)
    errors = [l for l in p.stderr.splitlines() if l.strip() and "warning" not in l.lower()]
    if p.returncode != 0 or errors:
        fail(f"{what}: {' '.join(errors[:5]) or 'exit status %d' % p.returncode}")
    return p.stdout


def sql(db, statement, what):
    run(["ogrinfo", "-q", db, "-sql", statement], f"{what} ({db})")


def tract_name(tractce10):
    """The demo's grid name: 网格 0107, or 网格 0176.01 where the code has a suffix."""
    base, suffix = tractce10[:4], tractce10[4:6]
    return "网格 " + base + ("" if suffix == "00" else "." + suffix)


def group_tracts(tracts):
    """Each neighborhood's tracts in spatial groups of two (three where one would be left alone).

    tracts: list of (geoid, nhood, centroid (x, y)). Within a neighborhood, repeatedly take the
    unassigned tract farthest from the neighborhood's centre (peeling from the edge) and pair it with
    its nearest unassigned neighbour; a last single tract joins the group whose centre is nearest.
    Returns {geoid: group number within its neighborhood, from 1}.
    """
    by_nh = {}
    for geoid, nhood, c in tracts:
        by_nh.setdefault(nhood, []).append((geoid, c))
    out = {}
    for nhood, items in by_nh.items():
        items.sort()  # deterministic: by geoid
        cx = sum(c[0] for _, c in items) / len(items)
        cy = sum(c[1] for _, c in items) / len(items)
        left = list(items)
        groups = []
        while len(left) >= 2:
            far = max(left, key=lambda it: (math.dist(it[1], (cx, cy)), it[0]))
            left.remove(far)
            near = min(left, key=lambda it: (math.dist(it[1], far[1]), it[0]))
            left.remove(near)
            groups.append([far, near])
        if left:
            if groups:
                lone = left[0]

                def centre(g):
                    return (sum(c[0] for _, c in g) / len(g), sum(c[1] for _, c in g) / len(g))

                min(groups, key=lambda g: math.dist(centre(g), lone[1])).append(lone)
            else:
                groups.append(left)
        # Number the groups west to east, north to south, so the names read in map order.
        groups.sort(key=lambda g: (-round(sum(c[1] for _, c in g) / len(g), -3), sum(c[0] for _, c in g) / len(g)))
        for k, g in enumerate(groups, 1):
            for geoid, _ in g:
                out[geoid] = k
    return out


def count(path, layer):
    ds = ogr.Open(path)
    if ds is None or ds.GetLayerByName(layer) is None:
        fail(f"{path}: no layer {layer}")
    return ds.GetLayerByName(layer).GetFeatureCount()


def scene_json(name, gpkg_name):
    src = gpkg_name
    return {
        "name": name,
        "crs": "EPSG:3857",
        "background": "#0b1220",
        "layers": [
            {"id": "streets", "title": "街道 Streets", "source": src, "layer": "streets", "role": "level",
             "level": {"id": "street_id", "name": "name"},
             "style": {"visible": True, "fill": "#0f2a4a", "fillOpacity": 0.0, "stroke": "#4fc3f7",
                       "strokeWidth": 2.0, "opacity": 1.0,
                       "label": {"field": "name", "size": 14, "color": "#ffffff", "halo": "#000000"}}},
            {"id": "communities", "title": "社区 Communities", "source": src, "layer": "communities",
             "role": "level", "level": {"id": "community_id", "name": "name", "parent": "street_id"},
             "style": {"visible": True, "fill": "#0f2a4a", "fillOpacity": 0.0, "stroke": "#7fb2d9",
                       "strokeWidth": 1.5, "opacity": 1.0}},
            {"id": "grids", "title": "网格 Grids (census tracts)", "source": src, "layer": "grids",
             "role": "level", "level": {"id": "grid_id", "name": "name", "parent": "community_id"},
             "style": {"visible": True, "fill": "#1e3a5f", "fillOpacity": 0.6, "stroke": "#2f6fa8",
                       "strokeWidth": 1.0, "opacity": 1.0}},
            {"id": "buildings", "title": "建筑 Buildings", "source": src, "layer": "buildings",
             "role": "buildings",
             "style": {"visible": True, "fill": "#8a94a6", "fillOpacity": 0.5, "stroke": "#aab4c5",
                       "strokeWidth": 0.5, "opacity": 1.0}},
        ],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--cols", type=int, default=4, help="copies west to east (default 4)")
    ap.add_argument("--rows", type=int, default=3, help="copies north to south (default 3)")
    ap.add_argument("--out", default="/tmp/gridscope_city/city.gpkg",
                    help="the GeoPackage to write (replaced); city.json goes beside it")
    ap.add_argument("--sf", default=SF, help="the SF data folder (default ../shared/data/sf beside the repo)")
    a = ap.parse_args()
    if not (1 <= a.cols <= 64 and 1 <= a.rows <= 64):
        fail(f"--cols and --rows must be 1..64 (got {a.cols}, {a.rows})")
    inputs = {"buildings": os.path.join(a.sf, "buildings.gpkg"), "tracts": os.path.join(a.sf, "tracts.geojson"),
              "neighborhoods": os.path.join(a.sf, "neighborhoods.geojson")}
    for path in inputs.values():
        if not os.access(path, os.R_OK):
            fail(f"missing {path} (give --sf DIR)")
    if not shutil.which("ogr2ogr") or not shutil.which("ogrinfo"):
        fail("ogr2ogr/ogrinfo not found (apt-get install gdal-bin)")
    out = os.path.abspath(a.out)
    out_dir = os.path.dirname(out)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        fail(f"{out_dir}: {e.strerror}")
    if not os.access(out_dir, os.W_OK):
        fail(f"{out_dir}: not writable")
    t0 = time.monotonic()
    copies = a.cols * a.rows
    print(f"grow_city: {a.cols}×{a.rows} = {copies} copies of SF from {a.sf}", flush=True)

    work = tempfile.mkdtemp(prefix="grow_city.")
    try:
        base = os.path.join(work, "base.gpkg")
        common = ["-t_srs", "EPSG:3857", "-lco", "GEOMETRY_NAME=geom", "-nlt", "PROMOTE_TO_MULTI", "-gt", "100000"]
        run(["ogr2ogr", "-f", "GPKG", base, inputs["buildings"], "buildings", "-nln", "bld", "-lco", "FID=fid",
             "-preserve_fid"] + common, inputs["buildings"])
        run(["ogr2ogr", "-update", base, inputs["tracts"], "-nln", "tr"] + common, inputs["tracts"])
        run(["ogr2ogr", "-update", base, inputs["neighborhoods"], "-nln", "nh"] + common, inputs["neighborhoods"])

        # The communities of one copy, grouped here and dissolved by GEOS.
        ds = gdal.OpenEx(base, gdal.OF_VECTOR | gdal.OF_UPDATE)
        tr = ds.GetLayerByName("tr")
        fields = {tr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(tr.GetLayerDefn().GetFieldCount())}
        for f in ("geoid", "nhood", "tractce10"):
            if f not in fields:
                fail(f"{inputs['tracts']}: no field {f}")
        tracts, geoms, nhood_of = [], {}, {}
        for feat in tr:
            g = feat.GetGeometryRef()
            c = g.Centroid()
            tracts.append((feat["geoid"], feat["nhood"], (c.GetX(), c.GetY())))
            geoms[feat["geoid"]] = g.Clone()
            nhood_of[feat["geoid"]] = feat["nhood"]
        group = group_tracts(tracts)
        comm = ds.CreateLayer("comm", tr.GetSpatialRef(), ogr.wkbMultiPolygon, ["GEOMETRY_NAME=geom"])
        for name, kind in (("nhood", ogr.OFTString), ("k", ogr.OFTInteger), ("tracts", ogr.OFTInteger)):
            comm.CreateField(ogr.FieldDefn(name, kind))
        tr_comm = ds.CreateLayer("tr_comm", None, ogr.wkbNone)
        tr_comm.CreateField(ogr.FieldDefn("geoid", ogr.OFTString))
        tr_comm.CreateField(ogr.FieldDefn("k", ogr.OFTInteger))
        members = {}
        for geoid, k in group.items():
            members.setdefault((nhood_of[geoid], k), []).append(geoid)
        ds.StartTransaction()
        for (nhood, k), ids in sorted(members.items()):
            u = ogr.Geometry(ogr.wkbMultiPolygon)
            for geoid in ids:
                for i in range(geoms[geoid].GetGeometryCount()):
                    u.AddGeometry(geoms[geoid].GetGeometryRef(i))
            u = ogr.ForceToMultiPolygon(u.UnionCascaded())
            f = ogr.Feature(comm.GetLayerDefn())
            f["nhood"], f["k"], f["tracts"] = nhood, k, len(ids)
            f.SetGeometry(u)
            comm.CreateFeature(f)
            for geoid in ids:
                r = ogr.Feature(tr_comm.GetLayerDefn())
                r["geoid"], r["k"] = geoid, k
                tr_comm.CreateFeature(r)
        ds.CommitTransaction()

        # The copies' offsets: SF's extent over every layer, plus the gap.
        minx, maxx, miny, maxy = math.inf, -math.inf, math.inf, -math.inf
        for name in ("bld", "tr", "nh"):
            e = ds.GetLayerByName(name).GetExtent()
            minx, maxx, miny, maxy = min(minx, e[0]), max(maxx, e[1]), min(miny, e[2]), max(maxy, e[3])
        step_x, step_y = (maxx - minx) + GAP_M, (maxy - miny) + GAP_M
        cp = ds.CreateLayer("copies", None, ogr.wkbNone)
        for name, kind in (("copy", ogr.OFTInteger), ("col", ogr.OFTInteger), ("row", ogr.OFTInteger),
                           ("dx", ogr.OFTReal), ("dy", ogr.OFTReal)):
            cp.CreateField(ogr.FieldDefn(name, kind))
        ds.StartTransaction()
        for row in range(a.rows):
            for col in range(a.cols):
                f = ogr.Feature(cp.GetLayerDefn())
                f["copy"], f["col"], f["row"] = row * a.cols + col + 1, col, row
                f["dx"], f["dy"] = col * step_x, -row * step_y
                cp.CreateFeature(f)
        ds.CommitTransaction()
        ds = tr = comm = tr_comm = cp = None

        # Each footprint's grid: the tract holding its centroid (R-tree first), else the nearest.
        sql(base, "CREATE TABLE bld_grid AS SELECT b.fid AS fid, "
                  "(SELECT t.geoid FROM tr t WHERE t.fid IN (SELECT id FROM rtree_tr_geom r WHERE "
                  "r.minx <= ST_X(b.c) AND r.maxx >= ST_X(b.c) AND r.miny <= ST_Y(b.c) AND r.maxy >= ST_Y(b.c)) "
                  "AND ST_Intersects(t.geom, b.c) LIMIT 1) AS geoid "
                  "FROM (SELECT fid, ST_Centroid(geom) AS c FROM bld) b", "buildings' grids")
        sql(base, "UPDATE bld_grid SET geoid = (SELECT t.geoid FROM tr t, bld b WHERE b.fid = bld_grid.fid "
                  "ORDER BY ST_Distance(t.geom, ST_Centroid(b.geom)) LIMIT 1) WHERE geoid IS NULL",
            "buildings' nearest grids")
        sql(base, "CREATE UNIQUE INDEX bld_grid_fid ON bld_grid(fid)", "index")
        sql(base, "CREATE UNIQUE INDEX tr_comm_geoid ON tr_comm(geoid)", "index")

        # The copies, one SQL statement a level. Ids and names carry the copy as "cK".
        tmp_out = os.path.join(work, "city.gpkg")
        moved = "ST_Translate(x.geom, c.dx, c.dy, 0)"
        cid = "'c' || c.copy"
        levels = [
            ("streets",
             f"SELECT {cid} || ':' || x.nhood AS street_id, x.nhood || ' 街道-c' || c.copy AS name, "
             f"x.nhood AS nhood, c.copy AS copy, {moved} AS geom "
             "FROM nh x CROSS JOIN copies c ORDER BY c.copy, x.nhood"),
            ("communities",
             f"SELECT {cid} || ':' || x.nhood || ':' || x.k AS community_id, "
             f"x.nhood || ' 第' || x.k || '社区-c' || c.copy AS name, {cid} || ':' || x.nhood AS street_id, "
             f"x.tracts AS tracts, c.copy AS copy, {moved} AS geom "
             "FROM comm x CROSS JOIN copies c ORDER BY c.copy, x.nhood, x.k"),
            ("grids",
             f"SELECT {cid} || ':' || x.geoid AS grid_id, "
             "'网格 ' || substr(x.tractce10, 1, 4) || CASE WHEN substr(x.tractce10, 5, 2) = '00' THEN '' "
             "ELSE '.' || substr(x.tractce10, 5, 2) END || '-c' || c.copy AS name, "
             f"{cid} || ':' || x.nhood || ':' || m.k AS community_id, {cid} || ':' || x.nhood AS street_id, "
             f"x.geoid AS geoid, x.tractce10 AS tractce10, c.copy AS copy, {moved} AS geom "
             "FROM tr x JOIN tr_comm m ON m.geoid = x.geoid CROSS JOIN copies c ORDER BY c.copy, x.geoid"),
            ("buildings",
             f"SELECT x.fid + 0 AS bld_id, {cid} || ':' || g.geoid AS grid_id, c.copy AS copy, {moved} AS geom "
             "FROM copies c CROSS JOIN bld x JOIN bld_grid g ON g.fid = x.fid ORDER BY c.copy, x.fid"),
        ]
        for i, (name, statement) in enumerate(levels):
            run(["ogr2ogr"] + (["-f", "GPKG"] if i == 0 else ["-update"]) +
                [tmp_out, base, "-dialect", "SQLite", "-sql", statement, "-nln", name, "-nlt", "MULTIPOLYGON",
                 "-a_srs", "EPSG:3857", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=YES", "-gt", "200000"],
                f"{tmp_out}: layer {name}")
        # Replace the output only once it is whole.
        shutil.move(tmp_out, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    scene_path = os.path.join(out_dir, os.path.splitext(os.path.basename(out))[0] + ".json")
    scene = scene_json(f"城市 grown city: {a.cols}×{a.rows} copies of San Francisco (grown data)",
                       os.path.basename(out))
    with open(scene_path, "w", encoding="utf-8") as f:
        json.dump(scene, f, ensure_ascii=False, indent=2)
        f.write("\n")

    counts = {name: count(out, name) for name in ("streets", "communities", "grids", "buildings")}
    for name, n in counts.items():
        print(f"grow_city: {name:<12} {n:>9,} features")
    if counts["buildings"] != copies * SF_BUILDINGS or counts["grids"] != copies * SF_TRACTS:
        print(f"grow_city: note: SF gives {SF_BUILDINGS} buildings and {SF_TRACTS} tracts a copy", file=sys.stderr)
    print(f"grow_city: wrote {out} ({os.path.getsize(out) / 1e6:.0f} MB, EPSG:3857) and {scene_path} "
          f"in {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
