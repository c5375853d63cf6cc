#!/usr/bin/env python3
"""A split compare's report (`gridscope render --report`) checked against the data, written apart
from the engine: Python's csv and zoneinfo count the demo's SF 311 cases (data/sf311_demo.csv) in
each period, and the report's two periods must say the same, with one set of classes.

    check_compare.py GRIDSCOPE REPO_ROOT WORKDIR

Checks, for the scene of tests/render/analysis-split (baseline 2014, window 2015, natural breaks):
  - analysis.kept and analysis.baseline.kept equal the cases opened in each period (local time,
    America/Los_Angeles) with a position;
  - both periods' classes have the same breaks (classed alike), the method the scene asked for, and
    class counts that with the grids without a value account for every grid of the level, the same
    number in both;
  - the hexagon bins (500 m, quantiles) of both periods share their breaks too;
  - a swipe of the same scene reports the same events and classes (the layout changes the picture).
"""
import csv
import json
import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

gridscope, root, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
os.makedirs(work, exist_ok=True)
la = ZoneInfo("America/Los_Angeles")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def cases_opened(start, end):
    t0 = datetime.fromisoformat(start).timestamp()
    t1 = datetime.fromisoformat(end).timestamp()
    n = 0
    with open(os.path.join(root, "data/sf311_demo.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if not r["lat"].strip() or not r["lon"].strip() or not r["opened"].strip():
                continue
            t = datetime.fromisoformat(r["opened"]).replace(tzinfo=la).timestamp()
            if t0 <= t < t1:
                n += 1
    return n


with open(os.path.join(root, "tests/render/analysis-split/config.json")) as f:
    scene = json.load(f)
del scene["test"]
base = os.path.join(root, "tests/render/analysis-split")
scene["layers"][0]["source"] = os.path.normpath(os.path.join(base, scene["layers"][0]["source"]))
for key in ("source", "mapping"):
    scene["analysis"]["history"][key] = os.path.normpath(os.path.join(base, scene["analysis"]["history"][key]))
window, compare = scene["analysis"]["window"], scene["analysis"]["compare"]
scene["analysis"]["hexbins"] = {"size": 500, "method": "quantile", "classes": 4}

reports = {}
for mode in ("split", "swipe"):
    scene["analysis"]["compare"]["mode"] = mode
    path = os.path.join(work, mode + ".json")
    with open(path, "w") as f:
        json.dump(scene, f)
    run = subprocess.run([gridscope, "render", "--config", path, "--width", "480", "--height", "270",
                          "--out", os.path.join(work, mode + ".png"), "--report", os.path.join(work, mode + ".report.json")],
                         capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, f"{mode}: render exits 0 ({run.stderr.strip()[:300]})")
    with open(os.path.join(work, mode + ".report.json")) as f:
        reports[mode] = json.load(f)["analysis"]

a = reports["split"]
want_window = cases_opened(window["from"], window["to"])
want_base = cases_opened(compare["from"], compare["to"])
check(a["kept"] == want_window, f"window kept {a['kept']} == cases opened in 2015 {want_window}")
check(a["baseline"]["kept"] == want_base, f"baseline kept {a['baseline']['kept']} == cases opened in 2014 {want_base}")
check(want_window > 100 and want_base > 100, "both periods have cases (the check can fail)")
c, b = a["classes"], a["baseline"]["classes"]
check(c["breaks"] == b["breaks"], f"one set of breaks for both periods: {c['breaks']} / {b['breaks']}")
check(c["method"] == "naturalBreaks" and b["method"] == "naturalBreaks", "the scene's method, natural breaks")
grids_w = sum(c["counts"]) + c["noValue"] + c["outside"]
grids_b = sum(b["counts"]) + b["noValue"] + b["outside"]
check(grids_w == grids_b and grids_w > 10, f"every grid in a class or without a value: {grids_w} and {grids_b}")
check(c["counts"] != b["counts"], f"the periods' class counts differ ({c['counts']} / {b['counts']})")
hw, hb = a["hexbins"], a["baseline"]["hexbins"]
check(hw["breaks"] == hb["breaks"] and len(hw["breaks"]) == 5, f"hexagon bins: one set of 4 classes: {hw['breaks']} / {hb['breaks']}")
check(hw["method"] == "quantile" and hw["layer"] == "hexbins", "hexagon bins: the scene's method")
check(sum(hw["counts"]) > 10 and sum(hb["counts"]) > 10, f"hexagon bins: cells in both periods ({sum(hw['counts'])}, {sum(hb['counts'])})")
# (The heatmap's top may differ a little: a split side's density grid is half as wide.)
same = all(reports["swipe"][k] == a[k] for k in ("kept", "baseline", "classes", "hexbins", "rows", "events"))
check(same, "a swipe reports the split's events and classes")
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
