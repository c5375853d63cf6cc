// Live markers without GL: what a record looks like as an instance (shape by category, colour by
// status or team, size by priority, overdue at a clock), that a batch of changes uploads only its
// dirty slot ranges (a fake uploader records them) and leaves the GPU copy equal to a full
// repack, when markers give way to counts, the "live" config, and grids coloured by a figure.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

#include "geo/transformer.hpp"
#include "live/overlay/live_colors.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "live/store/live_store.hpp"
#include "live/overlay/marker_instances.hpp"
#include "live/overlay/overlay_mode.hpp"
#include "session/scene_file.hpp"

namespace gs {
namespace {

using nlohmann::json;

std::int64_t at(const std::string& rfc3339) { return parseRfc3339(rfc3339).value(); }

std::string hour(int h, int minute = 0, int day = 22) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "2026-11-%02dT%02d:%02d:00+08:00", day, h, minute);
    return buf;
}

json issue(const std::string& id, const std::string& category, const std::string& status, int priority,
           const std::string& updated, const std::string& due = "", double x = 0.25, double y = 0.25) {
    json p = {{"kind", "issue"},           {"category", category}, {"status", status},
              {"priority", priority},      {"reported_at", hour(8)}, {"updated_at", updated}};
    if (!due.empty()) p["due_at"] = due;
    return {{"type", "Feature"}, {"id", id}, {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
            {"properties", p}};
}

json volunteer(const std::string& id, const std::string& team, const std::string& status, const std::string& updated,
               double x = 0.5, double y = 0.5) {
    return {{"type", "Feature"}, {"id", id}, {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
            {"properties", {{"kind", "volunteer"}, {"team", team}, {"status", status}, {"updated_at", updated}}}};
}

void feed(LiveStore& store, const json& j) { ASSERT_EQ(store.ingest(j.dump()), IngestOutcome::Applied) << j.dump(); }

// Records every allocate() and upload(), and keeps the "GPU" buffer's content.
struct FakeUploader : InstanceUploader {
    struct Upload {
        std::uint32_t first, count;
    };
    std::vector<std::uint32_t> allocations;
    std::vector<Upload> uploads;
    std::vector<MarkerInstance> buffer;
    void allocate(std::uint32_t capacity) override {
        allocations.push_back(capacity);
        buffer.assign(capacity, MarkerInstance{});
    }
    void upload(std::uint32_t first, std::span<const MarkerInstance> instances) override {
        ASSERT_LE(first + instances.size(), buffer.size()) << "an upload past the buffer's end";
        uploads.push_back({first, std::uint32_t(instances.size())});
        std::copy(instances.begin(), instances.end(), buffer.begin() + first);
    }
    std::uint32_t uploadedSlots() const {
        std::uint32_t n = 0;
        for (const auto& u : uploads) n += u.count;
        return n;
    }
};

MarkerPacker identityPacker(std::int64_t timeBase = at(hour(0))) {
    return MarkerPacker(MarkerStyle::defaults(), Vec2d{0, 0}, timeBase, nullptr);
}

TEST(MarkerPacking, ShapeByCategoryColourByStatusSizeByPriority) {
    LiveStore store;
    feed(store, issue("a", "safety_hazard", "reported", 1, hour(9)));
    feed(store, issue("b", "sanitation", "assigned", 2, hour(9)));
    feed(store, issue("c", "noise", "in_progress", 3, hour(9)));
    feed(store, issue("d", "elderly_care", "reported", 3, hour(9)));
    feed(store, issue("e", "lost_pet", "reported", 2, hour(9)));  // not a known category: "other"
    MarkerPacker packer = identityPacker();
    auto pack = [&](const char* id) { return packer.pack(store, store.find(LiveKind::Issue, id)); };

    EXPECT_EQ(pack("a").shape, std::uint8_t(MarkerShape::Triangle));
    EXPECT_EQ(pack("b").shape, std::uint8_t(MarkerShape::Circle));
    EXPECT_EQ(pack("c").shape, std::uint8_t(MarkerShape::Hexagon));
    EXPECT_EQ(pack("d").shape, std::uint8_t(MarkerShape::Cross));
    EXPECT_EQ(pack("e").shape, std::uint8_t(MarkerShape::Donut));

    EXPECT_EQ(pack("a").color, kStatusColor0 + 0);  // reported: amber
    EXPECT_EQ(pack("b").color, kStatusColor0 + 1);  // assigned: blue
    EXPECT_EQ(pack("c").color, kStatusColor0 + 2);  // in progress: green
    EXPECT_NE(MarkerStyle::defaults().palette[kStatusColor0 + 0].b, MarkerStyle::defaults().palette[kStatusColor0 + 1].b);

    EXPECT_EQ(pack("a").sizePx, 24);  // priority 1 is the largest
    EXPECT_EQ(pack("b").sizePx, 18);
    EXPECT_EQ(pack("c").sizePx, 14);
    EXPECT_GT(pack("a").sizePx, pack("b").sizePx);

    EXPECT_EQ(pack("a").flags, 0);
    EXPECT_FLOAT_EQ(pack("a").x, 0.25f);  // identity projection, origin (0, 0)
    EXPECT_FLOAT_EQ(pack("a").y, 0.25f);
    EXPECT_EQ(pack("a").appearSec, (at(hour(8)) - at(hour(0))) / 1000);  // reported_at
}

TEST(MarkerPacking, ConfiguredShapesOverrideTheDefaults) {
    auto config = parseLiveOverlayConfig(R"({"shapes": {"noise": "star", "lost_pet": "square"}})", "t.json", ".");
    ASSERT_TRUE(config) << config.error().message;
    MarkerStyle style = config->markerStyle();
    EXPECT_EQ(style.shapeFor("noise"), MarkerShape::Star);
    EXPECT_EQ(style.shapeFor("lost_pet"), MarkerShape::Square);
    EXPECT_EQ(style.shapeFor("sanitation"), MarkerShape::Circle);
    EXPECT_EQ(style.shapeFor("anything"), MarkerShape::Donut);
}

TEST(MarkerPacking, VolunteersByTeamWithABusyRing) {
    LiveStore store;
    feed(store, volunteer("v1", "银铃巡逻队", "on_duty", hour(9)));
    feed(store, volunteer("v2", "邻里守望队", "busy", hour(9)));
    feed(store, volunteer("v3", "银铃巡逻队", "on_duty", hour(9)));
    MarkerPacker packer = identityPacker();
    auto pack = [&](const char* id) { return packer.pack(store, store.find(LiveKind::Volunteer, id)); };
    const MarkerInstance v1 = pack("v1"), v2 = pack("v2"), v3 = pack("v3");
    EXPECT_EQ(v1.shape, std::uint8_t(MarkerShape::Star));
    EXPECT_EQ(v1.color, v3.color) << "one team, one colour";
    EXPECT_NE(v1.color, v2.color) << "two teams, two colours";
    EXPECT_GE(v1.color, kTeamColor0);
    EXPECT_TRUE(v1.flags & MarkerInstance::kVolunteer);
    EXPECT_FALSE(v1.flags & MarkerInstance::kBusy);
    EXPECT_TRUE(v2.flags & MarkerInstance::kBusy);
    EXPECT_FALSE(markerOverdue(v1, packer.clock(at(hour(23, 0, 30))))) << "volunteers are never overdue";
}

TEST(MarkerPacking, PositionsAreDisplayCrsRelativeToTheOrigin) {
    auto toMercator = Transformer::create("EPSG:4326", "EPSG:3857");
    ASSERT_TRUE(toMercator);
    LiveStore store;
    feed(store, issue("a", "noise", "reported", 3, hour(9), "", 120.3012, 31.6123));
    Vec2d expected{120.3012, 31.6123};
    ASSERT_EQ(toMercator->transform(std::span<Vec2d>(&expected, 1)), 0u);
    const Vec2d origin{13391000.0, 3714000.0};  // a city-sized neighbourhood away
    MarkerPacker packer(MarkerStyle::defaults(), origin, 0, &*toMercator);
    const MarkerInstance m = packer.pack(store, 0);
    EXPECT_NEAR(packer.displayPoint(m).x, expected.x, 0.01) << "centimetres, from float offsets";
    EXPECT_NEAR(packer.displayPoint(m).y, expected.y, 0.01);
    // packSlots projects a range in one batch, to the same result.
    MarkerInstance batch;
    packer.packSlots(store, 0, 1, &batch);
    EXPECT_EQ(batch, m);
}

TEST(MarkerPacking, OverdueAtAClockAgreesWithTheStoreFigures) {
    LiveStore store;
    feed(store, issue("a", "noise", "reported", 3, hour(9), hour(12)));
    feed(store, issue("b", "noise", "assigned", 3, hour(9), hour(15, 30)));
    feed(store, issue("c", "noise", "reported", 3, hour(9)));  // no due time: never overdue
    MarkerPacker packer = identityPacker();
    const MarkerInstance a = packer.pack(store, store.find(LiveKind::Issue, "a"));
    EXPECT_FALSE(markerOverdue(a, packer.clock(at(hour(11, 59)))));
    EXPECT_FALSE(markerOverdue(a, packer.clock(at(hour(12))))) << "due at 12:00 is not overdue at 12:00";
    EXPECT_TRUE(markerOverdue(a, packer.clock(at(hour(12)) + 1))) << "one millisecond later it is";
    EXPECT_TRUE(markerOverdue(a, packer.clock(at(hour(12)) + 1000)));

    // At every clock, the instances the shader would ring are the store's overdue figure.
    for (const std::string& t : {hour(11), hour(12), hour(13), hour(15, 30), hour(16), hour(9, 0, 25)}) {
        store.setClock(at(t));
        const MarkerClock clock = packer.clock(at(t));
        int rings = 0;
        for (std::uint32_t s = 0; s < store.drawnCount(); ++s)
            rings += markerOverdue(packer.pack(store, store.drawnRecord(s)), clock);
        EXPECT_EQ(rings, store.totals().overdue) << "at " << t;
    }
}

TEST(MarkerPacking, PulseAgeAndTimesAYearAwayStayExact) {
    LiveStore store;
    feed(store, issue("a", "noise", "reported", 3, hour(9)));  // reported at 08:00
    MarkerPacker packer = identityPacker();
    const MarkerInstance a = packer.pack(store, 0);
    EXPECT_DOUBLE_EQ(markerAgeSeconds(a, packer.clock(at(hour(8)) + 2500)), 2.5);
    EXPECT_LT(markerAgeSeconds(a, packer.clock(at(hour(7)))), 0.0);
    // A time base a year earlier: int32 seconds keep the second (floats would not).
    MarkerPacker yearEarlier = identityPacker(at("2025-11-22T00:00:00+08:00"));
    const MarkerInstance b = yearEarlier.pack(store, 0);
    EXPECT_DOUBLE_EQ(markerAgeSeconds(b, yearEarlier.clock(at(hour(8)) + 1000)), 1.0);
}

// A store of `n` issues on a line, all open; ids "i<k>".
void fillIssues(LiveStore& store, int n, int first = 0) {
    for (int k = first; k < first + n; ++k)
        feed(store, issue("i" + std::to_string(k), k % 2 ? "noise" : "sanitation", "reported", 1 + k % 3, hour(9), "",
                          0.001 * k, 0.5));
}

TEST(MarkerSlots, ABatchUploadsOnlyItsDirtyRanges) {
    LiveStore store;
    fillIssues(store, 100);
    MarkerPacker packer = identityPacker();
    MarkerSlots slots(/*mergeGap=*/0);
    FakeUploader gpu;
    DrawChanges changes;

    store.takeChanges(changes);
    UploadStats first = slots.apply(changes, store, packer, gpu);
    EXPECT_TRUE(first.reallocated);
    ASSERT_EQ(gpu.allocations.size(), 1u);
    EXPECT_GE(gpu.allocations[0], 100u);
    ASSERT_EQ(gpu.uploads.size(), 1u);
    EXPECT_EQ(gpu.uploads[0].first, 0u);
    EXPECT_EQ(gpu.uploads[0].count, 100u);

    // Three issues change status: three one-slot uploads, exactly at their slots.
    gpu.uploads.clear();
    for (int k : {10, 11, 57})
        feed(store, issue("i" + std::to_string(k), "noise", "assigned", 2, hour(10), "", 0.001 * k, 0.5));
    store.takeChanges(changes);
    ASSERT_EQ(changes.dirty.size(), 2u);  // 10-11 merged by the drawn set, 57 alone
    UploadStats second = slots.apply(changes, store, packer, gpu);
    EXPECT_FALSE(second.reallocated);
    EXPECT_EQ(gpu.allocations.size(), 1u) << "no reallocation for changes within capacity";
    ASSERT_EQ(gpu.uploads.size(), changes.dirty.size());
    for (std::size_t i = 0; i < changes.dirty.size(); ++i) {
        EXPECT_EQ(gpu.uploads[i].first, changes.dirty[i].begin);
        EXPECT_EQ(gpu.uploads[i].count, changes.dirty[i].end - changes.dirty[i].begin);
    }
    EXPECT_EQ(gpu.uploadedSlots(), 3u);
    const std::uint32_t slot57 = 57;  // slots follow arrival order until something leaves
    EXPECT_EQ(gpu.buffer[slot57].color, kStatusColor0 + 1) << "the new status reached the GPU copy";

    // One issue closes: it leaves, the last slot moves into its hole: one slot uploaded, one fewer drawn.
    gpu.uploads.clear();
    feed(store, issue("i20", "noise", "closed", 2, hour(11), "", 0.02, 0.5));
    store.takeChanges(changes);
    slots.apply(changes, store, packer, gpu);
    EXPECT_EQ(slots.count(), 99u);
    ASSERT_EQ(gpu.uploads.size(), 1u);
    EXPECT_EQ(gpu.uploads[0].first, 20u);
    EXPECT_EQ(gpu.uploads[0].count, 1u);
    EXPECT_EQ(gpu.buffer[20], packer.pack(store, store.find(LiveKind::Issue, "i99")));
}

TEST(MarkerSlots, NearbyRangesGoInOneCallWithTheGapUnchanged) {
    LiveStore store;
    fillIssues(store, 200);
    MarkerPacker packer = identityPacker();
    MarkerSlots slots(/*mergeGap=*/16);
    FakeUploader gpu;
    DrawChanges changes;
    store.takeChanges(changes);
    slots.apply(changes, store, packer, gpu);
    const std::vector<MarkerInstance> before(gpu.buffer.begin(), gpu.buffer.begin() + 200);

    gpu.uploads.clear();
    for (int k : {30, 40, 150})  // 30 and 40 are 9 slots apart; 150 is far
        feed(store, issue("i" + std::to_string(k), "noise", "in_progress", 1, hour(10), "", 0.001 * k, 0.5));
    store.takeChanges(changes);
    UploadStats stats = slots.apply(changes, store, packer, gpu);
    ASSERT_EQ(gpu.uploads.size(), 2u);
    EXPECT_EQ(stats.ranges, 2u);
    EXPECT_EQ(gpu.uploads[0].first, 30u);
    EXPECT_EQ(gpu.uploads[0].count, 11u) << "30..40 in one call";
    EXPECT_EQ(gpu.uploads[1].first, 150u);
    EXPECT_EQ(gpu.uploads[1].count, 1u);
    for (std::uint32_t s = 31; s < 40; ++s) EXPECT_EQ(gpu.buffer[s], before[s]) << "the gap is sent unchanged";
}

TEST(MarkerSlots, GrowsGeometricallyAndMatchesAFullRepackAfterRandomBatches) {
    LiveStore store;
    MarkerPacker packer = identityPacker();
    MarkerSlots slots;  // default merge gap
    FakeUploader gpu;
    DrawChanges changes;
    std::mt19937 rng(7);
    int nextId = 0;
    const char* statuses[] = {"reported", "assigned", "in_progress", "resolved", "closed"};
    std::uint32_t lastCapacity = 0;
    for (int batch = 0; batch < 40; ++batch) {
        // New issues, status changes (some closing, some reopening is not allowed: later only), moves.
        const int news = batch < 10 ? 300 : 20;
        fillIssues(store, news, nextId);
        nextId += news;
        for (int k = 0; k < 60; ++k) {
            const int id = int(rng() % std::uint32_t(nextId));
            const auto rec = store.find(LiveKind::Issue, "i" + std::to_string(id));
            const std::uint8_t current = store.record(rec).status;
            const int status = std::min(4, int(current) + 1 + int(rng() % 2));
            store.ingest(issue("i" + std::to_string(id), "noise", statuses[status], 1 + int(rng() % 3),
                               hour(10 + batch / 4, (batch % 4) * 10 + 1), "", 0.001 * id, 0.4)
                             .dump());
        }
        store.takeChanges(changes);
        const std::size_t uploadsBefore = gpu.uploads.size();
        const UploadStats stats = slots.apply(changes, store, packer, gpu);
        ASSERT_EQ(slots.count(), store.drawnCount());
        if (stats.reallocated) {
            EXPECT_GE(slots.capacity(), 2 * lastCapacity) << "geometric growth";
            EXPECT_EQ(gpu.uploads.size(), uploadsBefore + 1);
        } else {
            std::uint32_t dirty = 0;
            for (const SlotRange& r : changes.dirty) dirty += r.end - r.begin;
            EXPECT_GE(stats.slots, dirty);
            EXPECT_LE(stats.slots, dirty + 16 * std::uint32_t(changes.dirty.size()));
        }
        lastCapacity = slots.capacity();
        // The incremental GPU copy equals packing every drawn slot from scratch.
        for (std::uint32_t s = 0; s < store.drawnCount(); ++s)
            ASSERT_EQ(gpu.buffer[s], packer.pack(store, store.drawnRecord(s))) << "batch " << batch << " slot " << s;
    }
    EXPECT_LE(gpu.allocations.size(), 4u) << "capacity doubles: few reallocations for 3,500 inserts";
}

TEST(OverlayMode, MarkersGiveWayToCountsWhenCrowdedOrGridsAreSmall) {
    LiveOverlayConfig config;  // auto: spacing 6 px, grids 64 px
    const double area = 1920.0 * 1080.0;
    EXPECT_EQ(chooseOverlayMode(config, {40, area, 200}), OverlayMode::Markers);
    // 1,000,000 markers on a 1080p screen: 1.4 px apart on average.
    EXPECT_EQ(chooseOverlayMode(config, {1000000, area, 200}), OverlayMode::Counts);
    // Just under and over the spacing threshold: √(area / n) = 6 px at n = area / 36.
    EXPECT_EQ(chooseOverlayMode(config, {std::size_t(area / 36) - 100, area, 200}), OverlayMode::Markers);
    EXPECT_EQ(chooseOverlayMode(config, {std::size_t(area / 36) + 100, area, 200}), OverlayMode::Counts);
    // Few markers, but grids 30 px across: counts.
    EXPECT_EQ(chooseOverlayMode(config, {40, area, 30}), OverlayMode::Counts);
    EXPECT_EQ(chooseOverlayMode(config, {0, area, 0}), OverlayMode::Markers) << "nothing known: markers";
    config.mode = OverlayModeSetting::Markers;
    EXPECT_EQ(chooseOverlayMode(config, {1000000, area, 10}), OverlayMode::Markers);
    config.mode = OverlayModeSetting::Counts;
    EXPECT_EQ(chooseOverlayMode(config, {1, area, 500}), OverlayMode::Counts);

    // Badges go on the finest level whose grids are large enough, else the coarsest.
    const double sizes[] = {300, 120, 20};
    EXPECT_EQ(chooseCountLevel(sizes, 36), 1);
    EXPECT_EQ(chooseCountLevel(sizes, 10), 2);
    EXPECT_EQ(chooseCountLevel(sizes, 500), 0);
}

TEST(LiveOverlayConfig, ParsesAndNamesWhatIsWrong) {
    auto c = parseLiveOverlayConfig(
        R"({"feed": "feed/demo.ndjson", "at": "2016-01-26T10:00:00-08:00", "utcOffset": "-08:00", "mode": "counts",
            "colorBy": {"figure": "overdue", "level": "tracts", "classes": 4, "palette": "Blues"}})",
        "scene.json", "/data");
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->feed, "/data/feed/demo.ndjson");
    EXPECT_EQ(*c->at, at("2016-01-26T10:00:00-08:00"));
    EXPECT_EQ(c->utcOffsetMinutes, -480);
    EXPECT_EQ(c->mode, OverlayModeSetting::Counts);
    ASSERT_TRUE(c->colorBy);
    EXPECT_EQ(c->colorBy->figure, LiveFigure::Overdue);
    EXPECT_EQ(c->colorBy->level, "tracts");
    EXPECT_EQ(c->colorBy->classes, 4);

    auto error = [](const char* text) {
        auto r = parseLiveOverlayConfig(text, "scene.json", ".");
        return r ? std::string("(no error)") : r.error().message;
    };
    EXPECT_EQ(error(R"({"mode": "heat"})"),
              "scene.json: live.mode: \"heat\" is not a mode (use \"auto\", \"markers\" or \"counts\")");
    EXPECT_EQ(error(R"({"pulse": 3})"), "scene.json: live.pulse: unknown key (did you mean \"pulseSeconds\"?)");
    EXPECT_EQ(error(R"({"at": "2016-01-26 10:00"})").rfind("scene.json: live.at: \"2016-01-26 10:00\" is not", 0), 0u);
    EXPECT_NE(error(R"({"colorBy": {"figure": "opened"}})").find("live.colorBy.figure: \"opened\" is not a live figure"),
              std::string::npos);
    EXPECT_NE(error(R"({"shapes": {"noise": "blob"}})").find("live.shapes.noise: \"blob\" is not a shape"),
              std::string::npos);
    EXPECT_EQ(error(R"({"trailPoints": 1.5})"), "scene.json: live.trailPoints: expected an integer, got 1.5");

    auto by = parseLiveColorBy("newLastHour:neighborhoods");
    ASSERT_TRUE(by);
    EXPECT_EQ(by->figure, LiveFigure::NewLastHour);
    EXPECT_EQ(by->level, "neighborhoods");
    EXPECT_FALSE(parseLiveColorBy("busy"));
    EXPECT_FALSE(parseLiveColorBy("open:"));
}

TEST(LiveOverlayConfig, TheSceneConfigKeepsItsOwnChecks) {
    auto file = parseSceneFile(
        R"({"layers": [{"id": "g", "source": "grids.gpkg"}], "live": {"mode": "markers"}})", "s.json", "/x");
    ASSERT_TRUE(file) << file.error().message;
    ASSERT_TRUE(file->live);
    EXPECT_EQ(file->live->mode, OverlayModeSetting::Markers);
    EXPECT_EQ(file->scene.layers.size(), 1u);
    // Without "live", nothing; a typo beside it is still the scene config's error.
    auto plain = parseSceneFile(R"({"layers": [{"id": "g", "source": "grids.gpkg"}]})", "s.json", "/x");
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->live);
    auto typo = parseSceneFile(R"({"layerz": [], "live": {}})", "s.json", "/x");
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().message, "s.json: layerz: unknown key (did you mean \"layers\"?)");
}

TEST(LiveColors, GridsColouredByALiveFigureWithItsLegend) {
    BruteForceGridAssigner grids;
    grids.addLevel(BruteForceGridAssigner::uniformGrids(Box{0, 0, 4, 1}, 4, 1, "G"));
    LiveStore store({}, &grids);
    // Grid 0: 3 open, grid 1: 1 open, grid 2: none, grid 3: 6 open.
    int n = 0;
    for (auto [grid, count] : {std::pair{0, 3}, {1, 1}, {3, 6}})
        for (int k = 0; k < count; ++k)
            feed(store, issue("i" + std::to_string(n++), "noise", "reported", 3, hour(9), "", grid + 0.5, 0.5));
    store.setClock(at(hour(10)));
    const std::vector<double> values = figureValues(store, 0, LiveFigure::Open);
    EXPECT_EQ(values, (std::vector<double>{3, 1, 0, 6}));

    LiveColorBy by;
    by.figure = LiveFigure::Open;
    by.method = ClassMethod::EqualInterval;
    by.classes = 2;
    by.palette = "Blues";
    LayerStyle style;
    style.fillOpacity = 1;
    auto colors = liveLayerColors("grids", style, by, values, Lang::Zh);
    ASSERT_TRUE(colors) << colors.error().message;
    ASSERT_TRUE(colors->hasLegend);
    EXPECT_EQ(colors->legend.title, figureTitle(Lang::Zh, LiveFigure::Open));
    EXPECT_EQ(colors->legend.title, "未结事件 open issues");
    auto english = liveLayerColors("grids", style, by, values, Lang::En);
    ASSERT_TRUE(english);
    EXPECT_EQ(english->legend.title, "open issues");
    ASSERT_EQ(colors->legend.entries.size(), 2u);
    EXPECT_EQ(colors->legend.entries[0].label, "0 – 3");
    EXPECT_EQ(colors->legend.entries[0].count, 2u);  // 1 and 0
    EXPECT_EQ(colors->legend.entries[1].count, 2u);  // 3 and 6
    EXPECT_EQ(colors->fill[1], colors->fill[2]);
    EXPECT_NE(colors->fill[1], colors->fill[3]);

    // A median with no resolved issue is no value: the grid keeps the layer's plain fill.
    const std::vector<double> medians = figureValues(store, 0, LiveFigure::MedianResponseHours);
    EXPECT_TRUE(std::isnan(medians[0]));
}

}  // namespace
}  // namespace gs
