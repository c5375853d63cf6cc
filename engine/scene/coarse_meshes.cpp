#include "scene/coarse_meshes.hpp"

#include <cmath>
#include <vector>

#include "geometry/outline.hpp"
#include "geometry/simplify.hpp"

namespace gs {

namespace {

// Douglas-Peucker on one closed ring, for an outline only (it need not stay simple: a line has no
// inside to get wrong). Keeps the first point and the farthest from it, then every point that
// strays more than `tolerance` from the kept chain. A ring whose box is under the tolerance
// becomes its box's corners (a speck, not nothing).
void simplifyRing(std::span<const Vec2d> ring, double tolerance, std::vector<Vec2d>& out) {
    out.clear();
    size_t n = ring.size();
    while (n > 1 && ring[n - 1] == ring[0]) --n;  // the closing point
    if (n < 3) return;
    Box box;
    for (size_t i = 0; i < n; ++i) box.add(ring[i]);
    if (box.width() < tolerance && box.height() < tolerance) {
        out = {{box.minX, box.minY}, {box.maxX, box.minY}, {box.maxX, box.maxY}, {box.minX, box.maxY}};
        return;
    }
    size_t far = 0;
    double farD = -1;
    for (size_t i = 1; i < n; ++i) {
        const double d = std::hypot(ring[i].x - ring[0].x, ring[i].y - ring[0].y);
        if (d > farD) farD = d, far = i;
    }
    std::vector<char> keep(n + 1, 0);
    keep[0] = keep[far] = keep[n] = 1;  // index n stands for the first point again
    auto at = [&](size_t i) { return ring[i % n]; };
    std::vector<std::pair<size_t, size_t>> stack{{0, far}, {far, n}};
    while (!stack.empty()) {
        auto [a, b] = stack.back();
        stack.pop_back();
        const Vec2d pa = at(a), pb = at(b), ab = pb - pa;
        const double len = std::hypot(ab.x, ab.y);
        size_t worst = a;
        double worstD = tolerance;
        for (size_t i = a + 1; i < b; ++i) {
            const Vec2d p = at(i);
            const double d = len > 0 ? std::abs(ab.x * (p.y - pa.y) - ab.y * (p.x - pa.x)) / len
                                     : std::hypot(p.x - pa.x, p.y - pa.y);
            if (d > worstD) worstD = d, worst = i;
        }
        if (worst != a) {
            keep[worst] = 1;
            stack.push_back({a, worst});
            stack.push_back({worst, b});
        }
    }
    for (size_t i = 0; i < n; ++i)
        if (keep[i]) out.push_back(ring[i]);
}

}  // namespace

void buildCoarserMeshes(LoadedLayer& layer, std::span<const double> tolerances) {
    const FeatureGeometry& g = layer.geometry;
    if (g.featureCount() != layer.featureCount() || layer.featureCount() == 0) return;
    std::vector<uint32_t> scratch, ends, lineEnds;
    std::vector<Vec2d> points, ring, linePoints;
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
                // Each ring simplified on its own: the outline's, and the fill's when the
                // triangulator accepts them (rings of a dissolved boundary may now cross).
                linePoints.clear();
                lineEnds.clear();
                for (uint32_t r = 0; r < full.ringCount(); ++r) {
                    if (r > 0) {  // a hole under the tolerance is not seen
                        Box hole;
                        for (const Vec2d& v : full.ring(r)) hole.add(v);
                        if (hole.width() < tolerance && hole.height() < tolerance) continue;
                    }
                    simplifyRing(full.ring(r), tolerance, ring);
                    if (ring.size() < 3) continue;
                    linePoints.insert(linePoints.end(), ring.begin(), ring.end());
                    lineEnds.push_back(uint32_t(linePoints.size()));
                }
                bool filled = !lineEnds.empty() &&
                              appendFill(PolygonView{linePoints, lineEnds}, layer.origin, uint32_t(f), mesh.fill).ok();
                if (!filled) {
                    // Else simplified as the loader simplifies (never crossing; a collapsed
                    // polygon is its bounding quad), else whole.
                    simplifyPolygon(full, tolerance, points, ends);
                    if (!appendFill(PolygonView{points, ends}, layer.origin, uint32_t(f), mesh.fill) &&
                        !appendFill(full, layer.origin, uint32_t(f), mesh.fill))
                        continue;
                }
                if (!lineEnds.empty()) appendOutline(PolygonView{linePoints, lineEnds}, layer.origin, uint32_t(f), mesh.outline);
            }
            mesh.fillRanges.push_back({fillFirst, uint32_t(mesh.fill.indices.size()) - fillFirst});
            mesh.lineRanges.push_back({lineFirst, uint32_t(mesh.outline.indices.size()) - lineFirst});
        }
        layer.coarser.push_back(std::move(mesh));
    }
}

}  // namespace gs
