// Point in polygon (holes, shared edges counted once) and label points that are always inside.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <ctime>
#include <cmath>
#include <random>

#include "geometry/point_in_polygon.hpp"
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
        for (const auto& ring : rings) {
            points.insert(points.end(), ring.begin(), ring.end());
            ends.push_back(uint32_t(points.size()));
        }
    }
    PolygonView view() const { return {points, ends}; }
};

std::vector<Vec2d> rect(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

TEST(PointInPolygon, HolesAreOutside) {
    Shape donut{rect(0, 0, 10, 10), rect(3, 3, 7, 7)};
    EXPECT_TRUE(pointInPolygon(donut.view(), {1, 1}));
    EXPECT_TRUE(pointInPolygon(donut.view(), {8, 5}));
    EXPECT_FALSE(pointInPolygon(donut.view(), {5, 5}));
    EXPECT_FALSE(pointInPolygon(donut.view(), {11, 5}));
    EXPECT_FALSE(pointInPolygon(donut.view(), {-1, 5}));
    EXPECT_TRUE(pointInRing(donut.view().ring(1), {5, 5}));
    // A closing point changes nothing.
    Shape closed{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}};
    EXPECT_TRUE(pointInPolygon(closed.view(), {5, 5}));
    EXPECT_FALSE(pointInPolygon(closed.view(), {5, 11}));
}

TEST(PointInPolygon, PointsOnSharedEdgesBelongToExactlyOneCell) {
    // A 4 x 4 grid of cells, some traced clockwise: every point of the inner area, on grid lines
    // and grid corners included, falls in exactly one cell.
    std::vector<Shape> cells;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            auto r = rect(i, j, i + 1, j + 1);
            if ((i * 3 + j) % 2) r = {r.rbegin(), r.rend()};
            cells.push_back(Shape{r});
        }
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> grid(1, 3 * 8);
    std::uniform_real_distribution<double> any(0.01, 3.99);
    for (int trial = 0; trial < 2000; ++trial) {
        Vec2d p = trial % 3 == 0 ? Vec2d{grid(rng) / 8.0, grid(rng) / 8.0}  // often on lines and corners
                : trial % 3 == 1 ? Vec2d{double(grid(rng) / 8), any(rng)}
                                 : Vec2d{any(rng), double(grid(rng) / 8)};
        int count = 0;
        for (const Shape& cell : cells) count += pointInPolygon(cell.view(), p);
        EXPECT_EQ(count, 1) << p.x << ", " << p.y;
    }
}

TEST(PointInPolygon, DistanceToBoundary) {
    Shape donut{rect(0, 0, 10, 10), rect(3, 3, 7, 7)};
    EXPECT_DOUBLE_EQ(distanceToBoundary(donut.view(), {1, 5}), 1);
    EXPECT_DOUBLE_EQ(distanceToBoundary(donut.view(), {5, 5}), 2);
    EXPECT_DOUBLE_EQ(distanceToBoundary(donut.view(), {13, 14}), 5);
}

void expectGoodLabel(const Shape& shape, double minDistance) {
    Vec2d p = interiorPoint(shape.view());
    EXPECT_TRUE(pointInPolygon(shape.view(), p)) << p.x << ", " << p.y;
    EXPECT_GE(distanceToBoundary(shape.view(), p), minDistance) << p.x << ", " << p.y;
}

TEST(InteriorPoint, FarFromEdgesAndNeverInAHole) {
    expectGoodLabel(Shape{rect(0, 0, 10, 10)}, 4.8);
    // An L: its centroid is outside.
    expectGoodLabel(Shape{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 10}, {0, 10}}}, 0.95);
    // A U: so is its box centre.
    expectGoodLabel(Shape{{{0, 0}, {9, 0}, {9, 9}, {6, 9}, {6, 3}, {3, 3}, {3, 9}, {0, 9}}}, 1.4);
    // A donut: the centre is the hole.
    expectGoodLabel(Shape{rect(0, 0, 10, 10), rect(2, 2, 8, 8)}, 0.95);
    // A sliver, long and diagonal: no grid cell centre needs to land in it.
    expectGoodLabel(Shape{{{0, 0}, {1000, 1000}, {1000, 1000.01}}}, 0);
    // A precision argument trades accuracy for speed, never correctness.
    Shape l{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 10}, {0, 10}}};
    Vec2d coarse = interiorPoint(l.view(), 5);
    EXPECT_TRUE(pointInPolygon(l.view(), coarse));
}

// A boundary of thousands of points (a grid's, a district's): the search skips runs of edges far
// from each cell and off its ray, and must find what visiting every edge finds. A wobbly disc with
// three holes, one where the pole would be without it; with a precision of 0.5, the label must be
// inside and within 0.5 of the best distance any point of a fine grid has.
TEST(InteriorPoint, ManyEdgesAsGoodAsEveryEdgeVisited) {
    auto wobblyCircle = [](Vec2d c, double r, int n, double wobble) {
        std::vector<Vec2d> ring;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * M_PI * i / n, rr = r + wobble * std::sin(37 * a) + 0.5 * wobble * std::sin(211 * a);
            ring.push_back({c.x + rr * std::cos(a), c.y + rr * std::sin(a)});
        }
        ring.push_back(ring.front());
        return ring;
    };
    Shape shape{wobblyCircle({0, 0}, 100, 4000, 3), wobblyCircle({5, -3}, 30, 64, 0),
                wobblyCircle({-50, 40}, 12, 64, 0), wobblyCircle({40, 55}, 9, 64, 0)};
    const Vec2d p = interiorPoint(shape.view(), 0.5);
    ASSERT_TRUE(pointInPolygon(shape.view(), p)) << p.x << ", " << p.y;
    double best = 0;
    for (double x = -100; x <= 100; x += 2)
        for (double y = -100; y <= 100; y += 2)
            if (pointInPolygon(shape.view(), {x, y})) best = std::max(best, distanceToBoundary(shape.view(), {x, y}));
    EXPECT_GT(best, 20);  // the grid found the wide ring between the holes and the rim
    EXPECT_GE(distanceToBoundary(shape.view(), p), best - 0.5) << p.x << ", " << p.y;
}

TEST(InteriorPointSF, EveryBuildingGetsAPointInsideQuickly) {
    GDALAllRegister();
    const std::string path = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/buildings.gpkg";
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(dataset) << path;
    OGRLayer* layer = dataset->GetLayerByName("buildings");
    ASSERT_NE(layer, nullptr);
    const double lon0 = -122.436, lat0 = 37.7686;
    const double kx = std::cos(lat0 * M_PI / 180) * 111320, ky = 110540;
    std::vector<Vec2d> points;
    std::vector<uint32_t> ends;
    size_t parts = 0, inside = 0, withoutArea = 0;
    double seconds = 0;
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbMultiPolygon) continue;
        for (const OGRPolygon* polygon : *g->toMultiPolygon()) {
            points.clear();
            ends.clear();
            for (int r = -1; r < polygon->getNumInteriorRings(); ++r) {
                const OGRLinearRing* ring = r < 0 ? polygon->getExteriorRing() : polygon->getInteriorRing(r);
                for (int i = 0; i < ring->getNumPoints(); ++i)
                    points.push_back({(ring->getX(i) - lon0) * kx, (ring->getY(i) - lat0) * ky});
                ends.push_back(uint32_t(points.size()));
            }
            PolygonView view{points, ends};
            ++parts;
            const std::clock_t start = std::clock();  // processor time: the machine may be busy
            Vec2d p = interiorPoint(view);
            seconds += double(std::clock() - start) / CLOCKS_PER_SEC;
            if (pointInPolygon(view, p)) ++inside;
            else if (polygonArea(view) <= 1e-9) ++withoutArea;  // nothing to be inside of
            else ADD_FAILURE() << "building " << feature->GetFID() << ": (" << p.x << ", " << p.y << ") outside";
        }
    }
    std::printf("SF: %zu parts, %zu label points inside, %zu parts without area, %.3f s\n", parts, inside,
                withoutArea, seconds);
    EXPECT_EQ(parts, 86203u);
    EXPECT_LE(withoutArea, 4u);
    // Measured: about 20 µs a polygon. Thousands of labels must take milliseconds, not seconds.
    EXPECT_LT(seconds / double(parts), 100e-6);
}

}  // namespace
}  // namespace gs
