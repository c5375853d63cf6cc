#include "scene/footprint_boxes.hpp"

#include <algorithm>
#include <cmath>
#include <vector>


namespace gs {

FootprintBox footprintBox(std::span<const PolygonView> parts, double area, Vec2d origin) {
    // The dominant direction modulo 90 degrees: edge angles times four, weighted by length, so
    // the sides of a rectangle (and of an L) all vote for the same axis.
    double c4 = 0, s4 = 0;
    for (const PolygonView& p : parts) {
        if (p.ringCount() == 0) continue;
        const auto ring = p.ring(0);
        const size_t n = ring.size();
        for (size_t i = 0; i < n; ++i) {
            // len * (cos 4φ, sin 4φ) from the edge's components, with no trigonometry:
            // cos 2φ = (x² - y²) / len², sin 2φ = 2xy / len², then the double angle again.
            // (Edges in ring order, the closing one last; no modulo, one division an edge.)
            const Vec2d d = ring[i + 1 < n ? i + 1 : 0] - ring[i];
            const double len2 = d.x * d.x + d.y * d.y;
            if (len2 == 0) continue;
            const double inv = 1 / len2;
            const double c2 = (d.x * d.x - d.y * d.y) * inv, s2 = 2 * d.x * d.y * inv;
            const double len = std::sqrt(len2);
            c4 += len * (c2 * c2 - s2 * s2);
            s4 += len * (2 * s2 * c2);
        }
    }
    const double angle = (c4 == 0 && s4 == 0) ? 0.0 : 0.25 * std::atan2(s4, c4);
    const Vec2d u{std::cos(angle), std::sin(angle)}, v{-u.y, u.x};
    double minU = INFINITY, maxU = -INFINITY, minV = INFINITY, maxV = -INFINITY;
    for (const PolygonView& p : parts) {
        if (p.ringCount() == 0) continue;
        for (const Vec2d& q : p.ring(0)) {
            const double a = q.x * u.x + q.y * u.y, b = q.x * v.x + q.y * v.y;
            minU = std::min(minU, a), maxU = std::max(maxU, a);
            minV = std::min(minV, b), maxV = std::max(maxV, b);
        }
    }
    FootprintBox box = kNoBox;
    if (!(minU <= maxU) || !(minV <= maxV)) return box;
    const double cu = 0.5 * (minU + maxU), cv = 0.5 * (minV + maxV);
    const Vec2d center{cu * u.x + cv * v.x - origin.x, cu * u.y + cv * v.y - origin.y};
    const double boxArea = (maxU - minU) * (maxV - minV);
    if (!(area > 0)) area = boxArea;
    box.center = {float(center.x), float(center.y)};
    box.axis = {float(u.x), float(u.y)};
    // Shrunk to the footprint's area, keeping its proportions: an L or a jagged row of attached
    // houses draws the ink it has, without covering the street beside it.
    const double shrink = boxArea > 0 && area > 0 ? std::sqrt(std::min(1.0, area / boxArea)) : 1.0;
    box.half = {float(0.5 * (maxU - minU) * shrink), float(0.5 * (maxV - minV) * shrink)};
    return box;
}

}  // namespace gs
