#!/usr/bin/python3
"""Simulated volunteers for the demo feed: deterministic, Python standard library only.

    simulate_volunteers.py ISSUES.ndjson --out MERGED.ndjson [--seed N] [--zone America/Los_Angeles]

Reads the issue messages (live-feed contract lines, as `gridscope feed from-csv` writes them),
simulates 20 volunteers in 5 teams over the same days, and writes the issues and the volunteers
merged into one file sorted by updated_at (issues first on equal instants; otherwise the input
order). Nothing here is real: the people, their names, teams, shifts and walks are made up. The
same input and seed always give the same bytes.

The model, kept simple on purpose:
- each team has a base in one of the demo neighborhoods; each day a volunteer works a 4-hour
  morning (08:00) or afternoon (13:30) shift with probability DUTY_PROBABILITY, starting at the base
  (on_duty) and ending wherever they are (off_duty);
- on duty, a volunteer takes the nearest open issue (reported, not yet closed) within
  SEARCH_RADIUS_M that nobody else has taken, has had fewer than MAX_VISITS visits and no visit in the
  last REVISIT_AFTER_H hours: they go busy with assigned_issue at once, walk there (busy, at the
  issue), spend 15-45 minutes, then go back to on_duty at that spot;
- with nothing to take, they walk a patrol leg to a random point near their base (on_duty).
"""

import argparse
import datetime as dt
import heapq
import json
import math
import random
import sys
from zoneinfo import ZoneInfo

DUTY_PROBABILITY = 0.3
SHIFT_HOURS = 4
SEARCH_RADIUS_M = 1500.0
MAX_VISITS = 3
REVISIT_AFTER_H = 12
WALK_M_PER_S = 1.2
PATROL_RADIUS_M = 450.0

# Team name, base (lon, lat) inside the neighborhood named, members.
TEAMS = [
    ("唐人街银铃巡逻队", (-122.4058, 37.7941), "Chinatown"),
    ("北滩邻里守望队", (-122.4101, 37.8008), "North Beach"),
    ("诺布山青年志愿队", (-122.4124, 37.7919), "Nob Hill"),
    ("田德隆关爱服务队", (-122.4127, 37.7839), "Tenderloin"),
    ("金融区楼宇先锋队", (-122.3990, 37.7930), "Financial District/South Beach"),
]
MEMBERS_PER_TEAM = 4
SURNAMES = "陈李黄张林王刘吴梁何郑谭周邓余伍朱罗蔡许"
GIVEN = ["秀兰", "建华", "丽娟", "志强", "美玲", "国华", "淑芬", "伟明", "嘉欣", "家豪",
         "惠珍", "俊杰", "凤英", "子轩", "玉梅", "文斌", "雪梅", "振东", "慧敏", "浩然"]


def parse_time(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def metres(a, b):
    """Haversine distance between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))


def offset_point(p, distance_m, bearing):
    """A point `distance_m` from p towards `bearing` (radians), flat-earth (fine at this scale)."""
    dlat = distance_m * math.cos(bearing) / 111320.0
    dlon = distance_m * math.sin(bearing) / (111320.0 * math.cos(math.radians(p[1])))
    return (round(p[0] + dlon, 7), round(p[1] + dlat, 7))


class Issue:
    def __init__(self, ident, pos):
        self.id = ident
        self.pos = pos
        self.reported = None
        self.closed = None
        self.taken_by = None
        self.visits = []


def read_issues(path):
    lines, issues = [], {}
    with open(path, encoding="utf-8") as f:
        for order, line in enumerate(f):
            line = line.rstrip("\n")
            if not line:
                continue
            msg = json.loads(line)
            props = msg["properties"]
            at = parse_time(props["updated_at"])
            lines.append((at, 0, order, line))
            if props.get("kind") != "issue":
                continue
            issue = issues.setdefault(msg["id"], Issue(msg["id"], tuple(msg["geometry"]["coordinates"])))
            if props["status"] == "reported":
                issue.reported = at
            elif props["status"] in ("resolved", "closed", "cancelled"):
                issue.closed = at
    return lines, [i for i in issues.values() if i.reported is not None]


class Volunteer:
    def __init__(self, number, team, base, name):
        self.id = "vol-%02d" % number
        self.team = team
        self.base = base
        self.name = name
        self.pos = base
        self.shift_end = None
        self.issue = None


def simulate(issues, zone, seed):
    rng = random.Random(seed)
    volunteers = []
    for t, (team, base, _) in enumerate(TEAMS):
        for k in range(MEMBERS_PER_TEAM):
            n = t * MEMBERS_PER_TEAM + k
            volunteers.append(Volunteer(n + 1, team, base, SURNAMES[n] + GIVEN[n]))

    first = min(i.reported for i in issues).astimezone(zone).date()
    last = max(max(i.reported, i.closed or i.reported) for i in issues).astimezone(zone).date()

    # The event queue: (instant, sequence, volunteer index, action). The sequence keeps equal
    # instants in a fixed order.
    queue, seq = [], 0

    def push(at, v, action):
        nonlocal seq
        heapq.heappush(queue, (at, seq, v, action))
        seq += 1

    day = first
    while day <= last:
        for v in range(len(volunteers)):
            if rng.random() >= DUTY_PROBABILITY:
                continue
            hour, minute = (8, 0) if rng.random() < 0.5 else (13, 30)
            start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            start += dt.timedelta(minutes=rng.randrange(0, 20))
            push(start, v, "start")
        day += dt.timedelta(days=1)

    out = []

    def emit(at, vol, status):
        props = {"kind": "volunteer", "team": vol.team, "status": status, "title": vol.name,
                 "updated_at": at.astimezone(zone).isoformat(timespec="seconds")}
        if status == "busy":
            props["assigned_issue"] = vol.issue.id
        msg = {"type": "Feature", "id": vol.id,
               "geometry": {"type": "Point", "coordinates": [vol.pos[0], vol.pos[1]]},
               "properties": props}
        out.append((at, json.dumps(msg, ensure_ascii=False, separators=(",", ":"))))

    def walk(a, b):
        return dt.timedelta(seconds=metres(a, b) / WALK_M_PER_S + rng.randrange(60, 300))

    while queue:
        at, _, v, action = heapq.heappop(queue)
        vol = volunteers[v]
        if action == "start":
            vol.shift_end = at + dt.timedelta(hours=SHIFT_HOURS)
            vol.pos = offset_point(vol.base, rng.uniform(0, 120), rng.uniform(0, 2 * math.pi))
            emit(at, vol, "on_duty")
            push(at + dt.timedelta(minutes=rng.randrange(2, 10)), v, "decide")
        elif action == "decide":
            if at + dt.timedelta(minutes=20) >= vol.shift_end:
                push(max(at, vol.shift_end), v, "end")
                continue
            best = None
            for issue in issues:
                if issue.reported > at or (issue.closed is not None and issue.closed <= at):
                    continue
                if issue.taken_by is not None or len(issue.visits) >= MAX_VISITS:
                    continue
                if issue.visits and at - issue.visits[-1] < dt.timedelta(hours=REVISIT_AFTER_H):
                    continue
                d = metres(vol.pos, issue.pos)
                if d <= SEARCH_RADIUS_M and (best is None or (d, issue.id) < best[0]):
                    best = ((d, issue.id), issue)
            if best is not None:
                issue = best[1]
                issue.taken_by = vol.id
                vol.issue = issue
                emit(at, vol, "busy")  # assigned, still where they were
                push(at + walk(vol.pos, issue.pos), v, "arrive")
            else:
                target = offset_point(vol.base, rng.uniform(50, PATROL_RADIUS_M), rng.uniform(0, 2 * math.pi))
                arrive = at + walk(vol.pos, target) + dt.timedelta(minutes=rng.randrange(25, 46))
                vol.pos = target
                if arrive >= vol.shift_end:
                    push(vol.shift_end, v, "end")
                else:
                    emit(arrive, vol, "on_duty")
                    push(arrive + dt.timedelta(minutes=1), v, "decide")
        elif action == "arrive":
            # A few metres off the issue's point, so that markers do not hide each other.
            vol.pos = offset_point(vol.issue.pos, rng.uniform(5, 15), rng.uniform(0, 2 * math.pi))
            emit(at, vol, "busy")
            push(at + dt.timedelta(minutes=rng.randrange(15, 46)), v, "done")
        elif action == "done":
            vol.issue.visits.append(at)
            vol.issue.taken_by = None
            vol.issue = None
            emit(at, vol, "on_duty")
            push(at + dt.timedelta(minutes=1), v, "decide")
        elif action == "end":
            emit(max(at, vol.shift_end), vol, "off_duty")
    return out, volunteers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("issues")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20151201)
    parser.add_argument("--zone", default="America/Los_Angeles")
    args = parser.parse_args()

    lines, issues = read_issues(args.issues)
    if not issues:
        sys.exit("simulate_volunteers: no issues in %s" % args.issues)
    zone = ZoneInfo(args.zone)
    volunteer_lines, volunteers = simulate(issues, zone, args.seed)

    merged = lines + [(at, 1, n, line) for n, (at, line) in enumerate(volunteer_lines)]
    merged.sort(key=lambda m: (m[0], m[1], m[2]))
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for m in merged:
            f.write(m[3] + "\n")

    statuses = {}
    for _, line in volunteer_lines:
        s = json.loads(line)["properties"]["status"]
        statuses[s] = statuses.get(s, 0) + 1
    print("simulate_volunteers: %d issue messages (%d issues) + %d volunteer messages (%d volunteers, %d teams: %s) -> %s"
          % (len(lines), len(issues), len(volunteer_lines), len(volunteers), len(TEAMS),
             ", ".join("%s %d" % kv for kv in sorted(statuses.items())), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
