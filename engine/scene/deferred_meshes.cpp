#include "scene/deferred_meshes.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "scene/loader.hpp"

namespace gs {

Result<LayerMeshes> loadDeferredMeshes(const LoadedLayer& layer, const std::string& displayCrs) {
    SceneConfig config;
    config.displayCrs = displayCrs;
    config.layers.push_back(layer.config);
    LoadOptions options;
    options.simplifyTolerance = layer.meshTolerance;
    options.keepBuildingGeometry = true;  // as drawn: picked as it looks
    options.allAttributes = false;        // the first read has them
    options.meshesOnly = true;
    auto second = loadScene(config, options);
    if (!second) return second.error();
    LoadedLayer& w = second->layers.at(0);
    if (!(w.origin == layer.origin))
        return Error{"layer \"" + layer.config.id + "\": its source changed between two reads (another origin)"};

    // Both reads give the features in the source's order; the whole load's are the first's less
    // those no part of which triangulated. One walk pairs them.
    std::vector<uint32_t> whole(layer.featureCount(), UINT32_MAX), toDeferred(w.featureCount());
    size_t j = 0;
    for (size_t f = 0; f < layer.featureCount() && j < w.featureCount(); ++f)
        if (layer.fids[f] == w.fids[j]) {
            whole[f] = uint32_t(j);
            toDeferred[j++] = uint32_t(f);
        }
    if (j != w.featureCount())
        return Error{"layer \"" + layer.config.id + "\": its source changed between two reads (feature " +
                     std::to_string(w.fids[j]) + ")"};

    // The meshes' feature tags renumbered; ranges and geometry in the deferred layer's order.
    for (FillVertex& v : w.fill.vertices) v.feature = toDeferred[v.feature];
    for (uint32_t& feature : w.outline.features) feature = toDeferred[feature];
    LayerMeshes out;
    out.fillRanges.assign(layer.featureCount(), IndexRange{0, 0});
    out.lineRanges.assign(layer.featureCount(), IndexRange{0, 0});
    // A feature the whole load has not gets an empty range where it would be, so that the ranges
    // stay in order (the renderer's runs take a run's span from its first and last features).
    uint32_t fillAt = 0, lineAt = 0;
    for (size_t f = 0; f < layer.featureCount(); ++f) {
        if (whole[f] == UINT32_MAX) {
            out.fillRanges[f] = IndexRange{fillAt, 0};
            out.lineRanges[f] = IndexRange{lineAt, 0};
            continue;
        }
        out.fillRanges[f] = w.fillRanges[whole[f]];
        out.lineRanges[f] = w.lineRanges[whole[f]];
        fillAt = out.fillRanges[f].first + out.fillRanges[f].count;
        lineAt = out.lineRanges[f].first + out.lineRanges[f].count;
    }
    // Geometry: the deferred layer's features with no polygon in the whole load get none.
    const FeatureGeometry& wg = w.geometry;
    FeatureGeometry& g = out.geometry;
    g.points = std::move(w.geometry.points);
    g.ringEnds = std::move(w.geometry.ringEnds);
    g.polygonRingEnd = std::move(w.geometry.polygonRingEnd);
    g.featurePolyEnd.reserve(layer.featureCount());
    uint32_t polyEnd = 0;
    for (size_t f = 0; f < layer.featureCount(); ++f) {
        if (whole[f] != UINT32_MAX) polyEnd = wg.featurePolyEnd[whole[f]];
        g.featurePolyEnd.push_back(polyEnd);
    }
    out.fill = std::move(w.fill);
    out.outline = std::move(w.outline);
    out.skipped = std::move(w.stats.skipped);
    return out;
}

void adoptMeshes(LoadedLayer& layer, LayerMeshes&& meshes) {
    // A feature none of whose parts triangulated is not drawn at all, as when loaded whole: its
    // box goes too (it was reported, with the reason).
    for (size_t f = 0; f < layer.footprintBoxes.size() && f < meshes.fillRanges.size(); ++f)
        if (meshes.fillRanges[f].count == 0) layer.footprintBoxes[f] = kNoBox;
    layer.fill = std::move(meshes.fill);
    layer.outline = std::move(meshes.outline);
    layer.geometry = std::move(meshes.geometry);
    layer.fillRanges = std::move(meshes.fillRanges);
    layer.lineRanges = std::move(meshes.lineRanges);
    // The second read meets again what the first reported (a feature with no geometry): only the
    // triangulator's reasons are new.
    std::unordered_map<int64_t, std::vector<std::string>> known;
    for (const auto& s : layer.stats.skipped) known[s.fid].push_back(s.reason);
    for (auto& s : meshes.skipped) {
        const auto it = known.find(s.fid);
        if (it == known.end() || std::find(it->second.begin(), it->second.end(), s.reason) == it->second.end())
            layer.stats.skipped.push_back(std::move(s));
    }
    layer.stats.vertices = layer.fill.vertices.size();
    layer.stats.triangles = layer.fill.indices.size() / 3;
    layer.meshesDeferred = false;
}

}  // namespace gs
