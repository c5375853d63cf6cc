#!/usr/bin/python3
"""Checks one or two `gridscope wall --span` runs on a multi-monitor X server (run_wall_test.sh).

  check_wall.py MONITORS.txt RUN [RUN]     RUN = LAYOUT.json:STDERR.txt:WINDOW.png:CANVAS.png

MONITORS.txt is `xrandr --listmonitors`. For each run:
  * the "wall: monitor" lines name the X server's monitors, at their positions and sizes;
  * one "wall: output" line per monitor: its window pixels are the monitor's rectangle (window at
    the monitors' union) and its canvas rectangle is the monitor's cell of the layout's grid
    (cw = (W - (columns-1)*bx) / columns, cell (c, r) at c*(cw+bx), r*(ch+by));
  * the screenshot is the union's size, and each monitor's part of it equals the headless render's
    crop of that monitor's cell (scaled to the monitor when the cell is not 1:1);
with two runs (same panels, bezel 0 and bezel B): monitor (c, r)'s picture in the second run is
the first run's moved by exactly (c*bx, r*by) pixels, and by no other nearby amount.
Exit 0 when all hold, 1 with a line per failure. Needs PIL and numpy (Debian: python3-pil,
python3-numpy).
"""
import json
import re
import sys

import numpy as np
from PIL import Image

# A pixel "differs" when a channel is off by more than this (the window and the headless render
# draw the same GL calls on llvmpipe; a few levels of rounding are tolerated).
PIXEL_TOLERANCE = 24
# At most this fraction of a monitor's pixels may differ in a match...
MATCH_MAX_BAD = 0.002
# ...and a wrong placement must differ in at least this fraction (else the check proves nothing).
MISMATCH_MIN_BAD = 0.01

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def ok(msg):
    print("ok   " + msg)


def parse_monitors(text):
    # " 1: +DUMMY1 1920/508x1080/286+1920+0  DUMMY1"
    mons = []
    for line in text.splitlines():
        m = re.match(r"^\s*\d+:\s+[+*]*(\S+)\s+(\d+)/\d+x(\d+)/\d+([+-]\d+)([+-]\d+)", line)
        if m:
            mons.append({"name": m[1], "w": int(m[2]), "h": int(m[3]), "x": int(m[4]), "y": int(m[5])})
    return mons


def cell(layout, column, row):
    W, H = layout["canvas"]
    wall = layout["wall"]
    cols, rows = wall["columns"], wall["rows"]
    bx, by = wall.get("bezel", [0, 0])
    cw = (W - (cols - 1) * bx) / cols
    ch = (H - (rows - 1) * by) / rows
    return (column * (cw + bx), row * (ch + by), cw, ch)


def bad_fraction(a, b):
    """Fraction of pixels where some channel differs by more than PIXEL_TOLERANCE."""
    d = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2)
    return float((d > PIXEL_TOLERANCE).mean()), float(d.mean())


def load_rgb(path):
    return np.asarray(Image.open(path).convert("RGB"))


def check_run(tag, layout_path, stderr_path, window_png, canvas_png, mons):
    layout = json.load(open(layout_path, encoding="utf-8"))
    err = open(stderr_path, encoding="utf-8", errors="replace").read()
    cols, rows = layout["wall"]["columns"], layout["wall"]["rows"]
    ox, oy = min(m["x"] for m in mons), min(m["y"] for m in mons)
    ux = max(m["x"] + m["w"] for m in mons) - ox
    uy = max(m["y"] + m["h"] for m in mons) - oy
    xs, ys = sorted({m["x"] for m in mons}), sorted({m["y"] for m in mons})
    if len(xs) != cols or len(ys) != rows or len(mons) != cols * rows:
        fail(f"{tag}: the X server's {len(mons)} monitors do not form the layout's {cols}x{rows} grid")
        return None

    # --- stderr: the monitors gridscope saw, and its output plan ------------------------------
    seen = {}
    for m in re.finditer(r"^wall: monitor (\S+) at ([+-]\d+)([+-]\d+), (\d+)x(\d+)", err, re.M):
        seen[m[1]] = (int(m[2]), int(m[3]), int(m[4]), int(m[5]))
    want = {m["name"]: (m["x"], m["y"], m["w"], m["h"]) for m in mons}
    if seen != want:
        fail(f"{tag}: gridscope saw monitors {seen}, the X server has {want}")
    else:
        ok(f"{tag}: gridscope sees the {len(mons)} monitors at their positions")

    outputs = [
        {"name": m[2], "win": tuple(int(v) for v in m.group(3, 4, 5, 6)),
         "canvas": tuple(float(v) for v in m.group(7, 8, 9, 10))}
        for m in re.finditer(
            r"^wall: output (\d+) \((.*?)\): window pixels (-?\d+),(-?\d+) (\d+)x(\d+) "
            r"show canvas (-?[\d.]+),(-?[\d.]+) ([\d.]+)x([\d.]+)$", err, re.M)
    ]
    if len(outputs) != len(mons):
        fail(f"{tag}: {len(outputs)} 'wall: output' lines for {len(mons)} monitors:\n"
             + "\n".join(l for l in err.splitlines() if l.startswith("wall: output")))
    plan_ok = len(outputs) == len(mons)
    for mon in mons:
        col, row = xs.index(mon["x"]), ys.index(mon["y"])
        mine = [o for o in outputs if o["name"] == mon["name"]]
        if len(mine) != 1:
            fail(f"{tag}: {len(mine)} outputs name monitor {mon['name']}")
            plan_ok = False
            continue
        o = mine[0]
        win = (mon["x"] - ox, mon["y"] - oy, mon["w"], mon["h"])
        if o["win"] != win:
            fail(f"{tag}: output {mon['name']} covers window pixels {o['win']}, its monitor is at {win}")
            plan_ok = False
        c = cell(layout, col, row)
        # printed with %.0f
        if any(abs(a - round(b)) > 0.5 for a, b in zip(o["canvas"], c)):
            fail(f"{tag}: output {mon['name']} (column {col}, row {row}) shows canvas {o['canvas']}, "
                 f"its cell is {tuple(round(v, 2) for v in c)}")
            plan_ok = False
    if plan_ok:
        ok(f"{tag}: one output per monitor, on its monitor's pixels, showing its cell of the canvas")

    # --- pixels: each monitor's part of the window is its cell of the headless render ----------
    if "wall: screenshot" not in err:
        fail(f"{tag}: no screenshot was taken:\n{err[-2000:]}")
        return None
    shot = load_rgb(window_png)
    canvas_img = Image.open(canvas_png).convert("RGB")
    W, H = layout["canvas"]
    if shot.shape[:2] != (uy, ux):
        fail(f"{tag}: the window's framebuffer is {shot.shape[1]}x{shot.shape[0]}, "
             f"the monitors' union {ux}x{uy}")
        return None
    if canvas_img.size != (W, H):
        fail(f"{tag}: the headless render is {canvas_img.size}, the canvas {W}x{H}")
        return None
    crops, cells = {}, {}
    for mon in mons:
        col, row = xs.index(mon["x"]), ys.index(mon["y"])
        x, y, w, h = mon["x"] - ox, mon["y"] - oy, mon["w"], mon["h"]
        crops[(col, row)] = shot[y:y + h, x:x + w]
        cx, cy, cw, ch = cell(layout, col, row)
        ref = canvas_img.crop((round(cx), round(cy), round(cx + cw), round(cy + ch)))
        if ref.size != (w, h):
            ref = ref.resize((w, h), Image.BILINEAR)
        cells[(col, row)] = np.asarray(ref)
    # The cells must differ from one another, or a swapped output would go unnoticed.
    keys = sorted(cells)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            bad, _ = bad_fraction(cells[a], cells[b])
            if bad < MISMATCH_MIN_BAD:
                fail(f"{tag}: cells {a} and {b} of the canvas look alike ({bad:.2%} differ): "
                     "the layout cannot tell outputs apart")
    for mon in mons:
        key = (xs.index(mon["x"]), ys.index(mon["y"]))
        bad, mean = bad_fraction(crops[key], cells[key])
        msg = (f"{tag}: monitor {mon['name']} (column {key[0]}, row {key[1]}) vs its canvas cell: "
               f"{bad:.3%} of pixels differ, mean difference {mean:.2f}")
        if bad > MATCH_MAX_BAD:
            fail(msg + f" (at most {MATCH_MAX_BAD:.1%} allowed)")
            # Say what it shows instead, if it is another cell.
            for other in keys:
                if other != key and bad_fraction(crops[key], cells[other])[0] <= MATCH_MAX_BAD:
                    fail(f"{tag}: monitor {mon['name']} shows cell {other} instead of {key}")
        else:
            ok(msg)
    return {"layout": layout, "crops": crops}


def check_bezel(a, b):
    """Run b has the same panels as run a with a bezel: monitor (c, r)'s picture moves by exactly
    (c*bx, r*by) pixels."""
    bxa, bya = a["layout"]["wall"].get("bezel", [0, 0])
    bxb, byb = b["layout"]["wall"].get("bezel", [0, 0])
    dbx, dby = bxb - bxa, byb - bya
    for key in sorted(a["crops"]):
        col, row = key
        pa, pb = a["crops"][key], b["crops"][key]
        h, w = pa.shape[:2]

        def score(sx, sy):
            # pb[y, x] should be pa[y + sy, x + sx]
            if sx < 0 or sy < 0 or sx >= w or sy >= h:
                return 1.0
            return bad_fraction(pb[0:h - sy, 0:w - sx], pa[sy:h, sx:w])[0]

        want = (col * dbx, row * dby)
        got = score(*want)
        msg = f"bezel: monitor ({col}, {row}) moves by {want} canvas pixels: {got:.3%} of pixels differ"
        if got > MATCH_MAX_BAD:
            fail(msg)
            continue
        # Not by any other nearby amount (none, or one pixel off on either axis).
        others = {(0, 0), (want[0] + 1, want[1]), (want[0], want[1] + 1)}
        if want[0] > 0:
            others.add((want[0] - 1, want[1]))
        if want[1] > 0:
            others.add((want[0], want[1] - 1))
        others.discard(want)
        worst = min((score(*s), s) for s in others)
        if worst[0] < MISMATCH_MIN_BAD:
            fail(msg + f", but a move by {worst[1]} matches as well ({worst[0]:.3%} differ)")
        else:
            ok(msg + f" (by any of {sorted(others)}: at least {worst[0]:.2%})")


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    mons = parse_monitors(open(argv[1]).read())
    if not mons:
        fail(f"no monitors in {argv[1]}")
        return 1
    runs = []
    for i, spec in enumerate(argv[2:]):
        layout, stderr, window, canvas = spec.split(":")
        runs.append(check_run(f"run {i} ({layout.rsplit('/', 1)[-1]})", layout, stderr, window, canvas, mons))
    if len(runs) == 2 and all(runs):
        check_bezel(runs[0], runs[1])
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
