#include "scene/deferred_meshes.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "scene/loader.hpp"

namespace gs {

namespace {

Error changed(const LoadedLayer& layer, const std::string& what) {
    return Error{"layer \"" + layer.config.id + "\": its source changed between two reads (" + what + ")"};
}

// The region's features (`w`, in the order the source's spatial index gave them) in `layer`'s
// feature order: each feature's points (tagged with the layer's feature numbers) and triangles
// copied feature by feature, its triangles renamed for where its points went (an outline is drawn
// over a range of points, so a run of features must have its points in feature order), the
// geometry likewise.
Result<LayerMeshes> regionMeshes(const LoadedLayer& layer, LoadedLayer& w, const Box& region) {
    const size_t n = layer.featureCount();
    // Each read feature's place in the layer, by its id (the layer's ids ascend for a GeoPackage;
    // any other order is sorted aside).
    std::vector<uint32_t> byFid;
    const bool ascending = std::is_sorted(layer.fids.begin(), layer.fids.end());
    if (!ascending) {
        byFid.resize(n);
        for (size_t f = 0; f < n; ++f) byFid[f] = uint32_t(f);
        std::sort(byFid.begin(), byFid.end(), [&](uint32_t a, uint32_t b) { return layer.fids[a] < layer.fids[b]; });
    }
    auto place = [&](int64_t fid) -> uint32_t {
        if (ascending) {
            auto it = std::lower_bound(layer.fids.begin(), layer.fids.end(), fid);
            return it != layer.fids.end() && *it == fid ? uint32_t(it - layer.fids.begin()) : UINT32_MAX;
        }
        auto it = std::lower_bound(byFid.begin(), byFid.end(), fid,
                                   [&](uint32_t f, int64_t id) { return layer.fids[f] < id; });
        return it != byFid.end() && layer.fids[*it] == fid ? *it : UINT32_MAX;
    };
    std::vector<std::pair<uint32_t, uint32_t>> order;  // (layer feature, read feature), by layer feature
    order.reserve(w.featureCount());
    for (size_t j = 0; j < w.featureCount(); ++j) {
        const uint32_t f = place(w.fids[j]);
        if (f == UINT32_MAX) return changed(layer, "feature " + std::to_string(w.fids[j]));
        order.push_back({f, uint32_t(j)});
    }
    std::sort(order.begin(), order.end());

    LayerMeshes out;
    out.region = region;
    std::vector<uint32_t> toLayer(w.featureCount());
    for (const auto& [f, j] : order) toLayer[j] = f;
    for (uint32_t& feature : w.outline.features) feature = toLayer[feature & kFeatureBits] | (feature & kOffStrip);
    out.fill.indices.reserve(w.fill.indices.size());
    out.outline.points.reserve(w.outline.points.size());
    out.outline.features.reserve(w.outline.features.size());
    out.fillRanges.resize(n);
    out.lineRanges.resize(n);
    FeatureGeometry& g = out.geometry;
    const FeatureGeometry& wg = w.geometry;
    g.featurePolyEnd.resize(n);
    std::vector<uint32_t> read(n, UINT32_MAX);
    for (const auto& [f, j] : order) read[f] = j;
    for (size_t f = 0; f < n; ++f) {
        const uint32_t j = read[f];
        auto copy = [](const std::vector<uint32_t>& from, IndexRange r, std::vector<uint32_t>& to) {
            const IndexRange at{uint32_t(to.size()), r.count};
            to.insert(to.end(), from.begin() + r.first, from.begin() + r.first + r.count);
            return at;
        };
        if (j == UINT32_MAX) {
            out.fillRanges[f] = IndexRange{uint32_t(out.fill.indices.size()), 0};
            out.lineRanges[f] = IndexRange{uint32_t(out.outline.points.size()), 0};
        } else {
            const IndexRange from = w.lineRanges[j];
            const uint32_t to = uint32_t(out.outline.points.size());
            out.outline.points.insert(out.outline.points.end(), w.outline.points.begin() + from.first,
                                      w.outline.points.begin() + from.first + from.count);
            out.outline.features.insert(out.outline.features.end(), w.outline.features.begin() + from.first,
                                        w.outline.features.begin() + from.first + from.count);
            out.lineRanges[f] = IndexRange{to, from.count};
            out.fillRanges[f] = copy(w.fill.indices, w.fillRanges[j], out.fill.indices);
            // Its triangles name its own points only: they moved by as much as its range did.
            for (uint32_t k = out.fillRanges[f].first; k < out.fillRanges[f].first + out.fillRanges[f].count; ++k)
                out.fill.indices[k] = out.fill.indices[k] - from.first + to;
            if (j < wg.featureCount())
                for (uint32_t poly = wg.polygonBegin(j); poly < wg.featurePolyEnd[j]; ++poly) {
                    for (uint32_t ring = wg.ringBegin(poly); ring < wg.polygonRingEnd[poly]; ++ring) {
                        const uint32_t p0 = ring == 0 ? 0 : wg.ringEnds[ring - 1];
                        g.points.insert(g.points.end(), wg.points.begin() + p0, wg.points.begin() + wg.ringEnds[ring]);
                        g.ringEnds.push_back(uint32_t(g.points.size()));
                    }
                    g.polygonRingEnd.push_back(uint32_t(g.ringEnds.size()));
                }
        }
        g.featurePolyEnd[f] = uint32_t(g.polygonRingEnd.size());
        // A footprint wholly in the region was read; if it is not here, none of its parts
        // triangulated (as a whole load would drop it).
        if (j == UINT32_MAX && f < layer.bounds.size() && region.contains(layer.bounds[f]))
            out.failed.push_back(uint32_t(f));
    }
    out.skipped = std::move(w.stats.skipped);
    return out;
}

}  // namespace

Result<LayerMeshes> loadDeferredMeshes(const LoadedLayer& layer, const std::string& displayCrs, const Box& region) {
    SceneConfig config;
    config.displayCrs = displayCrs;
    config.layers.push_back(layer.config);
    LoadOptions options;
    options.simplifyTolerance = layer.meshTolerance;
    options.keepBuildingGeometry = true;  // as drawn: picked as it looks
    options.allAttributes = false;        // the first read has them
    options.meshesOnly = true;
    options.region = region;
    options.regionOrigin = layer.origin;
    auto second = loadScene(config, options);
    if (!second) return second.error();
    LoadedLayer& w = second->layers.at(0);
    if (!region.empty()) return regionMeshes(layer, w, region);
    if (!(w.origin == layer.origin)) return changed(layer, "another origin");

    // Both reads give the features in the source's order; the whole load's are the first's less
    // those no part of which triangulated. One walk pairs them.
    std::vector<uint32_t> whole(layer.featureCount(), UINT32_MAX), toDeferred(w.featureCount());
    size_t j = 0;
    for (size_t f = 0; f < layer.featureCount() && j < w.featureCount(); ++f)
        if (layer.fids[f] == w.fids[j]) {
            whole[f] = uint32_t(j);
            toDeferred[j++] = uint32_t(f);
        }
    if (j != w.featureCount()) return changed(layer, "feature " + std::to_string(w.fids[j]));

    // The meshes' feature tags renumbered; ranges and geometry in the deferred layer's order.
    for (uint32_t& feature : w.outline.features) feature = toDeferred[feature & kFeatureBits] | (feature & kOffStrip);
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
    if (!meshes.region.empty()) {
        for (uint32_t f : meshes.failed)
            if (f < layer.footprintBoxes.size()) layer.footprintBoxes[f] = kNoBox;
        layer.boxesEmptied.insert(layer.boxesEmptied.end(), meshes.failed.begin(), meshes.failed.end());
    } else {
        for (size_t f = 0; f < meshes.fillRanges.size(); ++f)
            if (meshes.fillRanges[f].count == 0) {
                if (f < layer.footprintBoxes.size()) layer.footprintBoxes[f] = kNoBox;
                layer.boxesEmptied.push_back(uint32_t(f));
            }
    }
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
    layer.meshedRegion = meshes.region;
    if (!meshes.region.empty()) return;  // still deferred: meshes there only
    layer.stats.vertices = layer.outline.points.size();
    layer.stats.triangles = layer.fill.indices.size() / 3;
    layer.meshesDeferred = false;
}

}  // namespace gs
