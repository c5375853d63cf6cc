#!/usr/bin/env python3
"""Grow Boston's 311 reports into a bigger history for benchmarks (grown data: say so with any figure).

Copy j of each report (j = 0, 1, ...) is the report moved 30 days later per copy and up to 40 m away
(a deterministic jitter), with the id suffixed "-j"; copies are made until N rows. Writes a gzipped
CSV with Boston's columns and, with --gpkg, the same rows as a GeoPackage point layer (ogr2ogr; the
lat/long columns kept, so the same mapping reads both).

    tools/grow_boston.py [--rows N] [--gpkg] OUT_DIR      (default 1,000,000 rows)
"""
import argparse
import csv
import gzip
import math
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "shared", "data", "boston", "boston311_cases.csv.gz")


def shift(text, days):
    if not text:
        return text
    return (datetime.fromisoformat(text) + timedelta(days=days)).isoformat()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--gpkg", action="store_true", help="also write a GeoPackage")
    ap.add_argument("--source", default=SOURCE)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    with gzip.open(a.source, "rt", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    i_id, i_req, i_upd = header.index("service_request_id"), header.index("requested_datetime"), header.index(
        "updated_datetime")
    i_lat, i_lon = header.index("lat"), header.index("long")
    rng = random.Random(20261206)
    name = f"boston311_grown_{a.rows // 1000}k"
    csv_path = os.path.join(a.out_dir, name + ".csv.gz")
    written = 0
    with gzip.open(csv_path, "wt", newline="", encoding="utf-8", compresslevel=6) as f:
        w = csv.writer(f)
        w.writerow(header)
        copy = 0
        while written < a.rows:
            for r in rows:
                if written == a.rows:
                    break
                out = list(r)
                if copy:
                    out[i_id] = f"{r[i_id]}-{copy}"
                    out[i_req] = shift(r[i_req], 30 * copy)
                    out[i_upd] = shift(r[i_upd], 30 * copy)
                    try:
                        lat, lon = float(r[i_lat]), float(r[i_lon])
                        d, t = 40 * math.sqrt(rng.random()), 2 * math.pi * rng.random()
                        out[i_lat] = f"{lat + d * math.sin(t) / 111320:.7f}"
                        out[i_lon] = f"{lon + d * math.cos(t) / (111320 * math.cos(math.radians(lat))):.7f}"
                    except ValueError:
                        pass  # a bad coordinate stays bad: the loader must count it
                w.writerow(out)
                written += 1
            copy += 1
    print(f"{csv_path}: {written} rows ({copy} copies of {len(rows)})")
    if a.gpkg:
        gpkg = os.path.join(a.out_dir, name + ".gpkg")
        if os.path.exists(gpkg):
            os.remove(gpkg)
        subprocess.run(["ogr2ogr", "-f", "GPKG", gpkg, "/vsigzip/" + os.path.abspath(csv_path), "-nln", "events",
                        "-oo", "X_POSSIBLE_NAMES=long", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326",
                        "-gt", "65536"], check=True)
        print(f"{gpkg}: layer events")


if __name__ == "__main__":
    sys.exit(main())
