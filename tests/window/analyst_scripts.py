#!/usr/bin/env python3
"""The analyst's window driven by input scripts (tests/window/scripts/*.json) under Xvfb.

Each case runs `gridscope --config data/analyst_demo.json --input-script S --state-out OUT` in a
virtual X server (one Xvfb per case, started here: xvfb-run's clean-up of its temporary folder fails
now and then when several run at once, and turns the program's exit code into 5): the script's
clicks, drags and keys reach the window through the X server (XTEST), as a user's do, and OUT holds
what the analyst saw at each of the script's states. The assertions
are below, one function per case. What they compare with is computed here, apart from the engine:
the events' reported times from data/sf311_demo.csv (Python's csv, datetime and zoneinfo: the
mapping's America/Los_Angeles wall-clock times), their categories from the mapping's lookup, and
the grids' polygons from data/demo.gpkg (sqlite3 and the GeoPackage's WKB, read by hand) with a
ray-casting point-in-polygon.

    analyst_scripts.py CASE GRIDSCOPE SOURCE_DIR WORK_DIR
    CASE: scrub | filter | drill | keys | compare | brush | teams | errors
"""
import csv
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

WIDTH, HEIGHT = 1600, 1000
TALL = 1400  # the compare case: the panel's compare list and save button fit on the screen
DAY = 86400
YEAR_2015 = (1420099200, 1451635200)  # 2015-01-01T00:00-08:00 .. 2016-01-01T00:00-08:00, the scene's window

# --- running the window -------------------------------------------------------------------------

DISPLAY = None  # ":N" of this case's Xvfb


def start_display():
    """Starts Xvfb on a free display (it writes the number to -displayfd once it accepts clients)."""
    global DISPLAY
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{WIDTH}x{TALL}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            sys.exit(f"FAIL: Xvfb exited {server.wait()} before it took a display")
        number += chunk
    os.close(read)
    DISPLAY = ":" + number.decode().strip()
    return server


def run_window(gridscope, src, work, script, name, config=None, height=HEIGHT):
    """Runs the script; returns (exit code, stderr, the state file's JSON or None)."""
    out = os.path.join(work, name + ".state.json")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run(
        [gridscope, "--config", config or os.path.join(src, "data", "analyst_demo.json"),
         "--width", str(WIDTH), "--height", str(height),
         "--input-script", script, "--state-out", out],
        env=dict(os.environ, DISPLAY=DISPLAY), capture_output=True, text=True, timeout=240)
    state = json.load(open(out)) if os.path.exists(out) else None
    return p.returncode, p.stderr, state


def states_of(gridscope, src, work, case, config=None, height=HEIGHT):
    script = os.path.join(src, "tests", "window", "scripts", case + ".json")
    rc, err, state = run_window(gridscope, src, work, script, case, config, height)
    if rc != 0 or state is None:
        sys.exit(f"FAIL: gridscope exited {rc} on {script}\n{err}")
    return state["states"]


# --- the independent reading of the data ----------------------------------------------------------


def read_events(src):
    """(reported UTC seconds, lon, lat, category key) of every case of the demo's CSV."""
    mapping = json.load(open(os.path.join(src, "tools", "feed", "sf311_mapping.json")))
    zone = ZoneInfo(mapping["time_zone"])
    lookup = mapping["category"]["map"]
    events = []
    with open(os.path.join(src, "data", "sf311_demo.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            local = datetime.strptime(row["opened"], mapping["time_format"]).replace(tzinfo=zone)
            category = lookup.get(row["request_type"]) or lookup.get(row["category"]) or mapping["category"]["default"]
            events.append((int(local.timestamp()), float(row["lon"]), float(row["lat"]), category))
    return events


def in_window(events, t0, t1):
    return [e for e in events if t0 <= e[0] < t1]


def read_layer(src, layer, fields):
    """[(polygons, {field: value})] of a layer of data/demo.gpkg; polygons as lists of rings."""
    db = sqlite3.connect(os.path.join(src, "data", "demo.gpkg"))
    out = []
    for row in db.execute(f'SELECT geom, {", ".join(fields)} FROM "{layer}"'):
        blob = row[0]
        envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]  # GeoPackage header, then WKB
        polygons, _ = wkb(blob, 8 + envelope)
        out.append((polygons, dict(zip(fields, row[1:]))))
    return out


def wkb(b, at):
    order = "<" if b[at] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", b, at + 1)
    at += 5
    if kind == 3:  # Polygon
        (rings,) = struct.unpack_from(order + "I", b, at)
        at += 4
        polygon = []
        for _ in range(rings):
            (n,) = struct.unpack_from(order + "I", b, at)
            at += 4
            polygon.append(list(struct.iter_unpack(order + "dd", b[at:at + 16 * n])))
            at += 16 * n
        return [polygon], at
    if kind == 6:  # MultiPolygon
        (n,) = struct.unpack_from(order + "I", b, at)
        at += 4
        polygons = []
        for _ in range(n):
            p, at = wkb(b, at)
            polygons += p
        return polygons, at
    raise ValueError(f"WKB type {kind}")


def inside(polygons, x, y):
    """Even-odd rule over every ring (holes and parts alike)."""
    c = False
    for polygon in polygons:
        for ring in polygon:
            for i in range(len(ring)):
                (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % len(ring)]
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    c = not c
    return c


def bounds(polygons):
    xs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    ys = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def contains(outer, inner, slack):
    return (outer[0] <= inner[0] + slack and outer[1] <= inner[1] + slack and
            outer[2] >= inner[2] - slack and outer[3] >= inner[3] - slack)


def width_deg_per_px(state):
    box = state["camera"]["box"]
    return (box[2] - box[0]) / state["camera"]["viewport"][0]


# --- the cases ------------------------------------------------------------------------------------


def case_scrub(gridscope, src, work):
    s = states_of(gridscope, src, work, "scrub")
    events = read_events(src)
    first, last = min(e[0] for e in events), max(e[0] for e in events)
    start = s["start"]["analysis"]
    assert start["time"]["from_sec"] == YEAR_2015[0] and start["time"]["to_sec"] == YEAR_2015[1], start["time"]
    assert start["time"]["length"] == "year", start["time"]
    # Every state: a year long, and the kept events are those an independent count finds in it.
    names = ["start", "pressed", "drag1", "drag2", "drag3", "drag4", "released", "dragged"]
    for n in names:
        t = s[n]["analysis"]["time"]
        assert t["to_sec"] - t["from_sec"] == 365 * DAY, (n, t)
        want = len(in_window(events, t["from_sec"], t["to_sec"]))
        kept = s[n]["analysis"]["kept"]
        assert kept == want, f"{n}: the window keeps {kept}, the CSV has {want} in {t['from']} .. {t['to']}"
        assert sum(s[n]["analysis"]["category_counts"].values()) == want, (n, s[n]["analysis"]["category_counts"])
    # Pressing the slider's left part moves the window back to the history's first years...
    froms = [s[n]["analysis"]["time"]["from_sec"] for n in names]
    frac = [(f - first) / (last - first) for f in froms]
    assert froms[1] < froms[0], f"pressing the slider's left part did not move the window back: {froms[:2]}"
    assert 0.03 < frac[1] < 0.2, f"pressed at 10% of the slider, the window starts at {frac[1]:.1%} of the history"
    # ... and dragging right moves it forward at every step, the release where the drag left it.
    assert froms[1] < froms[2] < froms[3] < froms[4] < froms[5], f"the drag did not move the window forward: {froms}"
    assert 0.4 < frac[5] < 0.6, f"dragged to 50% of the slider, the window starts at {frac[5]:.1%} of the history"
    assert froms[6] == froms[5], f"the release moved the window: {froms[5]} -> {froms[6]}"
    assert froms[7] > froms[6], f"the drag step did not move the window forward: {froms[6]} -> {froms[7]}"
    assert s["end"]["analysis"]["time"] == s["dragged"]["analysis"]["time"]
    return [f"{n} {s[n]['analysis']['time']['from'][:10]}: {s[n]['analysis']['kept']} kept" for n in names]


def case_filter(gridscope, src, work):
    s = states_of(gridscope, src, work, "filter")
    events = in_window(read_events(src), *YEAR_2015)
    start = s["start"]["analysis"]
    total = start["kept"]
    assert total == len(events), f"the scene's window keeps {total}, the CSV has {len(events)} in 2015"
    # The counts the panel shows next to each category, against the mapping's lookup done here.
    counts = {}
    for e in events:
        counts[e[3]] = counts.get(e[3], 0) + 1
    shown = {k: v for k, v in start["category_counts"].items() if v}
    assert shown == counts, f"category counts shown {start['category_counts']}, counted {counts}"
    assert sorted(start["filters"]["categories"]) == sorted(start["category_counts"]), start["filters"]
    sanitation = start["category_counts"]["sanitation"]
    assert 0 < sanitation < total, sanitation
    # Unticking sanitation keeps everything else; the counts shown (under the other filters) stay.
    off = s["without_sanitation"]["analysis"]
    assert "sanitation" not in off["filters"]["categories"], off["filters"]
    assert off["kept"] == total - sanitation, f"without sanitation {off['kept']} kept, want {total} - {sanitation}"
    assert off["category_counts"] == start["category_counts"], off["category_counts"]
    # Ticking it again: back to the total.
    on = s["with_sanitation"]["analysis"]
    assert on["kept"] == total and on["filters"] == start["filters"], (on["kept"], on["filters"])
    # Every other category unticked: the window keeps the count sanitation showed before.
    only = s["only_sanitation"]["analysis"]
    assert only["filters"]["categories"] == ["sanitation"], only["filters"]
    assert only["kept"] == sanitation, f"only sanitation: {only['kept']} kept, its count showed {sanitation}"
    # The open status unticked too: what the statuses showed for open is taken away.
    closed = s["sanitation_not_open"]["analysis"]
    assert "open" not in closed["filters"]["statuses"], closed["filters"]
    assert only["status_counts"]["open"] > 0, only["status_counts"]
    assert closed["kept"] == sanitation - only["status_counts"]["open"], (closed["kept"], only["status_counts"])
    return [f"total {total}, sanitation {sanitation}, without it {off['kept']}, "
            f"sanitation not open {closed['kept']}"]


def case_drill(gridscope, src, work):
    s = states_of(gridscope, src, work, "drill")
    script = json.load(open(os.path.join(src, "tests", "window", "scripts", "drill.json")))
    clicks = [step["lonlat"] for step in script["steps"] if "lonlat" in step]
    events = in_window(read_events(src), *YEAR_2015)
    tracts = read_layer(src, "tracts", ["geoid", "nhood"])
    communities = read_layer(src, "communities", ["community", "nhood"])
    streets = read_layer(src, "neighborhoods", ["nhood"])

    def tract_at(lon, lat):
        found = [(p, a) for p, a in tracts if inside(p, lon, lat)]
        assert len(found) == 1, f"({lon}, {lat}) is in {len(found)} tracts"
        return found[0]

    def kept_in(polygons):
        return sum(1 for e in events if inside(polygons, e[1], e[2]))

    start = s["start"]
    district = bounds([p for polygons, _ in streets for p in polygons])
    assert contains(start["camera"]["free_box"], district, 2 * width_deg_per_px(start)), start["camera"]
    total = start["analysis"]["kept"]

    def check_grid(name, lonlat, before):
        state = s[name]
        a = state["analysis"]
        polygons, tract = tract_at(*lonlat)
        community = [c for p, c in communities if inside(p, *lonlat)]
        assert len(community) == 1, community
        street = tract["nhood"]
        assert a["drill"] == {"level": "tracts", "grid": tract["geoid"], "name": a["drill"]["name"]}, a["drill"]
        crumbs = [(c["level"], c["grid"]) for c in a["breadcrumbs"]]
        want = [("neighborhoods", street), ("communities", community[0]["community"]), ("tracts", tract["geoid"])]
        assert crumbs == want, f"{name}: breadcrumbs {crumbs}, want {want}"
        for k in range(4):  # the whole area, then one a level
            assert f"analysis.breadcrumb.{k}" in state["ui_items"], (k, state["ui_items"])
        kept = kept_in(polygons)
        assert a["kept"] == kept, f"{name}: {a['kept']} kept, {kept} of the CSV's 2015 cases are in {tract['geoid']}"
        assert 0 < kept < total, kept
        # The camera zoomed in to show the grid (in the part the panels leave free).
        box, tb = state["camera"]["free_box"], bounds(polygons)
        assert contains(box, tb, 2 * width_deg_per_px(state)), f"{name}: camera {box} does not hold the grid {tb}"
        area = (box[2] - box[0]) * (box[3] - box[1])
        b0 = before["camera"]["free_box"]
        assert area < 0.5 * (b0[2] - b0[0]) * (b0[3] - b0[1]), f"{name}: the camera did not zoom in: {b0} -> {box}"
        return tract, street

    # A click on the map selects the grid under it.
    tract1 = tract_at(*clicks[0])[1]
    sel = s["selected"]["selected"]
    assert sel and sel["layer"] == "tracts" and sel["grid"] == tract1["geoid"], sel
    assert s["selected"]["analysis"]["drill"] is None and s["selected"]["analysis"]["kept"] == total
    _, street = check_grid("grid", clicks[0], start)
    # The street's breadcrumb: the street's events, the camera on the street.
    up = s["street"]
    a = up["analysis"]
    street_polygons = [p for p, st in streets if st["nhood"] == street][0]
    assert a["drill"]["level"] == "neighborhoods" and a["drill"]["grid"] == street, a["drill"]
    assert [(c["level"], c["grid"]) for c in a["breadcrumbs"]] == [("neighborhoods", street)], a["breadcrumbs"]
    kept = kept_in(street_polygons)
    assert a["kept"] == kept, f"street {street}: {a['kept']} kept, {kept} of the CSV's 2015 cases are in it"
    assert s["grid"]["analysis"]["kept"] < kept < total, (s["grid"]["analysis"]["kept"], kept, total)
    assert contains(up["camera"]["free_box"], bounds(street_polygons), 2 * width_deg_per_px(up)), up["camera"]
    # Another grid of the street, clicked on the zoomed map and drilled into.
    tract2 = tract_at(*clicks[1])[1]
    assert tract2["geoid"] != tract1["geoid"] and tract2["nhood"] == street, (tract1, tract2)
    assert s["selected2"]["selected"]["grid"] == tract2["geoid"], s["selected2"]["selected"]
    check_grid("grid2", clicks[1], start)
    # The first breadcrumb: the whole district, every event of the window, the camera back on all of it.
    whole = s["whole"]
    a = whole["analysis"]
    assert a["drill"] is None and a["breadcrumbs"] == [] and a["kept"] == total, (a["drill"], a["kept"])
    box, b0 = whole["camera"]["free_box"], start["camera"]["free_box"]
    px = width_deg_per_px(whole)
    assert contains(box, district, 2 * px), f"whole area: camera {box} does not hold the district {district}"
    # Back to the start: the same centre, the district filling the view as it did (the feature panel
    # of the selected grid now narrows the free part, so the box is not the start's to the pixel).
    centre, centre0 = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), ((b0[0] + b0[2]) / 2, (b0[1] + b0[3]) / 2)
    assert abs(centre[0] - centre0[0]) < 3 * px and abs(centre[1] - centre0[1]) < 3 * px, (centre, centre0)
    fill = max((district[2] - district[0]) / (box[2] - box[0]), (district[3] - district[1]) / (box[3] - box[1]))
    assert fill > 0.9, f"whole area: the district fills {fill:.0%} of the view"
    return [f"grid {tract1['geoid']}: {s['grid']['analysis']['kept']} kept; street {street}: {kept}; "
            f"grid {tract2['geoid']}: {s['grid2']['analysis']['kept']}; whole: {total}"]


def case_keys(gridscope, src, work):
    s = states_of(gridscope, src, work, "keys")
    events = read_events(src)

    def t(name):
        return s[name]["analysis"]["time"]

    for name in s:
        want = len(in_window(events, t(name)["from_sec"], t(name)["to_sec"]))
        assert s[name]["analysis"]["kept"] == want, (name, s[name]["analysis"]["kept"], want)
    # The scene's year: ] steps by the play speed (a week a second), [ back.
    assert t("start")["length"] == "year" and t("start")["speed"] == "week", t("start")
    assert t("year_forward")["from_sec"] == t("start")["from_sec"] + 7 * DAY, (t("start"), t("year_forward"))
    assert t("year_forward")["to_sec"] - t("year_forward")["from_sec"] == 365 * DAY, t("year_forward")
    assert t("year_back")["from_sec"] == t("start")["from_sec"], t("year_back")
    # A week's window: ] steps it forward by its length, twice; [ once back.
    week = t("week")
    assert week["length"] == "week" and week["to_sec"] - week["from_sec"] == 7 * DAY, week
    length = week["to_sec"] - week["from_sec"]
    assert t("forward")["from_sec"] == week["from_sec"] + length and t("forward")["to_sec"] == week["to_sec"] + length
    assert t("forward2")["from_sec"] == week["from_sec"] + 2 * length, t("forward2")
    assert t("back")["from_sec"] == week["from_sec"] + length, t("back")
    # At 30 days a second, ] steps 30 days.
    assert t("month_step")["speed"] == "month", t("month_step")
    assert t("month_step")["from_sec"] == t("back")["from_sec"] + 30 * DAY, (t("back"), t("month_step"))
    # Space plays, Space pauses (playing may have stepped the window meanwhile, a whole speed step at a time).
    assert t("playing")["playing"] is True and t("paused")["playing"] is False, (t("playing"), t("paused"))
    moved = t("paused")["from_sec"] - t("month_step")["from_sec"]
    assert moved >= 0 and moved % (30 * DAY) == 0, moved
    # An hour's window; at real time ] steps a second, at an hour a second an hour.
    assert t("hour")["length"] == "hour" and t("hour")["to_sec"] - t("hour")["from_sec"] == 3600, t("hour")
    assert t("hour")["speed"] == "realtime", t("hour")
    assert t("second_step")["from_sec"] == t("hour")["from_sec"] + 1, (t("hour"), t("second_step"))
    assert t("hour_step")["speed"] == "hour" and t("hour_step")["from_sec"] == t("second_step")["from_sec"] + 3600
    return [f"{n}: {t(n)['from'][:10]} .. {t(n)['to'][:10]}" for n in ("start", "year_forward", "week", "forward",
                                                                       "forward2", "back", "month_step")]


def case_compare(gridscope, src, work):
    """Swipe compare from the panel, the divider dragged, the analysis saved into (a copy of) the scene."""
    scene = json.load(open(os.path.join(src, "data", "analyst_demo.json")))
    data = os.path.join(src, "data")
    for layer in scene["layers"]:
        layer["source"] = os.path.join(data, layer["source"])
    history = scene["analysis"]["history"]
    history["source"] = os.path.join(data, history["source"])
    history["mapping"] = os.path.normpath(os.path.join(data, history["mapping"]))
    copy = os.path.join(work, "compare_scene.json")
    with open(copy, "w") as f:
        json.dump(scene, f, ensure_ascii=False, indent=2)
    s = states_of(gridscope, src, work, "compare", copy, TALL)
    events = read_events(src)
    a = s["swipe"]["analysis"]
    assert s["start"]["analysis"]["compare"] == "off", s["start"]["analysis"]["compare"]
    assert a["compare"] == "swipe" and abs(a["divider"] - 0.5) < 1e-9, (a["compare"], a["divider"])
    # The divider was pressed where it was (the middle of the map's free part, x = 1159 with the
    # panels 718 px wide) and dragged to x = 1450: (1450 - 718) / (1600 - 718) of the free part.
    d = s["dragged"]["analysis"]["divider"]
    assert abs(d - (1450 - 718) / (WIDTH - 718)) <= 0.03, d
    # The window and its events stay; the map under the divider did not pan.
    assert s["dragged"]["analysis"]["time"] == a["time"], (s["dragged"]["analysis"]["time"], a["time"])
    assert s["dragged"]["camera"] == s["swipe"]["camera"], (s["dragged"]["camera"], s["swipe"]["camera"])
    t = a["time"]
    assert a["kept"] == len(in_window(events, t["from_sec"], t["to_sec"])), a["kept"]
    # Saved: the scene file now opens in swipe with that divider, the window as shown, and the rest as it was.
    saved = json.load(open(copy))
    cmp = saved["analysis"]["compare"]
    assert cmp["mode"] == "swipe" and abs(cmp["divider"] - d) < 1e-9, cmp
    saved_from = datetime.fromisoformat(saved["analysis"]["window"]["from"].replace("Z", "+00:00")).timestamp()
    saved_to = datetime.fromisoformat(saved["analysis"]["window"]["to"].replace("Z", "+00:00")).timestamp()
    assert (saved_from, saved_to) == (t["from_sec"], t["to_sec"]), (saved["analysis"]["window"], t)
    # The baseline: the window just before, of its length.
    b_from = datetime.fromisoformat(cmp["from"].replace("Z", "+00:00")).timestamp()
    b_to = datetime.fromisoformat(cmp["to"].replace("Z", "+00:00")).timestamp()
    assert b_to == t["from_sec"] and b_to - b_from == t["to_sec"] - t["from_sec"], (cmp, t)
    assert saved["layers"] == scene["layers"] and saved["analysis"]["history"] == history
    assert "camera" in saved and len(saved["camera"]["bbox"]) == 4, saved.get("camera")
    return [f"swipe at {a['divider']}, dragged to {d:.4f}, saved: {cmp}"]


def case_brush(gridscope, src, work):
    """A range brushed on the timeline becomes the window; a click then moves it, keeping its length."""
    s = states_of(gridscope, src, work, "brush")
    events = read_events(src)
    start, b, m = s["start"]["analysis"]["time"], s["brushed"]["analysis"]["time"], s["moved"]["analysis"]["time"]
    assert b["length"] == "brushed", b
    # The timeline: weekly buckets from the first event's day (the history spans years) to the last.
    times = sorted(e[0] for e in events)
    first_day = times[0] - (times[0] % DAY)
    span = (times[-1] - first_day) // (7 * DAY) + 1
    # 20 % .. 45 % of the width, to whole weeks (a pixel's rounding either way).
    want_from = first_day + round(0.2 * span) * 7 * DAY
    want_to = first_day + round(0.45 * span) * 7 * DAY
    assert abs(b["from_sec"] - want_from) <= 7 * DAY and abs(b["to_sec"] - want_to) <= 7 * DAY, (b, want_from, want_to)
    assert (b["from_sec"] - first_day) % (7 * DAY) == 0 and (b["to_sec"] - first_day) % (7 * DAY) == 0, b
    assert s["brushed"]["analysis"]["kept"] == len(in_window(events, b["from_sec"], b["to_sec"])), s["brushed"]["analysis"]["kept"]
    assert b["from_sec"] != start["from_sec"], (start, b)
    # The click at 70 %: the same length, starting there.
    assert m["to_sec"] - m["from_sec"] == b["to_sec"] - b["from_sec"], (b, m)
    assert abs(m["from_sec"] - (first_day + round(0.7 * span) * 7 * DAY)) <= 7 * DAY, m
    assert s["moved"]["analysis"]["kept"] == len(in_window(events, m["from_sec"], m["to_sec"]))
    return [f"brushed {b['from'][:10]} .. {b['to'][:10]}, moved to {m['from'][:10]} .. {m['to'][:10]}"]


def case_teams(gridscope, src, work):
    # The demo's history with the agency as its team and the channel as its source: a mapping and a
    # scene written here, the scene's paths made absolute.
    mapping = json.load(open(os.path.join(src, "tools", "feed", "sf311_mapping.json")))
    mapping["team"] = "agency"
    mapping["source"] = "source"
    mapping_path = os.path.join(work, "teams_mapping.json")
    json.dump(mapping, open(mapping_path, "w"))
    scene = json.load(open(os.path.join(src, "data", "analyst_demo.json")))
    for layer in scene["layers"]:
        layer["source"] = os.path.join(src, "data", layer["source"])
    scene["analysis"]["history"] = {"source": os.path.join(src, "data", "sf311_demo.csv"), "mapping": mapping_path}
    scene_path = os.path.join(work, "teams_scene.json")
    json.dump(scene, open(scene_path, "w"), ensure_ascii=False)
    s = states_of(gridscope, src, work, "teams", config=scene_path, height=1400)

    # The CSV read here: each 2015 case's agency and channel.
    zone = ZoneInfo(mapping["time_zone"])
    rows = []
    with open(os.path.join(src, "data", "sf311_demo.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = int(datetime.strptime(row["opened"], mapping["time_format"]).replace(tzinfo=zone).timestamp())
            if YEAR_2015[0] <= t < YEAR_2015[1]:
                rows.append((row["agency"], row["source"]))
    team, source = "DPW Ops Queue", "Voice In"
    start = s["start"]["analysis"]
    assert start["kept"] == len(rows), (start["kept"], len(rows))
    in_team = sum(1 for a, _ in rows if a == team)
    assert start["team_counts"][team] == in_team, (start["team_counts"][team], in_team)
    assert start["source_counts"][source] == sum(1 for _, c in rows if c == source), start["source_counts"]
    assert 0 < in_team < len(rows), in_team
    # Without the team: its events go; the sources' counts are now of the other teams' events.
    off = s["without_team"]["analysis"]
    assert team not in off["filters"]["teams"] and source in off["filters"]["sources"], off["filters"]
    assert off["kept"] == len(rows) - in_team, (off["kept"], len(rows), in_team)
    others = [(a, c) for a, c in rows if a != team]
    assert off["source_counts"][source] == sum(1 for _, c in others if c == source), off["source_counts"]
    assert off["team_counts"][team] == in_team, "a team's own count does not depend on its own box"
    # And without the source: what is left.
    both = s["without_team_and_source"]["analysis"]
    assert source not in both["filters"]["sources"], both["filters"]
    left = sum(1 for a, c in rows if a != team and c != source)
    assert both["kept"] == left, (both["kept"], left)
    return [f"2015: {len(rows)} cases, {in_team} of {team}; without it {off['kept']}, "
            f"and without {source} {both['kept']}"]


def case_errors(gridscope, src, work):
    """A step that finds nothing to act on stops the script: exit 2, one line naming the step."""
    def script(name, steps):
        path = os.path.join(work, name + ".json")
        json.dump({"steps": steps}, open(path, "w"))
        return path

    cases = [
        (script("bad_kind", [{"do": "state", "name": "a"}, {"do": "clik", "item": "analysis.slider"}]),
         ': steps[1].do: "clik" is not a step (did you mean "click"?)'),
        (script("bad_key", [{"do": "key", "key": "ctrl-q"}]), ': steps[0].key: "ctrl-q" is not a key ('),
        (script("no_item", [{"do": "state", "name": "a"}, {"do": "click", "item": "analysis.category.nonsense"}]),
         ': steps[1] (click): no UI item "analysis.category.nonsense" in the window now (items: analysis.window, '),
        # Under the analysis panel at the start (lon -122.42 is left of the free map).
        (script("under_panel", [{"do": "click", "lonlat": [-122.4200, 37.7900]}]),
         ": steps[0] (click): lon/lat (-122.420000, 37.790000) is at ("),
        (script("off_window", [{"do": "click", "lonlat": [-122.30, 37.79]}]), ": steps[0] (click): ("),
    ]
    lines = []
    for path, text in cases:
        rc, err, state = run_window(gridscope, src, work, path, os.path.basename(path)[:-5])
        assert rc == 2, f"{path}: exit {rc}, want 2\n{err}"
        line = [l for l in err.splitlines() if l.startswith("gridscope: ")]
        assert len(line) == 1 and line[0].startswith("gridscope: " + path + text), f"{path}: stderr\n{err}"
        assert state is None, f"{path}: a state file was written though the script failed"
        lines.append(line[0])
    assert "under a panel, not on the map" in lines[3], lines[3]
    assert "is off the window (1600x1000)" in lines[4], lines[4]
    return lines


def main():
    case, gridscope, src, work = sys.argv[1:5]
    if not shutil.which("Xvfb"):
        print("Xvfb not found: skipped")
        sys.exit(77)
    os.makedirs(work, exist_ok=True)
    server = start_display()
    try:
        for line in globals()["case_" + case](gridscope, src, work):
            print(line)
    finally:
        server.terminate()
        server.wait()
    print(f"window_script_{case}: ok")


if __name__ == "__main__":
    main()
