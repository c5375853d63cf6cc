#!/usr/bin/env python3
"""Real-data check of `gridscope feed from-csv` + `gridscope feed check` (issue 3).

The SF 311 cases (../shared/data/sf/sf311_cases.csv) are turned into a feed by `gridscope feed
from-csv` with tools/feed/sf311_mapping.json, and `gridscope feed check` reports every grid's figures
at several times, at two levels (neighborhoods.geojson, coarse; tracts.geojson, fine). This script
computes the same figures independently, from the CSV itself and never from gridscope's feed or code:

- the rows: Python's csv module, with the skip rules of the from-csv documentation
  (engine/live/import/csv_feed.hpp), in the order documented there; the times: the mapping's format, read
  as local wall-clock time in the mapping's zone with Python's zoneinfo (fold=0: an ambiguous time takes
  the earlier instant, a nonexistent one the offset in force before the jump, as documented);
- the grids: GEOS, through SpatiaLite's ST_Within / ST_Intersects in GDAL's SQLite dialect, on a
  temporary SpatiaLite database holding both levels and every case's point. The test runs in
  EPSG:3857 because gridscope documents that it assigns points in the display CRS (EPSG:3857 by
  default: engine/live/store/scene_grid_assigner.hpp); the same join in lon/lat is run too and any point
  that lands differently there is reported (none expected);
- points exactly on a boundary (ST_Intersects but not ST_Within): gridscope's rule
  (engine/geometry/point_in_polygon.hpp) is that of two grids sharing an edge exactly one holds the
  point. The rule is evaluated here in exact rational arithmetic as "the grid containing the point
  moved by an infinitesimal (eps, delta), 0 < delta << eps" (right, then up), and such points are
  listed separately in the output;
- the figures: the definitions of docs/live-feed.md ("Grids and figures"), "today" starting at local
  midnight of the store's UTC offset (+08:00: feed check uses the store's default).

Every figure of every grid, the unassigned figures of each level and the totals must be equal at
every time, the accounting must balance (received = applied + stale + duplicate + rejected) and
match the number of messages up to that time; from-csv's skip counts must equal ours.

Exit 0: equal. 1: a difference (the first ones are printed with grid ids). 77: skipped (no data,
no python3-gdal). GRIDSCOPE_FEEDCHECK_PERTURB=1 adds 1 to one expected count, to see the check fail.
"""

import argparse
import bisect
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

SKIP = 77
HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS
# The live store's default "today" offset (StoreOptions::utcOffsetMinutes, docs/live-feed.md):
# feed check has no option to change it.
STORE_UTC_OFFSET_MS = 480 * 60 * 1000
FIGURES = ["issues", "open", "overdue", "newLastHour", "resolvedToday", "medianResponseHours", "volunteersOnDuty"]
WS = " \t\r\n"  # what from-csv trims around a field


def log(*a):
    print(*a, flush=True)


# ---- The CSV, by the from-csv rules ----------------------------------------------------------

def time_regex(fmt):
    """The mapping's strftime subset (%Y %m %d %H %M %S with an optional fraction, %F %T %%) as a regex."""
    if fmt == "iso8601":
        raise SystemExit("check_sf311: time_format iso8601 is not supported by this check")
    fmt = fmt.replace("%F", "%Y-%m-%d").replace("%T", "%H:%M:%S")
    out, i = "", 0
    parts = {"Y": r"(?P<Y>\d{4})", "m": r"(?P<m>\d{2})", "d": r"(?P<d>\d{2})", "H": r"(?P<H>\d{2})",
             "M": r"(?P<M>\d{2})", "S": r"(?P<S>\d{2})(?:\.(?P<frac>\d+))?", "%": "%"}
    while i < len(fmt):
        if fmt[i] == "%":
            d = fmt[i + 1]
            if d not in parts:
                raise SystemExit(f"check_sf311: time_format directive %{d} is not supported by this check")
            out += parts[d]
            i += 2
        else:
            out += re.escape(fmt[i])
            i += 1
    return re.compile(out + r"\Z")


class Times:
    def __init__(self, fmt, zone):
        self.rx = time_regex(fmt)
        self.tz = ZoneInfo(zone)
        self.ambiguous = self.nonexistent = 0

    def parse(self, text):
        """UTC milliseconds of a local wall-clock time, or None when it does not parse."""
        m = self.rx.match(text)
        if not m:
            return None
        try:
            wall = datetime(int(m["Y"]), int(m["m"]), int(m["d"]), int(m["H"]), int(m["M"]), int(m["S"]))
        except ValueError:
            return None
        local_s = (wall.date() - date(1970, 1, 1)).days * 86400 + wall.hour * 3600 + wall.minute * 60 + wall.second
        off0 = int(wall.replace(tzinfo=self.tz, fold=0).utcoffset().total_seconds())
        off1 = int(wall.replace(tzinfo=self.tz, fold=1).utcoffset().total_seconds())
        if off0 != off1:
            # Either repeated (ambiguous) or skipped (nonexistent): fold=0 is the earlier instant of
            # an ambiguous time and the offset before the jump for a nonexistent one.
            back = datetime.fromtimestamp(local_s - off0, self.tz).replace(tzinfo=None)
            if back == wall:
                self.ambiguous += 1
            else:
                self.nonexistent += 1
        frac = m["frac"] or ""
        ms = int((frac + "000")[:3]) if frac else 0
        return (local_s - off0) * 1000 + ms


NUMBER = re.compile(r"[+]?-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")


def number(text):
    if not NUMBER.match(text):
        return None
    v = float(text)
    return v if math.isfinite(v) else None


class Case:
    __slots__ = ("id", "x", "y", "opened", "close", "close_status", "due", "grids")


def read_cases(csv_path, mapping):
    """Accepted cases and the skip counts, by the documented from-csv rules."""
    for key in ("grid_id", "due", "x", "y"):
        if key in mapping:
            raise SystemExit(f"check_sf311: mapping key {key!r} is not supported by this check")
    if mapping.get("crs", "EPSG:4326") not in ("EPSG:4326", "OGC:CRS84", "WGS84", "WGS 84"):
        raise SystemExit("check_sf311: only WGS 84 mappings are supported by this check")
    times = Times(mapping.get("time_format", "iso8601"), mapping["time_zone"])
    status = mapping.get("status")
    due_ms = int(math.floor(mapping["due_hours"] * 3600.0 * 1000.0 + 0.5)) if "due_hours" in mapping else None

    skipped, seen, cases = {}, set(), []
    rows = closed_before_opened = 0
    with open(csv_path, newline="", encoding="utf-8", errors="replace") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        col = {}
        for i, name in enumerate(header):
            col.setdefault(name, i)
        c_id, c_x, c_y = col[mapping["id"]], col[mapping["lon"]], col[mapping["lat"]]
        c_open = col[mapping["opened"]]
        c_close = col[mapping["closed"]] if "closed" in mapping else None
        c_status = col[status["column"]] if status else None

        def skip(reason):
            skipped[reason] = skipped.get(reason, 0) + 1

        for fields in reader:
            rows += 1
            if len(fields) < len(header) or any(v.strip(WS) for v in fields[len(header):]):
                skip("wrong number of fields")
                continue
            sid = fields[c_id].strip(WS)
            if not sid:
                skip("missing id")
                continue
            cid = mapping.get("id_prefix", "") + sid
            if cid in seen:
                skip("duplicate id")
                continue
            xt, yt = fields[c_x].strip(WS), fields[c_y].strip(WS)
            if not xt or not yt:
                skip("missing coordinates")
                continue
            x, y = number(xt), number(yt)
            if x is None or y is None:
                skip("bad coordinates")
                continue
            if not (-180 <= x <= 180 and -90 <= y <= 90):
                skip("coordinates out of range")
                continue
            ot = fields[c_open].strip(WS)
            if not ot:
                skip("missing opened time")
                continue
            opened = times.parse(ot)
            if opened is None:
                skip("bad opened time")
                continue
            ct = fields[c_close].strip(WS) if c_close is not None else ""
            closed = None
            if ct:
                closed = times.parse(ct)
                if closed is None:
                    skip("bad closed time")
                    continue
            close_status = None
            if status:
                st = fields[c_status].strip(WS)
                if st not in status["values"]:
                    skip("unknown status")
                    continue
                if status["values"][st] != "open":
                    close_status = status["values"][st]
                if close_status and closed is None:
                    skip("closed without a closed time")
                    continue
                if not close_status and closed is not None:
                    skip("open with a closed time")
                    continue
            elif closed is not None:
                close_status = mapping.get("close_status", "closed")
            # category and priority have defaults in the SF mapping: they never skip a row.
            c = Case()
            c.id, c.x, c.y, c.opened, c.close_status = cid, x, y, opened, close_status
            c.close = None
            if close_status:
                c.close = closed
                if closed < opened:  # the source's negative resolution time: closed at the opened time
                    c.close = opened
                    closed_before_opened += 1
            c.due = opened + due_ms if due_ms is not None else None
            c.grids = [None, None]
            seen.add(cid)
            cases.append(c)
    stats = {"rows": rows, "written": len(cases), "skipped": skipped, "closed_before_opened": closed_before_opened,
             "ambiguous": times.ambiguous, "nonexistent": times.nonexistent}
    return cases, stats, times.tz


def check_from_csv_summary(summary, stats, n_messages):
    """from-csv's own report (stderr) against our counts: the same rows skipped for the same reasons."""
    problems = []
    m = re.search(r": (\d+) rows; (\d+) written as (\d+) messages \((\d+) reported, (\d+) closing\); (\d+) skipped", summary)
    if not m:
        return ["from-csv printed no summary line: " + summary[:300]]
    rows, written, messages, _, _, skipped = map(int, m.groups())
    ours = (stats["rows"], stats["written"], n_messages, sum(stats["skipped"].values()))
    if (rows, written, messages, skipped) != ours:
        problems.append(f"from-csv: rows/written/messages/skipped {(rows, written, messages, skipped)}, independent {ours}")
    theirs = {k: int(v) for k, v in re.findall(r"skipped, ([^:\n]+): (\d+)", summary)}
    if theirs != stats["skipped"]:
        problems.append(f"from-csv skip reasons {theirs}, independent {stats['skipped']}")
    m = re.search(r"adjusted, closed before opened: (\d+)", summary)
    adjusted = int(m.group(1)) if m else 0
    if adjusted != stats["closed_before_opened"]:
        problems.append(f"from-csv closed-before-opened {adjusted}, independent {stats['closed_before_opened']}")
    return problems


# ---- Grids, by GEOS through SpatiaLite ------------------------------------------------------

def grid_key_field(layer):
    """The field gridscope names a grid by (scene_config.cpp's guess: id, code, geoid, gid), or None: the fid."""
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    for want in ("id", "code", "geoid", "gid"):
        for n in names:
            if n.lower() == want:
                return n
    return None


def rings_of(geom):
    """[[ring, ...] per polygon part] as lists of (x, y) floats."""
    from osgeo import ogr
    parts = []
    flat = ogr.GT_Flatten(geom.GetGeometryType())
    polys = [geom] if flat == ogr.wkbPolygon else [geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount())]
    for poly in polys:
        rings = []
        for r in range(poly.GetGeometryCount()):
            ring = poly.GetGeometryRef(r)
            rings.append([(ring.GetX(i), ring.GetY(i)) for i in range(ring.GetPointCount())])
        parts.append(rings)
    return parts


def holds_moved_point(parts, p):
    """Whether the polygon holds p + (eps, delta), 0 < delta << eps, in exact arithmetic: a crossing
    count of the ray going right from the moved point. An edge counts when its lower end is at or below
    p.y and its upper end above (the moved point is just above p.y), and p lies strictly left of it
    (a point on the edge is just right of it)."""
    px, py = Fraction(p[0]), Fraction(p[1])
    for rings in parts:
        inside = False
        for ring in rings:
            n = len(ring)
            for i in range(n):
                a, b = ring[i - 1], ring[i]
                if a[1] > b[1]:
                    a, b = b, a
                if not (a[1] <= p[1] < b[1]):  # float comparisons are exact
                    continue
                ax, ay, bx, by = Fraction(a[0]), Fraction(a[1]), Fraction(b[0]), Fraction(b[1])
                if (bx - ax) * (py - ay) - (by - ay) * (px - ax) > 0:
                    inside = not inside
        if inside:
            return True
    return False


def assign_grids(cases, level_paths, workdir):
    """For each level: the grid keys (in file order), names, and each case's grid (None: in none)."""
    from osgeo import gdal, ogr, osr
    gdal.UseExceptions()
    ogr.UseExceptions()
    db = os.path.join(workdir, "independent.sqlite")
    levels = []
    for li, path in enumerate(level_paths):
        for suffix, srs in (("", "EPSG:3857"), ("_ll", "EPSG:4326")):
            gdal.VectorTranslate(db, path, format="SQLite", accessMode=None if (li == 0 and suffix == "") else "append",
                                 datasetCreationOptions=["SPATIALITE=YES"] if (li == 0 and suffix == "") else None,
                                 layerName=f"lvl{li}{suffix}", dstSRS=srs, options=["-preserve_fid"])
    ds = ogr.Open(db, 1)
    s4326, s3857 = osr.SpatialReference(), osr.SpatialReference()
    s4326.ImportFromEPSG(4326)
    s3857.ImportFromEPSG(3857)
    for s in (s4326, s3857):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to3857 = osr.CoordinateTransformation(s4326, s3857)
    points = {}
    for suffix, srs in (("", s3857), ("_ll", s4326)):
        lyr = ds.CreateLayer("pt" + suffix, srs, ogr.wkbPoint, options=["SPATIAL_INDEX=YES"])
        lyr.CreateField(ogr.FieldDefn("k", ogr.OFTInteger))
        lyr.StartTransaction()
        for k, c in enumerate(cases):
            g = ogr.Geometry(ogr.wkbPoint)
            g.AddPoint_2D(c.x, c.y)
            if suffix == "":
                g.Transform(to3857)
                points[k] = (g.GetX(), g.GetY())
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("k", k)
            f.SetGeometry(g)
            lyr.CreateFeature(f)
        lyr.CommitTransaction()

    boundary, projection_sensitive = [], []
    for li, path in enumerate(level_paths):
        src = ogr.Open(path)
        key_field = grid_key_field(src.GetLayer(0))
        lyr = ds.GetLayerByName(f"lvl{li}")
        keys, names, parts = {}, {}, {}
        for f in lyr:
            fid = f.GetFID()
            keys[fid] = str(f.GetField(key_field)) if key_field else str(fid)
            names[fid] = f.GetField("nhood") if f.GetFieldIndex("nhood") >= 0 else ""
            parts[fid] = rings_of(f.GetGeometryRef())
        result = {}
        for suffix in ("", "_ll"):
            hits = {}
            sql = (f"SELECT p.k AS k, g.ROWID AS fid, ST_Within(p.geometry, g.geometry) AS w "
                   f"FROM lvl{li}{suffix} g CROSS JOIN pt{suffix} p "
                   f"WHERE p.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'pt{suffix}' "
                   f"AND search_frame = g.geometry) AND ST_Intersects(p.geometry, g.geometry)")
            rs = ds.ExecuteSQL(sql)
            for f in rs:
                hits.setdefault(f.GetField("k"), []).append((f.GetField("fid"), f.GetField("w") == 1))
            ds.ReleaseResultSet(rs)
            result[suffix] = hits
        hits, hits_ll = result[""], result["_ll"]
        for k, c in enumerate(cases):
            h = hits.get(k, [])
            inside = [fid for fid, w in h if w]
            if len(inside) > 1:
                raise SystemExit(f"check_sf311: {c.id} lies inside {len(inside)} grids of level {li} (overlapping "
                                 f"grids: {[keys[f] for f in inside]}); gridscope's smallest-wins rule is not modelled here")
            if len(h) > len(inside):  # on a boundary: the exact rule decides
                holders = [fid for fid, _ in h if holds_moved_point(parts[fid], points[k])]
                if len(holders) > 1:
                    raise SystemExit(f"check_sf311: {c.id} on a boundary is held by {holders} at level {li}")
                fid = holders[0] if holders else None
                boundary.append((li, c.id, c.x, c.y, sorted(keys[f] for f, _ in h), keys[fid] if fid is not None else None))
            else:
                fid = inside[0] if inside else None
            c.grids[li] = keys[fid] if fid is not None else None
            h_ll = sorted(hits_ll.get(k, []))
            if sorted(h) != h_ll:
                projection_sensitive.append((li, c.id, c.x, c.y, h, h_ll))
        levels.append({"path": path, "keys": [keys[f] for f in sorted(keys)], "names": {keys[f]: names[f] for f in keys}})
    ds = None
    return levels, boundary, projection_sensitive


# ---- Figures ---------------------------------------------------------------------------------

def empty_figures():
    return {"issues": 0, "open": 0, "overdue": 0, "newLastHour": 0, "resolvedToday": 0, "volunteersOnDuty": 0,
            "_responses": []}


def figures_at(cases, T, n_levels):
    """{(level, key or None): figures} and totals at T, by docs/live-feed.md."""
    midnight = (T + STORE_UTC_OFFSET_MS) // DAY_MS * DAY_MS - STORE_UTC_OFFSET_MS
    cells = {}
    total = empty_figures()
    for c in cases:
        if c.opened > T:  # its reported message comes after T
            continue
        closed = c.close is not None and c.close <= T
        contrib = {"issues": 1,
                   "open": 0 if closed else 1,
                   "overdue": 1 if not closed and c.due is not None and c.due < T else 0,
                   "newLastHour": 1 if T - HOUR_MS < c.opened <= T else 0,
                   "resolvedToday": 1 if closed and c.close_status in ("closed", "resolved") and midnight <= c.close <= T else 0}
        response = c.close - c.opened if closed and c.close_status in ("closed", "resolved") and c.close >= c.opened else None
        targets = [cells.setdefault((li, c.grids[li]), empty_figures()) for li in range(n_levels)] + [total]
        for t in targets:
            for k, v in contrib.items():
                t[k] += v
            if response is not None:
                t["_responses"].append(response)
    for t in list(cells.values()) + [total]:
        r = sorted(t.pop("_responses"))
        if not r:
            t["medianResponseHours"] = None
        else:
            n = len(r)
            mid = r[n // 2] if n % 2 else Fraction(r[n // 2 - 1] + r[n // 2], 2)
            if mid != int(mid):
                raise SystemExit("check_sf311: a median between two whole milliseconds: not modelled")
            t["medianResponseHours"] = int(mid) / 3.6e6
    return cells, total


def messages_upto(cases, T):
    return sum(1 for c in cases if c.opened <= T) + sum(1 for c in cases if c.close is not None and c.close <= T)


def rfc3339(ms, tz):
    d = datetime.fromtimestamp(ms // 1000, tz)
    return d.isoformat()


# ---- Main ------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gridscope", required=True)
    ap.add_argument("--data", required=True, help="the folder with sf311_cases.csv, neighborhoods.geojson, tracts.geojson")
    ap.add_argument("--mapping", required=True)
    ap.add_argument("--workdir", help="where temporary files go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary files")
    args = ap.parse_args()
    started = time.time()

    csv_path = os.path.join(args.data, "sf311_cases.csv")
    level_paths = [os.path.join(args.data, "neighborhoods.geojson"), os.path.join(args.data, "tracts.geojson")]
    for p in [csv_path] + level_paths:
        if not os.path.exists(p):
            log(f"SKIP: {p} is missing (the shared SF data)")
            return SKIP
    try:
        from osgeo import gdal  # noqa: F401
    except ImportError:
        log("SKIP: Python's GDAL bindings (Debian: python3-gdal) are missing")
        return SKIP

    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="sf311-", dir=args.workdir)
    try:
        return run(args, work, csv_path, level_paths, started)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")


def run(args, work, csv_path, level_paths, started):
    failures = []

    # 1. gridscope feed from-csv.
    feed = os.path.join(work, "sf311.ndjson")
    p = subprocess.run([args.gridscope, "feed", "from-csv", csv_path, "--mapping", args.mapping, "--out", feed],
                       capture_output=True, text=True)
    if p.returncode != 0:
        log(f"FAIL: feed from-csv exited {p.returncode}: {p.stderr.strip()}")
        return 1
    with open(feed, "rb") as f:
        n_feed_lines = sum(1 for _ in f)

    # 2. The independent reading of the CSV, and the grids.
    with open(args.mapping, encoding="utf-8") as f:
        mapping = json.load(f)
    cases, stats, tz = read_cases(csv_path, mapping)
    n_messages = len(cases) + sum(1 for c in cases if c.close is not None)
    failures += check_from_csv_summary(p.stderr, stats, n_messages)
    if n_feed_lines != n_messages:
        failures.append(f"the feed has {n_feed_lines} lines, the independent count of messages is {n_messages}")
    log(f"CSV: {stats['rows']} rows, {stats['written']} cases kept, skipped {stats['skipped']}; "
        f"{stats['closed_before_opened']} closed before opened (closed at the opened time); "
        f"{stats['ambiguous']} ambiguous and {stats['nonexistent']} nonexistent local times; {n_messages} messages")
    t0 = time.time()
    levels, boundary, projection_sensitive = assign_grids(cases, level_paths, work)
    log(f"grids by SpatiaLite/GEOS in EPSG:3857 (and lon/lat): {time.time() - t0:.1f} s")
    for li, lv in enumerate(levels):
        located = sum(1 for c in cases if c.grids[li] is not None)
        log(f"level {li} {os.path.basename(lv['path'])}: {len(lv['keys'])} grids; {located} cases in a grid, "
            f"{len(cases) - located} in none")
    log(f"points exactly on a grid boundary (given to the grid holding the point moved right then up): {len(boundary)}")

    def named(li, key):
        name = levels[li]["names"].get(key, "")
        return f"{key} ({name})" if name else str(key)
    for li, cid, x, y, touching, holder in boundary:
        log(f"  level {li} {cid} ({x!r}, {y!r}) touches {', '.join(named(li, k) for k in touching)} "
            f"-> {named(li, holder) if holder is not None else 'none'}")
    log(f"points that land differently in lon/lat than in EPSG:3857: {len(projection_sensitive)}")
    for row in projection_sensitive[:10]:
        log(f"  {row}")

    # 3. Times: one in the middle of the data; the instant (an opened time) with the most cases
    # reported in the hour before it; the instant with the most cases open (the last opened time);
    # and the end (no --at: the newest message).
    opened = sorted(c.opened for c in cases)
    events = sorted([(c.opened, 1) for c in cases] + [(c.close, -1) for c in cases if c.close is not None])
    busiest = max(opened, key=lambda t: (bisect.bisect_right(opened, t) - bisect.bisect_right(opened, t - HOUR_MS), -t))
    n_open, most_open, best = 0, None, -1
    for i, (t, d) in enumerate(events):
        n_open += d
        if (i + 1 == len(events) or events[i + 1][0] != t) and n_open > best:
            best, most_open = n_open, t
    newest = events[-1][0]
    mid = int(datetime(2012, 6, 15, 12, 0, tzinfo=tz).timestamp()) * 1000
    times = [("mid-data", mid, rfc3339(mid, tz)), ("busiest hour", busiest, rfc3339(busiest, tz)),
             ("most open", most_open, rfc3339(most_open, tz)), ("end (no --at)", newest, None)]

    perturb = os.environ.get("GRIDSCOPE_FEEDCHECK_PERTURB") == "1"
    mismatches = []
    table = []
    for label, T, at in times:
        cmd = [args.gridscope, "feed", "check", feed, "--grids", level_paths[0], "--grids", level_paths[1], "--json"]
        if at:
            cmd += ["--at", at]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            failures.append(f"{label}: feed check exited {p.returncode}: {p.stderr.strip()[:300]}")
            continue
        out = json.loads(p.stdout)
        acc = out["accounting"]
        expected_received = messages_upto(cases, T)
        identity = acc["received"] == acc["applied"] + acc["stale"] + acc["duplicate"] + acc["rejected"]
        if not identity or not acc["balanced"] or acc["rejected"] != sum(acc["rejectedBy"].values()):
            failures.append(f"{label}: accounting does not balance: {acc}")
        if (acc["received"], acc["applied"], acc["stale"], acc["duplicate"], acc["rejected"], acc["afterAt"]) != \
                (expected_received, expected_received, 0, 0, 0, n_messages - expected_received):
            failures.append(f"{label}: accounting {acc}; independent: received = applied = {expected_received}, "
                            f"afterAt {n_messages - expected_received}, nothing stale, duplicate or rejected")

        cells, total = figures_at(cases, T, len(levels))
        if perturb and label == times[0][0]:
            key = (1, levels[1]["keys"][0])
            cells.setdefault(key, empty_figures())["open"] += 1
        compared = 0
        here = []

        def compare(where, exp, got):
            nonlocal compared
            for fig in FIGURES:
                compared += 1
                e = exp.get(fig, 0) if exp else (None if fig == "medianResponseHours" else 0)
                g = got.get(fig)
                if e != g:
                    here.append((label, where, fig, e, g))
            unknown = set(got) - set(FIGURES) - {"grid"}
            if unknown:
                failures.append(f"feed check reports figures this check does not know: {sorted(unknown)}")

        compare("totals", total, out["totals"])
        gs_levels = out["levels"]
        if len(gs_levels) != len(levels):
            failures.append(f"{label}: feed check has {len(gs_levels)} levels, expected {len(levels)}")
            continue
        for li, (lv, gl) in enumerate(zip(levels, gs_levels)):
            names = [g["grid"] for g in gl["grids"]]
            if sorted(names) != sorted(lv["keys"]):
                failures.append(f"{label}: level {li}: feed check's grids {names[:5]}... are not the file's {lv['keys'][:5]}...")
                continue
            compare(f"level {li} unassigned", cells.get((li, None)), gl["unassigned"])
            for g in gl["grids"]:
                name = lv["names"].get(g["grid"], "")
                compare(f"level {li} grid {g['grid']}" + (f" ({name})" if name else ""), cells.get((li, g["grid"])), g)
        mismatches += here
        un = [gl["unassigned"]["issues"] for gl in gs_levels]
        table.append((label, out["at"], acc["received"], expected_received, out["totals"], total, un, compared, len(here)))

    log("")
    log(f"{'time':<15} {'at (feed check)':<26} {'received':>13} {'issues':>13} {'open':>9} {'overdue':>9} "
        f"{'new 1h':>7} {'resolved':>9} {'unassigned':>10} {'compared':>9} {'differ':>6}")

    def pair(a, b):
        return f"{a}" if a == b else f"{b}!={a}"
    for label, at, rec, exp_rec, got, exp, un, compared, bad in table:
        log(f"{label:<15} {at:<26} {pair(exp_rec, rec):>13} {pair(exp['issues'], got['issues']):>13} "
            f"{pair(exp['open'], got['open']):>9} {pair(exp['overdue'], got['overdue']):>9} "
            f"{pair(exp['newLastHour'], got['newLastHour']):>7} {pair(exp['resolvedToday'], got['resolvedToday']):>9} "
            f"{'/'.join(map(str, un)):>10} {compared:>9} {bad:>6}")
    log("(got!=expected where they differ; unassigned: issues in no neighborhood / no tract; compared: figures compared)")

    if mismatches:
        log(f"\nFAIL: {len(mismatches)} figures differ; the first ones (time, where, figure, expected, feed check):")
        for m in mismatches[:20]:
            log(f"  {m[0]}: {m[1]}: {m[2]} expected {m[3]}, got {m[4]}")
    for f in failures:
        log(f"FAIL: {f}")
    log(f"\n{'FAILED' if mismatches or failures else 'OK'}: {len(times)} times, {sum(r[7] for r in table)} figures compared "
        f"({time.time() - started:.1f} s)")
    return 1 if mismatches or failures else 0


if __name__ == "__main__":
    sys.exit(main())
