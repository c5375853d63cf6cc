// The analyst's history: a table of events read through GDAL and a mapping into time-sorted
// columns with a grid index. A small CSV pins down every rule (sort, skips, adjustments, grids,
// time ranges, bytes per event); Boston's 320,351 real reports, read gzipped in place, are every
// one accounted for.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

#include "core/rfc3339.hpp"
#include "history/history_from_feed.hpp"
#include "history/history_load.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

using namespace gs;

namespace {

std::filesystem::path writeTemp(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / ("gs_history_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

CsvFeedMapping mapping(const std::string& json) {
    auto m = parseCsvFeedMapping(json, "test-mapping.json");
    EXPECT_TRUE(m) << (m ? "" : m.error().message);
    return m ? *m : CsvFeedMapping{};
}

const char* kMapping = R"({
  "id": "id", "lon": "lon", "lat": "lat", "opened": "opened", "closed": "closed",
  "status": {"column": "status", "values": {"open": "open", "done": "closed", "void": "cancelled"}},
  "category": "cat", "title": "title", "address": "addr", "priority": "prio", "team": "team",
  "source": "src", "weight": "w", "due_hours": 48
})";

// Events at the corners of a 2x2 grid of 1 km cells around (0, 0) in Web Mercator metres.
const char* kCsv =
    "id,lon,lat,opened,closed,status,cat,title,addr,prio,team,src,w\n"
    "a,0.002,0.002,2024-03-02T10:00:00Z,2024-03-02T16:00:00Z,done,noise,Loud,No. 1,2,east,app,2\n"
    "b,-0.002,0.002,2024-03-01T08:00:00+08:00,,open,litter,Bags,No. 2,,west,hotline,\n"
    "c,-0.002,-0.002,2024-03-03T00:00:00Z,2024-03-02T00:00:00Z,done,noise,Early,No. 3,1,east,app,1\n"
    "d,0.002,-0.002,2024-03-01T12:00:00Z,,open,noise,,,3,,app,0.5\n"
    "a,0.002,0.002,2024-03-05T10:00:00Z,,open,noise,dup,,,,,\n"
    "e,,0.002,2024-03-05T10:00:00Z,,open,noise,,,,,,\n"
    "f,0.002,0.002,not a time,,open,noise,,,,,,\n"
    "g,0.002,0.002,2024-03-05T10:00:00Z,,maybe,noise,,,,,,\n"
    "h,1.0,1.0,2024-03-04T10:00:00Z,2024-03-04T11:00:00Z,void,litter,Far,,,,,\n";

}  // namespace

TEST(History, LoadsSortsSkipsAndIndexes) {
    const auto csv = writeTemp("events.csv", kCsv);
    BruteForceGridAssigner grids;
    Box extent{-1000, -1000, 1000, 1000};
    grids.addLevel(BruteForceGridAssigner::uniformGrids(extent, 2, 2, "g"));
    HistoryLoadOptions o;
    o.source.source = csv.string();
    o.mapping = mapping(kMapping);
    o.grids.assigner = &grids;
    o.grids.levelNames = {"grid"};
    o.grids.parents = {std::vector<int32_t>(4, -1)};
    o.grids.gridIds = {{"g0-0", "g0-1", "g1-0", "g1-1"}};
    HistoryLoadReport report;
    auto h = loadHistory(o, report);
    ASSERT_TRUE(h) << h.error().message;

    EXPECT_EQ(report.rows, 9u);
    EXPECT_EQ(report.events, 5u);
    EXPECT_EQ(report.rowsSkipped(), 4u);
    EXPECT_EQ(report.skippedByReason["duplicate id"], 1u);
    EXPECT_EQ(report.skippedByReason["missing coordinates"], 1u);
    EXPECT_EQ(report.skippedByReason["bad opened time"], 1u);
    EXPECT_EQ(report.skippedByReason["unknown status"], 1u);
    EXPECT_EQ(report.closedBeforeOpened, 1u);  // c
    EXPECT_EQ(report.missingWeights, 2u);      // b, h
    EXPECT_EQ(report.outsideGrids, 1u);        // h, 111 km away
    EXPECT_NE(report.summary().find("skipped, duplicate id: 1"), std::string::npos) << report.summary();

    // Sorted by reported time: b (Feb 29 00:00Z), d, a, c, h.
    ASSERT_EQ(h->size(), 5u);
    const char* order[] = {"b", "d", "a", "c", "h"};
    for (size_t i = 0; i < 5; ++i) EXPECT_EQ(h->ids[i], order[i]) << i;
    EXPECT_EQ(h->reportedSec(0), *parseRfc3339("2024-03-01T00:00:00Z") / 1000);
    EXPECT_EQ(h->epochSec % 86400, 0);
    // a: closed 6 h after; c: closed "before" opened, taken as at once; b, d open; h cancelled.
    EXPECT_EQ(h->closedAfter[2], 6 * 3600);
    EXPECT_EQ(h->status[2], EventStatus::Closed);
    EXPECT_EQ(h->closedAfter[3], 0);
    EXPECT_EQ(h->closedAfter[0], EventHistory::kNone);
    EXPECT_EQ(h->status[0], EventStatus::Open);
    EXPECT_EQ(h->status[4], EventStatus::Cancelled);
    EXPECT_EQ(h->dueAfter[0], 48 * 3600);
    // Keys, text, weights.
    EXPECT_EQ(h->categories[h->category[0]], "litter");
    EXPECT_EQ(h->teams[h->team[2]], "east");
    EXPECT_EQ(h->sources[h->source[0]], "hotline");
    EXPECT_EQ(h->priority[3], 1);
    EXPECT_EQ(h->priority[0], EventHistory::kNoPriority);
    EXPECT_EQ(h->titles[2], "Loud");
    EXPECT_EQ(h->addresses[2], "No. 1");
    ASSERT_EQ(h->weight.size(), 5u);
    EXPECT_FLOAT_EQ(h->weight[0], 1.0f);
    EXPECT_FLOAT_EQ(h->weight[2], 2.0f);
    // Positions: a is at ~(222.6 m, 222.6 m) in Web Mercator.
    EXPECT_NEAR(h->position(2).x, 222.639, 0.01);
    EXPECT_NEAR(h->position(2).y, 222.639, 0.01);
    // Grids (row-major from minY): b top-left (2), d bottom-right (1), a top-right (3), c bottom-left (0).
    EXPECT_EQ(h->grid[0], 2);
    EXPECT_EQ(h->grid[1], 1);
    EXPECT_EQ(h->grid[2], 3);
    EXPECT_EQ(h->grid[3], 0);
    EXPECT_EQ(h->grid[4], EventHistory::kNone);
    ASSERT_EQ(h->gridStart.size(), 5u);
    for (int g = 0; g < 4; ++g) {
        EXPECT_EQ(h->gridStart[size_t(g) + 1] - h->gridStart[size_t(g)], 1u) << g;
        EXPECT_EQ(h->grid[h->gridEvents[h->gridStart[size_t(g)]]], g);
    }
    // Time ranges: [Mar 2, Mar 3) holds a only; everything in [0, far future).
    auto day = [](const char* t) { return *parseRfc3339(t) / 1000; };
    EXPECT_EQ(h->rowsReportedIn(day("2024-03-02T00:00:00Z"), day("2024-03-03T00:00:00Z")), std::make_pair(size_t(2), size_t(3)));
    EXPECT_EQ(h->rowsReportedIn(0, int64_t(1) << 40), std::make_pair(size_t(0), size_t(5)));
    EXPECT_EQ(h->rowsReportedIn(day("2024-03-03T00:00:00Z"), day("2024-03-02T00:00:00Z")), std::make_pair(size_t(0), size_t(0)));
    // What the analysis reads stays within the bar of 64 bytes an event.
    EXPECT_LE(h->bytesPerEvent(), 64.0);
    EXPECT_GT(h->textBytes(), 0u);
}

TEST(History, ErrorsNameTheSourceAndColumn) {
    const auto csv = writeTemp("events2.csv", kCsv);
    HistoryLoadOptions o;
    o.source.source = csv.string();
    o.mapping = mapping(R"({"id": "id", "lon": "longitude", "lat": "lat", "opened": "opened", "category": "cat"})");
    HistoryLoadReport report;
    auto h = loadHistory(o, report);
    ASSERT_FALSE(h);
    EXPECT_NE(h.error().message.find("no column \"longitude\""), std::string::npos) << h.error().message;
    EXPECT_NE(h.error().message.find("events2.csv"), std::string::npos) << h.error().message;

    o.source.source = (csv.parent_path() / "missing.csv").string();
    h = loadHistory(o, report);
    ASSERT_FALSE(h);
    EXPECT_NE(h.error().message.find("no such file"), std::string::npos) << h.error().message;
}

TEST(History, PointGeometryColumnsOfAGeoPackage) {
    // The same events as GeoJSON with point geometry: lon/lat come from geometry.x / geometry.y.
    const auto path = writeTemp("events.geojson", R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0.002, 0.002]},
       "properties": {"id": "p1", "opened": "2024-03-02T10:00:00Z", "cat": "noise"}},
      {"type": "Feature", "geometry": null,
       "properties": {"id": "p2", "opened": "2024-03-02T11:00:00Z", "cat": "noise"}}]})");
    HistoryLoadOptions o;
    o.source.source = path.string();
    o.mapping = mapping(R"({"id": "id", "lon": "geometry.x", "lat": "geometry.y", "opened": "opened", "category": "cat"})");
    HistoryLoadReport report;
    auto h = loadHistory(o, report);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(report.events, 1u);
    EXPECT_EQ(report.skippedByReason["missing coordinates"], 1u);
    EXPECT_NEAR(h->position(0).x, 222.639, 0.01);
}

TEST(History, BostonEveryReportAccountedFor) {
    const std::string csv = std::string("/vsigzip/") + GRIDSCOPE_SHARED_DATA + "/boston/boston311_cases.csv.gz";
    if (!std::filesystem::exists(std::string(GRIDSCOPE_SHARED_DATA) + "/boston/boston311_cases.csv.gz"))
        GTEST_SKIP() << "no Boston data";
    auto m = loadCsvFeedMapping(std::filesystem::path(GRIDSCOPE_SOURCE_DIR) / "tools/history/boston311_mapping.json");
    ASSERT_TRUE(m) << m.error().message;
    HistoryLoadOptions o;
    o.source.source = csv;
    o.mapping = *m;
    HistoryLoadReport report;
    auto h = loadHistory(o, report);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(report.rows, 320351u) << report.summary();
    EXPECT_EQ(report.events + report.rowsSkipped(), report.rows);
    EXPECT_GT(report.events, 320000u) << report.summary();
    EXPECT_EQ(h->categories.size(), 5u);
    size_t open = 0;
    for (EventStatus s : h->status) open += s == EventStatus::Open;
    EXPECT_NEAR(double(open), 31249.0, 100.0);  // the file's open cases, less any skipped
    // 2008-10-06 .. 2020-04-26
    EXPECT_EQ(formatRfc3339(h->timeSpan().first * 1000, 0).substr(0, 10), "2008-10-06");
    EXPECT_EQ(formatRfc3339(h->timeSpan().second * 1000, 0).substr(0, 7), "2020-04");
    EXPECT_LE(h->bytesPerEvent(), 64.0);
}

TEST(History, FromARecordedFeedEachIssuesLastState) {
    // The demo's recording, read independently: each issue id's message with the latest updated_at.
    const std::string path = std::string(GRIDSCOPE_SOURCE_DIR) + "/data/feed/demo.ndjson";
    std::ifstream in(path);
    ASSERT_TRUE(in);
    std::map<std::string, std::pair<std::string, std::string>> last;  // id -> (updated_at, status)
    size_t volunteerLines = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        const auto& p = j.at("properties");
        if (p.at("kind") != "issue") {
            ++volunteerLines;
            continue;
        }
        const std::string id = j.at("id").is_string() ? j.at("id").get<std::string>() : j.at("id").dump();
        const std::string updated = p.at("updated_at");
        auto it = last.find(id);
        // Times in this recording all carry the same offset, so the text orders them.
        if (it == last.end() || updated >= it->second.first) last[id] = {updated, p.at("status")};
    }
    size_t open = 0, closed = 0;
    for (const auto& [id, s] : last) {
        if (s.second == "closed" || s.second == "resolved") ++closed;
        else if (s.second != "cancelled") ++open;
    }

    FeedHistoryOptions o;
    o.path = path;
    HistoryLoadReport report;
    auto h = loadHistoryFromFeed(o, report);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(h->size(), last.size()) << report.summary();
    EXPECT_EQ(report.skippedByReason["a volunteer, not an event"], volunteerLines);
    size_t gotOpen = 0, gotClosed = 0;
    for (size_t i = 0; i < h->size(); ++i) {
        gotOpen += h->status[i] == EventStatus::Open;
        gotClosed += h->status[i] == EventStatus::Closed || h->status[i] == EventStatus::Resolved;
        if (h->status[i] == EventStatus::Closed) EXPECT_NE(h->closedAfter[i], EventHistory::kNone);
    }
    EXPECT_EQ(gotOpen, open);
    EXPECT_EQ(gotClosed, closed);

    o.path = "no/such/recording.ndjson";
    auto missing = loadHistoryFromFeed(o, report);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no/such/recording.ndjson"), std::string::npos);
}
