// `gridscope info`: what each layer holds after loading, as text or JSON (--json).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "scene_setup.hpp"

namespace gs::cli {

namespace {

nlohmann::json boxJson(const Box& b) {
    if (b.empty()) return nullptr;
    return {b.minX, b.minY, b.maxX, b.maxY};
}

}  // namespace

int reportBad(const Error& error) {
    std::fprintf(stderr, "gridscope: %s\n", error.message.c_str());
    return 2;
}

int reportFailure(const Error& error) {
    std::fprintf(stderr, "gridscope: %s\n", error.message.c_str());
    return 1;
}

void reportSkipped(const LoadedScene& scene) {
    for (const auto& layer : scene.layers) {
        const auto& skipped = layer.stats.skipped;
        if (skipped.empty()) continue;
        std::string first;
        for (size_t i = 0; i < skipped.size() && i < 3; ++i)
            first += (i ? "; " : "") + std::string("fid ") + std::to_string(skipped[i].fid) + ": " + skipped[i].reason;
        std::fprintf(stderr, "warning: layer \"%s\": %zu geometries skipped (%s%s); see `gridscope info`\n",
                     layer.config.id.c_str(), skipped.size(), first.c_str(), skipped.size() > 3 ? "; ..." : "");
    }
}

int runInfo(const Options& options) {
    auto file = sceneFromOptions(options);
    if (!file) return reportBad(file.error());
    const SceneConfig* config = &file->scene;
    LoadOptions load;
    load.keepBuildingGeometry = false;
    auto scene = loadScene(*config, load);
    if (!scene) return reportBad(scene.error());

    nlohmann::json out;
    out["displayCrs"] = config->displayCrs;
    out["extent"] = boxJson(scene->extent);
    out["loadSeconds"] = scene->loadSeconds;
    out["warnings"] = scene->warnings;
    out["layers"] = nlohmann::json::array();
    for (const auto& l : scene->layers) {
        const auto& s = l.stats;
        nlohmann::json j;
        j["id"] = l.config.id;
        j["role"] = roleName(l.config.role);
        j["source"] = l.config.source.source;
        j["layer"] = l.config.source.layer;
        j["crs"] = s.sourceCrs;
        j["sourceExtent"] = boxJson(s.sourceExtent);
        j["extent"] = boxJson(s.extent);
        j["featuresRead"] = s.featuresRead;
        j["featuresLoaded"] = s.featuresLoaded;
        j["featuresSkipped"] = s.featuresRead - s.featuresLoaded;
        j["partsSkipped"] = s.skipped.size();
        auto& sk = j["skipped"] = nlohmann::json::array();
        for (const auto& k : s.skipped) sk.push_back({{"fid", k.fid}, {"reason", k.reason}});
        j["vertices"] = s.sourceVertices;
        j["meshVertices"] = l.outline.points.size();
        j["triangles"] = l.fill.indices.size() / 3;
        j["lines"] = s.lines;
        j["points"] = s.points;
        j["partsIgnored"] = s.ignoredParts;
        j["loadSeconds"] = s.loadSeconds;
        out["layers"].push_back(std::move(j));
    }
    if (options.json) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("display CRS %s, loaded in %.3f s\n", config->displayCrs.c_str(), scene->loadSeconds);
    for (const auto& j : out["layers"]) {
        std::printf("%-14s %-9s %s\n", j["id"].get<std::string>().c_str(), j["role"].get<std::string>().c_str(),
                    j["source"].get<std::string>().c_str());
        std::printf("  crs %s; features %zu loaded of %zu read, %zu skipped; %zu vertices, %zu triangles; %.3f s\n",
                    j["crs"].get<std::string>().c_str(), j["featuresLoaded"].get<size_t>(),
                    j["featuresRead"].get<size_t>(), j["featuresSkipped"].get<size_t>(),
                    j["vertices"].get<size_t>(), j["triangles"].get<size_t>(), j["loadSeconds"].get<double>());
        if (j["lines"].get<size_t>() || j["points"].get<size_t>())
            std::printf("  %zu lines, %zu points\n", j["lines"].get<size_t>(), j["points"].get<size_t>());
        if (j["partsIgnored"].get<size_t>())
            std::printf("  %zu parts of a kind this layer does not draw (e.g. points in a level) ignored\n",
                        j["partsIgnored"].get<size_t>());
        size_t shown = 0;
        for (const auto& k : j["skipped"]) {
            if (shown++ == 10) { std::printf("    ... (--json lists all)\n"); break; }
            std::printf("    skipped fid %lld: %s\n", (long long)k["fid"].get<int64_t>(),
                        k["reason"].get<std::string>().c_str());
        }
    }
    for (const auto& w : scene->warnings) std::printf("warning: %s\n", w.c_str());
    return 0;
}

}  // namespace gs::cli
