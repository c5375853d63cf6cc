#include "geometry/simplify.hpp"

#include <cmath>

namespace gs {

namespace {

double ringAreaAbs(std::span<const Vec2d> r) {
    double a = 0;
    for (size_t i = 0, n = r.size(); i < n; ++i) {
        const Vec2d& p = r[i];
        const Vec2d& q = r[(i + 1) % n];
        a += p.x * q.y - q.x * p.y;
    }
    return std::fabs(a) * 0.5;
}

double segDistSq(Vec2d p, Vec2d a, Vec2d b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len = dx * dx + dy * dy;
    double t = len > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len : 0;
    t = std::fmax(0, std::fmin(1, t));
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Douglas–Peucker over ring[first..last] with an explicit stack (no recursion on long rings).
void douglasPeucker(std::span<const Vec2d> ring, double tolSq, std::vector<uint8_t>& keep) {
    thread_local std::vector<std::pair<uint32_t, uint32_t>> stack;
    stack.clear();
    stack.push_back({0, uint32_t(ring.size() - 1)});
    while (!stack.empty()) {
        auto [a, b] = stack.back();
        stack.pop_back();
        double best = -1;
        uint32_t bestIdx = 0;
        for (uint32_t i = a + 1; i < b; ++i) {
            double d = segDistSq(ring[i], ring[a], ring[b]);
            if (d > best) { best = d; bestIdx = i; }
        }
        if (best > tolSq) {
            keep[bestIdx] = 1;
            stack.push_back({a, bestIdx});
            stack.push_back({bestIdx, b});
        }
    }
}

}  // namespace

SimplifyResult simplifyPolygon(const PolygonView& poly, double tolerance, std::vector<Vec2d>& outPoints,
                               std::vector<uint32_t>& outRingEnds) {
    outPoints.clear();
    outRingEnds.clear();
    const double tolSq = tolerance * tolerance;
    thread_local std::vector<Vec2d> ring;
    thread_local std::vector<uint8_t> keep;
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        auto src = poly.ring(r);
        // Drop the closing point and exact repeats; they carry no shape.
        ring.clear();
        for (const Vec2d& p : src)
            if (ring.empty() || !(p == ring.back())) ring.push_back(p);
        while (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
        double area = ring.size() >= 3 ? ringAreaAbs(ring) : 0;
        if (area < tolSq || ring.size() < 3) {
            if (r == 0) return SimplifyResult::Collapsed;
            continue;  // a hole smaller than the tolerance is invisible
        }
        if (ring.size() <= 4) {
            outPoints.insert(outPoints.end(), ring.begin(), ring.end());
            outRingEnds.push_back(uint32_t(outPoints.size()));
            continue;
        }
        // Split the closed ring at its first point and the point farthest from it, so both
        // halves are open polylines for Douglas–Peucker.
        uint32_t far = 0;
        double farD = -1;
        for (uint32_t i = 1; i < ring.size(); ++i) {
            double dx = ring[i].x - ring[0].x, dy = ring[i].y - ring[0].y;
            if (dx * dx + dy * dy > farD) { farD = dx * dx + dy * dy; far = i; }
        }
        ring.push_back(ring[0]);
        keep.assign(ring.size(), 0);
        keep[0] = keep[far] = keep[ring.size() - 1] = 1;
        std::span<const Vec2d> all(ring);
        thread_local std::vector<uint8_t> keepPart;
        for (int half = 0; half < 2; ++half) {
            uint32_t a = half == 0 ? 0 : far, b = half == 0 ? far : uint32_t(ring.size() - 1);
            keepPart.assign(b - a + 1, 0);
            douglasPeucker(all.subspan(a, b - a + 1), tolSq, keepPart);
            for (uint32_t i = 0; i < keepPart.size(); ++i)
                if (keepPart[i]) keep[a + i] = 1;
        }
        const size_t begin = outPoints.size();
        for (size_t i = 0; i + 1 < ring.size(); ++i)
            if (keep[i]) outPoints.push_back(ring[i]);
        if (outPoints.size() - begin < 3) {
            // Too few left for a ring: keep the original (it is small anyway).
            outPoints.resize(begin);
            outPoints.insert(outPoints.end(), ring.begin(), ring.end() - 1);
        }
        outRingEnds.push_back(uint32_t(outPoints.size()));
    }
    return SimplifyResult::Simplified;
}

}  // namespace gs
