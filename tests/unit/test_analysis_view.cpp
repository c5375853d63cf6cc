// The analyst's view as the window holds it (session/analysis_view): SF 311 over the demo scene's
// levels (neighborhoods → tracts). The events it keeps equal the history's own selection for the
// same filter; each category's count is what that category alone keeps; a drill-down into a
// neighborhood keeps exactly the events of its tracts; the choropleth colours the level and the
// heatmap draws (pixels change where events are).
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>

#include "demo_scene.hpp"
#include "history/history_figures.hpp"
#include "render/offscreen_target.hpp"
#include "session/analysis_view.hpp"
#include "session/scene_file.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

using namespace gs;

namespace {

const std::string kScene = R"({
  "layers": [
    {"id": "neighborhoods", "source": "data/demo.gpkg", "layer": "neighborhoods", "role": "level",
     "level": {"id": "nhood", "name": "name_zh"}},
    {"id": "tracts", "source": "data/demo.gpkg", "layer": "tracts", "role": "level",
     "level": {"id": "geoid", "name": "name_zh", "parent": "nhood"}}
  ],
  "analysis": {
    "history": {"source": "SHARED/sf/sf311_cases.csv", "mapping": "tools/feed/sf311_mapping.json"},
    "window": {"from": "2015-01-01T00:00:00-08:00", "to": "2016-01-01T00:00:00-08:00"},
    "heatmap": {"radius": 300},
    "choropleth": {"level": "tracts", "figure": "count", "method": "naturalBreaks", "classes": 4}
  }
})";

}  // namespace

TEST(AnalysisView, KeepsCountsDrillsDownAndDraws) {
    if (!std::filesystem::exists(std::string(GRIDSCOPE_SHARED_DATA) + "/sf/sf311_cases.csv")) GTEST_SKIP();
    std::string text = kScene;
    text.replace(text.find("SHARED"), 6, GRIDSCOPE_SHARED_DATA);
    auto file = parseSceneFile(text, "analysis-test.json", GRIDSCOPE_SOURCE_DIR);
    ASSERT_TRUE(file) << file.error().message;
    ASSERT_TRUE(file->analysis);
    auto scene = loadScene(file->scene, LoadOptions{});
    ASSERT_TRUE(scene) << scene.error().message;
    auto target = OffscreenTarget::create(320, 320);
    ASSERT_TRUE(target) << target.error().message;
    auto renderer = SceneRenderer::create();
    ASSERT_TRUE(renderer) << renderer.error().message;
    ASSERT_TRUE((*renderer)->setScene(*scene, false));
    auto view = AnalysisView::create(*file->analysis, *scene, **renderer, Lang::En);
    ASSERT_TRUE(view) << view.error().message;
    AnalysisView& v = **view;
    const EventHistory& h = v.history();
    ASSERT_EQ(h.levelCount(), 2);

    // The kept events are the history's selection for the same filter.
    EXPECT_EQ(v.kept(), selectEvents(h, v.filter).size());
    EXPECT_GT(v.kept(), 1000u);
    size_t sum = 0;
    for (size_t c : v.categoryCounts()) sum += c;
    EXPECT_EQ(sum, v.kept());  // every category ticked
    size_t byStatus = 0, byPriority = 0;
    for (size_t c : v.statusCounts()) byStatus += c;
    for (size_t c : v.priorityCounts()) byPriority += c;
    EXPECT_EQ(byStatus, v.kept());
    EXPECT_EQ(byPriority, v.kept());
    // The linked charts: the timeline holds every time's events (the window is one part of it),
    // the response bins the kept resolved events, the ranking the tracts by count, top first.
    {
        EventFilter always = v.filter;
        always.fromSec = INT64_MIN / 2;
        always.toSec = INT64_MAX / 2;
        double timeline = 0;
        for (float c : v.timeline().counts) timeline += c;
        EXPECT_EQ(size_t(timeline), selectEvents(h, always).size());
        double window = 0;
        for (size_t b = v.timeline().windowFirst; b <= v.timeline().windowLast; ++b) window += v.timeline().counts[b];
        EXPECT_GE(size_t(window), v.kept());  // the window's buckets hold at least its events
        size_t resolved = 0;
        for (uint32_t i : selectEvents(h, v.filter))
            resolved += h.closedAfter[i] != EventHistory::kNone && h.status[i] != EventStatus::Cancelled;
        double bins = 0;
        for (float c : v.responseBins()) bins += c;
        EXPECT_EQ(size_t(bins), resolved);
        ASSERT_FALSE(v.ranking().empty());
        EXPECT_EQ(v.rankingLevel(), 1);
        for (size_t k = 1; k < v.ranking().size(); ++k) EXPECT_GE(v.ranking()[k - 1].value, v.ranking()[k].value);
        const auto fig = gridFigures(h, selectEvents(h, v.filter), v.filter.toSec, 1);
        EXPECT_EQ(v.ranking()[0].value, double(fig.count[size_t(v.ranking()[0].grid)]));
    }
    ASSERT_TRUE(v.classes());
    EXPECT_EQ(v.classes()->layer, "tracts");
    EXPECT_EQ(v.classes()->counts.size(), 4u);

    // One category alone keeps what its count said.
    const size_t c0 = v.categoryCounts()[0];
    std::fill(v.filter.categories.begin(), v.filter.categories.end(), false);
    v.filter.categories[0] = true;
    ASSERT_TRUE(v.apply());
    EXPECT_EQ(v.kept(), c0);
    std::fill(v.filter.categories.begin(), v.filter.categories.end(), true);

    // A neighborhood keeps exactly its tracts' events.
    ASSERT_TRUE(v.apply());
    const std::vector<uint32_t> all = selectEvents(h, v.filter);
    int32_t hood = -1;
    size_t inHood = 0;
    for (uint32_t i : all)
        if (h.gridAt(i, 0) >= 0) {
            hood = h.gridAt(i, 0);
            break;
        }
    ASSERT_GE(hood, 0);
    for (uint32_t i : all) inHood += h.gridAt(i, 0) == hood;
    v.filter.gridLevel = 0;
    v.filter.grid = hood;
    ASSERT_TRUE(v.apply());
    EXPECT_EQ(v.kept(), inHood);
    EXPECT_LT(v.kept(), all.size());
    EXPECT_EQ(v.levelOfLayer(0), 0);
    EXPECT_EQ(v.levelOfLayer(1), 1);
    EXPECT_FALSE(v.gridBounds(0, hood).empty());
    EXPECT_FALSE(v.gridLabel(0, hood).empty());

    // Compare: the figure becomes the difference from the window before, on six classes about zero.
    v.filter.gridLevel = -1;
    v.filter.grid = -1;
    v.compare = AnalysisView::Compare::Difference;
    ASSERT_TRUE(v.apply());
    ASSERT_TRUE(v.classes());
    EXPECT_EQ(v.classes()->method, "difference");
    ASSERT_EQ(v.classes()->breaks.size(), 7u);
    EXPECT_DOUBLE_EQ(v.classes()->breaks[3], 0.0);
    EXPECT_DOUBLE_EQ(v.classes()->breaks[0], -v.classes()->breaks[6]);
    {
        EventFilter before = v.filter;
        before.toSec = v.filter.fromSec;
        before.fromSec = v.filter.fromSec - (v.filter.toSec - v.filter.fromSec);
        const auto now = gridFigures(h, selectEvents(h, v.filter), v.filter.toSec, 1);
        const auto then = gridFigures(h, selectEvents(h, before), before.toSec, 1);
        double reach = 0;
        for (size_t g = 0; g < now.count.size(); ++g)
            reach = std::max(reach, std::abs(double(now.count[g]) - double(then.count[g])));
        EXPECT_DOUBLE_EQ(v.classes()->breaks[6], reach);
    }
    v.compare = AnalysisView::Compare::Off;

    // The level follows the zoom once unpinned: streets when the whole area is small on screen,
    // grids when zoomed in.
    {
        EXPECT_FALSE(v.levelFollowsZoom);  // the scene named its level: pinned
        v.levelFollowsZoom = true;
        Camera far;
        far.setViewport(64, 64);
        far.fit(scene->extent);
        v.followZoom(far);
        EXPECT_EQ(v.level, 0);
        ASSERT_TRUE(v.classes());
        EXPECT_EQ(v.classes()->layer, "neighborhoods");
        Camera near = far;
        near.unitsPerPixel = far.unitsPerPixel / 50;
        EXPECT_TRUE(v.followZoom(near));
        EXPECT_EQ(v.level, 1);
        EXPECT_EQ(v.classes()->layer, "tracts");
        EXPECT_FALSE(v.followZoom(near));  // no change, no work
    }

    // The heatmap draws: the same frame with it on and off differs.
    Camera camera;
    camera.setViewport(320, 320);
    camera.fit(scene->extent);
    ViewState state;
    state.labels = false;
    state.legend = false;
    (*target)->bind();
    (*renderer)->render(camera, state);
    const Image on = (*target)->read();
    v.heatmapOn = false;
    ASSERT_TRUE(v.apply());
    (*target)->bind();
    (*renderer)->render(camera, state);
    const Image off = (*target)->read();
    ASSERT_EQ(on.rgba.size(), off.rgba.size());
    size_t differ = 0;
    for (size_t k = 0; k < on.rgba.size(); k += 4) differ += on.rgba[k] != off.rgba[k];
    EXPECT_GT(differ, 100u);

    // Progressive frames (the window's): after a change the first frame's heatmap is coarse and
    // refining() asks for another; that one is the full picture, the same as without progress.
    v.heatmapOn = true;
    ASSERT_TRUE(v.apply());
    (*target)->bind();
    v.render(camera, state);
    EXPECT_FALSE(v.refining());  // not progressive: the full picture at once
    const Image full = (*target)->read();
    v.progressive = true;
    ASSERT_TRUE(v.apply());
    (*target)->bind();
    v.render(camera, state);
    EXPECT_TRUE(v.refining());
    const Image coarse = (*target)->read();
    (*target)->bind();
    v.render(camera, state);
    EXPECT_FALSE(v.refining());
    const Image refined = (*target)->read();
    EXPECT_EQ(refined.rgba, full.rgba);
    EXPECT_NE(coarse.rgba, full.rgba);  // the coarse grid does show (else the test proves nothing)
}

// A figure per household divides each grid's count by its level's "households" field; a level
// without one is an error naming what to give.
TEST(AnalysisView, PerHouseholdDividesByTheLevelsHouseholds) {
    if (!std::filesystem::exists(std::string(GRIDSCOPE_SHARED_DATA) + "/sf/sf311_cases.csv")) GTEST_SKIP();
    std::string text = kScene;
    text.replace(text.find("SHARED"), 6, GRIDSCOPE_SHARED_DATA);
    // The demo's tracts have no household counts: the test gives them some (3 a building, plus 7).
    const std::string tracts = R"("layer": "tracts", "role": "level",
     "level": {"id": "geoid", "name": "name_zh", "parent": "nhood"}})";
    text.replace(text.find(tracts), tracts.size(),
                 R"("sql": "SELECT *, bld_count * 3 + 7 AS hh FROM tracts", "role": "level",
     "level": {"id": "geoid", "name": "name_zh", "parent": "nhood", "households": "hh"}})");
    auto file = parseSceneFile(text, "analysis-test.json", GRIDSCOPE_SOURCE_DIR);
    ASSERT_TRUE(file) << file.error().message;
    auto scene = loadScene(file->scene, LoadOptions{});
    ASSERT_TRUE(scene) << scene.error().message;
    auto data = loadAnalysisData(*scene, *file->analysis);
    ASSERT_TRUE(data) << data.error().message;
    auto filter = analysisFilter((*data)->history, *file->analysis);
    ASSERT_TRUE(filter) << filter.error().message;
    const std::vector<uint32_t> rows = selectEvents((*data)->history, *filter);
    AnalysisChoropleth c = *file->analysis->choropleth;
    c.figure = HistoryFigure::Count;
    auto counts = analysisChoropleth(*scene, **data, rows, filter->toSec, c, Lang::En);
    ASSERT_TRUE(counts) << counts.error().message;
    c.figure = HistoryFigure::PerHousehold;
    auto perHousehold = analysisChoropleth(*scene, **data, rows, filter->toSec, c, Lang::En);
    ASSERT_TRUE(perHousehold) << perHousehold.error().message;
    const LoadedLayer& layer = scene->layers[perHousehold->layer];
    const auto& buildings = layer.attributes.column(*layer.attributes.find("bld_count"));
    ASSERT_EQ(perHousehold->values.size(), layer.featureCount());
    size_t checked = 0;
    for (size_t g = 0; g < layer.featureCount(); ++g) {
        const double households = std::stod(std::string(buildings.values[g])) * 3 + 7;
        EXPECT_NEAR(perHousehold->values[g], counts->values[g] / households, 1e-12) << g;
        checked += counts->values[g] > 0;
    }
    EXPECT_GT(checked, 10u);

    // The neighborhoods give no households: an error says where to give them.
    c.level = "neighborhoods";
    auto missing = analysisChoropleth(*scene, **data, rows, filter->toSec, c, Lang::En);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message,
              "analysis.choropleth.figure: \"per_household\" needs the households of level \"neighborhoods\": give "
              "its field as \"households\" in the layer's \"level\" object");
}
