// Level of detail: fewer points, no visible change (every point stays within the tolerance), rings
// kept valid, holes below the tolerance dropped, collapsed outer rings reported with their box.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>

#include "geometry/point_in_polygon.hpp"
#include "geometry/simplify.hpp"
#include "geometry/triangulate.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

namespace gs {
namespace {

struct Shape {
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends;
    Shape(std::initializer_list<std::vector<Vec2d>> rings) {
        for (const auto& ring : rings) add(ring);
    }
    void add(const std::vector<Vec2d>& ring) {
        points.insert(points.end(), ring.begin(), ring.end());
        ends.push_back(uint32_t(points.size()));
    }
    PolygonView view() const { return {points, ends}; }
};

std::vector<Vec2d> circle(Vec2d c, double r, int n) {
    std::vector<Vec2d> ring;
    for (int i = 0; i < n; ++i) ring.push_back({c.x + r * std::cos(2 * M_PI * i / n), c.y + r * std::sin(2 * M_PI * i / n)});
    return ring;
}

double distanceToRing(std::span<const Vec2d> ring, Vec2d p) {
    std::vector<uint32_t> end = {uint32_t(ring.size())};
    return distanceToBoundary(PolygonView{ring, end}, p);
}

struct Simplified {
    SimplifyResult result;
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends;
    PolygonView view() const { return {points, ends}; }
};

Simplified simplify(const Shape& shape, double tolerance) {
    Simplified s;
    s.result = simplifyPolygon(shape.view(), tolerance, s.points, s.ends);
    return s;
}

TEST(Simplify, CircleLosesPointsButNoShape) {
    Shape shape{circle({0, 0}, 100, 2000)};
    Simplified s = simplify(shape, 0.5);
    ASSERT_EQ(s.result, SimplifyResult::Simplified);
    ASSERT_EQ(s.ends.size(), 1u);
    EXPECT_LT(s.points.size(), 120u);  // a chord of height 0.5 on r 100 spans ~20 units
    EXPECT_GT(s.points.size(), 30u);
    // Nothing visible moved: every original point is within the tolerance of the simplified ring.
    double worst = 0;
    for (Vec2d p : shape.points) worst = std::max(worst, distanceToRing(s.points, p));
    EXPECT_LE(worst, 0.5 * 1.125);
    EXPECT_NEAR(std::abs(ringArea(s.points)), std::abs(ringArea(shape.points)), 0.5 * 2 * M_PI * 100);
}

TEST(Simplify, RepeatsCollinearRunsAndJitterGo) {
    std::vector<Vec2d> ring;
    for (int side = 0; side < 4; ++side) {
        for (int k = 0; k < 50; ++k) {
            double t = k / 50.0 * 10, jitter = (k % 3 - 1) * 0.01;
            Vec2d p = side == 0 ? Vec2d{t, jitter} : side == 1 ? Vec2d{10 + jitter, t}
                    : side == 2 ? Vec2d{10 - t, 10 + jitter} : Vec2d{jitter, 10 - t};
            ring.push_back(p);
            ring.push_back(p);  // exact repeats
        }
    }
    ring.push_back(ring[0]);  // closing point
    Simplified s = simplify(Shape{ring}, 0.1);
    ASSERT_EQ(s.result, SimplifyResult::Simplified);
    EXPECT_EQ(s.points.size(), 4u);
    EXPECT_NEAR(std::abs(ringArea(s.points)), 100, 1);
}

TEST(Simplify, SmallHolesGoLargeOnesStay) {
    Shape shape{circle({0, 0}, 50, 400), circle({20, 0}, 0.4, 12), circle({-20, 0}, 10, 100)};
    Simplified s = simplify(shape, 1.0);
    ASSERT_EQ(s.result, SimplifyResult::Simplified);
    ASSERT_EQ(s.ends.size(), 2u);  // area 0.5 < 1² dropped; area 314 kept
    EXPECT_TRUE(pointInPolygon(s.view(), {20, 0}));
    EXPECT_FALSE(pointInPolygon(s.view(), {-20, 0}));
}

TEST(Simplify, CollapsedOuterRingReportsItsBox) {
    Simplified s = simplify(Shape{{{5, 5}, {5.3, 5}, {5.3, 5.2}, {5, 5.2}}}, 1.0);
    EXPECT_EQ(s.result, SimplifyResult::Collapsed);
    EXPECT_EQ(s.points, (std::vector<Vec2d>{{5, 5}, {5.3, 5}, {5.3, 5.2}, {5, 5.2}}));
    EXPECT_EQ(s.ends, (std::vector<uint32_t>{4}));
    // A sliver thinner than the tolerance but long is still seen: it stays, as a thin triangle.
    Simplified sliver = simplify(Shape{{{0, 0}, {50, 50.2}, {100, 100}, {99.8, 100.2}, {50, 50.4}}}, 0.5);
    ASSERT_EQ(sliver.result, SimplifyResult::Simplified);
    EXPECT_EQ(sliver.points.size(), 3u);
    EXPECT_GT(std::abs(ringArea(sliver.points)), 0.25);
}

TEST(Simplify, EdgesNeverComeToCross) {
    // The outer ring's top bulges by 0.3 over a courtyard whose top edge is 0.1 from the bottom
    // of the bulge: cutting the bulge at tolerance 0.5 would put the courtyard's corners outside.
    Shape shape{{{0, 0}, {10, 0.3}, {20, 0}, {20, -5}, {0, -5}}, {{5, 0.1}, {5, -2}, {15, -2}, {15, 0.1}}};
    ASSERT_FALSE(hasCrossingEdges(shape.view()));
    for (double tolerance : {0.05, 0.2, 0.5, 1.0}) {
        Simplified s = simplify(shape, tolerance);
        ASSERT_EQ(s.result, SimplifyResult::Simplified);
        EXPECT_EQ(s.ends.size(), 2u);
        EXPECT_FALSE(hasCrossingEdges(s.view())) << tolerance;
        std::vector<uint32_t> indices;
        EXPECT_TRUE(triangulate(s.view(), 0, indices).ok()) << tolerance;
    }
    // Where the bulge may go without harm, it goes.
    Simplified plain = simplify(Shape{{{0, 0}, {10, 0.3}, {20, 0}, {20, -5}, {0, -5}}}, 0.5);
    EXPECT_EQ(plain.points.size(), 4u);
}

// Found by fuzz_geometry: the edge (10, 10) -> (-20, -20) passes through the point (0, 0) that is
// collinear on (-20, 0) -> (10, 0). Every attempt, the last resort (repeats and collinear points
// only) too, dropped that point and so turned the touch into a crossing; the last resort was
// returned without a look.
TEST(Simplify, DroppingACollinearPointWhereTheRingTouchesItselfMakesNoCrossing) {
    Shape shape{{{10, 0}, {10, 10}, {-20, -20}, {-20, 0}, {0, 0}}};
    ASSERT_FALSE(hasCrossingEdges(shape.view()));
    for (double tolerance : {1e-3, 0.5, 2.0}) {
        Simplified s = simplify(shape, tolerance);
        ASSERT_EQ(s.result, SimplifyResult::Simplified) << tolerance;
        EXPECT_FALSE(hasCrossingEdges(s.view())) << tolerance;
        EXPECT_EQ(s.points, shape.points) << tolerance;  // nothing could go
    }
}

TEST(Simplify, ReusesTheCallersVectors) {
    Shape big{circle({0, 0}, 100, 500), circle({10, 10}, 20, 100)};
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends;
    simplifyPolygon(big.view(), 0.5, points, ends);
    const Vec2d* storage = points.data();
    simplifyPolygon(Shape{circle({0, 0}, 10, 50)}.view(), 0.5, points, ends);  // smaller: no growth
    EXPECT_EQ(points.data(), storage);
    EXPECT_EQ(ends.size(), 1u);
}

// All SF buildings at 1 m and 3 m: the points that go, the area that stays (|change| <= tolerance
// x perimeter), and polygons that triangulated before still triangulating after. Those that do not
// are counted apart when their edges crossed already (about one in ten has microscopic crossings,
// which simplifying may leave larger); the loader falls back to full detail for them.
TEST(SimplifySF, BuildingsKeepTheirShape) {
    GDALAllRegister();
    const std::string path = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/buildings.gpkg";
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(dataset) << path;
    OGRLayer* layer = dataset->GetLayerByName("buildings");
    ASSERT_NE(layer, nullptr);
    const double lon0 = -122.436, lat0 = 37.7686;
    const double kx = std::cos(lat0 * M_PI / 180) * 111320, ky = 110540;
    std::vector<Vec2d> all;
    std::vector<uint32_t> allEnds, partEnds = {0};  // partEnds: ring count so far, per part
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbMultiPolygon) continue;
        for (const OGRPolygon* polygon : *g->toMultiPolygon()) {
            for (int r = -1; r < polygon->getNumInteriorRings(); ++r) {
                const OGRLinearRing* ring = r < 0 ? polygon->getExteriorRing() : polygon->getInteriorRing(r);
                for (int i = 0; i < ring->getNumPoints(); ++i)
                    all.push_back({(ring->getX(i) - lon0) * kx, (ring->getY(i) - lat0) * ky});
                allEnds.push_back(uint32_t(all.size()));
            }
            partEnds.push_back(uint32_t(allEnds.size()));
        }
    }
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends, localEnds, indices;
    for (double tolerance : {1.0, 3.0}) {
        size_t kept = 0, collapsed = 0, lostClean = 0, lostCrossing = 0, tooFar = 0;
        double seconds = 0;
        for (size_t part = 0; part + 1 < partEnds.size(); ++part) {
            const uint32_t firstRing = partEnds[part], lastRing = partEnds[part + 1];
            const uint32_t base = firstRing ? allEnds[firstRing - 1] : 0;
            localEnds.clear();
            for (uint32_t r = firstRing; r < lastRing; ++r) localEnds.push_back(allEnds[r] - base);
            PolygonView view{std::span(all).subspan(base, localEnds.back()), localEnds};
            auto start = std::chrono::steady_clock::now();
            SimplifyResult result = simplifyPolygon(view, tolerance, points, ends);
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (result == SimplifyResult::Collapsed) {
                ++collapsed;
                continue;
            }
            kept += points.size();
            double perimeter = 0;
            for (uint32_t r = 0; r < view.ringCount(); ++r) {
                auto ring = view.ring(r);
                for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
                    perimeter += std::hypot(ring[i].x - ring[j].x, ring[i].y - ring[j].y);
            }
            PolygonView simple{points, ends};
            if (std::abs(polygonArea(simple) - polygonArea(view)) > tolerance * perimeter * 1.2) ++tooFar;
            indices.clear();
            if (!triangulate(simple, 0, indices) && triangulate(view, 0, indices))
                ++(hasCrossingEdges(view) ? lostCrossing : lostClean);
        }
        std::printf("SF at %.0f m: %zu -> %zu points, %zu parts collapsed, no longer triangulating: %zu "
                    "(%zu whose edges crossed already), %.3f s\n",
                    tolerance, all.size(), kept, collapsed, lostClean + lostCrossing, lostCrossing, seconds);
        EXPECT_LT(kept, all.size() * (tolerance < 2 ? 0.55 : 0.3));
        EXPECT_EQ(tooFar, 0u);
        EXPECT_EQ(lostClean, 0u);
        // Measured: 51 at 1 m, 66 at 3 m.
        EXPECT_LE(lostCrossing, 80u);
    }
}

}  // namespace
}  // namespace gs
