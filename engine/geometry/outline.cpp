#include "geometry/outline.hpp"

#include <cassert>
#include <cmath>
#include <vector>

#include "geometry/triangulate.hpp"

namespace gs {
namespace {

// The unit left normal of the edge from a to b (distinct points): with y up, the side a
// counterclockwise ring's interior is on.
Vec2d leftNormal(Vec2d a, Vec2d b) {
    const Vec2d d = b - a;
    const double inv = 1 / std::sqrt(d.x * d.x + d.y * d.y);
    return {-d.y * inv, d.x * inv};
}

// Appends a left/right vertex pair at p (relative to the origin) pushed out by ±extrude.
void appendPair(LineMesh& out, Vec2d p, Vec2d extrude, uint32_t feature) {
    const float x = float(p.x), y = float(p.y);
    const float ex = float(extrude.x), ey = float(extrude.y);
    out.vertices.push_back({x, y, ex, ey, feature});
    out.vertices.push_back({x, y, -ex, -ey, feature});
}

}  // namespace

Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, FillMesh& out) {
    const uint32_t base = uint32_t(out.vertices.size());
    // triangulate() appends nothing on failure, so there is nothing to undo.
    Status status = triangulate(poly, base, out.indices);
    if (!status) return status;
    for (Vec2d p : poly.points)
        out.vertices.push_back({float(p.x - origin.x), float(p.y - origin.y), feature});
    return Status::success();
}

void appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out) {
    // The side test in the line shader needs the left vertex of every pair at an even index.
    assert(out.vertices.size() % 2 == 0);
    thread_local std::vector<Vec2d> ring, normals;
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        // Distinct consecutive points, relative to the origin: directions are computed in double
        // before anything is rounded to float.
        ring.clear();
        for (Vec2d p : poly.ring(r)) {
            Vec2d q = p - origin;
            if (ring.empty() || !(q == ring.back())) ring.push_back(q);
        }
        while (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
        const size_t n = ring.size();
        if (n < 2) continue;
        normals.resize(n);  // normals[i]: of the edge from point i to point i + 1
        for (size_t i = 0; i < n; ++i) normals[i] = leftNormal(ring[i], ring[i + 1 == n ? 0 : i + 1]);

        // One pair per corner, two at a bevelled one. Consecutive pairs are joined by a quad, and
        // so are the two pairs of a bevel: both sit on the corner, and the quad between them
        // covers the bevel triangle on whichever side is outside the turn.
        const uint32_t first = uint32_t(out.vertices.size());
        for (size_t i = 0; i < n; ++i) {
            const Vec2d cur = ring[i], n0 = normals[i == 0 ? n - 1 : i - 1], n1 = normals[i];
            // The miter bisects the two normals; its length 1/cos(half the turn) is the same as
            // 1/sin(half the corner angle), and keeps both offset edges at unit distance.
            const Vec2d sum = n0 + n1;
            const double sumLen2 = sum.x * sum.x + sum.y * sum.y;  // (2 cos(turn / 2))²
            if (sumLen2 * kMiterLimit * kMiterLimit >= 4) {
                appendPair(out, cur, sum * (2 / sumLen2), feature);
            } else {
                appendPair(out, cur, n0, feature);
                appendPair(out, cur, n1, feature);
            }
        }
        const uint32_t pairs = (uint32_t(out.vertices.size()) - first) / 2;
        for (uint32_t k = 0; k < pairs; ++k) {
            const uint32_t a = first + 2 * k, b = first + 2 * ((k + 1) % pairs);
            // a, a+1: left and right at one end; b, b+1 at the other.
            out.indices.insert(out.indices.end(), {a, a + 1, b, a + 1, b + 1, b});
        }
    }
}

}  // namespace gs
