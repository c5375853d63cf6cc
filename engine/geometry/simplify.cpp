#include "geometry/simplify.hpp"

#include <algorithm>
#include <cmath>

#include "geometry/point_in_polygon.hpp"
#include "geometry/triangulate.hpp"

namespace gs {
namespace {

// Squared distance from p to segment ab.
double segmentDistanceSq(Vec2d p, Vec2d a, Vec2d b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Scratch memory per thread, reused from polygon to polygon.
struct Scratch {
    std::vector<Vec2d> ring;                          // one ring without repeats, closed by ring[0]
    std::vector<uint8_t> keep;
    std::vector<std::pair<uint32_t, uint32_t>> stack;  // Douglas-Peucker spans still to look at
};

// Marks in `keep` the points of ring[first..last] that Douglas-Peucker keeps at this tolerance
// (the ends are kept by the caller). An explicit stack: a long ring must not recurse deeply.
void douglasPeucker(Scratch& s, uint32_t first, uint32_t last, double toleranceSq) {
    s.stack.clear();
    s.stack.push_back({first, last});
    while (!s.stack.empty()) {
        auto [a, b] = s.stack.back();
        s.stack.pop_back();
        // Distances to segment ab, with what depends on the segment only taken out of the loop.
        const Vec2d start = s.ring[a];
        const double dx = s.ring[b].x - start.x, dy = s.ring[b].y - start.y;
        const double len2 = dx * dx + dy * dy, inv = len2 > 0 ? 1 / len2 : 0;
        double worst = toleranceSq;
        uint32_t worstIndex = 0;
        for (uint32_t i = a + 1; i < b; ++i) {
            const double px = s.ring[i].x - start.x, py = s.ring[i].y - start.y;
            const double t = std::clamp((px * dx + py * dy) * inv, 0.0, 1.0);
            const double ex = t * dx - px, ey = t * dy - py;
            const double d = ex * ex + ey * ey;
            if (d > worst) {
                worst = d;
                worstIndex = i;
            }
        }
        if (worstIndex) {
            s.keep[worstIndex] = 1;
            s.stack.push_back({a, worstIndex});
            s.stack.push_back({worstIndex, b});
        }
    }
}

enum class RingResult {
    kept,    // appended to the outputs
    small,   // fewer than 3 points or area below tolerance²: invisible
    broken,  // simplifying turned it inside out or to nothing: try a smaller tolerance
};

// Simplifies one ring and appends what is left to the outputs (nothing unless kept).
RingResult simplifyRing(Scratch& s, std::span<const Vec2d> src, double tolerance, std::vector<Vec2d>& outPoints) {
    // Repeats closer than an eighth of the tolerance: invisible, and they would only slow the
    // scans below. The closing point (and any near it) goes too; the ring stays closed implicitly.
    const double nearSq = tolerance * tolerance / 64;
    s.ring.clear();
    for (Vec2d p : src) {
        if (!s.ring.empty()) {
            Vec2d d = p - s.ring.back();
            if (d.x * d.x + d.y * d.y <= nearSq) continue;
        }
        s.ring.push_back(p);
    }
    while (s.ring.size() > 1) {
        Vec2d d = s.ring.back() - s.ring.front();
        if (d.x * d.x + d.y * d.y > nearSq) break;
        s.ring.pop_back();
    }
    const uint32_t n = uint32_t(s.ring.size());
    if (n < 3) return RingResult::small;
    const double area = ringArea(s.ring);
    if (area == 0 || std::abs(area) < tolerance * tolerance) return RingResult::small;

    // A closed ring has no ends for Douglas-Peucker: cut it at its first point and the point
    // farthest from it, which both belong to any simplification, and simplify the two halves.
    uint32_t far = 0;
    double farSq = -1;
    for (uint32_t i = 1; i < n; ++i) {
        Vec2d d = s.ring[i] - s.ring[0];
        if (d.x * d.x + d.y * d.y > farSq) {
            farSq = d.x * d.x + d.y * d.y;
            far = i;
        }
    }
    s.ring.push_back(s.ring[0]);
    s.keep.assign(n + 1, 0);
    s.keep[0] = s.keep[far] = s.keep[n] = 1;
    douglasPeucker(s, 0, far, tolerance * tolerance);
    douglasPeucker(s, far, n, tolerance * tolerance);

    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; ++i) kept += s.keep[i];
    if (kept < 3) {
        // Everything lies within the tolerance of one segment: a sliver, still longer than the
        // tolerance (its area passed). Keep it as the thin triangle it looks like.
        uint32_t widest = 1;
        double widestSq = -1;
        for (uint32_t i = 1; i < n; ++i) {
            double d = segmentDistanceSq(s.ring[i], s.ring[0], s.ring[far]);
            if (i != far && d > widestSq) {
                widestSq = d;
                widest = i;
            }
        }
        s.keep[widest] = 1;
    }
    const size_t begin = outPoints.size();
    for (uint32_t i = 0; i < n; ++i)
        if (s.keep[i]) outPoints.push_back(s.ring[i]);
    // Dropping points can turn a ring inside out (a spike folded over); that is no simplification.
    const double simplified = ringArea(std::span<const Vec2d>(outPoints).subspan(begin));
    if (simplified * area <= 0 || std::abs(simplified) < tolerance * tolerance) {
        outPoints.resize(begin);
        return RingResult::broken;
    }
    return RingResult::kept;
}

void boundingQuad(std::span<const Vec2d> ring, std::vector<Vec2d>& outPoints, std::vector<uint32_t>& outRingEnds) {
    outPoints.clear();
    outRingEnds.clear();
    if (ring.empty()) return;
    Box box;
    for (Vec2d p : ring) box.add(p);
    outPoints.insert(outPoints.end(), {{box.minX, box.minY}, {box.maxX, box.minY}, {box.maxX, box.maxY},
                                       {box.minX, box.maxY}});
    outRingEnds.push_back(4);
}

// The polygon unchanged, but for rings of fewer than three points.
void copyRings(const PolygonView& poly, std::vector<Vec2d>& outPoints, std::vector<uint32_t>& outRingEnds) {
    outPoints.clear();
    outRingEnds.clear();
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        if (ring.size() < 3) continue;
        outPoints.insert(outPoints.end(), ring.begin(), ring.end());
        outRingEnds.push_back(uint32_t(outPoints.size()));
    }
}

}  // namespace

SimplifyResult simplifyPolygon(const PolygonView& poly, double tolerance, std::vector<Vec2d>& outPoints,
                               std::vector<uint32_t>& outRingEnds) {
    thread_local Scratch scratch;
    if (poly.ringCount() == 0 || poly.ring(0).empty()) {
        boundingQuad({}, outPoints, outRingEnds);
        return SimplifyResult::Collapsed;
    }
    // Tolerance 0 is the last resort: only exact repeats and collinear points go.
    const double attempts[] = {tolerance, tolerance / 2, tolerance / 4, 0};
    int inputCrossings = -1;  // counted when needed
    for (double t : attempts) {
        outPoints.clear();
        outRingEnds.clear();
        RingResult outer = simplifyRing(scratch, poly.ring(0), t, outPoints);
        if (outer == RingResult::small || (outer == RingResult::broken && t == 0)) {
            boundingQuad(poly.ring(0), outPoints, outRingEnds);
            return SimplifyResult::Collapsed;
        }
        if (outer == RingResult::broken) continue;
        outRingEnds.push_back(uint32_t(outPoints.size()));
        bool broken = false;
        for (uint32_t r = 1; r < poly.ringCount() && !broken; ++r) {
            // A hole below tolerance² is invisible, at whatever tolerance this attempt runs.
            if (std::abs(ringArea(poly.ring(r))) < tolerance * tolerance) continue;
            const uint32_t begin = uint32_t(outPoints.size());
            RingResult hole = simplifyRing(scratch, poly.ring(r), t, outPoints);
            if (hole == RingResult::kept) {
                outRingEnds.push_back(uint32_t(outPoints.size()));
                // A hole near the outer ring can end up outside it without any edges crossing.
                std::span<const Vec2d> outer(outPoints.data(), outRingEnds[0]);
                bool inside = false;
                for (uint32_t i = begin; i < outPoints.size() && !inside; ++i) inside = pointInRing(outer, outPoints[i]);
                if (!inside) hole = RingResult::broken;
            }
            broken = hole == RingResult::broken && t > 0;
        }
        if (t == 0) {
            // Even the last resort can make edges cross: dropping a collinear point that another
            // edge of the ring passes through turns that touch into a crossing. Then the polygon
            // is kept as it is (its rings of at least three points).
            const size_t crossings = countCrossingEdges(PolygonView{outPoints, outRingEnds}, 64);
            if (crossings > 0) {
                if (inputCrossings < 0) inputCrossings = int(countCrossingEdges(poly, 64));
                if (crossings > size_t(inputCrossings)) copyRings(poly, outPoints, outRingEnds);
            }
            break;
        }
        if (broken) continue;
        // Crossing edges are a reason to simplify less only if simplifying made them: about one SF
        // building in ten has a few microscopic ones of its own. Compared by count, when there are
        // any.
        const size_t crossings = countCrossingEdges(PolygonView{outPoints, outRingEnds}, 64);
        if (crossings == 0) break;
        if (inputCrossings < 0) inputCrossings = int(countCrossingEdges(poly, 64));
        if (crossings <= size_t(inputCrossings)) break;
    }
    return SimplifyResult::Simplified;
}

}  // namespace gs
