// Triangulation: exact areas and valid indices on the shapes real footprints are made of, errors
// with reasons on broken ones, and every San Francisco building triangulated or accounted for.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "geometry/sweep_triangulator.hpp"
#include "geometry/triangulate.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

namespace gs {
namespace {

// A polygon owning its arrays, built ring by ring.
struct Poly {
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends;
    Poly(std::initializer_list<std::vector<Vec2d>> rings) {
        for (const auto& ring : rings) add(ring);
    }
    void add(const std::vector<Vec2d>& ring) {
        points.insert(points.end(), ring.begin(), ring.end());
        ends.push_back(uint32_t(points.size()));
    }
    PolygonView view() const { return {points, ends}; }
};

std::vector<Vec2d> reversed(std::vector<Vec2d> ring) { return {ring.rbegin(), ring.rend()}; }

std::vector<Vec2d> square(double x0, double y0, double side) {
    return {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
}

std::vector<Vec2d> circle(Vec2d c, double r, int n) {
    std::vector<Vec2d> ring;
    for (int i = 0; i < n; ++i) ring.push_back({c.x + r * std::cos(2 * M_PI * i / n), c.y + r * std::sin(2 * M_PI * i / n)});
    return ring;
}

// Triangulates and checks what a caller relies on: whole triangles, indices in range, none of them
// clockwise, and the area of the polygon to 1e-9. Returns the indices (without the base).
std::vector<uint32_t> expectTriangulated(const Poly& poly, double area, uint32_t base = 0) {
    std::vector<uint32_t> indices;
    Status status = triangulate(poly.view(), base, indices);
    EXPECT_TRUE(status.ok()) << status.error().message;
    EXPECT_EQ(indices.size() % 3, 0u);
    for (uint32_t& i : indices) {
        EXPECT_GE(i, base);
        EXPECT_LT(i, base + poly.points.size());
        i -= base;
    }
    EXPECT_NEAR(polygonArea(poly.view()), area, 1e-9 * area);
    EXPECT_NEAR(trianglesArea(poly.points, indices), area, 1e-9 * area);
    const Vec2d o = poly.points[0];
    for (size_t t = 0; t < indices.size(); t += 3) {
        Vec2d a = poly.points[indices[t]] - o, b = poly.points[indices[t + 1]] - o, c = poly.points[indices[t + 2]] - o;
        EXPECT_GE((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x), 0) << "triangle " << t / 3;
    }
    return indices;
}

// Triangulates with every check of expectTriangulated and returns the triangles' total area, so
// a test body states the area it expects.
double triangulatedArea(const Poly& poly, double expectedArea) {
    return trianglesArea(poly.points, expectTriangulated(poly, expectedArea));
}

std::string expectError(const Poly& poly) {
    std::vector<uint32_t> indices = {7, 8, 9};  // what the caller had: must stay untouched
    Status status = triangulate(poly.view(), 0, indices);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(indices, (std::vector<uint32_t>{7, 8, 9}));
    return status.ok() ? "" : status.error().message;
}

TEST(Triangulate, SquareEitherWayWithOrWithoutClosingPoint) {
    for (bool clockwise : {false, true}) {
        for (bool closed : {false, true}) {
            std::vector<Vec2d> ring = square(0, 0, 10);
            if (closed) ring.push_back(ring[0]);
            if (clockwise) ring = reversed(ring);
            auto indices = expectTriangulated(Poly{ring}, 100);
            EXPECT_EQ(indices.size(), 6u);
            for (uint32_t i : indices) EXPECT_LT(i, 4u) << "the closing point is never referenced";
        }
    }
}

TEST(Triangulate, IndexBaseIsAdded) {
    auto indices = expectTriangulated(Poly{square(5, 5, 2)}, 4, 1000);
    EXPECT_EQ(indices.size(), 6u);
}

TEST(Triangulate, SquareWithHoleInEitherOrientation) {
    EXPECT_NEAR(triangulatedArea(Poly{square(0, 0, 10), reversed(square(3, 3, 4))}, 84), 84, 1e-9 * (84));
    EXPECT_NEAR(triangulatedArea(Poly{square(0, 0, 10), square(3, 3, 4)}, 84), 84, 1e-9 * (84));
    EXPECT_NEAR(triangulatedArea(Poly{reversed(square(0, 0, 10)), reversed(square(3, 3, 4))}, 84), 84, 1e-9 * (84));
}

TEST(Triangulate, ManyHoles) {
    Poly poly{square(0, 0, 10)};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) poly.add((i + j) % 2 ? square(1 + 3 * i, 1 + 3 * j, 2) : reversed(square(1 + 3 * i, 1 + 3 * j, 2)));
    EXPECT_NEAR(triangulatedArea(poly, 100 - 9 * 4), 100 - 9 * 4, 1e-9 * (100 - 9 * 4));
}

TEST(Triangulate, CourtyardTouchingTheOuterRing) {
    // At a vertex of the outer ring, on an edge of it (no vertex there), and along a whole edge.
    EXPECT_NEAR(triangulatedArea(Poly{{{0, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}}, {{5, 0}, {3, 3}, {7, 3}}}, 94), 94, 1e-9 * (94));
    EXPECT_NEAR(triangulatedArea(Poly{square(0, 0, 10), {{5, 0}, {3, 3}, {7, 3}}}, 94), 94, 1e-9 * (94));
    EXPECT_NEAR(triangulatedArea(Poly{square(0, 0, 10), {{0, 2}, {2, 2}, {2, 4}, {0, 4}}}, 96), 96, 1e-9 * (96));
    // Two courtyards touching each other and the outer ring.
    EXPECT_NEAR(triangulatedArea(Poly{square(0, 0, 10), {{0, 5}, {5, 2}, {5, 8}}, {{5, 2}, {10, 5}, {5, 8}}}, 100 - 15 - 15), 100 - 15 - 15, 1e-9 * (100 - 15 - 15));
}

TEST(Triangulate, RingTouchingItself) {
    // Two squares meeting at a corner, traced as one ring.
    EXPECT_NEAR(triangulatedArea(Poly{{{0, 0}, {2, 0}, {2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}, {0, 2}}}, 8), 8, 1e-9 * (8));
    // A ring that dips into itself from a point of its edge: a hole made without a hole ring.
    EXPECT_NEAR(triangulatedArea(Poly{{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {6, 7}, {4, 7}, {5, 10}, {0, 10}}}, 97), 97, 1e-9 * (97));
    // A zero-width spike into the interior.
    EXPECT_NEAR(triangulatedArea(Poly{{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 5}, {5, 10}, {0, 10}}}, 100), 100, 1e-9 * (100));
}

TEST(Triangulate, RepeatedPointsAndCollinearRuns) {
    std::vector<Vec2d> ring;
    for (Vec2d corner : square(0, 0, 10)) {
        for (int k = 0; k < 3; ++k) ring.push_back(corner);  // repeats
    }
    std::vector<Vec2d> dense;  // ten points along every edge
    for (size_t i = 0; i < 4; ++i) {
        Vec2d a = square(0, 0, 10)[i], b = square(0, 0, 10)[(i + 1) % 4];
        for (int k = 0; k < 10; ++k) dense.push_back(a + (b - a) * (k / 10.0));
    }
    EXPECT_NEAR(triangulatedArea(Poly{ring}, 100), 100, 1e-9 * (100));
    EXPECT_NEAR(triangulatedArea(Poly{dense, reversed(square(4, 4, 2))}, 96), 96, 1e-9 * (96));
}

// One convex ring (most footprints) is fanned by the small-ring clipper (every corner an ear): still
// counterclockwise triangles of its exact area, collinear and repeated points left out; a ring
// whose turns all go one way but which winds round twice (a pentagram) is not convex: no
// counterclockwise ears finish it, and the sweep and the clipper reject it as before.
TEST(Triangulate, ConvexRingsAreFannedAndAStarIsNot) {
    for (bool clockwise : {false, true}) {
        std::vector<Vec2d> hexagon = circle({100, 50}, 10, 6);
        if (clockwise) hexagon = reversed(hexagon);
        EXPECT_EQ(expectTriangulated(Poly{hexagon}, 150 * std::sqrt(3.0)).size(), 3u * 4);
        // Two points on each edge's middle and a repeat: the same four triangles.
        std::vector<Vec2d> busy;
        for (size_t i = 0; i < hexagon.size(); ++i) {
            const Vec2d a = hexagon[i], b = hexagon[(i + 1) % hexagon.size()];
            busy.push_back(a);
            busy.push_back(a);
            busy.push_back(a + (b - a) * 0.25);
            busy.push_back(a + (b - a) * 0.5);
        }
        busy.push_back(busy[0]);  // closed
        const auto indices = expectTriangulated(Poly{busy}, 150 * std::sqrt(3.0));
        EXPECT_EQ(indices.size(), 3u * 4);
        for (uint32_t i : indices) EXPECT_EQ(i % 4, 0u) << "only the corners, each at its first copy";
    }
    std::vector<Vec2d> star;
    for (int k = 0; k < 5; ++k) star.push_back(circle({0, 0}, 10, 5)[size_t(2 * k % 5)]);
    EXPECT_EQ(expectError(Poly{star}), "self-intersecting outer ring");
}

TEST(Triangulate, SliversAndTinyRings) {
    EXPECT_NEAR(triangulatedArea(Poly{{{0, 0}, {1000, 0}, {1000, 0.001}}}, 0.5), 0.5, 1e-9 * (0.5));
    EXPECT_NEAR(triangulatedArea(Poly{{{0, 0}, {1000, 0}, {1000, 0.001}, {0, 0.001}}}, 1), 1, 1e-9 * (1));
    // A millimetre square at Web Mercator magnitudes (a side of 2^-10 m, exact there): precision
    // comes from working relative to a local origin.
    EXPECT_NEAR(triangulatedArea(Poly{square(1.3e7, 4.5e6, 1.0 / 1024)}, 1.0 / 1024 / 1024), 1.0 / 1024 / 1024, 1e-9 * (1.0 / 1024 / 1024));
}

// Large rings: the sweep, or where the sweep line would cross too many edges (a comb), the
// clipper's curve index.
TEST(Triangulate, LargeRingsAndCombs) {
    std::vector<Vec2d> big = circle({0, 0}, 100, 20000);
    std::vector<Vec2d> hole = circle({10, 0}, 30, 5000);
    const double area = std::abs(ringArea(big)) - std::abs(ringArea(hole));
    auto indices = expectTriangulated(Poly{big, hole}, area);
    EXPECT_EQ(indices.size() / 3, 20000u + 5000u);  // n + 2 per hole - 2
    // A comb: hundreds of reflex corners.
    std::vector<Vec2d> comb = {{0, 0}, {400, 0}};
    for (int i = 199; i >= 0; --i) comb.insert(comb.end(), {{2.0 * i + 2, 10}, {2.0 * i + 1, 10}, {2.0 * i + 1, 1}, {2.0 * i, 1}});
    expectTriangulated(Poly{comb}, std::abs(ringArea(comb)));
}

TEST(Triangulate, RandomStarShapesWithHolesRepeatsAndCollinearPoints) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int trial = 0; trial < 500; ++trial) {
        // Star-shaped around the origin, so simple; radius at least 5, so the holes below fit.
        const int n = 3 + int(unit(rng) * 200);
        std::vector<Vec2d> ring;
        for (int i = 0; i < n; ++i) {
            double a = 2 * M_PI * (i + 0.8 * unit(rng)) / n, r = 5 + 10 * unit(rng);
            Vec2d p{r * std::cos(a), r * std::sin(a)};
            ring.push_back(p);
            if (unit(rng) < 0.1) ring.push_back(p);                          // repeat
            if (unit(rng) < 0.1 && i > 0) ring.insert(ring.end() - 1, (ring[ring.size() - 2] + p) * 0.5);  // collinear
        }
        if (trial % 2) ring = reversed(ring);
        Poly poly{ring};
        const int holes = trial % 4;
        for (int h = 0; h < holes; ++h) poly.add(circle({-3 + 2.0 * h, 0.5 * h - 0.5}, 0.6, 3 + trial % 7));
        double area = std::abs(ringArea(ring));
        for (uint32_t r = 1; r < poly.ends.size(); ++r) area -= std::abs(ringArea(poly.view().ring(r)));
        SCOPED_TRACE("trial " + std::to_string(trial));
        EXPECT_NEAR(triangulatedArea(poly, area), area, 1e-9 * area);
    }
}

// The sweep alone, on simple polygons with holes, repeats and collinear runs: every triangle
// counterclockwise, the area exact, and the clipper never asked.
TEST(SweepTriangulator, SimplePolygonsWithHolesNeedNoClipper) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    detail::SweepTriangulator sweep;
    std::vector<uint32_t> indices;
    std::vector<double> areas;
    for (int trial = 0; trial < 300; ++trial) {
        SCOPED_TRACE("trial " + std::to_string(trial));
        const int n = 3 + int(unit(rng) * 120);
        std::vector<Vec2d> ring;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * M_PI * (i + 0.8 * unit(rng)) / n, r = 5 + 10 * unit(rng);
            ring.push_back({r * std::cos(a), r * std::sin(a)});
            if (unit(rng) < 0.1) ring.push_back(ring.back());  // repeat
        }
        if (trial % 3 == 0) {  // axis-aligned runs: equal y all along (the sweep's ties)
            ring = {{0, 0}, {4, 0}, {4, 2}, {6, 2}, {6, 0}, {10, 0}, {10, 6}, {7, 6}, {7, 4}, {3, 4}, {3, 6}, {0, 6}};
            for (Vec2d& p : ring) p = p * (1 + trial);
        }
        if (trial % 2) ring = reversed(ring);
        Poly poly{ring};
        if (trial % 3 != 0)
            for (int h = 0; h < trial % 5; ++h) poly.add(circle({-3 + 2.0 * h, 0.5 * h - 0.5}, 0.6, 3 + trial % 7));
        areas.clear();
        for (uint32_t r = 0; r < poly.ends.size(); ++r) areas.push_back(ringArea(poly.view().ring(r)));
        indices.clear();
        detail::EarClipper clipper;
        ASSERT_TRUE(sweep.run(poly.view(), areas, poly.points[0], 0, clipper, indices));
        EXPECT_EQ(clipper.area(), 0) << "a piece went to the clipper";
        const double want = polygonArea(poly.view());
        EXPECT_NEAR(sweep.area(), want, 1e-9 * want);
        EXPECT_NEAR(trianglesArea(poly.points, indices), want, 1e-9 * want);
        for (size_t t = 0; t < indices.size(); t += 3) {
            const Vec2d a = poly.points[indices[t]], b = poly.points[indices[t + 1]], c = poly.points[indices[t + 2]];
            EXPECT_GE((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x), 0) << "triangle " << t / 3;
        }
    }
}

// Courtyards touching each other and the outer ring at one point: the sweep's order there is a
// tie, and the piece it makes runs a triangle clockwise. The clipper (which has repairs for rings
// touching themselves) takes that piece, and the polygon is still cut to its area.
TEST(SweepTriangulator, APieceItCannotFinishGoesToTheClipper) {
    const Poly poly{square(0, 0, 10), {{0, 5}, {5, 2}, {5, 8}}, {{5, 2}, {10, 5}, {5, 8}}};
    std::vector<double> areas;
    for (uint32_t r = 0; r < 3; ++r) areas.push_back(ringArea(poly.view().ring(r)));
    detail::SweepTriangulator sweep;
    detail::EarClipper clipper;
    std::vector<uint32_t> indices;
    ASSERT_TRUE(sweep.run(poly.view(), areas, poly.points[0], 0, clipper, indices));
    EXPECT_GT(clipper.area(), 0) << "the clipper cut a piece";
    EXPECT_NEAR(sweep.area(), 70, 1e-9 * 70);
    EXPECT_NEAR(trianglesArea(poly.points, indices), 70, 1e-9 * 70);
    for (uint32_t i : indices) EXPECT_LT(i, poly.points.size());
}

// The sweep alone on a polygon: whether it kept it (run() true), the area it reports, the area of
// the triangles it appended, and whether every index points into the polygon.
struct Swept {
    bool kept = false;
    double area = 0, trianglesArea = 0;
    bool indicesInRange = true;
};

Swept sweepAlone(const Poly& poly) {
    std::vector<double> areas;
    for (uint32_t r = 0; r < poly.ends.size(); ++r) areas.push_back(ringArea(poly.view().ring(r)));
    detail::SweepTriangulator sweep;
    detail::EarClipper clipper;
    std::vector<uint32_t> indices;
    Swept s;
    s.kept = sweep.run(poly.view(), areas, poly.points[0], 0, clipper, indices);
    s.area = sweep.area();
    s.trianglesArea = trianglesArea(poly.points, indices);
    for (uint32_t i : indices) s.indicesInRange = s.indicesInRange && i < poly.points.size();
    return s;
}

// Footprints whose rings cross themselves, each once taking a path of the sweep that got it wrong;
// the sweep now keeps each whole, its triangles covering the polygon's area.
struct CrossingCase {
    const char* name;
    std::vector<Vec2d> ring;
    double area;  // polygonArea(), to the digits given
    double digits;
};

class SweepCrossing : public testing::TestWithParam<CrossingCase> {};

TEST_P(SweepCrossing, KeepsThePolygonWithItsArea) {
    const Poly poly{GetParam().ring};
    const double want = polygonArea(poly.view());
    EXPECT_NEAR(want, GetParam().area, GetParam().digits);
    const Swept s = sweepAlone(poly);
    ASSERT_TRUE(s.kept);
    EXPECT_NEAR(s.area, want, 1e-9 * want);
    EXPECT_NEAR(s.trianglesArea, want, 1e-9 * want);
    EXPECT_TRUE(s.indicesInRange);
}

INSTANTIATE_TEST_SUITE_P(
    SweepTriangulator, SweepCrossing,
    testing::Values(
        // A ring with a small twist, as real footprints have (two edges crossing near a corner):
        // the sweep's piece holding the crossing is not monotone, the stack cannot finish it, and
        // the clipper's first pass gets its area wrong (its repair of a crossing is approximate).
        // The piece is cut again from its saved links with every corner on the z-order curve, and
        // the sweep keeps the polygon (it used to give it whole to the clipper: 53.07 square units
        // against 51.22).
        CrossingCase{"APieceTheClipperGetsWrongIsCutAgain",
                     {{0, 0}, {-2.2879, -3.3604}, {-3.4319, -2.4208}, {-5.4910, -5.2507}, {-4.3471, -6.1902},
                      {-3.8895, -5.5159}, {-4.1183, -5.7812}, {1.6104, -10.0923}, {5.0423, -5.5159}},
                     51.224, 0.001},
        // An SF footprint whose ring crosses itself (in metres from its first corner, to the
        // centimetre): a diagonal through the crossing leaves a piece that runs clockwise as a
        // whole, which no counterclockwise triangles can make. It is merged with the pieces across
        // its edges, and the pieces are cut again (the sweep's area was 149.14 against 139.23).
        CrossingCase{"APieceRunningClockwiseIsMergedWithItsNeighbours",
                     {{0.00, 0.00}, {0.00, 0.24}, {-10.99, 3.90}, {-13.68, -3.17}, {-11.97, -3.67},
                      {-11.73, -2.93}, {-2.20, -6.36}, {-1.47, -4.40}, {-2.20, -6.10}, {-2.20, -6.60},
                      {-1.47, -6.60}, {-0.74, -4.89}, {3.91, -6.60}, {4.14, -5.62}, {10.74, -8.06},
                      {12.21, -4.40}, {11.47, -3.91}, {11.47, -4.16}, {0.00, 0.00}},
                     139.2343, 0.0001},
        // Another SF footprint (as above): its crossing runs between two pieces, and no pass of the
        // clipper cuts the one holding it to its area. It is merged with its neighbours, and the
        // sweep keeps the polygon (it used to give it whole to the clipper: run() returned false).
        CrossingCase{"APieceTheClipperCannotCutIsMergedWithItsNeighbours",
                     {{0.00, 0.00}, {-5.08, 5.50}, {-7.98, 2.87}, {-2.90, -2.40}, {-2.66, -2.16},
                      {0.00, -5.27}, {1.94, -3.59}, {1.94, -3.35}, {-0.72, -0.48}, {-2.42, -1.91},
                      {0.00, 0.00}},
                     39.1217, 0.0001}),
    [](const testing::TestParamInfo<CrossingCase>& info) { return std::string(info.param.name); });

// A sweep line crossing more edges than kMaxActiveEdges would make the sweep quadratic: it gives
// up, appending nothing, and triangulate() gives the polygon to the clipper.
TEST(SweepTriangulator, GivesUpOnCombsAppendingNothing) {
    std::vector<Vec2d> comb = {{0, 0}, {400, 0}};
    for (int i = 199; i >= 0; --i) comb.insert(comb.end(), {{2.0 * i + 2, 10}, {2.0 * i + 1, 10}, {2.0 * i + 1, 1}, {2.0 * i, 1}});
    const Poly poly{comb};
    const std::vector<double> areas = {ringArea(comb)};
    detail::SweepTriangulator sweep;
    detail::EarClipper clipper;
    std::vector<uint32_t> indices = {7, 8, 9};
    EXPECT_FALSE(sweep.run(poly.view(), areas, comb[0], 0, clipper, indices));
    EXPECT_EQ(indices, (std::vector<uint32_t>{7, 8, 9}));
    expectTriangulated(poly, std::abs(areas[0]));
}

TEST(Triangulate, BrokenPolygonsAreRejectedWithReasons) {
    EXPECT_EQ(expectError(Poly{}), "fewer than 3 distinct points");
    EXPECT_EQ(expectError(Poly{{{0, 0}, {1, 1}, {0, 0}, {1, 1}}}), "fewer than 3 distinct points");
    EXPECT_EQ(expectError(Poly{{{0, 0}, {1, 1}, {2, 2}, {3, 3}}}), "zero area");
    EXPECT_EQ(expectError(Poly{{{0, 0}, {10, 10}, {10, 0}, {0, 5}}}), "self-intersecting outer ring");
    EXPECT_EQ(expectError(Poly{square(0, 0, 10), square(20, 0, 2)}), "hole 1 outside outer ring");
    EXPECT_EQ(expectError(Poly{square(0, 0, 10), square(8, 8, 4)}), "hole 1 crosses the outer ring");
    EXPECT_EQ(expectError(Poly{square(0, 0, 10), square(2, 2, 4), square(4, 4, 4)}), "holes 1 and 2 overlap");
    EXPECT_EQ(expectError(Poly{square(0, 0, 10), square(0, 0, 10)}), "zero area: holes cover the outer ring");
}

// Found by fuzz_geometry: a NaN or infinite coordinate, even in a hole without area that the clipper
// skips, reached the z-order key of a ring with many reflex corners as a NaN converted to an
// integer (undefined behaviour) and was otherwise accepted; so were spans whose areas overflow.
// An area near the smallest normal double has no relative precision left (the fuzzer's triangles
// covered 5.7902e-322 of a 5.7898e-322 polygon): it counts as zero, the polygon is skipped.
TEST(Triangulate, SubnormalAreasAreZero) {
    const double t = 1e-161;  // a square of side 1e-161: area 1e-322, subnormal
    EXPECT_EQ(expectError(Poly{{{0, 0}, {t, 0}, {t, t}, {0, t}}}), "zero area");
    const double s = 1e-100;  // 1e-200 is still a normal double: triangulated
    expectTriangulated(Poly{{{0, 0}, {s, 0}, {s, s}, {0, s}}}, s * s);
}

TEST(Triangulate, NonFiniteAndOverflowingCoordinatesAreRejected) {
    std::vector<Vec2d> comb = {{0, 0}, {60, 0}};
    for (int i = 29; i > 0; --i) comb.insert(comb.end(), {{2.0 * i, 20}, {2.0 * i - 1, 1}});
    comb.push_back({0, 20});
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    expectTriangulated(Poly{comb}, std::abs(ringArea(comb)));  // fine on its own (indexed: 29 reflex corners)
    EXPECT_EQ(expectError(Poly{comb, {{1, 1}, {-inf, 2}}}), "coordinates not finite");
    EXPECT_EQ(expectError(Poly{comb, {{1, 1}, {2, nan}, {3, 1}}}), "coordinates not finite");
    std::vector<Vec2d> withNan = comb;
    withNan[5].x = nan;
    EXPECT_EQ(expectError(Poly{withNan}), "coordinates not finite");
    EXPECT_EQ(expectError(Poly{{{-1e308, -1e308}, {1e308, -1e308}, {1e308, 1e308}, {-1e308, 1e308}}}),
              "coordinates too far apart");
    EXPECT_EQ(expectError(Poly{comb, {{1, 1}, {1e200, 2}}}), "coordinates too far apart");
}

// A caller that works a polygon's facts out once (the loader) gets the same triangles or the same
// error from them, and the same area and box as polygonArea() and the points' own box.
TEST(Triangulate, FactsWorkedOutOnceGiveTheSameResult) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<Vec2d> comb = {{0, 0}, {60, 0}};
    for (int i = 29; i > 0; --i) comb.insert(comb.end(), {{2.0 * i, 20}, {2.0 * i - 1, 1}});
    comb.push_back({0, 20});
    const std::vector<Poly> polys = {
        Poly{square(0, 0, 10)},
        Poly{reversed(square(1.3e7, 4.5e6, 7)), square(1.3e7 + 1, 4.5e6 + 1, 2)},
        Poly{comb},
        Poly{{{0, 0}, {4, 4}, {4, 0}, {0, 4}}},                 // a bow tie: an error
        Poly{square(0, 0, 10), {{1, 1}, {2, nan}, {3, 1}}},     // not finite
        Poly{{{0, 0}, {1, 1}, {2, 2}}},                         // no area
    };
    for (size_t k = 0; k < polys.size(); ++k) {
        const Poly& poly = polys[k];
        std::vector<double> areas(poly.ends.size());
        const PolygonFacts facts = polygonFacts(poly.view(), areas);
        const double area = polygonArea(poly.view());
        if (std::isnan(area)) EXPECT_TRUE(std::isnan(facts.area())) << "polygon " << k;
        else EXPECT_EQ(facts.area(), area) << "polygon " << k;
        Box box;
        for (Vec2d p : poly.points) box.add(p);
        EXPECT_EQ(facts.box.minX, box.minX) << "polygon " << k;
        EXPECT_EQ(facts.box.maxY, box.maxY) << "polygon " << k;
        std::vector<uint32_t> once = {1, 2, 3}, again = {1, 2, 3};
        const Status a = triangulate(poly.view(), 5, once);
        const Status b = triangulate(poly.view(), 5, again, facts);
        EXPECT_EQ(a.ok(), b.ok()) << "polygon " << k;
        if (!a.ok() && !b.ok()) EXPECT_EQ(a.error().message, b.error().message) << "polygon " << k;
        EXPECT_EQ(once, again) << "polygon " << k;
    }
}

// Every part of every SF building, in a local metric frame around the data (so that 1e-6 of an
// area is not lost to the rounding of degrees squared).
TEST(TriangulateSF, EveryBuildingTriangulatesOrIsSkippedWithAReason) {
    GDALAllRegister();
    const std::string path = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/buildings.gpkg";
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(dataset) << path;
    OGRLayer* layer = dataset->GetLayerByName("buildings");
    ASSERT_NE(layer, nullptr);
    const double lon0 = -122.436, lat0 = 37.7686;
    const double kx = std::cos(lat0 * M_PI / 180) * 111320, ky = 110540;

    size_t buildings = 0, ok = 0, parts = 0, vertices = 0;
    std::map<int64_t, std::string> skipped;
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends, indices;
    double seconds = 0;
    for (auto& feature : *layer) {
        ++buildings;
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (!geometry) {
            skipped[feature->GetFID()] = "no geometry";
            continue;
        }
        std::vector<const OGRPolygon*> polygons;
        if (wkbFlatten(geometry->getGeometryType()) == wkbPolygon) polygons.push_back(geometry->toPolygon());
        else if (wkbFlatten(geometry->getGeometryType()) == wkbMultiPolygon)
            for (const OGRPolygon* p : *geometry->toMultiPolygon()) polygons.push_back(p);
        std::string reason = polygons.empty() ? "not a polygon" : "";
        for (size_t k = 0; k < polygons.size(); ++k) {
            points.clear();
            ends.clear();
            for (int r = -1; r < polygons[k]->getNumInteriorRings(); ++r) {
                const OGRLinearRing* ring = r < 0 ? polygons[k]->getExteriorRing() : polygons[k]->getInteriorRing(r);
                for (int i = 0; ring && i < ring->getNumPoints(); ++i)
                    points.push_back({(ring->getX(i) - lon0) * kx, (ring->getY(i) - lat0) * ky});
                ends.push_back(uint32_t(points.size()));
            }
            PolygonView view{points, ends};
            ++parts;
            vertices += points.size();
            indices.clear();
            auto start = std::chrono::steady_clock::now();
            Status status = triangulate(view, 0, indices);
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (status) {
                // Checked here independently of triangulate()'s own check.
                const double want = polygonArea(view), got = trianglesArea(points, indices);
                if (std::abs(got - want) > 1e-6 * want)
                    status = Error{"area " + std::to_string(got) + " instead of " + std::to_string(want)};
                for (uint32_t i : indices) ASSERT_LT(i, points.size());
            }
            if (!status && reason.empty())
                reason = "part " + std::to_string(k + 1) + " of " + std::to_string(polygons.size()) + ": " +
                         status.error().message;
        }
        if (reason.empty()) ++ok;
        else skipped[feature->GetFID()] = reason;
    }
    std::map<std::string, int> byReason;
    for (const auto& [fid, reason] : skipped) {
        std::printf("  skipped building %lld: %s\n", static_cast<long long>(fid), reason.c_str());
        std::string kind;  // the reason without the part and ring numbers
        for (char c : reason.substr(reason.find(": ") + 2))
            if (!std::isdigit(static_cast<unsigned char>(c))) kind += c;
            else if (kind.empty() || kind.back() != '#') kind += '#';
        byReason[kind]++;
    }
    for (const auto& [kind, count] : byReason) std::printf("  %5d x %s\n", count, kind.c_str());
    std::printf("SF: %zu buildings, %zu parts, %zu vertices: %zu triangulated, %zu skipped (%.3f s)\n", buildings,
                parts, vertices, ok, skipped.size(), seconds);
    EXPECT_EQ(buildings, 85161u);
    EXPECT_EQ(ok + skipped.size(), buildings);
    // Measured: 88 buildings (0.10%), all broken in the source: rings crossing themselves or
    // each other (83, two of them at a vertex), overlapping after triangulation (1), or without
    // area (4). (161 before the sweep: it hands the ear clipper only the pieces it cannot finish,
    // and a crossing of rounding size in a piece is cut within the area check where the whole
    // polygon was not; 113 before such a piece was retried, and pieces that run clockwise or that
    // the clipper cannot cut merged with their neighbours.) The bound leaves a little room, not
    // enough to hide a regression.
    EXPECT_LE(skipped.size(), 94u);
}

}  // namespace
}  // namespace gs
