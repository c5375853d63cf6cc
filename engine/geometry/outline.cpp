#include "geometry/outline.hpp"

#include <cmath>
#include <span>
#include <vector>

#include "geometry/triangulate.hpp"

namespace gs {

Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, FillMesh& out) {
    const uint32_t base = uint32_t(out.vertices.size());
    // triangulate() appends nothing on failure, so there is nothing to undo.
    Status status = triangulate(poly, base, out.indices);
    if (!status) return status;
    for (Vec2d p : poly.points)
        out.vertices.push_back({float(p.x - origin.x), float(p.y - origin.y), feature});
    return Status::success();
}

namespace {

// Whether the corner at b, between the edges a→b and b→c (both of nonzero length), turns by more
// than the miter limit allows: the miter's length is 1/cos(turn / 2), and with the limit at 2 that
// is a turn past 120 degrees, where cos(turn) = d0·d1 / (|d0| |d1|) < -1/2.
bool needsBevel(Vec2d a, Vec2d b, Vec2d c) {
    static_assert(kMiterLimit == 2.0, "the test below is written for a miter limit of 2");
    const Vec2d d0 = b - a, d1 = c - b;
    const double dot = d0.x * d1.x + d0.y * d1.y;
    return dot < 0 && dot * dot > 0.25 * (d0.x * d0.x + d0.y * d0.y) * (d1.x * d1.x + d1.y * d1.y);
}

}  // namespace

uint32_t appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out) {
    const size_t firstIndex = out.indices.size();
    thread_local std::vector<Vec2d> ring;  // distinct points, relative to the origin, in double
    thread_local std::vector<Vec2f> seq;   // the points the strip visits, bevelled corners twice
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        ring.clear();
        for (Vec2d p : poly.ring(r)) {
            Vec2d q = p - origin;
            if (ring.empty() || !(q == ring.back())) ring.push_back(q);
        }
        while (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
        const size_t n = ring.size();
        if (n < 2) continue;

        seq.clear();
        for (size_t i = 0; i < n; ++i) {
            const Vec2d prev = ring[i == 0 ? n - 1 : i - 1], cur = ring[i], next = ring[i + 1 == n ? 0 : i + 1];
            const Vec2f p{float(cur.x), float(cur.y)};
            seq.push_back(p);
            if (needsBevel(prev, cur, next)) seq.push_back(p);
        }
        // [s(k-1), s0 .. s(k-1), s0, s1]: every strip point has both neighbours next to it.
        const size_t k = seq.size();
        const uint32_t base = uint32_t(out.points.size());
        out.points.push_back(seq[k - 1]);
        out.points.insert(out.points.end(), seq.begin(), seq.end());
        out.points.push_back(seq[0]);
        out.points.push_back(seq[1]);
        out.features.resize(out.points.size(), feature);
        // The strip: points base + 1 .. base + k + 1 (the last one closes the ring), two sides each.
        for (uint32_t i = base + 1; i <= base + k + 1; ++i) {
            out.indices.push_back(2 * i);
            out.indices.push_back(2 * i + 1);
        }
        out.indices.push_back(kStripRestart);
    }
    return uint32_t(out.indices.size() - firstIndex);
}

}  // namespace gs
