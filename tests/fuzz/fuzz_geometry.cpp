// libFuzzer target: the engine's polygon geometry (engine/geometry) on arbitrary rings and
// multipolygons: triangulation with its repairs (triangulate, ear_clipper, ear_repair), fill and
// outline meshes (outline), level-of-detail simplification (simplify) and the point-in-polygon
// tests. Nothing may crash, hang or hit undefined behaviour, and every result must keep the
// promise its header makes:
//   - triangulate()/appendPolygon(): either an error with a reason (nothing appended), or triangles
//     whose total area equals polygonArea() (|outer| - sum |holes|) within kTriangulationAreaTolerance
//     (1e-6 relative; on inputs that are not exact in double also a rounding allowance, see
//     areaAllowance()), indices in range and never a ring's closing point; where the rings are
//     simple and apart (simpleAndApart()) each triangle's centroid lies inside the polygon.
//     Non-finite coordinates, and spans over 1e150, are an error.
//   - appendOutline(): one strip per ring with two or more distinct points, in the documented
//     layout ([s(k-1), s0 .. s(k-1), s0, s1], bevelled corners twice), every point inside the
//     input's box. appendPolygon(): the same strips, and triangulate()'s triangles naming the
//     stored copies of their points.
//   - simplifyPolygon(): ring ends increasing, at least a triangle per ring, every ring an ordered
//     subset of an input ring (outer from outer, holes from holes in order), every point in the
//     input's box, no crossing edges the input did not have; Collapsed gives the outer ring's box.
//   - pointInRing(): of two triangles sharing an edge, exactly one holds the edge's midpoint;
//     interiorPoint() lies inside a polygon whose rings are simple and apart.
// The simplification and distance checks hold only where the arithmetic stays finite (sane():
// finite coordinates within 1e150); elsewhere those functions need only not crash.
// The polygons then go through the LayerBuilder's sequence (simplify, fill, fall back to the full
// polygon, outline), checked the same way. Built by tests/fuzz.cmake; docs/fuzzing.md.
//
// Input (tools/fuzz/geometry_corpus.py writes seeds in it):
//   header, 5 bytes: encoding, scale, offset x, offset y, tolerance
//     encoding % 4: 0 int8 pairs (2 bytes a point: a dense grid, full of repeats and collinear runs)
//                   1 int16 pairs, little-endian (4 bytes a point)
//                   2 int16 pairs * 2^scale + offset (scale: int8; offset: int8 * 2^20 each axis,
//                     about Web Mercator's range): huge, tiny and imprecise coordinates
//                   3 raw little-endian doubles (16 bytes a point): NaN, infinities, anything
//     tolerance: simplify tolerance = unit * 2^(int8 / 8), unit = 1 (2^scale for encoding 2)
//   then rings, each a byte h and its points: h & 0x80 starts a new polygon (the first ring always
//   does), h & 0x40 repeats the first point at the end (a closing point), h & 0x3f is the number
//   of points; 63 means 63 plus a little-endian uint16 that follows. A ring cut short by the end of
//   the input keeps the points it has.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

#include "geometry/mesh.hpp"
#include "geometry/outline.hpp"
#include "geometry/point_in_polygon.hpp"
#include "geometry/simplify.hpp"
#include "geometry/triangulate.hpp"

namespace {

using gs::Box;
using gs::PolygonView;
using gs::Vec2d;

[[noreturn]] void fail(const char* what, size_t polygon) {
    std::fprintf(stderr, "fuzz_geometry: invariant broken on polygon %zu: %s\n", polygon, what);
    std::abort();
}
#define CHECK(condition, what) \
    do {                         \
        if (!(condition)) fail(what, currentPolygon); \
    } while (0)

size_t currentPolygon = 0;

struct Polygon {
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends;
    PolygonView view() const { return {points, ends}; }
};

struct Input {
    bool exact = false;   // every coordinate a small integer: areas are exact in double
    double tolerance = 1;
    std::vector<Polygon> polygons;
};

class Reader {
public:
    Reader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
    size_t left() const { return size_t(end_ - p_); }
    uint8_t u8() { return *p_++; }
    int8_t i8() { return int8_t(*p_++); }
    uint16_t u16() {
        uint16_t v = uint16_t(p_[0] | (p_[1] << 8));
        p_ += 2;
        return v;
    }
    int16_t i16() { return int16_t(u16()); }
    double f64() {
        double v;
        std::memcpy(&v, p_, 8);  // little-endian hosts only, as the seeds are written
        p_ += 8;
        return v;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// Cap on all points of one input: the careful pass is quadratic and this is a fuzzer, not a bench.
constexpr size_t kMaxPoints = 6000;

bool decode(const uint8_t* data, size_t size, Input& in) {
    if (size < 5) return false;
    Reader r(data, size);
    const int encoding = r.u8() % 4;
    const int scale = r.i8();
    const double offsetX = std::ldexp(double(r.i8()), 20), offsetY = std::ldexp(double(r.i8()), 20);
    const int tol = r.i8();
    const double unit = encoding == 2 ? std::ldexp(1.0, scale) : 1.0;
    in.exact = encoding < 2;
    in.tolerance = unit * std::exp2(tol / 8.0);
    const size_t pointBytes = encoding == 0 ? 2 : encoding == 3 ? 16 : 4;
    size_t total = 0;
    while (r.left() > 0) {
        const uint8_t h = r.u8();
        size_t count = h & 0x3f;
        if (count == 63 && r.left() >= 2) count += r.u16();
        if (in.polygons.empty() || (h & 0x80)) in.polygons.emplace_back();
        Polygon& poly = in.polygons.back();
        const size_t first = poly.points.size();
        for (size_t i = 0; i < count && r.left() >= pointBytes && total < kMaxPoints; ++i, ++total) {
            Vec2d p;
            switch (encoding) {
            case 0: p.x = r.i8(); p.y = r.i8(); break;
            case 1: p.x = r.i16(); p.y = r.i16(); break;
            case 2:
                p.x = offsetX + std::ldexp(double(r.i16()), scale);
                p.y = offsetY + std::ldexp(double(r.i16()), scale);
                break;
            default: p.x = r.f64(); p.y = r.f64(); break;
            }
            poly.points.push_back(p);
        }
        if ((h & 0x40) && poly.points.size() > first) poly.points.push_back(poly.points[first]);
        poly.ends.push_back(uint32_t(poly.points.size()));
    }
    return !in.polygons.empty();
}

bool allFinite(std::span<const Vec2d> points) {
    for (Vec2d p : points)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    return true;
}

// Whether the engine's arithmetic on these points stays finite: finite coordinates whose
// differences squared (the areas) cannot overflow. The loader hands the geometry only finite
// points (engine/scene/loader.cpp skips the rest); coordinates beyond 1e150 exist in no CRS. On
// other inputs only "no crash, no undefined behaviour" is checked, and triangulate() must refuse
// non-finite ones.
bool sane(std::span<const Vec2d> points) {
    if (!allFinite(points)) return false;
    for (Vec2d p : points)
        if (std::fabs(p.x) > 1e150 || std::fabs(p.y) > 1e150) return false;
    return true;
}

Box boxOf(std::span<const Vec2d> points) {
    Box box;
    for (Vec2d p : points) box.add(p);
    return box;
}

// Areas in long double, relative to a local origin: the reference the engine's doubles are held to.
long double twiceRingArea(std::span<const Vec2d> ring) {
    if (ring.size() < 3) return 0;
    const long double ox = ring[0].x, oy = ring[0].y;
    long double twice = 0;
    for (size_t i = 1; i + 1 < ring.size(); ++i) {
        long double ax = ring[i].x - ox, ay = ring[i].y - oy, bx = ring[i + 1].x - ox, by = ring[i + 1].y - oy;
        twice += ax * by - ay * bx;
    }
    return twice;
}

long double referenceArea(const PolygonView& poly) {
    long double area = std::fabs(twiceRingArea(poly.ring(0))) / 2;
    for (uint32_t r = 1; r < poly.ringCount(); ++r) area -= std::fabs(twiceRingArea(poly.ring(r))) / 2;
    return area;
}

// How far the engine's double arithmetic may stray from the long double reference when the
// coordinates are not exact small integers: coordinate differences rounded once each, products and
// a sum over every triangle or ring point, on both sides of the comparison. Zero on exact inputs.
long double areaAllowance(const PolygonView& poly, bool exact) {
    if (exact) return 0;
    const Box box = boxOf(poly.points);
    const long double extent = std::max(box.width(), box.height());
    return 32.0L * (poly.points.size() + 8) * std::numeric_limits<double>::epsilon() * extent * extent;
}

// Whether the rings are simple and meet nowhere: no edges crossing (hasCrossingEdges), no point
// visited twice (but for consecutive repeats and closing points), no point on another edge. Only
// then do the even-odd rule of pointInPolygon() and the triangles' cover have to agree: a ring that
// retraces its own edges passes the area check with the retraced part covered twice (the area of
// the shoelace formula) while the even-odd rule calls it outside. Quadratic: up to 400 points.
bool simpleAndApart(const PolygonView& poly) {
    if (poly.points.size() > 400 || gs::hasCrossingEdges(poly)) return false;
    std::vector<std::pair<Vec2d, Vec2d>> edges;
    std::vector<Vec2d> points;
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::vector<Vec2d> ring;
        for (Vec2d p : poly.ring(r))
            if (ring.empty() || !(ring.back() == p)) ring.push_back(p);
        while (ring.size() > 1 && ring.back() == ring[0]) ring.pop_back();
        for (size_t i = 0; i < ring.size(); ++i) {
            points.push_back(ring[i]);
            edges.push_back({ring[i], ring[(i + 1) % ring.size()]});
        }
    }
    for (size_t i = 0; i < points.size(); ++i)
        for (size_t j = i + 1; j < points.size(); ++j)
            if (points[i] == points[j]) return false;
    for (Vec2d p : points) {
        for (auto [a, b] : edges) {
            if (p == a || p == b) continue;
            if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) == 0 && p.x >= std::min(a.x, b.x) &&
                p.x <= std::max(a.x, b.x) && p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y))
                return false;
        }
    }
    return true;
}

// The number of a ring's points the triangulation may refer to: closing copies of the first point
// at its end are never referenced.
size_t withoutClosing(std::span<const Vec2d> ring) {
    size_t n = ring.size();
    while (n > 1 && ring[n - 1] == ring[0]) --n;
    return n;
}

// Checks triangles appended for `poly` (indices[first..]) against the polygon, as triangulate()
// promises them.
void checkTriangles(const PolygonView& poly, bool exact, std::span<const uint32_t> indices, uint32_t base,
                    const char* where) {
    CHECK(indices.size() % 3 == 0, where);
    std::vector<uint32_t> ringOf(poly.points.size());
    std::vector<uint8_t> referable(poly.points.size(), 0);
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        const uint32_t begin = poly.ringBegin(r);
        const size_t n = withoutClosing(poly.ring(r));
        for (uint32_t i = begin; i < poly.ringEnds[r]; ++i) {
            ringOf[i] = r;
            referable[i] = i - begin < n;
        }
    }
    for (uint32_t index : indices) {
        CHECK(index >= base && index - base < poly.points.size(), "triangle index out of range");
        CHECK(referable[index - base], "triangle refers to a ring's closing point");
    }
    // Total area, from the original coordinates relative to the outer ring's first point.
    const Vec2d o = poly.points[0];
    long double twice = 0;
    for (size_t t = 0; t < indices.size(); t += 3) {
        const Vec2d a = poly.points[indices[t] - base], b = poly.points[indices[t + 1] - base],
                    c = poly.points[indices[t + 2] - base];
        long double ax = (long double)a.x - o.x, ay = (long double)a.y - o.y;
        long double bx = (long double)b.x - o.x, by = (long double)b.y - o.y;
        long double cx = (long double)c.x - o.x, cy = (long double)c.y - o.y;
        twice += std::fabs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
    }
    const long double got = twice / 2, expected = referenceArea(poly);
    const long double allowance = areaAllowance(poly, exact);
    const long double tolerance = gs::kTriangulationAreaTolerance * (std::fabs(expected) + allowance) + 3 * allowance;
    if (!(std::fabs(got - expected) <= tolerance)) {
        std::fprintf(stderr, "fuzz_geometry: %s: triangles cover %.17Lg, the polygon is %.17Lg (allowed %.3Lg)\n",
                     where, got, expected, tolerance);
        fail("triangles' area differs from the polygon's", currentPolygon);
    }
    // Where the arithmetic is exact and the rings are simple and apart, the triangles must lie in
    // the polygon: each one's centroid is strictly inside (a triangle of area >= 1/2 on the integer
    // grid has its centroid at least 1/3 of its height, far above rounding, from its edges).
    if (exact && simpleAndApart(poly)) {
        for (size_t t = 0; t < indices.size(); t += 3) {
            const Vec2d a = poly.points[indices[t] - base], b = poly.points[indices[t + 1] - base],
                        c = poly.points[indices[t + 2] - base];
            if ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x) == 0) continue;
            const Vec2d centroid{(a.x + b.x + c.x) / 3, (a.y + b.y + c.y) / 3};
            if (!gs::pointInPolygon(poly, centroid)) {
                std::fprintf(stderr, "fuzz_geometry: %s: triangle (%g %g, %g %g, %g %g) lies outside\n", where,
                             a.x, a.y, b.x, b.y, c.x, c.y);
                fail("a triangle lies outside the polygon", currentPolygon);
            }
        }
    }
}

// triangulate() on its own, appending after what `indices` holds, with an index base.
bool checkTriangulate(const PolygonView& poly, bool exact, bool finite, uint32_t base, std::vector<uint32_t>& indices) {
    const size_t before = indices.size();
    gs::Status s = gs::triangulate(poly, base, indices);
    if (!s) {
        CHECK(!s.error().message.empty(), "triangulate failed without a reason");
        CHECK(indices.size() == before, "triangulate failed but appended indices");
        return false;
    }
    CHECK(finite, "triangulate accepted non-finite coordinates");
    checkTriangles(poly, exact, std::span<const uint32_t>(indices).subspan(before), base, "triangulate");
    return true;
}

// The distinct points of a ring as appendOutline() sees them (relative to the origin, consecutive
// repeats and closing copies dropped).
std::vector<Vec2d> outlinePoints(std::span<const Vec2d> src, Vec2d origin) {
    std::vector<Vec2d> ring;
    for (Vec2d p : src) {
        const Vec2d q = p - origin;
        if (ring.empty() || !(q == ring.back())) ring.push_back(q);
    }
    while (ring.size() > 1 && ring[0] == ring.back()) ring.pop_back();
    return ring;
}

// What the line shader draws of mesh's points from `first` on: each point on a strip with its two
// neighbours and whether it begins a strip.
struct StripPoint {
    gs::Vec2f prev, pos, next;
    bool begins;
    bool operator==(const StripPoint& o) const {
        auto same = [](gs::Vec2f a, gs::Vec2f b) { return a.x == b.x && a.y == b.y; };
        return same(prev, o.prev) && same(pos, o.pos) && same(next, o.next) && begins == o.begins;
    }
};
std::vector<StripPoint> stripPoints(const gs::LineMesh& mesh, size_t first) {
    std::vector<StripPoint> out;
    auto on = [&](size_t i) { return !(mesh.features[i] & gs::kOffStrip); };
    for (size_t i = first; i < mesh.points.size(); ++i) {
        if (!on(i)) continue;
        CHECK(i > first && i + 1 < mesh.points.size(), "a strip without a neighbour on each side");
        out.push_back({mesh.points[i - 1], mesh.points[i], mesh.points[i + 1], !on(i - 1)});
    }
    return out;
}

void checkOutline(const PolygonView& poly, bool finite, Vec2d origin, uint32_t feature, gs::LineMesh& mesh) {
    const size_t points0 = mesh.points.size();
    const uint32_t appended = gs::appendOutline(poly, origin, feature, mesh);
    CHECK(appended == mesh.points.size() - points0, "appendOutline's count differs from what it appended");
    CHECK(mesh.features.size() == mesh.points.size(), "outline features and points differ in number");
    Box box = boxOf(poly.points);
    size_t point = points0;
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        const std::vector<Vec2d> ring = outlinePoints(poly.ring(r), origin);
        const size_t n = ring.size();
        if (n < 2) continue;
        // Its block: a neighbour off the strip, the strip's points point + 1 .. point + k + 1 (k
        // the ring's point count with bevelled corners twice, the last one closing the ring), a
        // neighbour off the strip.
        CHECK(point < mesh.points.size() && mesh.features[point] == (feature | gs::kOffStrip),
              "outline ring does not begin with a neighbour off the strip");
        size_t length = 0;
        while (point + 1 + length < mesh.features.size() && !(mesh.features[point + 1 + length] & gs::kOffStrip))
            ++length;
        CHECK(point + 1 + length < mesh.features.size(), "outline strip without a neighbour after it");
        CHECK(length >= 3, "outline strip too short");
        const size_t seqLen = length - 1;
        CHECK(mesh.features[point + seqLen + 2] == (feature | gs::kOffStrip),
              "outline ring does not end with a neighbour off the strip");
        CHECK(seqLen >= n && seqLen <= 2 * n, "outline ring has the wrong number of points");
        CHECK(point + seqLen + 3 <= mesh.points.size(), "outline points missing");
        const gs::Vec2f* seq = mesh.points.data() + point + 1;
        auto same = [](gs::Vec2f a, gs::Vec2f b) {
            return (a.x == b.x || (std::isnan(a.x) && std::isnan(b.x))) &&
                   (a.y == b.y || (std::isnan(a.y) && std::isnan(b.y)));
        };
        CHECK(same(seq[-1], seq[seqLen - 1]) && same(seq[seqLen], seq[0]) && same(seq[seqLen + 1], seq[1]),
              "outline ring not stored as [s(k-1), s0 .. s(k-1), s0, s1]");
        // The sequence is the ring's points in order, bevelled corners twice: with runs of equal
        // points collapsed (in float, as stored) both read the same.
        std::vector<gs::Vec2f> want, have;
        for (Vec2d q : ring) {
            const gs::Vec2f f{float(q.x), float(q.y)};
            if (want.empty() || !same(want.back(), f)) want.push_back(f);
        }
        for (size_t i = 0; i < seqLen; ++i)
            if (have.empty() || !same(have.back(), seq[i])) have.push_back(seq[i]);
        bool equal = want.size() == have.size();
        for (size_t i = 0; equal && i < want.size(); ++i) equal = same(want[i], have[i]);
        CHECK(equal, "outline points are not the ring's in order");
        for (size_t i = point; i < point + seqLen + 3; ++i)
            CHECK((mesh.features[i] & gs::kFeatureBits) == feature, "outline point tagged with another feature");
        if (finite) {
            // In the input's box, up to float rounding of the origin-relative coordinates (relative,
            // and absolute below float's normal range, where tiny values round to 0).
            const double slack = 1e-6 * std::max({std::fabs(box.minX - origin.x), std::fabs(box.maxX - origin.x),
                                                  std::fabs(box.minY - origin.y), std::fabs(box.maxY - origin.y)}) +
                                 double(std::numeric_limits<float>::min());
            for (size_t i = point; i < point + seqLen + 3; ++i) {
                const gs::Vec2f p = mesh.points[i];
                if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;  // beyond float's range
                CHECK(p.x >= box.minX - origin.x - slack && p.x <= box.maxX - origin.x + slack &&
                          p.y >= box.minY - origin.y - slack && p.y <= box.maxY - origin.y + slack,
                      "outline point outside the input's box");
            }
        }
        point += seqLen + 3;
    }
    CHECK(point == mesh.points.size(), "outline appended points for no ring");
}

// Whether `part` is `whole` with some points left out, in order.
bool orderedSubset(std::span<const Vec2d> part, std::span<const Vec2d> whole) {
    size_t j = 0;
    for (Vec2d p : part) {
        while (j < whole.size() && !(whole[j] == p)) ++j;
        if (j == whole.size()) return false;
        ++j;
    }
    return true;
}

gs::SimplifyResult checkSimplify(const PolygonView& poly, bool usable, double tolerance, std::vector<Vec2d>& points,
                                 std::vector<uint32_t>& ends) {
    // Start from garbage: the outputs must be cleared.
    points.assign(3, Vec2d{1, 2});
    ends.assign(2, 7);
    const gs::SimplifyResult result = gs::simplifyPolygon(poly, tolerance, points, ends);
    if (result == gs::SimplifyResult::Collapsed) {
        if (poly.ringCount() == 0 || poly.ring(0).empty()) {
            CHECK(points.empty() && ends.empty(), "an empty polygon collapsed to something");
            return result;
        }
        const Box box = boxOf(poly.ring(0));
        CHECK(points.size() == 4 && ends.size() == 1 && ends[0] == 4, "collapsed polygon is not one quad");
        if (usable) {
            CHECK(points[0] == (Vec2d{box.minX, box.minY}) && points[1] == (Vec2d{box.maxX, box.minY}) &&
                      points[2] == (Vec2d{box.maxX, box.maxY}) && points[3] == (Vec2d{box.minX, box.maxY}),
                  "collapsed polygon is not its outer ring's box");
        }
        return result;
    }
    if (!usable) return result;
    CHECK(!ends.empty() && ends.back() == points.size(), "simplified ring ends do not end at the points' end");
    for (size_t r = 0; r < ends.size(); ++r)
        CHECK(ends[r] >= (r == 0 ? 0 : ends[r - 1]) + 3, "simplified ring ends not increasing by a triangle");
    const PolygonView out{points, ends};
    const Box box = boxOf(poly.points);
    for (Vec2d p : points) CHECK(box.contains(p), "simplified point outside the input's box");
    CHECK(orderedSubset(out.ring(0), poly.ring(0)), "simplified outer ring is not a subset of the input's");
    uint32_t from = 1;
    for (uint32_t r = 1; r < out.ringCount(); ++r) {
        while (from < poly.ringCount() && !orderedSubset(out.ring(r), poly.ring(from))) ++from;
        CHECK(from < poly.ringCount(), "simplified hole is not a subset of an input hole (in order)");
        ++from;
    }
    if (!gs::hasCrossingEdges(poly)) CHECK(!gs::hasCrossingEdges(out), "simplifying made edges cross");
    return result;
}

// pointInRing's promise for points on an edge: of two triangles on either side of edge ab, exactly
// one holds its midpoint. Exact on the integer grid (the midpoint is a half-integer).
void checkSharedEdges(const PolygonView& poly) {
    std::span<const Vec2d> ring = poly.ring(0);
    for (size_t i = 0; i + 1 < ring.size() && i < 16; ++i) {
        const Vec2d a = ring[i], b = ring[i + 1];
        if (a == b) continue;
        for (size_t j = 0; j < ring.size() && j < 8; ++j) {
            const Vec2d c = ring[(i + 2 + j) % ring.size()];
            if ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x) == 0) continue;
            const Vec2d d = a + b - c;  // c mirrored through the midpoint: the other side of ab
            const Vec2d m{(a.x + b.x) / 2, (a.y + b.y) / 2};
            const Vec2d t1[] = {a, b, c}, t2[] = {b, a, d};
            CHECK(gs::pointInRing(t1, m) != gs::pointInRing(t2, m),
                  "a point on an edge shared by two triangles is in both or neither");
            break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in;
    if (!decode(data, size, in)) return 0;
    // The loader's origin: a point near the data.
    Vec2d origin{0, 0};
    if (!in.polygons[0].points.empty() && allFinite(in.polygons[0].points)) origin = in.polygons[0].points[0];

    // Each polygon on its own, triangles appended to one buffer with growing index bases (as a
    // layer's meshes are built).
    std::vector<uint32_t> indices;
    gs::LineMesh outline;
    std::vector<Vec2d> simplePoints;
    std::vector<uint32_t> simpleEnds;
    uint32_t base = 0;
    for (size_t p = 0; p < in.polygons.size(); ++p) {
        currentPolygon = p;
        const Polygon& polygon = in.polygons[p];
        const PolygonView view = polygon.view();
        const bool finite = allFinite(polygon.points);
        const bool usable = sane(polygon.points);
        const bool filled = checkTriangulate(view, in.exact, finite, base, indices);
        base += uint32_t(polygon.points.size());
        checkOutline(view, finite, origin, uint32_t(p), outline);
        checkSimplify(view, usable, in.tolerance, simplePoints, simpleEnds);
        if (in.exact && !polygon.points.empty()) checkSharedEdges(view);
        if (in.exact && filled && simpleAndApart(view)) {
            const Vec2d label = gs::interiorPoint(view);
            CHECK(gs::pointInPolygon(view, label), "interiorPoint lies outside a valid polygon");
        }
        if (usable && !polygon.points.empty()) {
            const double d = gs::distanceToBoundary(view, polygon.points[0]);
            CHECK(d == 0, "a ring's own point is off the boundary");
        }
    }

    // The feature through the LayerBuilder's sequence (engine/scene/layer_builder.cpp): simplified
    // when the tolerance allows, filled and outlined at once (appendPolygon), the full polygon when
    // the simplified one fails; a part that fails is skipped with a reason.
    gs::FillMesh fill;
    gs::LineMesh shared;  // appendPolygon's points (its strips'), which its triangles name
    gs::LineMesh lines;   // appendOutline's, checked by checkOutline
    for (size_t p = 0; p < in.polygons.size(); ++p) {
        currentPolygon = p;
        const PolygonView full = in.polygons[p].view();
        const bool finite = allFinite(in.polygons[p].points);
        const bool usable = sane(in.polygons[p].points);
        PolygonView drawn = full;
        if (checkSimplify(full, usable, in.tolerance, simplePoints, simpleEnds) == gs::SimplifyResult::Collapsed)
            continue;
        drawn = PolygonView{simplePoints, simpleEnds};
        const size_t points0 = shared.points.size(), indices0 = fill.indices.size();
        auto nothingAppended = [&] {
            return shared.points.size() == points0 && shared.features.size() == points0 &&
                   fill.indices.size() == indices0;
        };
        gs::Status s = gs::appendPolygon(drawn, origin, uint32_t(p), true, shared, fill);
        if (!s) {
            CHECK(!s.error().message.empty(), "appendPolygon failed without a reason");
            CHECK(nothingAppended(), "failed appendPolygon appended");
            drawn = full;
            s = gs::appendPolygon(drawn, origin, uint32_t(p), true, shared, fill);
        }
        if (!s) {
            CHECK(!s.error().message.empty(), "appendPolygon failed without a reason");
            CHECK(nothingAppended(), "failed appendPolygon appended");
            continue;
        }
        CHECK(allFinite(drawn.points), "appendPolygon accepted non-finite coordinates");
        CHECK(shared.features.size() == shared.points.size(), "appendPolygon's features and points differ in number");
        // Its triangles are triangulate()'s, each naming the stored copy of its point.
        std::vector<uint32_t> reference;
        CHECK(gs::triangulate(drawn, 0, reference).ok() && reference.size() == fill.indices.size() - indices0,
              "appendPolygon's triangles are not triangulate()'s");
        checkTriangles(drawn, in.exact, reference, 0, "appendPolygon");
        for (size_t k = 0; k < reference.size(); ++k) {
            const uint32_t at = fill.indices[indices0 + k];
            CHECK(at >= points0 && at < shared.points.size(), "appendPolygon's triangle names a point not its own");
            CHECK((shared.features[at] & gs::kFeatureBits) == p, "appendPolygon's point tagged with another feature");
            const Vec2d q = drawn.points[reference[k]] - origin;
            CHECK(shared.points[at].x == float(q.x) && shared.points[at].y == float(q.y),
                  "appendPolygon's triangle names another point");
        }
        // Its strips are appendOutline's: the same points, with the same neighbours, in order.
        const size_t linePoints0 = lines.points.size();
        checkOutline(drawn, finite, origin, uint32_t(p), lines);
        const std::vector<StripPoint> got = stripPoints(shared, points0), want = stripPoints(lines, linePoints0);
        CHECK(got.size() == want.size(), "appendPolygon's strips differ from appendOutline's");
        for (size_t i = 0; i < got.size(); ++i)
            CHECK(got[i] == want[i], "appendPolygon's strip points differ from appendOutline's");
    }
    return 0;
}
