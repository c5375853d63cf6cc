#include "geometry/outline.hpp"

#include <cmath>
#include <vector>

#include "geometry/triangulate.hpp"

namespace gs {

Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, FillMesh& out) {
    const uint32_t base = uint32_t(out.vertices.size());
    const size_t firstIndex = out.indices.size();
    Status s = triangulate(poly, base, out.indices);
    if (!s) {
        out.indices.resize(firstIndex);
        return s;
    }
    for (const Vec2d& p : poly.points)
        out.vertices.push_back({float(p.x - origin.x), float(p.y - origin.y), feature});
    return {};
}

namespace {

constexpr double kMiterLimit = 2.0;

Vec2d normalize(Vec2d v) {
    double len = std::hypot(v.x, v.y);
    return len > 0 ? Vec2d{v.x / len, v.y / len} : Vec2d{0, 0};
}

}  // namespace

void appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out) {
    thread_local std::vector<Vec2d> ring;
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        // Distinct consecutive points only, without the closing point.
        ring.clear();
        for (const Vec2d& p : poly.ring(r))
            if (ring.empty() || !(p == ring.back())) ring.push_back(p);
        while (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
        const size_t n = ring.size();
        if (n < 2) continue;

        const uint32_t base = uint32_t(out.vertices.size());
        for (size_t i = 0; i < n; ++i) {
            Vec2d prev = ring[(i + n - 1) % n], cur = ring[i], next = ring[(i + 1) % n];
            Vec2d d0 = normalize(cur - prev), d1 = normalize(next - cur);
            Vec2d n0{-d0.y, d0.x}, n1{-d1.y, d1.x};
            Vec2d miter = normalize(n0 + n1);
            double cosHalf = miter.x * n1.x + miter.y * n1.y;
            double scale = cosHalf > 1e-6 ? 1.0 / cosHalf : kMiterLimit;
            if (scale > kMiterLimit || (miter.x == 0 && miter.y == 0)) {
                // Sharp corner: clamp the miter (a bevel-like join that never spikes out).
                if (miter.x == 0 && miter.y == 0) miter = n1;
                scale = kMiterLimit;
            }
            float px = float(cur.x - origin.x), py = float(cur.y - origin.y);
            float ex = float(miter.x * scale), ey = float(miter.y * scale);
            out.vertices.push_back({px, py, ex, ey, feature});
            out.vertices.push_back({px, py, -ex, -ey, feature});
        }
        for (size_t i = 0; i < n; ++i) {
            uint32_t a = base + uint32_t(2 * i), b = base + uint32_t(2 * ((i + 1) % n));
            out.indices.insert(out.indices.end(), {a, a + 1, b, a + 1, b + 1, b});
        }
    }
}

}  // namespace gs
