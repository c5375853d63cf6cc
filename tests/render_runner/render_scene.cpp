// A render-test case's scene as an image: the config.json minus its "test" object is a scene
// config; "test" says how to draw it (size, view, what is hovered or selected).
#include "render_scene.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "geo/transformer.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "render/offscreen_target.hpp"
#include "session/scene_file.hpp"
#include "session/snapshot.hpp"
#include "wall/wall_layout.hpp"
#include "wall_session.hpp"

namespace gs {

namespace {

std::optional<FeatureName> featureName(const nlohmann::json& test, const char* key) {
    if (!test.contains(key)) return std::nullopt;
    const auto& j = test.at(key);
    return FeatureName{j.at("layer").get<std::string>(), j.at("fid").get<int64_t>()};
}

// A wall case: "test": {"layout": "layout.json", "lang": "en"} draws the layout at its canvas size
// with its fixed clock, as `gridscope render --layout` does.
Result<Image> renderTestWall(const std::filesystem::path& configPath, const nlohmann::json& test) {
    auto layout = loadWallLayout(configPath.parent_path() / test.at("layout").get<std::string>());
    if (!layout) return layout.error();
    auto offscreen = OffscreenTarget::create(layout->width, layout->height);
    if (!offscreen) return offscreen.error();
    cli::WallSessionOptions options;
    options.fixedClock = true;
    options.fullDetail = false;
    if (test.contains("lang")) options.lang = parseLang(test.at("lang").get<std::string>());
    auto session = cli::WallSession::create(*layout, options);
    if (!session) return session.error();
    (*offscreen)->bind();
    if (auto frame = (*session)->render(true); !frame) return frame.error();
    return (*offscreen)->read();
}

}  // namespace

Result<Image> renderTestScene(const std::filesystem::path& configPath, const nlohmann::json& test) {
    std::ifstream in(configPath);
    if (!in) return Error{configPath.string() + ": cannot read"};
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        return Error{configPath.string() + ": " + e.what()};
    }
    if (test.contains("layout")) return renderTestWall(configPath, test);
    doc.erase("test");
    // A "live" object (feed, clock, overlays) beside the scene's keys draws the live overlays.
    auto file = parseSceneFile(doc.dump(), configPath.string(), configPath.parent_path());
    if (!file) return file.error();
    const std::optional<LiveOverlayConfig>& live = file->live;
    const SceneConfig* config = &file->scene;

    SnapshotRequest req;
    try {
        req.width = test.value("width", 512);
        req.height = test.value("height", 512);
        req.samples = test.value("samples", 0);
        req.labels = test.value("labels", true);
        req.legend = test.value("legend", true);
        req.uiScale = test.value("uiScale", 1.0f);
        req.fullDetail = test.value("fullDetail", false);
        req.hovered = featureName(test, "hover");
        req.selected = featureName(test, "select");
        req.live = live;
        req.analysis = file->analysis;
        if (test.contains("bbox")) {
            auto b = test.at("bbox").get<std::vector<double>>();
            if (b.size() != 4) return Error{configPath.string() + ": test.bbox needs 4 numbers"};
            Box box;
            box.add(b[0], b[1]);
            box.add(b[2], b[3]);
            auto t = Transformer::create(test.value("bboxCrs", std::string("EPSG:4326")), config->displayCrs);
            if (!t) return t.error();
            auto projected = t->transformBounds(box);
            if (!projected) return projected.error();
            req.view = *projected;
        }
    } catch (const std::exception& e) {
        return Error{configPath.string() + ": test: " + e.what()};
    }
    auto result = renderSceneSnapshot(*config, req);
    if (!result) return result.error();
    return std::move(result->image);
}

}  // namespace gs
