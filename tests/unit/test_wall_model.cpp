// The command-center wall's model: every figure at a known clock against values worked out by hand
// from a small feed, yesterday's values, the hourly bins, category folding, the rankings, the
// ticker, public mode's privacy (no title, id, address or point anywhere; small counts suppressed)
// and the urgent-issue events.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "live/store/live_store.hpp"
#include "wall/wall_model.hpp"

namespace gs {
namespace {

using nlohmann::json;

std::int64_t at(const std::string& rfc3339) { return parseRfc3339(rfc3339).value(); }
std::string t(int hour, int minute = 0, int day = 22) {  // a local (+08:00) time on 2026-11-<day>
    char buf[64];
    std::snprintf(buf, sizeof buf, "2026-11-%02dT%02d:%02d:00+08:00", day, hour, minute);
    return buf;
}

// Two levels over [0,2] x [0,1]: streets "S0-0", "S0-1" (x < 1, x >= 1), then 4 x 2 grids "G<row>-<col>",
// grid index row * 4 + column.
struct TestGrids {
    BruteForceGridAssigner assigner;
    WallGridNames names;
    TestGrids() {
        const Box extent{0, 0, 2, 1};
        assigner.addLevel(BruteForceGridAssigner::uniformGrids(extent, 2, 1, "S"));
        assigner.addLevel(BruteForceGridAssigner::uniformGrids(extent, 4, 2, "G"));
        names.ids = {{"S0-0", "S0-1"}, {"G0-0", "G0-1", "G0-2", "G0-3", "G1-0", "G1-1", "G1-2", "G1-3"}};
        names.names = {{"东街道", "西街道"},
                       {"一网格", "二网格", "三网格", "四网格", "五网格", "六网格", "七网格", "八网格"}};
    }
};

Vec2d inGrid(int g) { return {0.25 + 0.5 * (g % 4), 0.25 + 0.5 * (g / 4)}; }

// Ids, titles and addresses carry markers that public mode must never let through.
json issue(const std::string& id, int grid, const std::string& category, const std::string& status,
           const std::string& reported, const std::string& updated, int priority = 3) {
    const Vec2d p = inGrid(grid);
    return {{"type", "Feature"},
            {"id", "ISSUE-" + id},
            {"geometry", {{"type", "Point"}, {"coordinates", {p.x, p.y}}}},
            {"properties",
             {{"kind", "issue"}, {"category", category}, {"status", status}, {"priority", priority},
              {"reported_at", reported}, {"updated_at", updated}, {"title", "TITLE-" + id + " 楼道堆物"},
              {"address", "ADDRESS-" + id + " 幸福路12号"}}}};
}

json with(json j, const std::string& property, const std::string& value) {
    j["properties"][property] = value;
    return j;
}

json volunteer(const std::string& id, const std::string& status, const std::string& updated) {
    return {{"type", "Feature"},
            {"id", "VOL-" + id},
            {"geometry", {{"type", "Point"}, {"coordinates", {0.25, 0.25}}}},
            {"properties", {{"kind", "volunteer"}, {"status", status}, {"updated_at", updated}}}};
}

void feed(LiveStore& store, const json& j) { ASSERT_EQ(store.ingest(j.dump()), IngestOutcome::Applied) << j.dump(); }

// Clock: 2026-11-22 15:00 local. T (yesterday) = 11-21 15:00. Today from 11-22 00:00, T's day from 11-21 00:00.
const std::string kClock = t(15);

// The hand-worked feed; the comment on each issue says what it contributes.
void feedDay(LiveStore& store) {
    // Open, overdue now; reported today (hourly bin 18). Not reported at T.
    feed(store, with(issue("01", 0, "noise", "reported", t(9), t(9)), "due_at", t(12)));
    // Open, overdue now and at T (due 11-21 14:00); reported on T's day (before bin 19).
    feed(store, with(issue("02", 0, "sanitation", "in_progress", t(10, 0, 21), t(8)), "due_at", t(14, 0, 21)));
    // Resolved today, response 18 h; reported after T (bin 1).
    feed(store, with(issue("03", 1, "noise", "resolved", t(16, 0, 21), t(10)), "resolved_at", t(10)));
    // Closed today without resolved_at: resolved at updated_at 13:00, response 2 h; reported today (bin 20).
    feed(store, issue("04", 1, "sanitation", "closed", t(11), t(13)));
    // Resolved on T's day before T: response 4 h; not open at T (before bin 17).
    feed(store, with(issue("05", 2, "noise", "resolved", t(8, 0, 21), t(12, 0, 21)), "resolved_at", t(12, 0, 21)));
    // Cancelled before T: not open at T (before bin 5).
    feed(store, issue("06", 2, "dispute", "cancelled", t(20, 0, 20), t(14, 0, 21)));
    // Cancelled after T: open and overdue at T (due 11-21 09:00). Reported before every bin.
    feed(store, with(issue("07", 3, "dispute", "cancelled", t(9, 0, 20), t(9, 30)), "due_at", t(9, 0, 21)));
    // Resolved after T (11-21 18:00): open at T, not resolved today, response 9 h (before bin 18).
    feed(store, with(issue("08", 3, "sanitation", "resolved", t(9, 0, 21), t(18, 0, 21)), "resolved_at", t(18, 0, 21)));
    // Reported today at priority 2, raised to 1 and assigned at 14:30 (bin 23); open.
    feed(store, issue("09", 6, "safety_hazard", "reported", t(14), t(14), 2));
    feed(store, issue("09", 6, "safety_hazard", "assigned", t(14), t(14, 30), 1));
    // Reported exactly at the clock: new today, in no hourly bin (they end before the clock).
    feed(store, issue("11", 5, "elderly_care", "reported", t(15), t(15)));
    // Resolved today before it was reported (a data error): resolved today, no response sample (bin 21).
    feed(store, with(issue("12", 6, "noise", "resolved", t(12), t(12)), "resolved_at", t(11)));
    // Open since 11-20, before every bin; 13 and 15 overdue now but not at T.
    feed(store, with(issue("13", 7, "noise", "reported", t(10, 0, 20), t(10, 0, 20)), "due_at", t(10)));
    feed(store, issue("14", 7, "facility_repair", "in_progress", t(11, 0, 20), t(11, 0, 20)));
    feed(store, with(issue("15", 4, "noise", "assigned", t(12, 0, 20), t(12, 0, 20)), "due_at", t(20, 0, 21)));

    // Volunteers: now 1, 2 (on duty) and 4, 5 (busy); at T 1, 3 and 5.
    feed(store, volunteer("1", "on_duty", t(8, 0, 21)));
    feed(store, volunteer("2", "off_duty", t(8, 0, 21)));
    feed(store, volunteer("2", "on_duty", t(8)));
    feed(store, volunteer("3", "on_duty", t(10, 0, 21)));
    feed(store, volunteer("3", "off_duty", t(7)));
    feed(store, volunteer("4", "busy", t(10, 30)));
    feed(store, volunteer("5", "busy", t(14, 0, 21)));
}

struct Fixture {
    TestGrids grids;
    LiveStore store{StoreOptions{}, &grids.assigner};
    Fixture() {
        feedDay(store);
        store.setClock(at(kClock));
    }
    WallModel build(WallModelOptions options = {}) const { return buildWallModel(store, grids.names, options); }
};

std::vector<int> rankedGrids(const std::vector<RankingRow>& rows) {
    std::vector<int> out;
    for (const RankingRow& r : rows) out.push_back(r.grid);
    return out;
}

std::vector<std::string> tickerIds(const WallModel& m) {
    std::vector<std::string> out;
    for (const TickerEvent& e : m.ticker) out.push_back(e.issueId);
    return out;
}

// Every string the model holds.
std::vector<std::string> allStrings(const WallModel& m) {
    std::vector<std::string> out;
    for (const auto& [category, count] : m.byCategory) out.push_back(category);
    for (const auto* rows : {&m.mostOverdue, &m.slowestResponse})
        for (const RankingRow& r : *rows) {
            out.push_back(r.gridId);
            out.push_back(r.gridName);
        }
    for (const TickerEvent& e : m.ticker) {
        out.push_back(e.gridName);
        out.push_back(e.category);
        out.push_back(e.title);
        out.push_back(e.issueId);
    }
    return out;
}

bool holdsAny(const WallModel& m, std::initializer_list<std::string_view> markers) {
    for (const std::string& s : allStrings(m))
        for (std::string_view marker : markers)
            if (s.find(marker) != std::string::npos) return true;
    return false;
}

TEST(WallModel, KpisAtAKnownClock) {
    const Fixture f;
    const WallModel m = f.build();
    EXPECT_EQ(m.clock, at(kClock));
    EXPECT_EQ(m.open.now, 7.0);            // 01 02 09 11 13 14 15
    EXPECT_EQ(m.overdue.now, 4.0);         // 01 02 13 15
    EXPECT_EQ(m.newToday.now, 5.0);        // 01 04 09 11 12
    EXPECT_EQ(m.resolvedToday.now, 3.0);   // 03 04 12
    ASSERT_TRUE(m.resolutionRate.now);
    EXPECT_DOUBLE_EQ(*m.resolutionRate.now, 3.0 / 10.0);
    EXPECT_EQ(m.medianResponseHours.now, 10.0);  // 03: 18 h, 04: 2 h; 12 is negative, left out
    EXPECT_EQ(m.volunteersOnDuty.now, 4.0);      // 1 2 on duty, 4 5 busy
}

TEST(WallModel, YesterdayIsTheSameFigureAtClockMinusADay) {
    const Fixture f;
    const WallModel m = f.build();
    EXPECT_EQ(m.open.yesterday, 6.0);           // 02 07 08 13 14 15 (05 resolved, 06 cancelled before T)
    EXPECT_EQ(m.overdue.yesterday, 2.0);        // 02 07
    EXPECT_EQ(m.newToday.yesterday, 3.0);       // 02 05 08
    EXPECT_EQ(m.resolvedToday.yesterday, 1.0);  // 05
    ASSERT_TRUE(m.resolutionRate.yesterday);
    EXPECT_DOUBLE_EQ(*m.resolutionRate.yesterday, 1.0 / 7.0);
    EXPECT_EQ(m.medianResponseHours.yesterday, 4.0);
    EXPECT_EQ(m.volunteersOnDuty.yesterday, 3.0);  // 1 3 5

    // The same as counting the store's own state at T.
    const auto states = f.store.stateAt(at(kClock) - kMillisPerDay);
    ASSERT_TRUE(states.ok());
    int onDuty = 0;
    for (const LiveStore::RecordState& s : states.value())
        onDuty += f.store.record(s.record).kind == LiveKind::Volunteer &&
                  s.state.status != std::uint8_t(VolunteerStatus::OffDuty);
    EXPECT_EQ(m.volunteersOnDuty.yesterday, double(onDuty));
}

TEST(WallModel, VolunteersYesterdayUnknownBeforeTheHistorysHorizon) {
    Fixture f;
    f.store.setClock(at(t(16)));  // the history now starts at 11-21 16:00 and never moves back
    f.store.setClock(at(kClock));
    const WallModel m = f.build();
    EXPECT_EQ(m.volunteersOnDuty.now, 4.0);
    EXPECT_FALSE(m.volunteersOnDuty.yesterday);
    EXPECT_EQ(m.open.yesterday, 6.0) << "issue figures come from the records, not the history";
}

TEST(WallModel, NoClockNoFigures) {
    TestGrids grids;
    LiveStore store{StoreOptions{}, &grids.assigner};
    feedDay(store);
    const WallModel m = buildWallModel(store, grids.names, {});
    EXPECT_FALSE(m.open.now);
    EXPECT_TRUE(m.ticker.empty());
    EXPECT_TRUE(m.byCategory.empty());
}

TEST(WallModel, HourlyBinsAndStatusOfTheLastDay) {
    const Fixture f;
    const WallModel m = f.build();
    std::array<int, 24> hourly{}, before{};
    hourly[1] = 1;   // 03 at 11-21 16:00
    hourly[18] = 1;  // 01 at 09:00
    hourly[20] = 1;  // 04 at 11:00
    hourly[21] = 1;  // 12 at 12:00
    hourly[23] = 1;  // 09 at 14:00; 11 at 15:00 is the clock, outside
    before[5] = 1;   // 06 at 11-20 20:00
    before[17] = 1;  // 05 at 11-21 08:00
    before[18] = 1;  // 08 at 09:00
    before[19] = 1;  // 02 at 10:00
    EXPECT_EQ(m.hourly, hourly);
    EXPECT_EQ(m.hourlyBefore, before);
    // 01 reported, 09 assigned, 03 and 12 resolved, 04 closed.
    EXPECT_EQ(m.byStatus, (std::array<int, 6>{1, 1, 0, 2, 1, 0}));
}

TEST(WallModel, OpenIssuesByCategory) {
    const Fixture f;
    using Row = std::pair<std::string, int>;
    EXPECT_EQ(f.build().byCategory, (std::vector<Row>{{"noise", 3}, {"elderly_care", 1}, {"facility_repair", 1},
                                                      {"safety_hazard", 1}, {"sanitation", 1}}))
        << "descending, ties by name";
    WallModelOptions two;
    two.categories = 2;
    EXPECT_EQ(f.build(two).byCategory, (std::vector<Row>{{"noise", 3}, {"elderly_care", 1}, {"", 3}}))
        << "the rest folded into other";
}

TEST(WallModel, RankingsOfTheFinestLevel) {
    const Fixture f;
    const WallModel m = f.build();
    // Grid 0: 2 overdue; grids 7 and 4 one each, 7 with more open issues.
    EXPECT_EQ(rankedGrids(m.mostOverdue), (std::vector<int>{0, 7, 4}));
    ASSERT_EQ(m.mostOverdue.size(), 3u);
    EXPECT_EQ(m.mostOverdue[1].gridId, "G1-3");
    EXPECT_EQ(m.mostOverdue[1].gridName, "八网格");
    EXPECT_EQ(m.mostOverdue[1].overdue.value, 1);
    EXPECT_EQ(m.mostOverdue[1].open.value, 2);
    EXPECT_FALSE(m.mostOverdue[1].overdue.suppressed);
    // Medians: grid 1 10 h, grid 3 9 h, grid 2 4 h; grid 6's only sample is negative.
    EXPECT_EQ(rankedGrids(m.slowestResponse), (std::vector<int>{1, 3, 2}));
    EXPECT_EQ(m.slowestResponse[0].medianResponseHours, 10.0);

    WallModelOptions streets;
    streets.rankingLevel = 0;
    streets.rankingSize = 1;
    const WallModel s = f.build(streets);
    ASSERT_EQ(s.mostOverdue.size(), 1u) << "cut to rankingSize";
    EXPECT_EQ(s.mostOverdue[0].gridName, "东街道");  // x < 1: 01 02 (grid 0) and 15 (grid 4); street 1 has 13
    EXPECT_EQ(s.mostOverdue[0].overdue.value, 3);
}

TEST(WallModel, TickerShowsTheNewestIssueChanges) {
    const Fixture f;
    WallModelOptions options;
    options.tickerSize = 6;  // volunteer 4's change at 10:30 sits among them and is skipped
    const WallModel m = f.build(options);
    EXPECT_EQ(tickerIds(m), (std::vector<std::string>{"ISSUE-11", "ISSUE-09", "ISSUE-09", "ISSUE-04", "ISSUE-12",
                                                      "ISSUE-03"}));
    ASSERT_EQ(m.ticker.size(), 6u);
    const TickerEvent& raised = m.ticker[1];
    EXPECT_EQ(raised.time, at(t(14, 30)));
    EXPECT_EQ(raised.gridName, "七网格");
    EXPECT_EQ(raised.category, "safety_hazard");
    EXPECT_EQ(raised.status, std::uint8_t(IssueStatus::Assigned));
    EXPECT_EQ(raised.priority, 1);
    EXPECT_EQ(m.ticker[2].priority, 2) << "the earlier change, as it was";
    EXPECT_EQ(raised.title, "TITLE-09 楼道堆物");
    ASSERT_TRUE(raised.point);
    EXPECT_EQ(*raised.point, inGrid(6));
}

TEST(WallModel, PublicModeHoldsNoDetailAndSuppressesSmallCounts) {
    const Fixture f;
    const auto markers = {std::string_view("ISSUE-"), std::string_view("TITLE-"), std::string_view("ADDRESS-")};
    ASSERT_TRUE(holdsAny(f.build(), markers)) << "the detail model has them, so the search can find them";

    WallModelOptions options;
    options.publicMode = true;
    options.minCount = 2;
    const WallModel m = f.build(options);
    EXPECT_FALSE(holdsAny(m, markers));
    ASSERT_FALSE(m.ticker.empty());
    for (const TickerEvent& e : m.ticker) {
        EXPECT_FALSE(e.point);
        EXPECT_TRUE(e.title.empty());
        EXPECT_TRUE(e.issueId.empty());
    }
    // Its grid (六网格) holds fewer than min_count issues: the event names the street instead.
    EXPECT_EQ(f.store.figures(1, 5).issues, 1);
    EXPECT_EQ(m.ticker[0].gridName, "东街道") << "a place no smaller than min_count issues";
    EXPECT_EQ(m.ticker[0].category, "elderly_care");

    // Grid 0 (2 overdue, 2 open) is shown; grid 7 (1 overdue, 2 open) and grid 4 (1 and 1) are "<2".
    EXPECT_EQ(rankedGrids(m.mostOverdue), (std::vector<int>{0, 7, 4}));
    ASSERT_EQ(m.mostOverdue.size(), 3u);
    EXPECT_EQ(m.mostOverdue[0].overdue.value, 2);
    EXPECT_FALSE(m.mostOverdue[0].overdue.suppressed);
    for (const RankingRow* row : {&m.mostOverdue[1], &m.mostOverdue[2]}) {
        EXPECT_TRUE(row->overdue.suppressed);
        EXPECT_EQ(row->overdue.value, 0) << "a suppressed count must not carry its value";
    }
    EXPECT_FALSE(m.mostOverdue[1].open.suppressed);
    EXPECT_EQ(m.mostOverdue[1].open.value, 2);
    EXPECT_TRUE(m.mostOverdue[2].open.suppressed);
    EXPECT_EQ(m.mostOverdue[2].open.value, 0);
    // Only grid 1's median rests on 2 samples; the others describe a single issue.
    EXPECT_EQ(rankedGrids(m.slowestResponse), (std::vector<int>{1}));
    // District totals are aggregates and stay.
    EXPECT_EQ(m.open.now, 7.0);
    EXPECT_EQ(m.hourly, f.build().hourly);
}

TEST(WallModel, UrgentIssuesAppearOnceWhenTheyBecomeUrgent) {
    TestGrids grids;
    LiveStore store{StoreOptions{}, &grids.assigner};
    feed(store, issue("u5", 0, "noise", "reported", t(9), t(9), 1));  // urgent before the window
    feed(store, with(issue("u1", 5, "dispute", "reported", t(9, 55), t(10), 1), "due_at", t(12)));
    feed(store, issue("u2", 1, "noise", "reported", t(10, 5), t(10, 5), 3));
    feed(store, issue("u3", 2, "noise", "reported", t(10, 10), t(10, 10), 2));
    feed(store, issue("u4", 3, "noise", "resolved", t(10, 15), t(10, 15), 1));  // over before anyone could act
    feed(store, issue("u3", 2, "noise", "assigned", t(10, 10), t(10, 20), 2));
    feed(store, issue("u1", 5, "dispute", "in_progress", t(9, 55), t(10, 30), 1));  // still urgent: no new event
    feed(store, issue("u2", 1, "noise", "assigned", t(10, 5), t(10, 40), 1));       // raised
    feed(store, issue("u5", 0, "noise", "in_progress", t(9), t(10, 45), 1));
    feed(store, issue("u6", 4, "noise", "reported", t(10, 50), t(10, 50), 1));  // urgent, lowered, urgent again
    feed(store, issue("u6", 4, "noise", "assigned", t(10, 50), t(10, 52), 2));
    feed(store, issue("u6", 4, "noise", "in_progress", t(10, 50), t(10, 55), 1));
    store.setClock(at(t(11)));

    const auto ids = [](const std::vector<UrgentEvent>& events) {
        std::vector<std::string> out;
        for (const UrgentEvent& e : events) out.push_back(e.id);
        return out;
    };
    const std::vector<UrgentEvent> all = urgentIssuesBetween(store, grids.names, at(t(9, 30)), at(t(11)));
    EXPECT_EQ(ids(all), (std::vector<std::string>{"ISSUE-u1", "ISSUE-u2", "ISSUE-u6"})) << "once each, in time order";
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].reportedAt, at(t(9, 55)));
    EXPECT_EQ(all[0].category, "dispute");
    EXPECT_EQ(all[0].title, "TITLE-u1 楼道堆物");
    EXPECT_EQ(all[0].gridName, "六网格");
    ASSERT_TRUE(all[0].point);
    EXPECT_EQ(*all[0].point, inGrid(5));

    EXPECT_EQ(ids(urgentIssuesBetween(store, grids.names, at(t(10)), at(t(11)))),
              (std::vector<std::string>{"ISSUE-u2", "ISSUE-u6"}))
        << "since is excluded; u1's later update is not a new event";
    EXPECT_EQ(ids(urgentIssuesBetween(store, grids.names, at(t(10, 30)), at(t(10, 40)))),
              (std::vector<std::string>{"ISSUE-u2"}))
        << "until is included";
    EXPECT_EQ(ids(urgentIssuesBetween(store, grids.names, at(t(10, 52)), at(t(11)))),
              (std::vector<std::string>{"ISSUE-u6"}))
        << "raised to 1 again";
    EXPECT_TRUE(urgentIssuesBetween(store, grids.names, at(t(10, 55)), at(t(11))).empty());
}

}  // namespace
}  // namespace gs
