#include "geometry/triangulate.hpp"

#include <algorithm>
#include <limits>
#include <cmath>
#include <cstdio>
#include <string>

#include "geometry/ear_clipper.hpp"
#include "geometry/point_in_polygon.hpp"
#include "geometry/small_ring.hpp"
#include "geometry/sweep_triangulator.hpp"

namespace gs {
namespace {

// Areas below this fraction of the squared extent are rounding noise, not shape.
constexpr double kZeroAreaFraction = 1e-12;

// Polygons wider than this (in any unit) would overflow the areas; no CRS comes near it.
constexpr double kMaxExtent = 1e150;

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

// Counts (up to `limit`) pairs of edges that cross properly (each one's ends strictly on both sides
// of the other), or with `overlapping`, that run along each other for some length; many edges are
// swept in the order of their left ends. Touching, the usual mess of real footprints, is allowed. The
// rings of the first pair found go to ringA <= ringB.
size_t countCrossings(const PolygonView& poly, size_t limit, uint32_t& ringA, uint32_t& ringB,
                      bool overlapping = false) {
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
    // Few edges (the common case after simplification): sorting costs more than it saves.
    const bool sorted = segments.size() > 24;
    if (sorted)
        std::sort(segments.begin(), segments.end(), [](const Segment& s, const Segment& t) { return s.a.x < t.a.x; });
    size_t count = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        const double sy0 = std::min(s.a.y, s.b.y), sy1 = std::max(s.a.y, s.b.y);
        for (size_t j = i + 1; j < segments.size() && (!sorted || segments[j].a.x <= s.b.x); ++j) {
            const Segment& t = segments[j];
            if (t.a.x > s.b.x || t.b.x < s.a.x || std::max(t.a.y, t.b.y) < sy0 || std::min(t.a.y, t.b.y) > sy1)
                continue;
            double o1 = cross(s.a, s.b, t.a), o2 = cross(s.a, s.b, t.b);
            double o3 = cross(t.a, t.b, s.a), o4 = cross(t.a, t.b, s.b);
            bool hit;
            if (overlapping) {
                bool vertical = s.a.x == s.b.x;
                double lo = vertical ? std::max(sy0, std::min(t.a.y, t.b.y)) : std::max(s.a.x, t.a.x);
                double hi = vertical ? std::min(sy1, std::max(t.a.y, t.b.y)) : std::min(s.b.x, t.b.x);
                hit = o1 == 0 && o2 == 0 && hi > lo;
            } else {
                hit = ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
            }
            if (hit && count++ == 0) {
                ringA = std::min(s.ring, t.ring);
                ringB = std::max(s.ring, t.ring);
            }
            if (count >= limit) return count;
        }
    }
    return count;
}

bool findCrossing(const PolygonView& poly, uint32_t& ringA, uint32_t& ringB, bool overlapping = false) {
    return countCrossings(poly, 1, ringA, ringB, overlapping) > 0;
}

// Where ring `inner` lies relative to ring `outer`, judged by its vertices off outer's boundary.
enum class Side { inside, outside, both };
Side ringSide(std::span<const Vec2d> inner, std::span<const Vec2d> outer) {
    bool in = false, out = false;
    for (Vec2d p : inner) {
        bool onBoundary = false;
        for (size_t i = 0, j = outer.size() - 1; i < outer.size() && !onBoundary; j = i++) {
            Vec2d a = outer[j], b = outer[i];
            onBoundary = cross(a, b, p) == 0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
                         p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y);
        }
        if (!onBoundary) (pointInRing(outer, p) ? in : out) = true;
    }
    return in && out ? Side::both : out ? Side::outside : Side::inside;
}

// Whether a ring passes through one of its points twice, crossing itself there (the two visits'
// edges interleave around the point) rather than touching.
bool crossesAtVertex(std::span<const Vec2d> ring) {
    size_t n = ring.size();
    while (n > 1 && ring[n - 1] == ring[0]) --n;
    if (n < 4) return false;
    thread_local std::vector<uint32_t> order;
    order.resize(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    auto less = [&](Vec2d a, Vec2d b) { return a.x < b.x || (a.x == b.x && a.y < b.y); };
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return less(ring[a], ring[b]); });
    // The neighbours of visit i, skipping repeats of the point itself.
    auto neighbour = [&](uint32_t i, int step) {
        size_t k = i;
        for (size_t guard = 0; guard < n; ++guard) {
            k = (k + n + step) % n;
            if (!(ring[k] == ring[i])) return ring[k];
        }
        return ring[i];
    };
    auto angle = [](Vec2d from, Vec2d to) { return std::atan2(to.y - from.y, to.x - from.x); };
    // Whether direction t lies strictly on the counterclockwise arc from s to e.
    auto onArc = [](double s, double e, double t) {
        auto norm = [](double v) { return v < 0 ? v + 2 * M_PI : v; };
        double span = norm(e - s), at = norm(t - s);
        return at > 0 && at < span;
    };
    for (size_t i = 0; i + 1 < n; ++i) {
        for (size_t j = i + 1; j < n && ring[order[j]] == ring[order[i]]; ++j) {
            Vec2d p = ring[order[i]];
            double in1 = angle(p, neighbour(order[i], -1)), out1 = angle(p, neighbour(order[i], 1));
            double in2 = angle(p, neighbour(order[j], -1)), out2 = angle(p, neighbour(order[j], 1));
            if (in2 == in1 || in2 == out1 || out2 == in1 || out2 == out1) continue;  // shared edges
            if (onArc(in1, out1, in2) != onArc(in1, out1, out2)) return true;
        }
    }
    return false;
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
    for (uint32_t r = 0; r < poly.ringCount(); ++r)
        if (crossesAtVertex(poly.ring(r)))
            return r == 0 ? "self-intersecting outer ring (at a vertex)"
                          : "self-intersecting hole " + std::to_string(r) + " (at a vertex)";
    for (uint32_t r = 1; r < poly.ringCount(); ++r) {
        Side side = ringSide(poly.ring(r), poly.ring(0));
        if (side == Side::outside) return "hole " + std::to_string(r) + " outside outer ring";
        if (side == Side::both) return "hole " + std::to_string(r) + " crosses the outer ring (at a vertex)";
    }
    for (uint32_t r = 1; r < poly.ringCount(); ++r)
        for (uint32_t s = 1; s < poly.ringCount(); ++s)
            if (r != s && std::abs(ringArea(poly.ring(r))) <= std::abs(ringArea(poly.ring(s))) &&
                ringSide(poly.ring(r), poly.ring(s)) != Side::outside)
                return "holes " + std::to_string(std::min(r, s)) + " and " + std::to_string(std::max(r, s)) +
                       " overlap";
    // Edges running along each other are fine where a spike folds back or a hole shares an edge
    // with the outer ring, so they only explain a failure when nothing else does.
    if (findCrossing(poly, ra, rb, true)) {
        if (ra == 0 && rb == 0) return "self-overlapping outer ring (edges run along each other)";
        if (ra == rb) return "self-overlapping hole " + std::to_string(ra);
        if (ra == 0) return "hole " + std::to_string(rb) + " overlaps the outer ring along an edge";
        return "holes " + std::to_string(ra) + " and " + std::to_string(rb) + " overlap along an edge";
    }
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

bool hasCrossingEdges(const PolygonView& poly) {
    uint32_t ringA = 0, ringB = 0;
    return findCrossing(poly, ringA, ringB);
}

size_t countCrossingEdges(const PolygonView& poly, size_t limit) {
    uint32_t ringA = 0, ringB = 0;
    return countCrossings(poly, limit, ringA, ringB);
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

PolygonFacts polygonFacts(const PolygonView& poly, std::span<double> ringAreas) {
    // One pass over every ring: NaN, an infinity or a span the areas overflow in (in any ring, a
    // hole without area too) would poison every predicate and the clipper's z-order keys (a NaN
    // converted to an integer); the box (the outer ring's alone judges what area is zero); and
    // each ring's signed area, which also tells the clipper which way it runs.
    PolygonFacts facts;
    bool finite = true;
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        double twice = 0;
        for (size_t i = 0; i < ring.size(); ++i) {
            const Vec2d p = ring[i];
            finite &= std::isfinite(p.x) & std::isfinite(p.y);
            facts.box.add(p);
        }
        for (size_t i = 1; i + 1 < ring.size(); ++i) twice += cross(ring[0], ring[i], ring[i + 1]);
        ringAreas[r] = twice / 2;
        if (r == 0) facts.outerBox = facts.box;
    }
    facts.finite = finite;
    facts.ringAreas = ringAreas.first(poly.ringCount());
    return facts;
}

double PolygonFacts::area() const {
    if (ringAreas.empty()) return 0;
    double area = std::abs(ringAreas[0]);
    for (size_t r = 1; r < ringAreas.size(); ++r) area -= std::abs(ringAreas[r]);
    return area;
}

Status triangulate(const PolygonView& poly, uint32_t indexBase, std::vector<uint32_t>& outIndices) {
    thread_local std::vector<double> ringAreas;
    ringAreas.resize(poly.ringCount());
    return triangulate(poly, indexBase, outIndices, polygonFacts(poly, ringAreas));
}

Status triangulate(const PolygonView& poly, uint32_t indexBase, std::vector<uint32_t>& outIndices,
                   const PolygonFacts& facts) {
    if (poly.ringCount() == 0 || fewerThanThreeDistinct(poly.ring(0)))
        return Error{"fewer than 3 distinct points"};
    const std::span<const double> ringAreas = facts.ringAreas;
    std::span<const Vec2d> outer = poly.ring(0);
    const Vec2d origin = outer[0];
    const Box& box = facts.box;
    const Box& outerBox = facts.outerBox;
    const bool finite = facts.finite;
    if (!finite) return Error{"coordinates not finite"};
    if (!(std::max(box.width(), box.height()) <= kMaxExtent)) return Error{"coordinates too far apart"};
    double expected = std::abs(ringAreas[0]);
    const double extent = std::max(outerBox.width(), outerBox.height());
    // Areas near the smallest normal double have lost their relative precision (subnormal
    // products): below DBL_MIN / epsilon they count as zero whatever the extent.
    const double zeroArea = std::max(kZeroAreaFraction * extent * extent,
                                     std::numeric_limits<double>::min() / std::numeric_limits<double>::epsilon());
    if (expected <= zeroArea) return Error{"zero area"};
    for (uint32_t r = 1; r < poly.ringCount(); ++r) expected -= std::abs(ringAreas[r]);
    if (expected <= zeroArea) return Error{"zero area: holes cover the outer ring"};

    const size_t start = outIndices.size();
    // Most footprints are one small ring (a rectangle, an L, a notched row house): ears cut in
    // place (a convex ring's make a fan), no sort, no pool of nodes.
    double twice = 0;
    if (poly.ringCount() == 1 && detail::clipSmallRing(outer, ringAreas[0], origin, indexBase, outIndices, twice)) {
        if (areaMatches(twice / 2, expected)) return Status::success();
        outIndices.resize(start);
    }
    // Then the sweep (n log n; the pieces it cannot finish go to the clipper); what fails the
    // area check goes whole to the clipper. Both keep their pools between calls, one per thread:
    // no allocation once warm.
    thread_local detail::EarClipper clipper;
    thread_local detail::SweepTriangulator sweep;
    if (sweep.run(poly, ringAreas, origin, indexBase, clipper, outIndices)) {
        if (areaMatches(sweep.area(), expected)) return Status::success();
        outIndices.resize(start);
    }
    // What reaches the clipper is, as a rule, what the sweep got wrong: rings that cross. Its first
    // pass then tests every corner near an ear (all rings on the z-order curve), not only the reflex
    // corners that alone can block an ear of a simple ring: on SF's 2,101 such polygons that is
    // right for 127 more (2,028 against 1,901), which then skip the careful pass. The pass made for
    // simple rings next (it finishes some the first does not), and the careful one last: 2,043
    // triangulated in all, one more than before, and sooner.
    detail::EarOptions passes[3];
    passes[0].zOrderMinReflex = 1;
    passes[2].careful = true;
    double got = 0;
    for (const detail::EarOptions& options : passes) {
        if (options.careful && poly.points.size() > detail::kCarefulMaxPoints) break;
        clipper.run(poly, ringAreas, box, origin, indexBase, options, outIndices);
        got = clipper.area();
        if (areaMatches(got, expected)) return Status::success();
        outIndices.resize(start);
    }
    return Error{diagnose(poly, expected, got)};
}

}  // namespace gs
