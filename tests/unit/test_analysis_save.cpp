// An analysis saved from the window into its scene file reopens as it was (session/analysis_save):
// the window, every kind of filter, the drill-down, the figure and pinned level, hexagon bins and
// a swipe compare are changed on a view, written into the scene's text, the text parsed again and a
// second view made from it; both keep the same events, class the same way, compare the same
// periods. The file's other keys (layers, the history's paths as written) are left as they were,
// and the saved camera shows what the first one did.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "render/offscreen_target.hpp"
#include "session/analysis_save.hpp"
#include "session/analysis_view.hpp"
#include "session/scene_file.hpp"

using namespace gs;

namespace {

const std::string kScene = R"({
  "name": "save test",
  "layers": [
    {"id": "neighborhoods", "source": "data/demo.gpkg", "layer": "neighborhoods", "role": "level",
     "level": {"id": "nhood", "name": "name_zh"}},
    {"id": "tracts", "source": "data/demo.gpkg", "layer": "tracts", "role": "level",
     "level": {"id": "geoid", "name": "name_zh", "parent": "nhood"}}
  ],
  "analysis": {
    "history": {"source": "data/sf311_demo.csv", "mapping": "tools/feed/sf311_mapping.json"},
    "window": {"from": "2015-01-01T00:00:00-08:00", "to": "2016-01-01T00:00:00-08:00"},
    "heatmap": {"radius": 300, "palette": "Viridis"},
    "choropleth": {"level": "tracts", "figure": "count", "method": "naturalBreaks", "classes": 4}
  }
})";

struct Opened {
    SceneFile file;
    std::unique_ptr<LoadedScene> scene;
    std::unique_ptr<SceneRenderer> renderer;
    std::unique_ptr<AnalysisView> view;
};

// GL objects need the target's context current: the caller keeps the target alive.
Opened open(const std::string& text) {
    Opened o;
    auto file = parseSceneFile(text, "save-test.json", GRIDSCOPE_SOURCE_DIR);
    EXPECT_TRUE(file) << (file ? "" : file.error().message);
    if (!file) return o;
    o.file = std::move(*file);
    auto scene = loadScene(o.file.scene, LoadOptions{});
    EXPECT_TRUE(scene) << (scene ? "" : scene.error().message);
    if (!scene) return o;
    o.scene = std::make_unique<LoadedScene>(std::move(*scene));
    auto renderer = SceneRenderer::create();
    EXPECT_TRUE(renderer);
    o.renderer = std::move(*renderer);
    EXPECT_TRUE(o.renderer->setScene(*o.scene, false));
    auto view = AnalysisView::create(*o.file.analysis, *o.scene, *o.renderer, Lang::En);
    EXPECT_TRUE(view) << (view ? "" : view.error().message);
    if (view) o.view = std::move(*view);
    return o;
}

}  // namespace

TEST(AnalysisSave, ReopensAsItWas) {
    auto target = OffscreenTarget::create(64, 64);
    ASSERT_TRUE(target) << target.error().message;
    Opened a = open(kScene);
    ASSERT_TRUE(a.view);
    AnalysisView& v = *a.view;
    const EventHistory& h = v.history();
    const std::size_t all = v.kept();

    // What an analyst changes in the window.
    v.filter.fromSec = v.filter.fromSec + 30 * 86400;          // a window starting in February
    v.filter.toSec = v.filter.fromSec + 180 * 86400;           // of 180 days
    v.filter.categories.assign(h.categories.size(), false);
    for (size_t c = 0; c < h.categories.size() && c < 3; ++c) v.filter.categories[c] = true;
    v.filter.statuses.assign(kEventStatusCount, false);
    v.filter.statuses[size_t(EventStatus::Closed)] = true;
    v.filter.priorities = {false, false, true, true};          // priorities 2 and 3
    v.filter.text = "ST";
    v.filter.gridLevel = 0;                                    // drilled into the busiest street
    {
        std::vector<std::size_t> perStreet(h.gridIds[0].size(), 0);
        for (uint32_t i = 0; i < h.size(); ++i)  // the finest level's grid, then its street
            if (const int32_t g = h.grid[i]; g >= 0 && h.parents[1][size_t(g)] >= 0)
                ++perStreet[size_t(h.parents[1][size_t(g)])];
        v.filter.grid = int32_t(std::max_element(perStreet.begin(), perStreet.end()) - perStreet.begin());
    }
    v.figure = HistoryFigure::ResolutionRate;
    v.level = 1;
    v.levelFollowsZoom = false;
    v.hexbinsOn = true;
    v.heatmapOn = false;
    v.compare = AnalysisView::Compare::Swipe;
    v.divider = 0.3;
    {
        const Status applied = v.apply();
        ASSERT_TRUE(applied) << applied.error().message;
    }
    ASSERT_GT(v.kept(), 0u) << "the filters keep nothing: the test would prove little";
    ASSERT_LT(v.kept(), all);
    Camera camera;
    camera.setViewport(800, 600);
    camera.fit(a.scene->extent);
    camera.zoomAbout(camera.center, 2.0);

    auto text = sceneWithAnalysis(kScene, v, camera, a.file.scene.displayCrs);
    ASSERT_TRUE(text) << text.error().message;
    const nlohmann::json saved = nlohmann::json::parse(*text);
    EXPECT_EQ(saved["name"], "save test");  // the rest of the file as it was
    EXPECT_EQ(saved["analysis"]["history"]["source"], "data/sf311_demo.csv");
    EXPECT_FALSE(saved["analysis"].contains("heatmap"));  // turned off: gone
    EXPECT_EQ(saved["analysis"]["compare"]["mode"], "swipe");

    Opened b = open(*text);
    ASSERT_TRUE(b.view);
    AnalysisView& w = *b.view;
    EXPECT_EQ(w.filter.fromSec, v.filter.fromSec);
    EXPECT_EQ(w.filter.toSec, v.filter.toSec);
    EXPECT_EQ(w.filter.categories, v.filter.categories);
    EXPECT_EQ(w.filter.statuses, v.filter.statuses);
    EXPECT_EQ(w.filter.priorities, v.filter.priorities);
    EXPECT_EQ(w.filter.text, v.filter.text);
    EXPECT_EQ(w.filter.gridLevel, v.filter.gridLevel);
    EXPECT_EQ(w.filter.grid, v.filter.grid);
    EXPECT_EQ(w.kept(), v.kept());
    EXPECT_EQ(w.figure, v.figure);
    EXPECT_EQ(w.level, v.level);
    EXPECT_FALSE(w.levelFollowsZoom);
    EXPECT_TRUE(w.hexbinsOn);
    EXPECT_FALSE(w.heatmapOn);
    EXPECT_EQ(w.compare, AnalysisView::Compare::Swipe);
    EXPECT_DOUBLE_EQ(w.divider, 0.3);
    EXPECT_EQ(w.baselinePeriod(), v.baselinePeriod());
    EXPECT_EQ(w.baselineKept(), v.baselineKept());
    ASSERT_TRUE(w.classes() && v.classes());
    EXPECT_EQ(w.classes()->breaks, v.classes()->breaks);
    EXPECT_EQ(w.classes()->counts, v.classes()->counts);
    ASSERT_TRUE(w.hexbinClasses(1) && v.hexbinClasses(1));
    EXPECT_EQ(w.hexbinClasses(1)->counts, v.hexbinClasses(1)->counts);
    // The camera: the saved box holds what the first camera showed.
    ASSERT_TRUE(b.file.scene.camera && b.file.scene.camera->bbox);
    const Box shown = camera.visibleBox();
    Camera reopened;
    reopened.setViewport(800, 600);
    reopened.fit(*b.file.scene.camera->bbox, 0);
    EXPECT_NEAR(reopened.center.x, shown.center().x, 1e-6 * shown.width());
    EXPECT_NEAR(reopened.unitsPerPixel, camera.unitsPerPixel, 1e-9 * camera.unitsPerPixel);

    // Written to a file: the same text, and the old file stays whole when it cannot be read.
    const auto dir = std::filesystem::temp_directory_path() / "gridscope_analysis_save";
    std::filesystem::create_directories(dir);
    const auto path = dir / "scene.json";
    std::ofstream(path) << kScene;
    ASSERT_TRUE(saveAnalysisToScene(path, v, camera, a.file.scene.displayCrs));
    std::ifstream in(path);
    const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written, *text);
    const Status missing = saveAnalysisToScene(dir / "no-such.json", v, camera, a.file.scene.displayCrs);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no-such.json"), std::string::npos);
}
