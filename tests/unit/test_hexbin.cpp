// Hexagon bins: which cell a point is in (centres, edges, vertices), counts and weights, cells that
// tile without gaps, the size on the ground under Web Mercator's scale, and classes of the cells.
#include <gtest/gtest.h>

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "analysis/hexbin.hpp"
#include "geo/transformer.hpp"
#include "style/classify.hpp"

using namespace gs;

namespace {

HexGrid grid(double size, double metresPerUnit = 1, Vec2d origin = {}) {
    auto g = HexGrid::make(size, metresPerUnit, origin);
    EXPECT_TRUE(g) << g.error().message;
    return *g;
}

HexCoord cellOf(const HexGrid& g, Vec2d p) {
    auto c = g.cellAt(p);
    EXPECT_TRUE(c) << p.x << ", " << p.y;
    return c.value_or(HexCoord{-999, -999});
}

// The six neighbours in axial coordinates.
const HexCoord kNeighbours[6] = {{1, 0}, {1, -1}, {0, -1}, {-1, 0}, {-1, 1}, {0, 1}};

double area(const std::array<Vec2d, 6>& p) {
    double a = 0;
    for (std::size_t i = 0; i < 6; ++i) a += p[i].x * p[(i + 1) % 6].y - p[(i + 1) % 6].x * p[i].y;
    return a / 2;
}

double dist(Vec2d a, Vec2d b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

TEST(Hexbin, GeometryFollowsTheSize) {
    HexGrid g = grid(300, 1, {1000, -2000});
    EXPECT_DOUBLE_EQ(g.spacing(), 300);
    EXPECT_DOUBLE_EQ(g.circumradius(), 300 / std::sqrt(3.0));
    const Vec2d c = g.centre({0, 0});
    EXPECT_EQ(c, (Vec2d{1000, -2000}));
    for (const HexCoord n : kNeighbours) EXPECT_NEAR(dist(g.centre(n), c), 300, 1e-9);
    const auto p = g.polygon({2, -3});
    EXPECT_NEAR(area(p), 300 * 300 * std::sqrt(3.0) / 2, 1e-6);  // counter-clockwise: positive
    for (const Vec2d v : p) EXPECT_NEAR(dist(v, g.centre({2, -3})), g.circumradius(), 1e-9);
    EXPECT_NEAR(p[0].x, g.centre({2, -3}).x, 1e-9);  // pointy-top: a vertex straight up
    EXPECT_GT(p[0].y, g.centre({2, -3}).y);
}

TEST(Hexbin, CentresEdgesAndVertices) {
    HexGrid g = grid(2);  // centres 2 apart: the vertical edge between (0,0) and (1,0) is at x = 1
    for (int q = -5; q <= 5; ++q)
        for (int r = -5; r <= 5; ++r) EXPECT_EQ(cellOf(g, g.centre({q, r})), (HexCoord{q, r}));
    // On a vertical edge, exactly equally near two centres: the greater q.
    EXPECT_EQ(cellOf(g, {1, 0}), (HexCoord{1, 0}));
    EXPECT_EQ(cellOf(g, {1, 0.5}), (HexCoord{1, 0}));
    EXPECT_EQ(cellOf(g, {-1, -0.25}), (HexCoord{0, 0}));
    EXPECT_EQ(cellOf(g, {1 - 1e-12, 0}), (HexCoord{0, 0}));
    EXPECT_EQ(cellOf(g, {-1 - 1e-12, 0}), (HexCoord{-1, 0}));
    // Every vertex and edge midpoint belongs to one of the cells that meet there, and a point just
    // inside any of them belongs to that one.
    const HexCoord c{0, 0};
    const auto p = g.polygon(c);
    for (std::size_t i = 0; i < 6; ++i) {
        std::vector<HexCoord> sharing{c};
        for (const HexCoord n : kNeighbours) {
            const auto np = g.polygon({c.q + n.q, c.r + n.r});
            if (std::find(np.begin(), np.end(), p[i]) != np.end()) sharing.push_back({c.q + n.q, c.r + n.r});
        }
        ASSERT_EQ(sharing.size(), 3u) << "vertex " << i;
        const HexCoord at = cellOf(g, p[i]);
        EXPECT_NE(std::find(sharing.begin(), sharing.end(), at), sharing.end()) << "vertex " << i;
        for (const HexCoord s : sharing) {
            const Vec2d toward = g.centre(s) - p[i];
            EXPECT_EQ(cellOf(g, p[i] + toward * 1e-6), s) << "vertex " << i;
        }
        const Vec2d mid = (p[i] + p[(i + 1) % 6]) * 0.5;
        const HexCoord m = cellOf(g, mid);
        EXPECT_TRUE(m == c || std::find(sharing.begin(), sharing.end(), m) != sharing.end());
        EXPECT_EQ(cellOf(g, mid + (g.centre(c) - mid) * 1e-6), c) << "edge " << i;
    }
}

TEST(Hexbin, CountsAndWeightsAddUp) {
    HexGrid g = grid(50, 1, {3.5, -7.25});
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> coord(-400, 400);
    std::vector<Vec2d> points(20000);
    std::vector<double> weights(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i] = {coord(rng), coord(rng)};
        weights[i] = double(rng() % 5);
    }
    // Points exactly on centres, edges and vertices too.
    for (int q = -3; q <= 3; ++q) {
        points.push_back(g.centre({q, 1}));
        points.push_back(g.polygon({q, 1})[1]);
        points.push_back((g.polygon({q, 1})[4] + g.polygon({q, 1})[5]) * 0.5);
        weights.insert(weights.end(), {1, 1, 1});
    }
    auto bins = hexbin(g, points, weights);
    ASSERT_TRUE(bins) << bins.error().message;
    EXPECT_EQ(bins->skipped, 0u);
    std::size_t total = 0;
    double weight = 0;
    std::map<std::pair<int, int>, std::pair<std::size_t, double>> expected;  // (r, q) -> count, weight
    for (std::size_t i = 0; i < points.size(); ++i) {
        const HexCoord c = cellOf(g, points[i]);
        auto& e = expected[{c.r, c.q}];
        ++e.first;
        e.second += weights[i];
        // The nearest centre: no neighbour's is nearer.
        for (const HexCoord n : kNeighbours)
            EXPECT_LE(dist(points[i], g.centre(c)), dist(points[i], g.centre({c.q + n.q, c.r + n.r})) + 1e-9);
    }
    ASSERT_EQ(bins->cells.size(), expected.size());
    auto it = expected.begin();
    for (const HexBin& b : bins->cells) {  // ordered by r, then q, like the map's keys
        EXPECT_EQ(std::make_pair(b.cell.r, b.cell.q), it->first);
        EXPECT_EQ(b.count, it->second.first);
        EXPECT_EQ(b.weight, it->second.second);
        EXPECT_EQ(b.centre, g.centre(b.cell));
        EXPECT_EQ(b.polygon, g.polygon(b.cell));
        total += b.count;
        weight += b.weight;
        ++it;
    }
    EXPECT_EQ(total, points.size());
    double expectedWeight = 0;
    for (double w : weights) expectedWeight += w;
    EXPECT_EQ(weight, expectedWeight);
    // The order of the points does not change the bins.
    std::vector<std::size_t> order(points.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<Vec2d> shuffled;
    std::vector<double> shuffledWeights;
    for (std::size_t i : order) shuffled.push_back(points[i]), shuffledWeights.push_back(weights[i]);
    auto again = hexbin(g, shuffled, shuffledWeights);
    ASSERT_TRUE(again);
    ASSERT_EQ(again->cells.size(), bins->cells.size());
    for (std::size_t i = 0; i < bins->cells.size(); ++i) {
        EXPECT_EQ(again->cells[i].cell, bins->cells[i].cell);
        EXPECT_EQ(again->cells[i].count, bins->cells[i].count);
        EXPECT_EQ(again->cells[i].weight, bins->cells[i].weight);  // integer weights: exact sums
    }
}

TEST(Hexbin, CellsTileWithoutGaps) {
    HexGrid g = grid(123.456, 0.77, {12958000.25, 4852000.5});  // Beijing-like Web Mercator origin
    for (int q = -4; q <= 4; ++q)
        for (int r = -4; r <= 4; ++r) {
            const auto p = g.polygon({q, r});
            for (std::size_t i = 0; i < 6; ++i) {
                // Each edge is a neighbour's edge, the other way round, bit for bit.
                const Vec2d a = p[i], b = p[(i + 1) % 6];
                int sharedBy = 0;
                for (const HexCoord n : kNeighbours) {
                    const auto np = g.polygon({q + n.q, r + n.r});
                    for (std::size_t j = 0; j < 6; ++j)
                        if (np[j] == b && np[(j + 1) % 6] == a) ++sharedBy;
                }
                EXPECT_EQ(sharedBy, 1) << q << "," << r << " edge " << i;
            }
        }
    // Points spread over a block fall in cells whose polygons hold them (no gap, no overlap).
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(-1, 1);
    for (int i = 0; i < 5000; ++i) {
        const Vec2d pt = g.origin() + Vec2d{u(rng), u(rng)} * (4 * g.spacing());
        const auto poly = g.polygon(cellOf(g, pt));
        for (std::size_t k = 0; k < 6; ++k) {
            const Vec2d e = poly[(k + 1) % 6] - poly[k], d = pt - poly[k];
            EXPECT_GE(e.x * d.y - e.y * d.x, -1e-6 * g.spacing()) << "outside its cell";
        }
    }
}

TEST(Hexbin, SizeInGroundMetresUnderWebMercator) {
    EXPECT_NEAR(webMercatorMetresPerUnit(60), 0.5, 1e-15);
    EXPECT_DOUBLE_EQ(webMercatorMetresPerUnit(0), 1);
    auto toMerc = Transformer::create("EPSG:4326", "EPSG:3857");
    auto toLonLat = Transformer::create("EPSG:3857", "EPSG:4326");
    ASSERT_TRUE(toMerc && toLonLat);
    geod_geodesic wgs84;
    geod_init(&wgs84, 6378137, 1 / 298.257223563);
    for (double lat : {0.0, 22.5, 39.9, 60.0}) {
        std::vector<Vec2d> origin{{116.4, lat}};
        ASSERT_EQ(toMerc->transform(origin), 0u);
        const double scale = webMercatorMetresPerUnitAtY(origin[0].y);
        EXPECT_NEAR(scale, webMercatorMetresPerUnit(lat), 1e-12) << lat;
        for (double size : {100.0, 500.0, 2000.0}) {
            HexGrid g = grid(size, scale, origin[0]);
            HexGrid naive = grid(size, 1, origin[0]);
            for (const HexCoord n : kNeighbours) {
                std::vector<Vec2d> pts{g.centre({0, 0}), g.centre(n), naive.centre(n)};
                ASSERT_EQ(toLonLat->transform(pts), 0u);
                double metres = 0, naiveMetres = 0;
                geod_inverse(&wgs84, pts[0].y, pts[0].x, pts[1].y, pts[1].x, &metres, nullptr, nullptr);
                geod_inverse(&wgs84, pts[0].y, pts[0].x, pts[2].y, pts[2].x, &naiveMetres, nullptr, nullptr);
                // Web Mercator is not conformal on the ellipsoid: its north-south ground scale is up
                // to 0.67 % below its east-west one (at the equator), so within 0.7 % every way.
                EXPECT_NEAR(metres / size, 1, 0.007) << "lat " << lat << ", size " << size;
                if (lat >= 22.5) EXPECT_GT(std::fabs(naiveMetres / size - 1), 0.07) << "the scale matters here";
            }
        }
    }
}

TEST(Hexbin, BadInputsAreErrorsOrSkipped) {
    EXPECT_EQ(HexGrid::make(0).error().message, "hexagon size must be a positive number of metres, got 0.000000");
    EXPECT_FALSE(HexGrid::make(-5));
    EXPECT_FALSE(HexGrid::make(std::nan("")));
    EXPECT_EQ(HexGrid::make(100, 0).error().message, "metres per display unit must be a positive number, got 0.000000");
    EXPECT_FALSE(HexGrid::make(100, INFINITY));
    EXPECT_EQ(HexGrid::make(100, 1, {NAN, 0}).error().message, "hexagon grid origin must be finite");
    HexGrid g = grid(10);
    EXPECT_FALSE(g.cellAt({NAN, 0}));
    EXPECT_FALSE(g.cellAt({1e12, 0}));  // 1e11 cells away
    const std::vector<Vec2d> pts{{0, 0}, {NAN, 1}, {5, 5}, {1e12, 0}, {0.5, 0.5}};
    auto bins = hexbin(g, pts, std::vector<double>{1, 1, INFINITY, 1, 2});
    ASSERT_TRUE(bins);
    EXPECT_EQ(bins->skipped, 3u);
    ASSERT_EQ(bins->cells.size(), 1u);
    EXPECT_EQ(bins->cells[0].count, 2u);
    EXPECT_EQ(bins->cells[0].weight, 3);
    auto mismatch = hexbin(g, pts, std::vector<double>{1, 2});
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().message, "hexagon bins: 2 weights for 5 points");
}

TEST(Hexbin, CellsAreClassedLikeGrids) {
    HexGrid g = grid(100);
    std::vector<Vec2d> pts;
    // Cell (q, 0) gets q * q points: a skewed distribution of counts 1, 4, 9, ..., 100.
    for (int q = 1; q <= 10; ++q)
        for (int i = 0; i < q * q; ++i) pts.push_back(g.centre({q, 0}) + Vec2d{double(i % 7), double(i % 5)});
    auto bins = hexbin(g, pts);
    ASSERT_TRUE(bins);
    ASSERT_EQ(bins->cells.size(), 10u);
    const std::vector<double> counts = hexValues(*bins, HexValue::Count);
    EXPECT_EQ(counts, (std::vector<double>{1, 4, 9, 16, 25, 36, 49, 64, 81, 100}));
    EXPECT_EQ(hexValues(*bins, HexValue::Weight), counts);  // no weights: each point weighs 1
    Classes c = classify(counts, ClassMethod::NaturalBreaks, 3);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 25, 64, 100}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{5, 3, 2}));
}
