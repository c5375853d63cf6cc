#!/usr/bin/python3
"""Writes the seed corpus of fuzz_geometry (tests/fuzz/fuzz_geometry.cpp) to tests/fuzz/geometry_corpus:
real San Francisco building footprints (with holes, many points, several parts) in each of the
target's coordinate encodings, and hand-made broken shapes (self-intersecting, repeated points,
holes outside or crossing the outer ring, NaN and infinities, huge and tiny coordinates).

    /usr/bin/python3 tools/fuzz/geometry_corpus.py [buildings.gpkg]

Needs GDAL's Python bindings for the real footprints (Debian: python3-gdal); the file defaults to
../shared/data/sf/buildings.gpkg next to the repository.
"""
import math
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "geometry_corpus")
BUILDINGS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "sf", "buildings.gpkg")


def header(encoding, scale=0, off_x=0, off_y=0, tol=0):
    return struct.pack("<BbbbB", encoding, scale, off_x, off_y, tol & 0xFF)


def ring_head(count, new_polygon, close=False):
    h = (0x80 if new_polygon else 0) | (0x40 if close else 0)
    if count >= 63:
        return bytes([h | 63]) + struct.pack("<H", count - 63)
    return bytes([h | count])


def encode(polygons, encoding, scale=0, off_x=0, off_y=0, tol=0, close=False):
    """polygons: a list of polygons, each a list of rings, each a list of (x, y) already in the
    encoding's units (integers for encodings 0-2, floats for 3)."""
    out = bytearray(header(encoding, scale, off_x, off_y, tol))
    for polygon in polygons:
        for r, ring in enumerate(polygon):
            out += ring_head(len(ring), r == 0, close)
            for x, y in ring:
                if encoding == 0:
                    out += struct.pack("<bb", x, y)
                elif encoding in (1, 2):
                    out += struct.pack("<hh", x, y)
                else:
                    out += struct.pack("<dd", x, y)
    return bytes(out)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def mercator(lon, lat):
    r = 6378137.0
    return r * math.radians(lon), r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def real_footprints():
    from osgeo import ogr

    ds = ogr.Open(BUILDINGS)
    layer = ds.GetLayer(0)
    picks = {}  # name -> list of polygons (lists of rings of (lon, lat))
    best = {"holes": None, "many_holes": None, "many_points": None, "multipart": None}
    small_with_hole = []

    def rings_of(poly):
        rings = []
        for i in range(poly.GetGeometryCount()):
            ring = poly.GetGeometryRef(i)
            rings.append([(ring.GetX(k), ring.GetY(k)) for k in range(ring.GetPointCount())])
        return rings

    for f in layer:
        g = f.GetGeometryRef()
        if g is None:
            continue
        parts = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())] if g.GetGeometryType() in (
            ogr.wkbMultiPolygon, ogr.wkbMultiPolygon25D) else [g]
        polys = [rings_of(p) for p in parts]
        points = sum(len(r) for p in polys for r in p)
        holes = sum(len(p) - 1 for p in polys)
        if points > 1000:
            continue  # keep the seeds small
        if holes >= 1 and points < 40 and len(small_with_hole) < 2:
            small_with_hole.append(polys)
        if holes >= 1 and (best["holes"] is None or points > best["holes"][0]) and points < 300:
            best["holes"] = (points, polys)
        if holes >= 3 and (best["many_holes"] is None or holes > best["many_holes"][0]):
            best["many_holes"] = (holes, polys)
        if best["many_points"] is None or points > best["many_points"][0]:
            best["many_points"] = (points, polys)
        if len(polys) >= 3 and (best["multipart"] is None or len(polys) > best["multipart"][0]) and points < 400:
            best["multipart"] = (len(polys), polys)
    for key, value in best.items():
        if value:
            picks["sf-" + key.replace("_", "-")] = value[1]
    for i, polys in enumerate(small_with_hole):
        picks["sf-small-hole-%d" % i] = polys
    return picks


def write_real(picks):
    for name, polys in picks.items():
        lon0, lat0 = polys[0][0][0]
        k = math.cos(math.radians(lat0))
        # Encoding 1: centimetres from the first point on an int16 grid (about ±327 m).
        cm = [[[(round((x - lon0) * 111320 * k * 100), round((y - lat0) * 110540 * 100)) for x, y in ring]
               for ring in poly] for poly in polys]
        if all(abs(v) < 32768 for poly in cm for ring in poly for p in ring for v in p):
            write(name + "-int16.bin", encode(cm, 1, tol=40))  # tolerance 2^5 cm
        # Encoding 3: Web Mercator metres as doubles, as the window draws them; tolerance half a
        # metre (2^-1: -8 eighths).
        merc = [[[mercator(x, y) for x, y in ring] for ring in poly] for poly in polys]
        data = encode(merc, 3, tol=-8)
        if len(data) <= 16384:  # the brief CTest run's -max_len
            write(name + "-mercator.bin", data)
        # Encoding 2: 1/16 m steps from an offset of whole 2^20 m near SF's Web Mercator position.
        ox, oy = merc[0][0][0]
        off_x, off_y = round(ox / 2**20), round(oy / 2**20)
        steps = [[[(round((x - off_x * 2**20) * 16), round((y - off_y * 2**20) * 16)) for x, y in ring]
                  for ring in poly] for poly in merc]
        # Shift to fit int16 with the offset only (the steps are relative to it): keep the shape.
        mx = min(p[0] for poly in steps for ring in poly for p in ring)
        my = min(p[1] for poly in steps for ring in poly for p in ring)
        steps = [[[(x - mx, y - my) for x, y in ring] for ring in poly] for poly in steps]
        if all(abs(v) < 32768 for poly in steps for ring in poly for p in ring for v in p):
            write(name + "-offset.bin", encode(steps, 2, scale=-4, off_x=off_x, off_y=off_y, tol=24))  # tolerance 2^-4 * 2^3 = 0.5 m


def write_broken():
    sq = [(0, 0), (10, 0), (10, 10), (0, 10)]
    hole = [(2, 2), (2, 8), (8, 8), (8, 2)]
    cases = {
        "square": [[sq]],
        "square-closed-cw": [[list(reversed(sq)) + [sq[-1]]]],
        "bowtie": [[[(0, 0), (10, 10), (10, 0), (0, 10)]]],
        "repeated-points": [[[(0, 0), (0, 0), (10, 0), (10, 0), (10, 0), (10, 10), (0, 10), (0, 0)]]],
        "collinear-runs": [[[(0, 0), (2, 0), (4, 0), (6, 0), (10, 0), (10, 5), (10, 10), (5, 10), (0, 10), (0, 5)]]],
        "spike": [[[(0, 0), (10, 0), (10, 5), (20, 5), (10, 5), (10, 10), (0, 10)]]],
        "hole": [[sq, hole]],
        "hole-outside": [[sq, [(20, 20), (20, 28), (28, 28), (28, 20)]]],
        "hole-crossing": [[sq, [(5, 5), (5, 15), (15, 15), (15, 5)]]],
        "hole-touching": [[sq, [(0, 5), (5, 8), (5, 2)]]],
        "holes-overlapping": [[sq, hole, [(3, 3), (3, 9), (9, 9), (9, 3)]]],
        "hole-in-hole": [[[(0, 0), (20, 0), (20, 20), (0, 20)], [(2, 2), (18, 2), (18, 18), (2, 18)],
                          [(5, 5), (15, 5), (15, 15), (5, 15)]]],
        "touching-itself": [[[(0, 0), (10, 0), (10, 10), (5, 5), (0, 10), (5, 5)]]],
        "figure-eight": [[[(0, 0), (5, 5), (10, 0), (10, 10), (5, 5), (0, 10)]]],
        "degenerate": [[[(0, 0), (5, 5)]], [[(1, 1), (2, 2), (3, 3)]], [[]], [[(7, 7)] * 5]],
        "comb": [[[(0, 0), (60, 0)] + [p for i in range(29, 0, -1) for p in ((2 * i, 20), (2 * i - 1, 1))] + [(0, 20)]]],
        "multipolygon": [[sq], [[(20, 0), (30, 0), (25, 10)]], [hole]],
    }
    for name, polys in cases.items():
        # int8 grid for shapes that fit it, int16 for the rest.
        fits = all(-128 <= v < 128 for poly in polys for ring in poly for p in ring for v in p)
        write("shape-" + name + ".bin", encode(polys, 0 if fits else 1, tol=-8))
    write("shape-square-closing.bin", encode([[sq, hole]], 0, close=True))
    nan, inf = float("nan"), float("inf")
    fsq = [(float(x), float(y)) for x, y in sq]
    write("float-nan.bin", encode([[fsq[:2] + [(nan, 5.0)] + fsq[2:]]], 3))
    write("float-inf.bin", encode([[fsq[:3] + [(-inf, 10.0)]]], 3))
    write("float-inf-hole.bin", encode([[fsq, [(1.0, 1.0), (inf, 2.0)]]], 3))
    write("float-huge.bin", encode([[[(x * 1e300, y * 1e300) for x, y in fsq]]], 3))
    write("float-huge-span.bin", encode([[[(-1e308, -1e308), (1e308, -1e308), (1e308, 1e308), (-1e308, 1e308)]]], 3))
    write("float-tiny.bin", encode([[[(x * 1e-310, y * 1e-310) for x, y in fsq]]], 3))
    write("float-far-small.bin", encode([[[(1e15 + x * 1e-2, 1e15 + y * 1e-3) for x, y in fsq]]], 3))
    write("offset-tiny-steps.bin", encode([[sq, hole]], 2, scale=-60, off_x=-13, off_y=4, tol=16))
    write("offset-huge-steps.bin", encode([[sq, hole]], 2, scale=100, off_x=1, off_y=-1, tol=100))


def main():
    os.makedirs(OUT, exist_ok=True)
    write_broken()
    try:
        picks = real_footprints()
    except ImportError:
        sys.exit("geometry_corpus.py: GDAL's Python bindings are needed for the real footprints")
    write_real(picks)
    print("wrote %d seeds to %s" % (len(os.listdir(OUT)), OUT))


if __name__ == "__main__":
    main()
