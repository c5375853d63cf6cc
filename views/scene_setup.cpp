#include "scene_setup.hpp"

#include <filesystem>
#include <unistd.h>

#include "geo/transformer.hpp"
#include "live/overlay/marker_style.hpp"
#include "style/layer_style.hpp"
#include "style/palette.hpp"
#include "ui_theme.hpp"

namespace gs::cli {

std::string demoConfigPath() {
    namespace fs = std::filesystem;
    // Installed beside the executable (PREFIX/bin/gridscope -> PREFIX/share/gridscope/data), next
    // to the executable's tree (build/views/gridscope -> data/demo.json), then the source tree.
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec) {
        candidates.push_back(exe.parent_path().parent_path() / "share" / "gridscope" / "data" / "demo.json");
        for (fs::path p = exe.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path())
            candidates.push_back(p / "data" / "demo.json");
    }
    candidates.push_back(fs::path(GRIDSCOPE_SOURCE_DIR) / "data" / "demo.json");
    candidates.push_back("/usr/share/gridscope/data/demo.json");
    for (const auto& c : candidates)
        if (fs::exists(c, ec)) return c.string();
    return (fs::path(GRIDSCOPE_SOURCE_DIR) / "data" / "demo.json").string();
}

Lang screenLang(const Options& options, std::optional<Lang> fromFile) {
    if (options.langGiven)
        if (auto lang = parseLang(options.lang)) return *lang;  // the parser accepts zh and en only
    return fromFile.value_or(Lang::Zh);
}

Status loadAssets() {
    for (Status (*load)() : {loadStrings, loadPalettes, loadMarkerStyles, loadLayerStyleDefaults, loadUiTheme})
        if (Status s = load(); !s) return s;
    return {};
}

Result<SceneFile> sceneFromOptions(const Options& options) {
    Result<SceneFile> file = Error{""};
    if (!options.configPath.empty()) {
        file = loadSceneFile(options.configPath);
    } else if (!options.grids.empty() || !options.buildings.empty()) {
        SourceArgs args;
        args.grids = options.grids;
        args.buildings = options.buildings;
        args.srcCrs = options.srcCrs;
        if (!options.displayCrs.empty()) args.displayCrs = options.displayCrs;
        auto scene = sceneFromSources(args, nullptr);  // fields are guessed as the loader opens each source
        if (!scene) return scene.error();
        file = SceneFile{std::move(*scene), {}, std::nullopt, std::nullopt};
    } else {
        file = loadSceneFile(demoConfigPath());
    }
    if (!file) return file;
    SceneConfig* config = &file->scene;
    if (!options.srcCrs.empty())
        for (auto& l : config->layers)
            if (l.source.crs.empty()) l.source.crs = options.srcCrs;
    if (!options.displayCrs.empty()) config->displayCrs = options.displayCrs;
    // Check the display CRS early so the message names it rather than a layer.
    if (auto t = Transformer::create("EPSG:4326", config->displayCrs); !t)
        return Error{"display CRS: " + t.error().message};
    return file;
}

Result<std::optional<Box>> requestedView(const Options& options, const SceneConfig& scene) {
    std::optional<Box> box;
    std::string crs;
    if (options.bbox) {
        box = *options.bbox;
        crs = options.bboxCrs.empty() ? "EPSG:4326" : options.bboxCrs;
    } else if (scene.camera && scene.camera->bbox) {
        box = *scene.camera->bbox;
        crs = scene.camera->crs.empty() ? scene.displayCrs : scene.camera->crs;
    }
    if (!box) return std::optional<Box>{};
    auto t = Transformer::create(crs, scene.displayCrs);
    if (!t) return Error{"bbox CRS: " + t.error().message};
    auto b = t->transformBounds(*box);
    if (!b) return Error{"bbox: " + b.error().message};
    return std::optional<Box>(*b);
}

}  // namespace gs::cli
