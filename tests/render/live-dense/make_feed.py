#!/usr/bin/env python3
"""Writes feed.ndjson: 1,200 open issues crowded into a few blocks, for the dense marker variant.

At 320x240 pixels they are about 8 px apart, so markers shrink to a quarter of their size and the
overlay draws them as points with the crowded shader (no rings; overdue issues filled red).
Categories, statuses and priorities are mixed; one issue in ten is overdue at the clock
2026-11-22T10:00:00+08:00. Synthetic, fixed seed: the same file every run.
"""
import json
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(20261122)
TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 22, 10, 0, 0, tzinfo=TZ)
CATEGORIES = ["safety_hazard", "sanitation", "noise", "elderly_care", "facility_repair", "dispute", "traffic",
              "greenery"]
STATUSES = ["reported", "assigned", "in_progress"]
lines = []
for i in range(1200):
    lon = -122.4090 + rng.random() * 0.0120
    lat = 37.7905 + rng.random() * 0.0070
    reported = NOW - timedelta(minutes=rng.randint(10, 600))
    due = NOW - timedelta(hours=1) if rng.random() < 0.1 else NOW + timedelta(hours=rng.randint(1, 48))
    t = lambda d: d.isoformat()
    lines.append({"type": "Feature", "id": f"d{i}",
                  "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                  "properties": {"kind": "issue", "category": rng.choice(CATEGORIES), "status": rng.choice(STATUSES),
                                 "priority": rng.randint(1, 3), "reported_at": t(reported), "updated_at": t(reported),
                                 "due_at": t(due)}})
lines.sort(key=lambda f: f["properties"]["updated_at"])
with open(__file__.rsplit("/", 1)[0] + "/feed.ndjson", "w", encoding="utf-8") as out:
    for f in lines:
        out.write(json.dumps(f, separators=(",", ":")) + "\n")
