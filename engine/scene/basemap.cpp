#include "scene/basemap.hpp"

#include <algorithm>

#include "source/vector_source.hpp"

namespace gs {

namespace {

// The source layer a rule's "from" names, or empty when there is none.
std::string sourceLayerFor(const std::string& from, const std::vector<SourceLayerInfo>& layers) {
    auto named = [&](const std::string& name) {
        return std::any_of(layers.begin(), layers.end(), [&](const SourceLayerInfo& l) { return l.name == name; });
    };
    unsigned kind = 0;
    std::string osmName;
    if (from == "lines") kind = kLines, osmName = "lines";
    else if (from == "polygons") kind = kPolygons, osmName = "multipolygons";
    else if (from == "points") kind = kPoints, osmName = "points";
    else return named(from) ? from : std::string();
    if (named(osmName)) return osmName;
    std::string only;
    for (const SourceLayerInfo& l : layers) {
        if (l.kinds != kind) continue;
        if (!only.empty()) return only;  // several: the first, in the source's order
        only = l.name;
    }
    return only;
}

}  // namespace

Status appendBasemapLayers(SceneConfig& scene, std::vector<std::string>& notes) {
    if (!scene.basemap) return {};
    const BasemapConfig& b = *scene.basemap;
    auto layers = listSourceLayers(b.source);
    if (!layers) return Error{"basemap: " + layers.error().message};
    std::vector<std::string> missing;
    for (const BasemapRule& rule : b.rules) {
        const std::string layer = sourceLayerFor(rule.from, *layers);
        if (layer.empty()) {
            missing.push_back(rule.id + " (no " + rule.from + " layer)");
            continue;
        }
        LayerConfig l;
        l.id = "basemap-" + rule.id;
        l.title = rule.id;
        l.role = LayerRole::Basemap;
        l.source.source = b.source;
        l.source.layer = layer;
        l.source.where = rule.where;
        l.source.crs = b.crs;
        l.style = rule.style;
        scene.layers.push_back(std::move(l));
    }
    if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
        notes.push_back("basemap " + b.source + ": nothing to draw for " + list);
    }
    return {};
}

}  // namespace gs
