#include "geometry/triangulate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "geometry/ear_clipper.hpp"
#include "geometry/point_in_polygon.hpp"

namespace gs {
size_t gCarefulWins = 0, gFastFails = 0;
namespace {

// The careful pass is quadratic or worse; beyond this many points it would stall a loader thread
// for seconds, so such a polygon goes straight to the diagnosis.
constexpr size_t kCarefulMaxPoints = 20000;

// Areas below this fraction of the squared extent are rounding noise, not shape.
constexpr double kZeroAreaFraction = 1e-12;

inline double cross(Vec2d a, Vec2d b, Vec2d c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool fewerThanThreeDistinct(std::span<const Vec2d> ring) {
    if (ring.empty()) return true;
    size_t i = 1;
    while (i < ring.size() && ring[i] == ring[0]) ++i;
    if (i == ring.size()) return true;
    for (size_t j = i + 1; j < ring.size(); ++j)
        if (!(ring[j] == ring[0]) && !(ring[j] == ring[i])) return false;
    return true;
}

struct Segment {
    Vec2d a, b;  // a.x <= b.x
    uint32_t ring;
};

// Finds two edges that cross properly (each one's ends strictly on both sides of the other), by a
// sweep over edges sorted by their left end. Touching, the usual mess of real footprints, is
// allowed. Returns false if none cross; otherwise the rings of the first pair found.
bool findCrossing(const PolygonView& poly, uint32_t& ringA, uint32_t& ringB) {
    thread_local std::vector<Segment> segments;
    segments.clear();
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            Vec2d a = ring[j], b = ring[i];
            if (a == b) continue;
            if (b.x < a.x) std::swap(a, b);
            segments.push_back({a, b, r});
        }
    }
    std::sort(segments.begin(), segments.end(),
              [](const Segment& s, const Segment& t) { return s.a.x < t.a.x; });
    for (size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        const double sy0 = std::min(s.a.y, s.b.y), sy1 = std::max(s.a.y, s.b.y);
        for (size_t j = i + 1; j < segments.size() && segments[j].a.x <= s.b.x; ++j) {
            const Segment& t = segments[j];
            if (std::max(t.a.y, t.b.y) < sy0 || std::min(t.a.y, t.b.y) > sy1) continue;
            double o1 = cross(s.a, s.b, t.a), o2 = cross(s.a, s.b, t.b);
            double o3 = cross(t.a, t.b, s.a), o4 = cross(t.a, t.b, s.b);
            if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
                ringA = std::min(s.ring, t.ring);
                ringB = std::max(s.ring, t.ring);
                return true;
            }
        }
    }
    return false;
}

// Whether ring `inner` lies inside ring `outer`, judged by its first vertex that is not on outer's
// boundary (with no crossings, one vertex tells for the whole ring).
bool ringInside(std::span<const Vec2d> inner, std::span<const Vec2d> outer) {
    for (Vec2d p : inner) {
        bool onBoundary = false;
        for (size_t i = 0, j = outer.size() - 1; i < outer.size() && !onBoundary; j = i++) {
            Vec2d a = outer[j], b = outer[i];
            onBoundary = cross(a, b, p) == 0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
                         p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y);
        }
        if (!onBoundary) return pointInRing(outer, p);
    }
    return true;  // all on the boundary: a hole tracing the outer ring, not one outside it
}

std::string format(const char* fmt, double a, double b) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, fmt, a, b);
    return buffer;
}

// Says why a triangulation failed the area check, most specific reason first.
std::string diagnose(const PolygonView& poly, double expected, double got) {
    uint32_t ra = 0, rb = 0;
    if (findCrossing(poly, ra, rb)) {
        if (ra == 0 && rb == 0) return "self-intersecting outer ring";
        if (ra == rb) return "self-intersecting hole " + std::to_string(ra);
        if (ra == 0) return "hole " + std::to_string(rb) + " crosses the outer ring";
        return "holes " + std::to_string(ra) + " and " + std::to_string(rb) + " overlap";
    }
    for (uint32_t r = 1; r < poly.ringCount(); ++r)
        if (!ringInside(poly.ring(r), poly.ring(0)))
            return "hole " + std::to_string(r) + " outside outer ring";
    for (uint32_t r = 1; r < poly.ringCount(); ++r)
        for (uint32_t s = 1; s < poly.ringCount(); ++s)
            if (r != s && std::abs(ringArea(poly.ring(r))) < std::abs(ringArea(poly.ring(s))) &&
                ringInside(poly.ring(r), poly.ring(s)))
                return "holes " + std::to_string(std::min(r, s)) + " and " + std::to_string(std::max(r, s)) +
                       " overlap";
    double percent = 100 * std::abs(got - expected) / expected;
    return format(got < expected ? "triangulation lost area: %.3g%% of %.6g square units"
                                 : "triangles overlap: %.3g%% more than %.6g square units",
                  percent, expected);
}

}  // namespace

double ringArea(std::span<const Vec2d> ring) {
    if (ring.size() < 3) return 0;
    const Vec2d o = ring[0];
    double twice = 0;
    for (size_t i = 1; i + 1 < ring.size(); ++i) twice += cross(o, ring[i], ring[i + 1]);
    return twice / 2;
}

double polygonArea(const PolygonView& poly) {
    if (poly.ringCount() == 0) return 0;
    double area = std::abs(ringArea(poly.ring(0)));
    for (uint32_t r = 1; r < poly.ringCount(); ++r) area -= std::abs(ringArea(poly.ring(r)));
    return area;
}

double trianglesArea(std::span<const Vec2d> points, std::span<const uint32_t> indices,
                     uint32_t indexBase) {
    if (indices.size() < 3) return 0;
    const Vec2d o = points[indices[0] - indexBase];
    double twice = 0;
    for (size_t i = 0; i + 2 < indices.size(); i += 3) {
        Vec2d a = points[indices[i] - indexBase] - o;
        Vec2d b = points[indices[i + 1] - indexBase] - o;
        Vec2d c = points[indices[i + 2] - indexBase] - o;
        twice += std::abs(cross(a, b, c));
    }
    return twice / 2;
}

Status triangulate(const PolygonView& poly, uint32_t indexBase, std::vector<uint32_t>& outIndices) {
    if (poly.ringCount() == 0 || fewerThanThreeDistinct(poly.ring(0)))
        return Error{"fewer than 3 distinct points"};

    // Signed ring areas (they also tell the clipper which way each ring runs) and the outer box,
    // in one pass over the points.
    thread_local std::vector<double> ringAreas;
    ringAreas.resize(poly.ringCount());
    std::span<const Vec2d> outer = poly.ring(0);
    const Vec2d origin = outer[0];
    Box box;
    box.add(origin);
    double twice = 0;
    for (size_t i = 1; i + 1 < outer.size(); ++i) {
        box.add(outer[i]);
        twice += cross(origin, outer[i], outer[i + 1]);
    }
    box.add(outer.back());
    ringAreas[0] = twice / 2;
    double expected = std::abs(ringAreas[0]);
    const double extent = std::max(box.width(), box.height());
    const double zeroArea = kZeroAreaFraction * extent * extent;
    if (expected <= zeroArea) return Error{"zero area"};
    for (uint32_t r = 1; r < poly.ringCount(); ++r) {
        ringAreas[r] = ringArea(poly.ring(r));
        expected -= std::abs(ringAreas[r]);
    }
    if (expected <= zeroArea) return Error{"zero area: holes cover the outer ring"};

    // One clipper per thread keeps its node pool between calls: no allocation once warm.
    thread_local detail::EarClipper clipper;
    const size_t start = outIndices.size();
    double got = 0;
    for (bool careful : {false, true}) {
        if (careful && poly.points.size() > kCarefulMaxPoints) break;
#ifdef NO_CAREFUL
        if (careful) break;
#endif
        detail::EarOptions options;
        options.careful = careful;
        clipper.run(poly, ringAreas, box, origin, indexBase, options, outIndices);
        got = clipper.area();
        if (std::abs(got - expected) <= kTriangulationAreaTolerance * expected) { if (careful) ++gCarefulWins; return Status::success(); }
        if (!careful) ++gFastFails;
        outIndices.resize(start);
    }
    return Error{diagnose(poly, expected, got)};
}

}  // namespace gs
