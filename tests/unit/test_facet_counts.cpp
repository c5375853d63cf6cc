// facetCounts (history/history_figures): the one pass the analyst's panel makes after each change
// gives what selectEvents gives, filter by filter — the kept events, each option's count with
// every other filter applied, the timeline with every filter but the time window — for 200 random
// combinations of window, categories, statuses, priorities, teams, sources and text on the demo's
// SF 311 cases (its agency as the team, its channel as the source).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <random>

#include "history/history_figures.hpp"
#include "history/history_load.hpp"
#include "live/import/csv_mapping.hpp"

using namespace gs;

TEST(FacetCounts, EqualSelectEventsOptionByOption) {
    // The demo's mapping with its agency as the team and its channel as the source.
    nlohmann::json mapping;
    std::ifstream(std::filesystem::path(GRIDSCOPE_SOURCE_DIR) / "tools/feed/sf311_mapping.json") >> mapping;
    mapping["team"] = "agency";
    mapping["source"] = "source";
    const auto mappingPath = std::filesystem::temp_directory_path() / "gridscope_facets_mapping.json";
    std::ofstream(mappingPath) << mapping.dump();
    auto m = loadCsvFeedMapping(mappingPath);
    ASSERT_TRUE(m) << m.error().message;
    HistoryLoadOptions o;
    o.source.source = std::string(GRIDSCOPE_SOURCE_DIR) + "/data/sf311_demo.csv";
    o.mapping = *m;
    HistoryLoadReport report;
    auto loaded = loadHistory(o, report);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const EventHistory& h = *loaded;
    ASSERT_GT(h.size(), 3000u);
    ASSERT_GT(h.teams.size(), 5u);
    ASSERT_GT(h.sources.size(), 2u);
    const auto [first, last] = h.timeSpan();
    const int64_t bucket = 7 * 86400;
    const size_t buckets = size_t((last - first) / bucket + 1);
    std::mt19937 rng(13);
    auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto mask = [&](size_t n) {
        std::vector<bool> v;
        if (coin(0.5)) return v;  // all
        for (size_t k = 0; k < n; ++k) v.push_back(coin(0.6));
        return v;
    };
    for (int round = 0; round < 200; ++round) {
        EventFilter f;
        if (coin(0.8)) {
            f.fromSec = first + std::uniform_int_distribution<int64_t>(0, last - first)(rng);
            f.toSec = f.fromSec + std::uniform_int_distribution<int64_t>(86400, 3 * 365 * 86400)(rng);
        }
        f.categories = mask(h.categories.size());
        f.statuses = mask(kEventStatusCount);
        f.priorities = mask(4);
        f.teams = mask(h.teams.size());
        f.sources = mask(h.sources.size());
        if (coin(0.2)) f.text = coin(0.5) ? "ST" : "Market";
        const FacetCounts fc = facetCounts(h, f, first, bucket, buckets);
        ASSERT_EQ(fc.kept, selectEvents(h, f)) << "round " << round;

        EventFilter others = f;
        others.categories.clear();
        std::vector<std::size_t> cats(h.categories.size(), 0);
        for (uint32_t i : selectEvents(h, others)) ++cats[h.category[i]];
        EXPECT_EQ(fc.categories, cats) << "round " << round;
        others = f;
        others.statuses.clear();
        std::vector<std::size_t> sts(kEventStatusCount, 0);
        for (uint32_t i : selectEvents(h, others)) ++sts[size_t(h.status[i])];
        EXPECT_EQ(fc.statuses, sts) << "round " << round;
        others = f;
        others.priorities.clear();
        std::vector<std::size_t> prs(4, 0);
        for (uint32_t i : selectEvents(h, others)) ++prs[std::min<size_t>(3, h.priority[i])];
        EXPECT_EQ(fc.priorities, prs) << "round " << round;
        others = f;
        others.teams.clear();
        std::vector<std::size_t> teams(h.teams.size(), 0);
        for (uint32_t i : selectEvents(h, others)) ++teams[h.team[i]];
        EXPECT_EQ(fc.teams, teams) << "round " << round;
        others = f;
        others.sources.clear();
        std::vector<std::size_t> sources(h.sources.size(), 0);
        for (uint32_t i : selectEvents(h, others)) ++sources[h.source[i]];
        EXPECT_EQ(fc.sources, sources) << "round " << round;
        others = f;
        others.fromSec = INT64_MIN / 2;
        others.toSec = INT64_MAX / 2;
        std::vector<float> timeline(buckets, 0.0f);
        for (uint32_t i : selectEvents(h, others)) ++timeline[size_t((h.reportedSec(i) - first) / bucket)];
        EXPECT_EQ(fc.timeline, timeline) << "round " << round;
    }
}
