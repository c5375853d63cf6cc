#include "scene/coarse_meshes.hpp"

#include <vector>

#include "geometry/outline.hpp"
#include "geometry/simplify.hpp"

namespace gs {

void buildCoarserMeshes(LoadedLayer& layer, std::span<const double> tolerances) {
    const FeatureGeometry& g = layer.geometry;
    if (g.featureCount() != layer.featureCount() || layer.featureCount() == 0) return;
    std::vector<uint32_t> scratch, ends;
    std::vector<Vec2d> points;
    for (double tolerance : tolerances) {
        CoarseMesh mesh;
        mesh.tolerance = tolerance;
        mesh.fillRanges.reserve(layer.featureCount());
        mesh.lineRanges.reserve(layer.featureCount());
        for (size_t f = 0; f < layer.featureCount(); ++f) {
            const uint32_t fillFirst = uint32_t(mesh.fill.indices.size());
            const uint32_t lineFirst = uint32_t(mesh.outline.indices.size());
            for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
                const PolygonView full = g.polygon(poly, scratch);
                simplifyPolygon(full, tolerance, points, ends);  // a collapsed one is its bounding quad
                PolygonView drawn{points, ends};
                if (!appendFill(drawn, layer.origin, uint32_t(f), mesh.fill)) {
                    // Simplified into something the triangulator refuses: the full polygon then.
                    if (!appendFill(full, layer.origin, uint32_t(f), mesh.fill)) continue;
                    drawn = full;
                }
                appendOutline(drawn, layer.origin, uint32_t(f), mesh.outline);
            }
            mesh.fillRanges.push_back({fillFirst, uint32_t(mesh.fill.indices.size()) - fillFirst});
            mesh.lineRanges.push_back({lineFirst, uint32_t(mesh.outline.indices.size()) - lineFirst});
        }
        layer.coarser.push_back(std::move(mesh));
    }
}

}  // namespace gs
