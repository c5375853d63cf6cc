#include "scene/deferred_meshes.hpp"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>

#include "geometry/outline.hpp"
#include "geometry/simplify.hpp"

namespace gs {

namespace {

void meshFeatures(const LoadedLayer& layer, size_t begin, size_t end, LayerMeshes& out) {
    const FeatureGeometry& g = layer.geometry;
    FeatureGeometry& kept = out.geometry;
    std::vector<uint32_t> scratch, simpleEnds;
    std::vector<Vec2d> simplePoints;
    for (size_t f = begin; f < end; ++f) {
        const uint32_t fillFirst = uint32_t(out.fill.indices.size());
        const uint32_t lineFirst = uint32_t(out.outline.indices.size());
        const uint32_t parts = g.featurePolyEnd[f] - g.polygonBegin(f);
        for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
            // As LayerBuilder does: the part simplified, the full one where the simplified one
            // will not triangulate; a part under the tolerance is not drawn.
            const PolygonView full = g.polygon(poly, scratch);
            PolygonView drawn = full;
            if (layer.meshTolerance > 0) {
                if (simplifyPolygon(full, layer.meshTolerance, simplePoints, simpleEnds) == SimplifyResult::Collapsed)
                    continue;
                drawn = PolygonView{simplePoints, simpleEnds};
            }
            Status s = appendFill(drawn, layer.origin, uint32_t(f), out.fill);
            if (!s && drawn.points.data() != full.points.data()) {
                drawn = full;
                s = appendFill(drawn, layer.origin, uint32_t(f), out.fill);
            }
            if (!s) {
                std::string why = s.error().message;
                if (parts > 1)
                    why = "part " + std::to_string(poly - g.polygonBegin(f) + 1) + " of " + std::to_string(parts) +
                          ": " + why;
                out.skipped.push_back({layer.fids[f], std::move(why)});
                continue;
            }
            appendOutline(drawn, layer.origin, uint32_t(f), out.outline);
            const uint32_t pointBase = uint32_t(kept.points.size());
            kept.points.insert(kept.points.end(), drawn.points.begin(), drawn.points.end());
            for (uint32_t e : drawn.ringEnds) kept.ringEnds.push_back(pointBase + e);
            kept.polygonRingEnd.push_back(uint32_t(kept.ringEnds.size()));
        }
        kept.featurePolyEnd.push_back(uint32_t(kept.polygonRingEnd.size()));
        out.fillRanges.push_back({fillFirst, uint32_t(out.fill.indices.size()) - fillFirst});
        out.lineRanges.push_back({lineFirst, uint32_t(out.outline.indices.size()) - lineFirst});
    }
}

// Appends `part` (the meshes of the features after `into`'s) to `into`, shifting its indices.
void join(LayerMeshes& into, LayerMeshes& part) {
    const uint32_t vertexBase = uint32_t(into.fill.vertices.size());
    const uint32_t fillIndexBase = uint32_t(into.fill.indices.size());
    const uint32_t pointBase = uint32_t(into.outline.points.size());
    const uint32_t lineIndexBase = uint32_t(into.outline.indices.size());
    for (auto& i : part.fill.indices) i += vertexBase;
    for (auto& i : part.outline.indices)
        if (i != kStripRestart) i += 2 * pointBase;  // strip vertices are two per point
    for (auto& r : part.fillRanges) r.first += fillIndexBase;
    for (auto& r : part.lineRanges) r.first += lineIndexBase;
    auto append = [](auto& dst, auto& src) { dst.insert(dst.end(), src.begin(), src.end()); };
    append(into.fill.vertices, part.fill.vertices);
    append(into.fill.indices, part.fill.indices);
    append(into.outline.points, part.outline.points);
    append(into.outline.features, part.outline.features);
    append(into.outline.indices, part.outline.indices);
    append(into.fillRanges, part.fillRanges);
    append(into.lineRanges, part.lineRanges);
    for (auto& s : part.skipped) into.skipped.push_back(std::move(s));
    FeatureGeometry& g = into.geometry;
    const FeatureGeometry& pg = part.geometry;
    const uint32_t geomPointBase = uint32_t(g.points.size()), ringBase = uint32_t(g.ringEnds.size());
    const uint32_t polyBase = uint32_t(g.polygonRingEnd.size());
    append(g.points, pg.points);
    for (uint32_t e : pg.ringEnds) g.ringEnds.push_back(geomPointBase + e);
    for (uint32_t e : pg.polygonRingEnd) g.polygonRingEnd.push_back(ringBase + e);
    for (uint32_t e : pg.featurePolyEnd) g.featurePolyEnd.push_back(polyBase + e);
    part = LayerMeshes{};
}

}  // namespace

LayerMeshes buildDeferredMeshes(const LoadedLayer& layer, size_t threads) {
    const size_t n = layer.featureCount();
    LayerMeshes all;
    if (layer.geometry.featureCount() != n || n == 0) return all;
    threads = std::clamp<size_t>(threads, 1, 64);
    // More chunks than threads, taken in turn: footprints differ in cost from one part of a
    // city to another.
    const size_t chunks = std::min(n, threads * 4);
    std::vector<LayerMeshes> parts(chunks);
    {
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t c; (c = next.fetch_add(1)) < chunks;)
                meshFeatures(layer, n * c / chunks, n * (c + 1) / chunks, parts[c]);
        };
        std::vector<std::jthread> workers;  // joined at the end of this block
        for (size_t t = 1; t < threads; ++t) workers.emplace_back(work);
        work();
    }
    // Joined into vectors sized once: a million footprints' meshes are hundreds of megabytes,
    // and growing them by doubling would copy them over and over.
    size_t vertices = 0, fillIndices = 0, points = 0, lineIndices = 0;
    for (const LayerMeshes& part : parts) {
        vertices += part.fill.vertices.size();
        fillIndices += part.fill.indices.size();
        points += part.outline.points.size();
        lineIndices += part.outline.indices.size();
    }
    all.fill.vertices.reserve(vertices);
    all.fill.indices.reserve(fillIndices);
    all.outline.points.reserve(points);
    all.outline.features.reserve(points);
    all.outline.indices.reserve(lineIndices);
    size_t keptPoints = 0;
    for (const LayerMeshes& part : parts) keptPoints += part.geometry.points.size();
    all.geometry.points.reserve(keptPoints);
    all.geometry.featurePolyEnd.reserve(n);
    all.fillRanges.reserve(n);
    all.lineRanges.reserve(n);
    for (LayerMeshes& part : parts) join(all, part);
    return all;
}

void adoptMeshes(LoadedLayer& layer, LayerMeshes&& meshes) {
    // A feature none of whose parts triangulated is not drawn at all, as when loaded whole: its
    // box goes too (it was reported, with the reason).
    for (size_t f = 0; f < layer.footprintBoxes.size() && f < meshes.fillRanges.size(); ++f)
        if (meshes.fillRanges[f].count == 0) layer.footprintBoxes[f].half = {0, 0};
    layer.fill = std::move(meshes.fill);
    layer.outline = std::move(meshes.outline);
    layer.geometry = std::move(meshes.geometry);  // as drawn (the full polygons were for this)
    layer.fillRanges = std::move(meshes.fillRanges);
    layer.lineRanges = std::move(meshes.lineRanges);
    for (auto& s : meshes.skipped) layer.stats.skipped.push_back(std::move(s));
    layer.stats.vertices = layer.fill.vertices.size();
    layer.stats.triangles = layer.fill.indices.size() / 3;
    layer.meshesDeferred = false;
}

}  // namespace gs
