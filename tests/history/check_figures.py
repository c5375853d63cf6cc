#!/usr/bin/env python3
"""Per-grid figures of `gridscope history`, checked against an independent computation.

Written apart from the engine: Python's csv and gzip read Boston's 311 reports, datetime parses the
times, a ray-casting point-in-polygon over the neighborhoods' GeoJSON (in lon/lat) places each
report, and the figures are computed from their definitions (docs/analyst.md). For each case (a
time window and filters) the engine's --json output must agree grid by grid:
  - count, resolved and overdue: equal, except for points so close to a boundary that lon/lat and
    Web Mercator disagree about the side (at most 2 events a case moved between grids, and the
    totals equal);
  - median response hours: within 1 second (the engine keeps whole seconds).

    check_figures.py GRIDSCOPE BOSTON_CSV_GZ NEIGHBORHOODS_GEOJSON MAPPING_JSON
"""
import csv
import gzip
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

CASES = [
    # (name, from, to, gridscope filter args, python filter)
    ("one week, everything", "2016-03-07", "2016-03-14", [], lambda r: True),
    ("a month of illegal parking", "2017-06-01", "2017-07-01", ["--category", "Illegal Parking"],
     lambda r: r["service_name"] == "Illegal Parking"),
    ("a winter fortnight, open cases", "2015-02-01", "2015-02-15", ["--status", "open"],
     lambda r: r["status"] == "open"),
    ("two categories, 'St' in the address", "2018-10-01", "2018-10-15",
     ["--category", "Abandoned Vehicle", "--category", "Sidewalk Not Shoveled", "--search", "St"],
     lambda r: r["service_name"] in ("Abandoned Vehicle", "Sidewalk Not Shoveled") and "St" in (
         "bos311-" + r["service_request_id"] + " " + r["service_name"] + " " + r["address"].strip())),
]
DUE_HOURS = 48


def when(text):
    return datetime.fromisoformat(text).timestamp()


def day(text):
    return datetime.fromisoformat(text + "T00:00:00+00:00").timestamp()


def rings_of(geometry):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for poly in polys for ring in poly]


def inside(rings, x, y):
    """Even-odd rule over every ring of the feature (holes and parts alike)."""
    c = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i][0], ring[i][1]
            x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                c = not c
    return c


def main():
    gridscope, csv_gz, hoods_path, mapping_path = sys.argv[1:5]
    hoods = json.load(open(hoods_path))
    grids = []
    for f in hoods["features"]:
        rings = rings_of(f["geometry"])
        xs = [p[0] for r in rings for p in r]
        ys = [p[1] for r in rings for p in r]
        grids.append((str(f["id"]), rings, (min(xs), min(ys), max(xs), max(ys))))

    with gzip.open(csv_gz, "rt", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    mapping = json.load(open(mapping_path))
    mapping["due_hours"] = DUE_HOURS
    tmp = tempfile.mkdtemp()
    test_mapping = os.path.join(tmp, "mapping.json")
    json.dump(mapping, open(test_mapping, "w"))

    failures = 0
    for name, frm, to, args, keep in CASES:
        t0, t1 = day(frm), day(to)
        expected = {g[0]: {"count": 0, "resolved": 0, "overdue": 0, "resp": []} for g in grids}
        total = 0
        for r in rows:
            opened = when(r["requested_datetime"])
            if not (t0 <= opened < t1) or not keep(r):
                continue
            x, y = float(r["long"]), float(r["lat"])
            gid = None
            for g, rings, (x0, y0, x1, y1) in grids:
                if x0 <= x <= x1 and y0 <= y <= y1 and inside(rings, x, y):
                    gid = g
                    break
            total += 1
            if gid is None:
                continue
            e = expected[gid]
            e["count"] += 1
            opened_s = math.floor(opened)
            closed_after = None
            if r["status"] == "closed":
                closed_after = max(0, math.floor(when(r["updated_datetime"])) - opened_s)
            closed_by_end = closed_after is not None and opened_s + closed_after < t1
            if closed_by_end:
                e["resolved"] += 1
                e["resp"].append(closed_after / 3600.0)
            due = DUE_HOURS * 3600
            if opened_s + due < t1 and (not closed_by_end or closed_after > due):
                e["overdue"] += 1

        out = subprocess.run([gridscope, "history", "/vsigzip/" + os.path.abspath(csv_gz), "--mapping", test_mapping,
                              "--grids", hoods_path, "--from", frm, "--to", to, "--json"] + args,
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(f"FAIL {name}: gridscope exit {out.returncode}: {out.stderr.strip()}")
            failures += 1
            continue
        got = json.loads(out.stdout)
        got_grids = {g["id"]: g for g in got["grids"]}
        problems = []
        if got["kept"] != total:
            problems.append(f"kept {got['kept']} events, expected {total}")
        moved = 0
        for gid, e in expected.items():
            g = got_grids.get(gid)
            if g is None:
                problems.append(f"grid {gid} missing")
                continue
            moved += abs(g["count"] - e["count"])
            n = g["count"]
            resolved = round((g["resolution_rate"] or 0) * n)
            overdue = round((g["overdue_share"] or 0) * n)
            if n == e["count"]:
                if resolved != e["resolved"]:
                    problems.append(f"grid {gid}: resolved {resolved}, expected {e['resolved']}")
                if overdue != e["overdue"]:
                    problems.append(f"grid {gid}: overdue {overdue}, expected {e['overdue']}")
                med = statistics.median(e["resp"]) if e["resp"] else None
                gm = g["median_response_hours"]
                if (med is None) != (gm is None) or (med is not None and abs(med - gm) > 1 / 3600):
                    problems.append(f"grid {gid}: median response {gm} h, expected {med} h")
        if moved > 4:  # each event moved counts twice (one grid less, one more)
            problems.append(f"{int(moved) // 2} events in other grids than expected")
        in_grids = sum(e["count"] for e in expected.values())
        if sum(g["count"] for g in got["grids"]) != in_grids:
            problems.append(f"{sum(g['count'] for g in got['grids'])} events in grids, expected {in_grids}")
        if problems:
            failures += 1
            print(f"FAIL {name}: " + "; ".join(problems[:8]))
        else:
            print(f"ok   {name}: {total} events, {in_grids} in grids, {sum(1 for e in expected.values() if e['count'])} "
                  f"grids with events, {int(moved) // 2} moved across a boundary")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
