// The live store against the contract's upsert rules, its accounting, the per-grid figures (checked
// against a from-scratch recount), the drawn set's change lists and the history.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "live/store/live_store.hpp"

namespace gs {
namespace {

using nlohmann::json;

std::int64_t at(const std::string& rfc3339) { return parseRfc3339(rfc3339).value(); }
std::string t(int hour, int minute = 0, int day = 22) {  // a local (+08:00) time on 2026-11-<day>
    char buf[64];
    std::snprintf(buf, sizeof buf, "2026-11-%02dT%02d:%02d:00+08:00", day, hour, minute);
    return buf;
}

json issue(const std::string& id, const std::string& status, const std::string& updated, double x = 0.25,
           double y = 0.25) {
    return {{"type", "Feature"},
            {"id", id},
            {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
            {"properties",
             {{"kind", "issue"}, {"category", "noise"}, {"status", status}, {"reported_at", t(8)},
              {"updated_at", updated}}}};
}

json volunteer(const std::string& id, const std::string& status, const std::string& updated, double x = 0.25,
               double y = 0.25) {
    return {{"type", "Feature"},
            {"id", id},
            {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
            {"properties", {{"kind", "volunteer"}, {"status", status}, {"updated_at", updated}}}};
}

json withoutGeometry(json j) {
    j["geometry"] = nullptr;
    return j;
}

// Two levels over [0,2] x [0,1]: two "streets" (x < 1, x >= 1) and 4 x 2 grids.
struct TestGrids {
    BruteForceGridAssigner assigner;
    TestGrids() {
        const Box extent{0, 0, 2, 1};
        assigner.addLevel(BruteForceGridAssigner::uniformGrids(extent, 2, 1, "S"));
        assigner.addLevel(BruteForceGridAssigner::uniformGrids(extent, 4, 2, "G"));
    }
};

IngestOutcome feed(LiveStore& store, const json& j) { return store.ingest(j.dump()); }

// Everything a user can see of a store, keyed by id so record order does not matter.
struct Snapshot {
    std::map<std::string, std::string> records;  // kind:id -> text, point, grids, status
    std::vector<GridFigures> figures;
    std::set<std::string> drawn;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const LiveStore& store) {
    Snapshot s;
    for (std::uint32_t rec = 0; rec < store.size(); ++rec) {
        const LiveRecord& r = store.record(rec);
        std::string v = std::string(store.text(rec)) + "|" + std::to_string(r.point.x) + "," +
                        std::to_string(r.point.y) + "|" + std::to_string(r.status) + "|";
        for (int l = 0; l < store.levelCount(); ++l) v += std::to_string(store.grid(rec, l)) + ",";
        s.records[std::string(kindName(r.kind)) + ":" + std::string(store.id(rec))] = v;
    }
    for (int l = 0; l < store.levelCount(); ++l)
        for (int g = -1; g < store.gridCount(l); ++g) s.figures.push_back(store.figures(l, g));
    s.figures.push_back(store.totals());
    for (std::uint32_t slot = 0; slot < store.drawnCount(); ++slot) {
        const std::uint32_t rec = store.drawnRecord(slot);
        s.drawn.insert(std::string(kindName(store.record(rec).kind)) + ":" + std::string(store.id(rec)));
    }
    return s;
}

// The figures of one grid recounted from scratch from the records, as a check on the incremental ones.
GridFigures recount(const LiveStore& store, int level, int grid, std::int64_t now, int offsetMinutes) {
    GridFigures f;
    std::vector<std::int64_t> responses;
    const std::int64_t dayStart = localDayStart(now, offsetMinutes);
    for (std::uint32_t rec = 0; rec < store.size(); ++rec) {
        if (level >= 0 && store.grid(rec, level) != grid) continue;
        const LiveRecord& r = store.record(rec);
        if (r.kind == LiveKind::Volunteer) {
            ++f.volunteers;
            f.volunteersOnDuty += r.status == std::uint8_t(VolunteerStatus::OnDuty);
            f.volunteersBusy += r.status == std::uint8_t(VolunteerStatus::Busy);
            continue;
        }
        ++f.issues;
        const bool open = r.status <= std::uint8_t(IssueStatus::InProgress);
        f.open += open;
        f.overdue += open && r.dueAt != kNoTime && r.dueAt < now;
        f.newLastHour += r.reportedAt != kNoTime && r.reportedAt > now - kMillisPerHour && r.reportedAt <= now;
        const bool resolved = r.status == std::uint8_t(IssueStatus::Resolved) ||
                              r.status == std::uint8_t(IssueStatus::Closed);
        if (!resolved) continue;
        const std::int64_t when = r.resolvedAt != kNoTime ? r.resolvedAt : r.updatedAt;
        f.resolvedToday += when >= dayStart && when <= now;
        if (r.reportedAt != kNoTime && when >= r.reportedAt) responses.push_back(when - r.reportedAt);
    }
    std::sort(responses.begin(), responses.end());
    f.responseSamples = std::int32_t(responses.size());
    if (!responses.empty()) {
        const size_t n = responses.size();
        f.medianResponseMs = n % 2 ? responses[n / 2]
                                   : responses[n / 2 - 1] + (responses[n / 2] - responses[n / 2 - 1]) / 2;
    }
    return f;
}

void expectFiguresMatchRecount(const LiveStore& store, std::int64_t now, int offsetMinutes) {
    for (int l = 0; l < store.levelCount(); ++l)
        for (int g = -1; g < store.gridCount(l); ++g)
            ASSERT_EQ(store.figures(l, g), recount(store, l, g, now, offsetMinutes)) << "level " << l << " grid " << g;
    ASSERT_EQ(store.totals(), recount(store, -1, 0, now, offsetMinutes));
}

TEST(LiveStore, UpsertAppliesNewerDropsOlderAndCountsDuplicates) {
    LiveStore store;
    EXPECT_EQ(feed(store, issue("a", "reported", t(9))), IngestOutcome::Applied);
    EXPECT_EQ(feed(store, issue("a", "assigned", t(10))), IngestOutcome::Applied) << "newer";
    EXPECT_EQ(feed(store, issue("a", "in_progress", t(9, 30))), IngestOutcome::Stale) << "older";
    EXPECT_EQ(feed(store, issue("a", "assigned", t(10))), IngestOutcome::Duplicate) << "same time, same content";
    EXPECT_EQ(store.ingest("\x1e" + issue("a", "assigned", t(10)).dump() + "\r\n"), IngestOutcome::Duplicate)
        << "the same message with its framing";
    ASSERT_EQ(store.size(), 1u);
    EXPECT_EQ(store.record(0).status, std::uint8_t(IssueStatus::Assigned));
    EXPECT_EQ(store.record(0).updatedAt, at(t(10)));
    const FeedAccounting& a = store.accounting();
    EXPECT_EQ(a.received, 5u);
    EXPECT_EQ(a.applied, 2u);
    EXPECT_EQ(a.stale, 1u);
    EXPECT_EQ(a.duplicate, 2u);
    EXPECT_TRUE(a.balanced());
    // The same id as a volunteer is a different thing.
    EXPECT_EQ(feed(store, volunteer("a", "on_duty", t(8))), IngestOutcome::Applied);
    EXPECT_EQ(store.size(), 2u);
    EXPECT_NE(store.find(LiveKind::Volunteer, "a"), store.find(LiveKind::Issue, "a"));
    EXPECT_EQ(store.find(LiveKind::Issue, "nope"), LiveStore::kNone);
}

TEST(LiveStore, TiesGoToTheLaterStatusWhateverTheOrder) {
    for (bool resolvedFirst : {false, true}) {
        LiveStore store;
        const json inProgress = issue("a", "in_progress", t(10));
        const json resolved = issue("a", "resolved", t(10));
        EXPECT_EQ(feed(store, resolvedFirst ? resolved : inProgress), IngestOutcome::Applied);
        EXPECT_EQ(feed(store, resolvedFirst ? inProgress : resolved),
                  resolvedFirst ? IngestOutcome::Stale : IngestOutcome::Applied);
        EXPECT_EQ(store.record(0).status, std::uint8_t(IssueStatus::Resolved));
        EXPECT_EQ(store.text(0), resolved.dump());
        EXPECT_EQ(store.accounting().stale, resolvedFirst ? 1u : 0u) << "the loser counts as stale";
    }
    // Volunteers: off_duty < on_duty < busy.
    LiveStore store;
    feed(store, volunteer("v", "busy", t(10)));
    EXPECT_EQ(feed(store, volunteer("v", "on_duty", t(10))), IngestOutcome::Stale);
    EXPECT_EQ(store.record(0).status, std::uint8_t(VolunteerStatus::Busy));
    // cancelled is the furthest issue status.
    feed(store, issue("c", "closed", t(11)));
    EXPECT_EQ(feed(store, issue("c", "cancelled", t(11))), IngestOutcome::Applied);
}

TEST(LiveStore, TiesWithTheSameStatusGoToTheLexicallyLargerText) {
    json a = issue("a", "assigned", t(10));
    json b = a;
    a["properties"]["title"] = "A";
    b["properties"]["title"] = "B";
    const std::string larger = std::max(a.dump(), b.dump());
    for (bool aFirst : {false, true}) {
        LiveStore store;
        feed(store, aFirst ? a : b);
        feed(store, aFirst ? b : a);
        EXPECT_EQ(store.text(0), larger);
        EXPECT_EQ(store.accounting().applied + store.accounting().stale, 2u);
    }
}

TEST(LiveStore, NewIdsNeedAGeometryAndUpdatesKeepTheirPoint) {
    TestGrids grids;
    LiveStore store({}, &grids.assigner);
    EXPECT_EQ(feed(store, withoutGeometry(issue("a", "reported", t(9)))), IngestOutcome::Rejected);
    EXPECT_EQ(store.accounting().rejectedFor(RejectReason::NoGeometryForNewId), 1u);
    EXPECT_EQ(store.size(), 0u);
    ASSERT_EQ(store.recentRejections().size(), 1u);
    EXPECT_EQ(store.recentRejections()[0].reason, RejectReason::NoGeometryForNewId);

    feed(store, issue("a", "reported", t(9), 1.75, 0.75));
    EXPECT_EQ(feed(store, withoutGeometry(issue("a", "assigned", t(10)))), IngestOutcome::Applied);
    EXPECT_EQ(store.record(0).point, (Vec2d{1.75, 0.75})) << "a null geometry keeps the point";
    EXPECT_EQ(store.grid(0, 1), 7);
    // A late message (stale) with a newer position than the one shown still moves the point,
    // because the message shown has none: any arrival order gives the same final state.
    EXPECT_EQ(feed(store, issue("a", "reported", t(9, 30), 0.25, 0.25)), IngestOutcome::Stale);
    EXPECT_EQ(store.record(0).point, (Vec2d{0.25, 0.25}));
    EXPECT_EQ(store.grid(0, 1), 0) << "moved, so assigned again";
    EXPECT_EQ(store.record(0).status, std::uint8_t(IssueStatus::Assigned)) << "the status is not stale";
    // An older position does not.
    EXPECT_EQ(feed(store, issue("a", "reported", t(9, 10), 1.25, 0.25)), IngestOutcome::Stale);
    EXPECT_EQ(store.record(0).point, (Vec2d{0.25, 0.25}));
    EXPECT_TRUE(store.accounting().balanced());
}

TEST(LiveStore, GridsAreAssignedAndOutsidePointsCountedUnassigned) {
    TestGrids grids;
    LiveStore store({}, &grids.assigner);
    feed(store, issue("in", "reported", t(9), 1.6, 0.2));    // street 1, grid (row 0, col 3) = 3
    feed(store, issue("out", "reported", t(9), 5.0, 5.0));   // outside every grid
    json claimed = issue("claimed", "reported", t(9), 0.1, 0.1);
    claimed["properties"]["grid_id"] = "G1-2";               // the sender says grid (row 1, col 2) = 6
    feed(store, claimed);
    EXPECT_EQ(store.size(), 3u) << "never dropped";
    const std::uint32_t in = store.find(LiveKind::Issue, "in"), out = store.find(LiveKind::Issue, "out");
    EXPECT_EQ(store.grid(in, 0), 1);
    EXPECT_EQ(store.grid(in, 1), 3);
    EXPECT_EQ(store.grid(out, 0), -1);
    EXPECT_EQ(store.grid(out, 1), -1);
    const std::uint32_t c = store.find(LiveKind::Issue, "claimed");
    EXPECT_EQ(store.grid(c, 1), 6) << "the sender's grid_id wins at its level";
    EXPECT_EQ(store.grid(c, 0), 0) << "other levels by point";
    EXPECT_EQ(store.senderGridId(c), "G1-2");
    claimed["properties"]["grid_id"] = "G0-1";  // the sender changes its mind, the point stays
    claimed["properties"]["updated_at"] = t(10);
    feed(store, claimed);
    EXPECT_EQ(store.grid(c, 1), 1);
    claimed["properties"].erase("grid_id");
    claimed["properties"]["updated_at"] = t(11);
    feed(store, claimed);
    EXPECT_EQ(store.grid(c, 1), 0) << "without a grid_id the point decides again";
    EXPECT_EQ(store.senderGridId(c), "");
    EXPECT_EQ(store.figures(1, -1).issues, 1);
    EXPECT_EQ(store.figures(1, -1).open, 1);
    EXPECT_EQ(store.figures(0, -1).open, 1);
    EXPECT_EQ(store.figures(1, 3).open, 1);
    EXPECT_EQ(store.totals().open, 3);
}

TEST(LiveStore, OverdueFollowsTheClockBothWays) {
    TestGrids grids;
    LiveStore store({}, &grids.assigner);
    json a = issue("a", "assigned", t(9));
    a["properties"]["due_at"] = t(12);
    feed(store, a);
    json b = issue("b", "reported", t(9));  // no deadline: never overdue
    feed(store, b);
    store.setClock(at(t(11, 59)));
    EXPECT_EQ(store.totals().overdue, 0);
    store.setClock(at(t(12)));
    EXPECT_EQ(store.totals().overdue, 0) << "due_at itself is not past it";
    store.setClock(at(t(12, 1)));
    EXPECT_EQ(store.totals().overdue, 1);
    EXPECT_EQ(store.figures(1, 0).overdue, 1);
    store.setClock(at(t(10)));
    EXPECT_EQ(store.totals().overdue, 0) << "back in time";
    store.setClock(at(t(13)));
    EXPECT_EQ(store.totals().overdue, 1);
    // Resolving it ends the overdue state; reopening brings it back.
    a["properties"]["status"] = "resolved";
    a["properties"]["updated_at"] = t(13, 30);
    feed(store, a);
    EXPECT_EQ(store.totals().overdue, 0);
    a["properties"]["status"] = "in_progress";
    a["properties"]["updated_at"] = t(13, 40);
    feed(store, a);
    EXPECT_EQ(store.totals().overdue, 1);
    // Moving to another grid moves the count.
    a["geometry"]["coordinates"] = {1.9, 0.9};
    a["properties"]["updated_at"] = t(13, 50);
    feed(store, a);
    EXPECT_EQ(store.figures(1, 0).overdue, 0);
    EXPECT_EQ(store.figures(1, 7).overdue, 1);
    expectFiguresMatchRecount(store, at(t(13)), 480);
}

TEST(LiveStore, ResolvedTodayStartsAtLocalMidnight) {
    for (int offset : {480, 0}) {
        StoreOptions options;
        options.utcOffsetMinutes = offset;
        LiveStore store(options);
        json late = issue("late", "resolved", t(23, 59, 22));  // resolved at 23:59 on the 22nd (+08:00)
        json early = issue("early", "closed", t(0, 1, 23));
        early["properties"]["resolved_at"] = t(0, 1, 23);      // resolved at 00:01 on the 23rd (+08:00)
        early["properties"]["updated_at"] = t(1, 0, 23);
        feed(store, late);
        feed(store, early);
        store.setClock(at(t(0, 30, 23)));  // 00:30 on the 23rd, +08:00 = 16:30 UTC on the 22nd
        // At +08:00 only "early" is today; in UTC both fall on the 22nd, which is still "today".
        EXPECT_EQ(store.totals().resolvedToday, offset == 480 ? 1 : 2) << "offset " << offset;
        store.setClock(at(t(23, 59, 22)));
        EXPECT_EQ(store.totals().resolvedToday, 1) << "at 23:59 only the first has happened";
        store.setClock(at(t(0, 0, 24)));  // the next local midnight
        EXPECT_EQ(store.totals().resolvedToday, 0) << "both were on an earlier day";
        expectFiguresMatchRecount(store, at(t(0, 0, 24)), offset);
    }
}

TEST(LiveStore, NewInTheLastHourIsAWindow) {
    LiveStore store;
    for (int minute : {0, 20, 40}) {
        json j = issue("i" + std::to_string(minute), "reported", t(9, minute));
        j["properties"]["reported_at"] = t(9, minute);
        feed(store, j);
    }
    store.setClock(at(t(9, 30)));
    EXPECT_EQ(store.totals().newLastHour, 2) << "09:40 has not happened yet at 09:30";
    store.setClock(at(t(10, 0)));
    EXPECT_EQ(store.totals().newLastHour, 2) << "(09:00, 10:00]";
    store.setClock(at(t(10, 30)));
    EXPECT_EQ(store.totals().newLastHour, 1);
    store.setClock(at(t(12)));
    EXPECT_EQ(store.totals().newLastHour, 0);
}

TEST(LiveStore, MedianResponseTimePerGrid) {
    TestGrids grids;
    LiveStore store({}, &grids.assigner);
    auto resolvedAfter = [&](const std::string& id, int minutes, double x) {
        json j = issue(id, "resolved", t(12), x, 0.25);
        j["properties"]["reported_at"] = t(8);
        j["properties"]["resolved_at"] = t(8 + minutes / 60, minutes % 60);
        return j;
    };
    feed(store, resolvedAfter("a", 10, 0.1));
    feed(store, resolvedAfter("b", 30, 0.1));
    feed(store, resolvedAfter("c", 20, 0.1));
    feed(store, resolvedAfter("far", 240, 1.9));  // another grid
    EXPECT_EQ(store.figures(1, 0).medianResponseMs, 20 * kMillisPerMinute);
    EXPECT_EQ(store.figures(1, 0).responseSamples, 3);
    EXPECT_EQ(store.figures(1, 3).medianResponseMs, 240 * kMillisPerMinute);
    EXPECT_EQ(store.totals().medianResponseMs, 25 * kMillisPerMinute) << "mean of 20 and 30";
    feed(store, resolvedAfter("d", 40, 0.1));
    EXPECT_EQ(store.figures(1, 0).medianResponseMs, 25 * kMillisPerMinute);
    // Reopened: out of the sample.
    json reopened = issue("b", "in_progress", t(13), 0.1, 0.25);
    feed(store, reopened);
    EXPECT_EQ(store.figures(1, 0).medianResponseMs, 20 * kMillisPerMinute);
    EXPECT_FALSE(store.figures(1, 5).medianResponseMs.has_value()) << "no resolved issues there";
    // Without resolved_at, the updated_at of the resolving message is the resolution time.
    json noTime = issue("e", "closed", t(8, 50), 0.1, 0.25);
    feed(store, noTime);
    EXPECT_EQ(store.figures(1, 0).responseSamples, 4);
    EXPECT_EQ(store.figures(1, 0).medianResponseMs, 30 * kMillisPerMinute) << "10, 20, 40, 50";
}

TEST(LiveStore, VolunteersOnDutyAreCounted) {
    TestGrids grids;
    LiveStore store({}, &grids.assigner);
    feed(store, volunteer("v1", "on_duty", t(8)));
    feed(store, volunteer("v2", "busy", t(8)));
    feed(store, volunteer("v3", "off_duty", t(8)));
    EXPECT_EQ(store.figures(1, 0).volunteers, 3);
    EXPECT_EQ(store.figures(1, 0).volunteersOnDuty, 1);
    EXPECT_EQ(store.figures(1, 0).volunteersBusy, 1);
    EXPECT_EQ(store.figures(1, 0).issues, 0);
    EXPECT_EQ(store.drawnCount(), 2u) << "off duty is not drawn";
    feed(store, volunteer("v3", "on_duty", t(9)));
    EXPECT_EQ(store.totals().volunteersOnDuty, 2);
}

TEST(LiveStore, ChangeListsPatchTheDrawnSet) {
    LiveStore store;
    feed(store, issue("a", "reported", t(9)));
    feed(store, issue("b", "reported", t(9)));
    feed(store, issue("c", "reported", t(9)));
    DrawChanges c = store.takeChanges();
    EXPECT_EQ(c.inserted.size(), 3u);
    EXPECT_EQ(c.drawnCount, 3u);
    EXPECT_EQ(c.dirty, (std::vector<SlotRange>{{0, 3}}));

    const std::uint32_t a = store.find(LiveKind::Issue, "a"), b = store.find(LiveKind::Issue, "b"),
                        cc = store.find(LiveKind::Issue, "c");
    feed(store, issue("a", "resolved", t(10)));                  // leaves the drawn set
    json moved = issue("b", "assigned", t(10), 0.5, 0.5);        // changes in place
    feed(store, moved);
    c = store.takeChanges();
    EXPECT_EQ(c.removed, std::vector<std::uint32_t>{a});
    EXPECT_EQ(c.changed, std::vector<std::uint32_t>{b});
    EXPECT_TRUE(c.inserted.empty());
    EXPECT_EQ(c.drawnCount, 2u);
    EXPECT_EQ(c.previousCount, 3u);
    EXPECT_EQ(store.drawnRecord(0), cc) << "the last slot moved into the hole";
    EXPECT_EQ(c.dirty, (std::vector<SlotRange>{{0, 2}}));

    feed(store, issue("b", "assigned", t(10)));  // stale: nothing to redraw
    c = store.takeChanges();
    EXPECT_TRUE(c.empty());
    EXPECT_TRUE(c.dirty.empty());
}

TEST(LiveStore, HistoryAnswersStateAtATime) {
    StoreOptions options;
    options.historyRetentionMs = 6 * kMillisPerHour;
    TestGrids grids;
    LiveStore store(options, &grids.assigner);
    feed(store, issue("a", "reported", t(8), 0.1, 0.1));
    feed(store, issue("a", "assigned", t(9), 1.9, 0.9));
    feed(store, issue("a", "resolved", t(10), 1.9, 0.9));
    feed(store, issue("b", "reported", t(9, 30)));
    auto stateOf = [&](const std::string& when, const std::string& id) -> std::optional<LiveState> {
        auto states = store.stateAt(at(when));
        EXPECT_TRUE(states.ok());
        for (const auto& s : *states)
            if (store.id(s.record) == id) return s.state;
        return std::nullopt;
    };
    EXPECT_FALSE(stateOf(t(7), "a").has_value()) << "not reported yet";
    EXPECT_EQ(stateOf(t(8), "a")->status, std::uint8_t(IssueStatus::Reported)) << "a change at T is in the state at T";
    EXPECT_EQ(stateOf(t(8, 30), "a")->grid, 0);
    EXPECT_EQ(stateOf(t(9, 15), "a")->status, std::uint8_t(IssueStatus::Assigned));
    EXPECT_EQ(stateOf(t(9, 15), "a")->grid, 7);
    EXPECT_FALSE(stateOf(t(9, 15), "b").has_value());
    EXPECT_EQ(stateOf(t(11), "a")->status, std::uint8_t(IssueStatus::Resolved));
    EXPECT_EQ(stateOf(t(11), "b")->status, std::uint8_t(IssueStatus::Reported));

    const auto changes = store.changesBetween(at(t(9)), at(t(10)));
    ASSERT_EQ(changes.size(), 2u) << "[09:00, 10:00)";
    EXPECT_EQ(changes[0].after.status, std::uint8_t(IssueStatus::Assigned));
    EXPECT_EQ(changes[0].before.grid, 0);
    EXPECT_FALSE(changes[1].before.exists) << "b appears";

    // A message arriving late is filed at its own time.
    feed(store, issue("c", "reported", t(8, 45)));
    EXPECT_TRUE(stateOf(t(9), "c").has_value());
    EXPECT_FALSE(stateOf(t(8, 30), "c").has_value());

    store.setClock(at(t(15)));  // horizon 09:00
    EXPECT_TRUE(store.stateAt(at(t(9))).ok());
    const auto tooOld = store.stateAt(at(t(8, 59)));
    ASSERT_FALSE(tooOld.ok());
    EXPECT_NE(tooOld.error().message.find("older than the history kept"), std::string::npos);
    EXPECT_EQ(store.changesBetween(0, at(t(23))).size(), 3u) << "08:00 and 08:45 pruned";
}

TEST(LiveStore, RecentRejectionsKeepTheLastFewWithReasons) {
    StoreOptions options;
    options.keptRejections = 3;
    options.keptRejectionBytes = 10;
    LiveStore store(options);
    for (int i = 0; i < 5; ++i) store.ingest("bad " + std::to_string(i));
    store.ingest(issue("x", "unknown", t(9)).dump());
    const auto kept = store.recentRejections();
    ASSERT_EQ(kept.size(), 3u);
    EXPECT_EQ(kept[0].text, "bad 3");
    EXPECT_EQ(kept[1].text, "bad 4");
    EXPECT_EQ(kept[0].reason, RejectReason::InvalidJson);
    EXPECT_EQ(kept[2].reason, RejectReason::BadValue);
    EXPECT_EQ(kept[2].text.size(), 10u) << "cut to keptRejectionBytes";
    EXPECT_EQ(kept[2].sequence, 6u);
    EXPECT_NE(kept[2].detail.find("unknown"), std::string::npos);
}

TEST(LiveStore, DetailsComeFromTheMessageShown) {
    LiveStore store;
    json j = issue("a", "reported", t(9));
    j["properties"]["title"] = "楼道堆物";
    j["properties"]["address"] = "幸福路 12 号";
    j["properties"]["photo"] = "p.jpg";
    feed(store, j);
    feed(store, withoutGeometry(issue("a", "assigned", t(10))));
    auto d = store.details(0);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->issueStatus(), IssueStatus::Assigned);
    EXPECT_EQ(d->title, "") << "the update carries no title: messages are full states";
    ASSERT_TRUE(d->point.has_value()) << "the point comes from the record";
    EXPECT_EQ(*d->point, (Vec2d{0.25, 0.25}));
    j["properties"]["updated_at"] = t(11);
    feed(store, j);
    EXPECT_EQ(store.details(0)->address, "幸福路 12 号");
    EXPECT_EQ(json::parse(store.details(0)->extraProperties)["photo"], "p.jpg");
}

// A random stream of good, stale, duplicate, tied and bad messages for a few dozen ids.
struct StreamMaker {
    std::mt19937 rng;
    explicit StreamMaker(unsigned seed) : rng(seed) {}
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

    json message(int id, bool allowNullGeometry) {
        const bool isIssue = id % 5 != 0;
        const std::string name = (isIssue ? "evt-" : "vol-") + std::to_string(id);
        const std::string updated = t(8 + pick(4), pick(3) * 20);  // few distinct times: many ties
        const double x = -0.2 + pick(12) * 0.2, y = -0.1 + pick(6) * 0.25;  // some outside the grids
        static const char* kIssueStatus[] = {"reported", "assigned", "in_progress", "resolved", "closed", "cancelled"};
        static const char* kVolunteerStatus[] = {"off_duty", "on_duty", "busy"};
        json j = isIssue ? issue(name, kIssueStatus[pick(6)], updated, x, y)
                         : volunteer(name, kVolunteerStatus[pick(3)], updated, x, y);
        if (isIssue) {
            j["properties"]["reported_at"] = t(7 + pick(2), pick(60));
            if (pick(2)) j["properties"]["due_at"] = t(9 + pick(4), pick(60));
            if (pick(3) == 0) j["properties"]["resolved_at"] = t(8 + pick(4), pick(60));
            j["properties"]["priority"] = 1 + pick(3);
        }
        if (pick(4) == 0) j["properties"]["note"] = "n" + std::to_string(pick(3));  // same time, other text
        if (allowNullGeometry && pick(4) == 0) j["geometry"] = nullptr;
        return j;
    }

    // Every message has a geometry, or the first message of each id comes first (see the store's
    // header: a message without geometry for an id not seen yet is rejected, which depends on order).
    std::vector<std::string> stream(int ids, int count, bool nullGeometry) {
        std::vector<std::string> out;
        if (nullGeometry)
            for (int id = 0; id < ids; ++id) out.push_back(message(id, false).dump());
        while (int(out.size()) < count) {
            if (!out.empty() && pick(10) == 0) out.push_back(out[size_t(pick(int(out.size())))]);  // duplicate
            else out.push_back(message(pick(ids), nullGeometry).dump());
        }
        return out;
    }
};

TEST(LiveStore, AccountingBalancesAfterEveryMessage) {
    StreamMaker maker(7);
    auto stream = maker.stream(40, 3000, true);
    std::uint64_t broken = 0, noGeometry = 0;
    for (size_t i = 40; i < stream.size(); ++i) {  // after each id's first message
        if (i % 97 == 5) {
            stream[i] = withoutGeometry(issue("new-" + std::to_string(i), "reported", t(9))).dump();
            ++noGeometry;
        } else if (i % 13 == 0) {
            stream[i] = stream[i].substr(0, stream[i].size() / 2);  // cut short: invalid JSON
            ++broken;
        }
    }
    TestGrids grids;
    LiveStore store({}, &grids.assigner);
    std::uint64_t n = 0, overflows = 0;
    for (size_t i = 0; i < stream.size(); ++i) {
        store.ingest(stream[i]);
        ++n;
        if (i % 500 == 499) {
            store.countQueueOverflow(2);
            n += 2;
            overflows += 2;
        }
        const FeedAccounting& a = store.accounting();
        ASSERT_EQ(a.received, n);
        ASSERT_TRUE(a.balanced()) << "after message " << n;
    }
    const FeedAccounting& a = store.accounting();
    EXPECT_GT(a.applied, 100u);
    EXPECT_GT(a.stale, 100u);
    EXPECT_GT(a.duplicate, 10u);
    EXPECT_EQ(a.rejectedFor(RejectReason::InvalidJson), broken);
    EXPECT_EQ(a.rejectedFor(RejectReason::NoGeometryForNewId), noGeometry);
    EXPECT_EQ(a.rejectedFor(RejectReason::QueueOverflow), overflows);
    EXPECT_EQ(a.rejected, broken + noGeometry + overflows);
}

TEST(LiveStore, ReplayTwiceOrShuffledEndsInTheSameStateAndFigures) {
    TestGrids grids;
    const std::int64_t clock = at(t(10, 30));
    for (bool nullGeometry : {false, true}) {
        for (unsigned seed = 1; seed <= 25; ++seed) {
            StreamMaker maker(seed);
            const auto stream = maker.stream(30, 600, nullGeometry);
            LiveStore reference({}, &grids.assigner);
            for (const auto& m : stream) reference.ingest(m);
            reference.setClock(clock);
            ASSERT_EQ(reference.accounting().rejected, 0u);
            const Snapshot expected = snapshot(reference);
            expectFiguresMatchRecount(reference, clock, 480);

            for (const auto& m : stream) reference.ingest(m);  // replayed on top
            ASSERT_EQ(snapshot(reference), expected) << "replayed twice, seed " << seed;
            EXPECT_EQ(reference.accounting().applied + reference.accounting().stale +
                          reference.accounting().duplicate, 2 * stream.size());

            auto shuffled = stream;
            // Keep the first message of each id first when some messages have no geometry.
            const size_t fixed = nullGeometry ? 30 : 0;
            std::shuffle(shuffled.begin(), shuffled.begin() + std::ptrdiff_t(fixed), maker.rng);
            std::shuffle(shuffled.begin() + std::ptrdiff_t(fixed), shuffled.end(), maker.rng);
            LiveStore other({}, &grids.assigner);
            // The clock set first and moved about while feeding: figures must not depend on it.
            other.setClock(at(t(12)));
            for (size_t i = 0; i < shuffled.size(); ++i) {
                other.ingest(shuffled[i]);
                if (i % 97 == 0) other.setClock(at(t(8 + int(i % 5))));
            }
            other.setClock(clock);
            ASSERT_EQ(snapshot(other), expected)
                << "shuffled, seed " << seed << (nullGeometry ? " (null geometry)" : "");
            expectFiguresMatchRecount(other, clock, 480);
            for (std::int64_t when : {at(t(7)), at(t(9, 45)), at(t(23, 59)), at(t(0, 0, 23))}) {
                other.setClock(when);
                expectFiguresMatchRecount(other, when, 480);
            }
        }
    }
}

TEST(LiveStore, GpuBufferPatchedFromChangeListsMatchesTheDrawnSet) {
    StreamMaker maker(11);
    const auto stream = maker.stream(60, 4000, true);
    LiveStore store;
    std::vector<std::uint32_t> gpu;  // what a renderer would hold: slot -> record
    DrawChanges changes;
    for (size_t i = 0; i < stream.size(); ++i) {
        store.ingest(stream[i]);
        if (i % 37 != 0) continue;
        store.takeChanges(changes);
        gpu.resize(changes.drawnCount);
        for (const SlotRange& r : changes.dirty)
            for (std::uint32_t s = r.begin; s < r.end; ++s) gpu[s] = store.drawnRecord(s);
        std::set<std::uint32_t> truth;
        for (std::uint32_t rec = 0; rec < store.size(); ++rec)
            if (isDrawn(store.record(rec))) truth.insert(rec);
        ASSERT_EQ(std::set<std::uint32_t>(gpu.begin(), gpu.end()), truth) << "after message " << i;
        ASSERT_EQ(gpu.size(), truth.size());
        for (std::uint32_t s = 0; s < gpu.size(); ++s) ASSERT_EQ(store.drawnRecord(s), gpu[s]);
    }
}

}  // namespace
}  // namespace gs
