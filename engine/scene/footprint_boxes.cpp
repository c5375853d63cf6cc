#include "scene/footprint_boxes.hpp"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

void boxesOf(const LoadedLayer& layer, size_t begin, size_t end, std::vector<FootprintBox>& boxes) {
    const FeatureGeometry& g = layer.geometry;
    std::vector<uint32_t> scratch;
    for (size_t f = begin; f < end; ++f) {
        // The dominant direction modulo 90 degrees: edge angles times four, weighted by length, so
        // the sides of a rectangle (and of an L) all vote for the same axis.
        double c4 = 0, s4 = 0;
        const uint32_t first = g.polygonBegin(f), end = g.featurePolyEnd[f];
        for (uint32_t poly = first; poly < end; ++poly) {
            const PolygonView p = g.polygon(poly, scratch);
            if (p.ringCount() == 0) continue;
            const auto ring = p.ring(0);
            for (size_t i = 0; i < ring.size(); ++i) {
                // len * (cos 4φ, sin 4φ) from the edge's components, with no trigonometry:
                // cos 2φ = (x² - y²) / len², sin 2φ = 2xy / len², then the double angle again.
                const Vec2d d = ring[(i + 1) % ring.size()] - ring[i];
                const double len2 = d.x * d.x + d.y * d.y;
                if (len2 == 0) continue;
                const double c2 = (d.x * d.x - d.y * d.y) / len2, s2 = 2 * d.x * d.y / len2;
                const double len = std::sqrt(len2);
                c4 += len * (c2 * c2 - s2 * s2);
                s4 += len * (2 * s2 * c2);
            }
        }
        const double angle = (c4 == 0 && s4 == 0) ? 0.0 : 0.25 * std::atan2(s4, c4);
        const Vec2d u{std::cos(angle), std::sin(angle)}, v{-u.y, u.x};
        double minU = INFINITY, maxU = -INFINITY, minV = INFINITY, maxV = -INFINITY;
        for (uint32_t poly = first; poly < end; ++poly) {
            const PolygonView p = g.polygon(poly, scratch);
            if (p.ringCount() == 0) continue;
            for (const Vec2d& q : p.ring(0)) {
                const double a = q.x * u.x + q.y * u.y, b = q.x * v.x + q.y * v.y;
                minU = std::min(minU, a), maxU = std::max(maxU, a);
                minV = std::min(minV, b), maxV = std::max(maxV, b);
            }
        }
        if (!(minU <= maxU) || !(minV <= maxV)) continue;
        const double cu = 0.5 * (minU + maxU), cv = 0.5 * (minV + maxV);
        const Vec2d center{cu * u.x + cv * v.x - layer.origin.x, cu * u.y + cv * v.y - layer.origin.y};
        const double boxArea = (maxU - minU) * (maxV - minV);
        const double area = f < layer.areas.size() ? layer.areas[f] : boxArea;
        FootprintBox& b = boxes[f];
        b.center = {float(center.x), float(center.y)};
        b.axis = {float(u.x), float(u.y)};
        // Shrunk to the footprint's area, keeping its proportions: an L or a jagged row of
        // attached houses draws the ink it has, without covering the street beside it.
        const double shrink = boxArea > 0 && area > 0 ? std::sqrt(std::min(1.0, area / boxArea)) : 1.0;
        b.half = {float(0.5 * (maxU - minU) * shrink), float(0.5 * (maxV - minV) * shrink)};
    }
}

}  // namespace

std::vector<FootprintBox> buildFootprintBoxes(const LoadedLayer& layer) {
    std::vector<FootprintBox> boxes;
    const size_t n = layer.featureCount();
    if (layer.geometry.featureCount() != n || n == 0) return boxes;
    boxes.resize(n, FootprintBox{{0, 0}, {1, 0}, {0, 0}});
    // On every core: a million footprints take a second on one.
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16);
    const size_t per = (n + threads - 1) / threads;
    {
        std::vector<std::jthread> workers;  // joined at the end of this block, before the return
        for (size_t t = 1; t < threads && t * per < n; ++t)
            workers.emplace_back([&, t] { boxesOf(layer, t * per, std::min(n, (t + 1) * per), boxes); });
        boxesOf(layer, 0, std::min(n, per), boxes);
    }
    return boxes;
}

}  // namespace gs
