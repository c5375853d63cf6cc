#!/usr/bin/env python3
"""Writes feed.ndjson: a synthetic live feed that shows every look of the live markers at once.

Rows are issue categories (the eight known ones and an unknown one, drawn as "other"); columns are
  reported P3 | assigned P2 | in_progress P1 | reported P2, 3 h overdue | assigned P3, 2 days overdue
at the clock 2026-11-22T10:00:00+08:00. One more issue, reported 3 s before the clock, pulses. Five
volunteers of five teams walk a few legs in the last 25 minutes (trails); two of them are busy.
Made up for the render test; run it again to remake the file (same output every time).
"""
import json
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 22, 10, 0, 0, tzinfo=TZ)
LON0, LAT0 = -122.4060, 37.7950  # top left of the grid
DLON, DLAT = 0.00072, 0.00056    # about 63 m by 62 m

CATEGORIES = ["safety_hazard", "sanitation", "noise", "elderly_care", "facility_repair", "dispute", "traffic",
              "greenery", "lost_pet"]
COLUMNS = [  # status, priority, due relative to the clock
    ("reported", 3, timedelta(hours=20)),
    ("assigned", 2, timedelta(hours=6)),
    ("in_progress", 1, timedelta(hours=2)),
    ("reported", 2, timedelta(hours=-3)),
    ("assigned", 3, timedelta(days=-2, hours=-1)),
]
TEAMS = ["唐人街银铃巡逻队", "北滩邻里守望队", "诺布山青年志愿队", "田德隆关爱服务队", "金融区楼宇先锋队"]


def t(d):
    return d.isoformat()


def feature(fid, lon, lat, props):
    return {"type": "Feature", "id": fid, "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
            "properties": props}


lines = []
for r, category in enumerate(CATEGORIES):
    for c, (status, priority, due) in enumerate(COLUMNS):
        reported = NOW + due - timedelta(hours=72)
        p = {"kind": "issue", "category": category, "status": "reported", "priority": priority,
             "title": f"{category} {status}", "reported_at": t(reported), "updated_at": t(reported),
             "due_at": t(NOW + due)}
        fid = f"cat-{r}-{c}"
        lon, lat = LON0 + c * DLON, LAT0 - r * DLAT
        lines.append((reported, feature(fid, lon, lat, p)))
        if status != "reported":
            q = dict(p, status=status, updated_at=t(reported + timedelta(minutes=30)))
            lines.append((reported + timedelta(minutes=30), feature(fid, lon, lat, q)))

new = NOW - timedelta(seconds=3)
lines.append((new, feature("cat-new", LON0 + 5.6 * DLON, LAT0 - 0.5 * DLAT,
                           {"kind": "issue", "category": "safety_hazard", "status": "reported", "priority": 1,
                            "title": "new", "reported_at": t(new), "updated_at": t(new),
                            "due_at": t(new + timedelta(hours=2))})))

for v, team in enumerate(TEAMS):
    lon, lat = LON0 + 6.6 * DLON, LAT0 - (1.2 + 1.6 * v) * DLAT
    legs = [(0, 0), (0.5, -0.4), (1.0, -0.3), (1.4, 0.3), (1.9, 0.2)]
    for k, (dx, dy) in enumerate(legs):
        when = NOW - timedelta(minutes=25) + timedelta(minutes=6 * k)
        last = k == len(legs) - 1
        status = "busy" if last and v in (1, 3) else "on_duty"
        p = {"kind": "volunteer", "team": team, "status": status, "updated_at": t(when), "title": f"volunteer {v}"}
        lines.append((when, feature(f"vol-{v}", lon + dx * DLON, lat + dy * DLAT, p)))

lines.sort(key=lambda x: x[0])
with open(__file__.rsplit("/", 1)[0] + "/feed.ndjson", "w", encoding="utf-8") as out:
    for _, f in lines:
        out.write(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + "\n")
print(len(lines), "messages; bbox", LON0 - DLON, LAT0 - 9 * DLAT, LON0 + 9.5 * DLON, LAT0 + DLAT)
