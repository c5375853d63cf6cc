// The small-ring ear clipper on its own (triangulate() tries it first for a ring without holes):
// what it takes it tiles exactly, with counterclockwise triangles of the ring's own corners; what
// it cannot take (a pentagram, a ring crossing itself into a clockwise lobe, too many corners, no
// area) it leaves with nothing appended, for the sweep.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "geometry/small_ring.hpp"
#include "geometry/triangulate.hpp"

namespace gs {
namespace {

struct Clipped {
    bool taken = false;
    std::vector<uint32_t> indices;  // without the base
    double twiceArea = 0;
};

Clipped clip(const std::vector<Vec2d>& ring, uint32_t base = 0) {
    Clipped c;
    c.indices = {7, 8, 9};  // what the caller had: kept, and on failure left alone
    c.taken = detail::clipSmallRing(ring, ringArea(ring), ring.empty() ? Vec2d{} : ring[0], base, c.indices, c.twiceArea);
    EXPECT_EQ((std::vector<uint32_t>(c.indices.begin(), c.indices.begin() + 3)), (std::vector<uint32_t>{7, 8, 9}));
    c.indices.erase(c.indices.begin(), c.indices.begin() + 3);
    for (uint32_t& i : c.indices) i -= base;
    return c;
}

// Twice the signed area of each triangle, in the ring's coordinates.
std::vector<double> twiceAreas(const std::vector<Vec2d>& ring, const std::vector<uint32_t>& indices) {
    std::vector<double> out;
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const Vec2d a = ring[indices[t]], b = ring[indices[t + 1]], c = ring[indices[t + 2]];
        out.push_back((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
    }
    return out;
}

std::vector<Vec2d> reversed(std::vector<Vec2d> ring) { return {ring.rbegin(), ring.rend()}; }

TEST(SmallRing, AnLInEitherDirectionIsFourTrianglesOfItsArea) {
    const std::vector<Vec2d> l = {{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 3}, {0, 3}};  // area 6
    for (bool clockwise : {false, true}) {
        const auto ring = clockwise ? reversed(l) : l;
        const Clipped c = clip(ring, 100);
        ASSERT_TRUE(c.taken);
        ASSERT_EQ(c.indices.size(), 3u * 4);
        EXPECT_DOUBLE_EQ(c.twiceArea, 12);
        double sum = 0;
        for (double t : twiceAreas(ring, c.indices)) {
            EXPECT_GT(t, 0) << "counterclockwise, y up";
            sum += t;
        }
        EXPECT_DOUBLE_EQ(sum, 12);
        for (uint32_t i : c.indices) EXPECT_LT(i, ring.size());
    }
}

// Random star-shaped rings (simple: one radius per angle, no gap of pi) of 3 to 64 corners, some with repeated
// points, points along their edges and a closing point: always taken, exactly their area, every
// triangle counterclockwise, and none of the extra points used.
TEST(SmallRing, SimpleRingsUpToItsLimitAreTiledExactly) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int trial = 0; trial < 2000; ++trial) {
        const size_t corners = 3 + size_t(trial) % 30;
        // One corner in each of `corners` sectors round the centre, at most 0.93 pi apart: a
        // wider gap would let the edge across it cut the others.
        std::vector<double> angles;
        for (size_t k = 0; k < corners; ++k) angles.push_back(2 * M_PI * (double(k) + 0.4 * unit(rng)) / double(corners));
        std::vector<Vec2d> ring;
        std::set<size_t> extra;  // positions of the repeats and the points along edges
        // Projected magnitudes, except where points go halfway along edges: there the halfway
        // point's rounding (1e-10 at 4e6) would be a real turn on edges of a few metres.
        const double far = trial % 3 == 1 ? 1e-3 : 1;
        const Vec2d centre{5.5e5 * far * unit(rng), 4.2e6 * far * unit(rng)};
        for (double a : angles) {
            const double r = 5 + 50 * unit(rng);
            const Vec2d p{centre.x + r * std::cos(a), centre.y + r * std::sin(a)};
            if (!ring.empty() && trial % 3 == 1 && unit(rng) < 0.3) {  // halfway along the edge before
                extra.insert(ring.size());
                ring.push_back({(ring.back().x + p.x) / 2, (ring.back().y + p.y) / 2});
            }
            ring.push_back(p);
            if (trial % 3 == 2 && unit(rng) < 0.3) {
                extra.insert(ring.size());
                ring.push_back(p);
            }
        }
        if (ring.size() > detail::kSmallRingMaxPoints) continue;
        if (trial % 2) ring = reversed(ring);
        const double area = ringArea(ring);
        if (trial % 5 == 0 && ring.size() < detail::kSmallRingMaxPoints) ring.push_back(ring[0]);  // closed
        const Clipped c = clip(ring);
        ASSERT_TRUE(c.taken) << "trial " << trial;
        EXPECT_NEAR(c.twiceArea, 2 * std::abs(area), 1e-9 * std::abs(area)) << "trial " << trial;
        double sum = 0;
        for (double t : twiceAreas(ring, c.indices)) {
            EXPECT_GE(t, 0) << "trial " << trial;
            sum += t;
        }
        EXPECT_NEAR(sum, 2 * std::abs(area), 1e-9 * std::abs(area)) << "trial " << trial;
        EXPECT_LE(c.indices.size(), 3 * (corners - 2)) << "trial " << trial;
        if (trial % 2 == 0)  // as read (reversed, "first" is the other copy)
            for (uint32_t i : c.indices) EXPECT_EQ(extra.count(i), 0u) << "trial " << trial << ": point " << i;
    }
}

// Points along the edges (not exactly on them: the corners are irrational) and repeats: the
// four corners' two triangles, each corner at its first copy.
TEST(SmallRing, StraightCornersAndRepeatsAreLeftOut) {
    std::vector<Vec2d> busy;
    const double s = std::sqrt(2.0);
    const std::vector<Vec2d> corners = {{0, 0}, {3 * s, s}, {2 * s, 4 * s}, {-s, 3 * s}};
    for (size_t i = 0; i < 4; ++i) {
        const Vec2d a = corners[i], b = corners[(i + 1) % 4];
        busy.push_back(a);
        busy.push_back(a);
        busy.push_back(a + (b - a) * 0.3);
        busy.push_back(a + (b - a) * (2.0 / 3));
    }
    const Clipped c = clip(busy);
    ASSERT_TRUE(c.taken);
    EXPECT_EQ(c.indices.size(), 3u * 2);
    for (uint32_t i : c.indices) EXPECT_EQ(i % 4, 0u) << "only the corners, each at its first copy";
    EXPECT_NEAR(c.twiceArea, 2 * std::abs(ringArea(corners)), 1e-12 * std::abs(ringArea(corners)));
}

// What it leaves to the sweep, appending nothing: rings no counterclockwise triangles can finish
// (a pentagram: after its first ear, part of what is left runs clockwise; a bow tie, whose second
// lobe runs clockwise), more corners than its limit, no area.
TEST(SmallRing, RingsItCannotTakeAreLeftWhole) {
    std::vector<Vec2d> pentagram;
    for (int k = 0; k < 5; ++k) {
        const double a = 2 * M_PI * (2 * k % 5) / 5;
        pentagram.push_back({10 * std::cos(a), 10 * std::sin(a)});
    }
    EXPECT_FALSE(clip(pentagram).taken);
    EXPECT_FALSE(clip(reversed(pentagram)).taken);
    const std::vector<Vec2d> bowTie = {{0, 0}, {4, 4}, {4, 0}, {0, 4}, {-1, 2}};
    EXPECT_FALSE(clip(bowTie).taken);
    std::vector<Vec2d> many;
    for (size_t k = 0; k <= detail::kSmallRingMaxPoints; ++k) {
        const double a = 2 * M_PI * double(k) / double(detail::kSmallRingMaxPoints + 1);
        many.push_back({std::cos(a), std::sin(a)});
    }
    EXPECT_FALSE(clip(many).taken);
    many.pop_back();
    EXPECT_TRUE(clip(many).taken) << "the limit itself is taken";
    EXPECT_FALSE(clip({{0, 0}, {1, 1}, {2, 2}, {1, 1}}).taken);
    for (const Clipped& c : {clip(pentagram), clip(bowTie)}) EXPECT_TRUE(c.indices.empty());
}

// Through triangulate(): a ring the clipper leaves still triangulates (the sweep), or is rejected
// with its reason as before.
TEST(SmallRing, TriangulateFallsBackToTheSweep) {
    std::vector<Vec2d> pentagram;
    for (int k = 0; k < 5; ++k) {
        const double a = 2 * M_PI * (2 * k % 5) / 5;
        pentagram.push_back({10 * std::cos(a), 10 * std::sin(a)});
    }
    std::vector<uint32_t> ends = {uint32_t(pentagram.size())};
    std::vector<uint32_t> indices;
    Status s = triangulate(PolygonView{pentagram, ends}, 0, indices);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "self-intersecting outer ring");
    // A comb of 65 corners: past the clipper's limit, the sweep's.
    std::vector<Vec2d> comb = {{0, 0}, {32, 0}};
    for (int i = 15; i >= 0; --i) comb.insert(comb.end(), {{2.0 * i + 2, 10}, {2.0 * i + 1, 10}, {2.0 * i + 1, 1}, {2.0 * i, 1}});
    comb.push_back({0, 0.5});
    ASSERT_GT(comb.size(), detail::kSmallRingMaxPoints);
    ends = {uint32_t(comb.size())};
    s = triangulate(PolygonView{comb, ends}, 0, indices);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_NEAR(trianglesArea(comb, indices), std::abs(ringArea(comb)), 1e-9 * std::abs(ringArea(comb)));
}

}  // namespace
}  // namespace gs
