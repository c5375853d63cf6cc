// Outline and fill meshes: the strip layout the line shader relies on (closed rings, true
// neighbours for the miters, bevels at sharp corners, a restart between rings), and fills that
// share the outline's points and append all or nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <utility>

#include "geometry/outline.hpp"
#include "scene/layer_builder.hpp"

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

// What the line shader sees (see LineMesh) drawing points [first, first + count): each strip (a
// run of points on it), the points its vertices stand for, each with the neighbours the shader
// fetches around it. Checks the layout the shader relies on on the way: a strip has a point off
// it on each side, for a neighbour and for its vertices to collapse onto the strip's ends.
struct StripPoint {
    Vec2d prev, pos, next;
    uint32_t feature;
};
std::vector<std::vector<StripPoint>> strips(const LineMesh& mesh, size_t first = 0, size_t count = SIZE_MAX) {
    std::vector<std::vector<StripPoint>> out;
    auto at = [&](size_t i) { return Vec2d{mesh.points.at(i).x, mesh.points.at(i).y}; };
    auto on = [&](size_t i) { return !(mesh.features.at(i) & kOffStrip); };
    EXPECT_EQ(mesh.points.size(), mesh.features.size());
    const size_t end = std::min(mesh.points.size(), count == SIZE_MAX ? SIZE_MAX : first + count);
    for (size_t i = first; i < end; ++i) {
        if (!on(i)) continue;
        if (i == first || i + 1 >= end) {
            ADD_FAILURE() << "a strip has a point off it on each side, in the range drawn: not " << i;
            continue;
        }
        if (!on(i - 1)) out.emplace_back();
        out.back().push_back({at(i - 1), at(i), at(i + 1), mesh.features.at(i) & kFeatureBits});
    }
    return out;
}

// A closed strip of the ring's points (the first repeated at the end), with true neighbours.
void expectClosedRing(const std::vector<StripPoint>& strip, const std::vector<Vec2d>& ring, uint32_t feature) {
    const size_t n = ring.size();
    ASSERT_EQ(strip.size(), n + 1);
    for (size_t i = 0; i <= n; ++i) {
        EXPECT_EQ(strip[i].pos, ring[i % n]) << i;
        EXPECT_EQ(strip[i].prev, ring[(i + n - 1) % n]) << i;
        EXPECT_EQ(strip[i].next, ring[(i + 1) % n]) << i;
        EXPECT_EQ(strip[i].feature, feature) << i;
    }
}

TEST(Outline, SquareIsOneClosedStrip) {
    Shape square{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}};
    LineMesh mesh;
    EXPECT_EQ(appendOutline(square.view(), {0, 0}, 42, mesh), 7u);  // 4 points and 3 around them
    EXPECT_EQ(mesh.points.size(), 7u);
    auto s = strips(mesh);
    ASSERT_EQ(s.size(), 1u);
    expectClosedRing(s[0], square.points, 42);
    // The points around the strip: its neighbours only, flagged so (the shader collapses them).
    EXPECT_EQ(mesh.features.front(), 42u | kOffStrip);
    EXPECT_EQ(mesh.features.back(), 42u | kOffStrip);
}

TEST(Outline, SharpCornersAreBevelled) {
    // A needle: its tip turns by about 174 degrees, a miter there would be ~20 half-widths long.
    Shape needle{{{0, 0}, {100, 5}, {0, 10}}};
    LineMesh mesh;
    appendOutline(needle.view(), {0, 0}, 1, mesh);
    auto s = strips(mesh);
    ASSERT_EQ(s.size(), 1u);
    // The tip comes twice; between the copies the edge has no length, so the shader gives each
    // copy its own edge's normal, and the strip's quad between them is the bevel.
    ASSERT_EQ(s[0].size(), 5u);
    EXPECT_EQ(s[0][1].pos, (Vec2d{100, 5}));
    EXPECT_EQ(s[0][2].pos, (Vec2d{100, 5}));
    EXPECT_EQ(s[0][1].next, s[0][1].pos);
    EXPECT_EQ(s[0][2].prev, s[0][2].pos);
    EXPECT_EQ(s[0][1].prev, (Vec2d{0, 0}));
    EXPECT_EQ(s[0][2].next, (Vec2d{0, 10}));
    // A right angle stays a miter, a 60 degree turn too; past 120 degrees of turning it bevels.
    for (double turnDegrees : {60.0, 90.0, 119.0, 121.0, 179.0}) {
        double a = (180 - turnDegrees) * M_PI / 180;  // the corner's inner angle
        Shape wedge{{{0, 0}, {10, 0}, {10 + 10 * std::cos(M_PI - a), 10 * std::sin(M_PI - a)}}};
        LineMesh m;
        appendOutline(wedge.view(), {0, 0}, 0, m);
        auto w = strips(m);
        ASSERT_EQ(w.size(), 1u);
        // Only the corner at (10, 0) is in question.
        size_t copies = 0;
        for (const auto& p : w[0]) copies += p.pos == Vec2d{10, 0};
        EXPECT_EQ(copies, turnDegrees > 120 ? 2u : 1u) << turnDegrees;
    }
}

TEST(Outline, RepeatsClosingPointsAndHolesAndOrigin) {
    const Vec2d origin{1.3e7, 4.5e6};
    auto at = [&](double x, double y) { return Vec2d{origin.x + x, origin.y + y}; };
    Shape messy{{at(0, 0), at(0, 0), at(10, 0), at(10, 10), at(10, 10), at(0, 10), at(0, 0)},
                {at(3, 3), at(3, 6), at(6, 6), at(6, 3), at(3, 3)}};
    Shape other{{{-5, -5}, {-4, -5}, {-4, -4}}};
    LineMesh mesh;
    appendOutline(other.view(), {0, 0}, 1, mesh);  // holding another outline already
    const size_t before = mesh.points.size();
    EXPECT_EQ(appendOutline(messy.view(), origin, 7, mesh), 7u + 7u);  // 4 points and 3 neighbours a ring
    // Positions are relative to the origin, exact at this size; repeats and closing points gone;
    // every ring a strip of its own.
    auto s = strips(mesh, before);
    ASSERT_EQ(s.size(), 2u);
    expectClosedRing(s[0], {{0, 0}, {10, 0}, {10, 10}, {0, 10}}, 7);
    expectClosedRing(s[1], {{3, 3}, {3, 6}, {6, 6}, {6, 3}}, 7);
    EXPECT_EQ(strips(mesh).size(), 3u);
    // A ring of one distinct point draws nothing; two draw a line out and back, bevelled at both
    // ends.
    Shape dot1{{at(1, 1), at(1, 1), at(1, 1)}};
    Shape line{{at(0, 0), at(5, 0)}};
    LineMesh small;
    EXPECT_EQ(appendOutline(dot1.view(), origin, 0, small), 0u);
    EXPECT_TRUE(small.points.empty());
    appendOutline(line.view(), origin, 0, small);
    auto l = strips(small);
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].size(), 5u);  // (0,0) twice, (5,0) twice, (0,0) again to close
}

// The selection outline draws one feature's index range: exactly that feature's rings, also after
// the loader merged the parts its threads built; its fill range, its own triangles.
TEST(Outline, FeatureRangesHoldTheirOwnRings) {
    Shape a{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{2, 2}, {2, 4}, {4, 4}, {4, 2}}};
    Shape b{{{20, 0}, {30, 0}, {30, 5}, {25, 8}, {20, 5}}};
    const PolygonView pa = a.view(), pb = b.view();
    LoadedLayer merged;
    for (int copy = 0; copy < 2; ++copy) {  // the second part is rebased behind the first
        LayerBuilder builder(BuildOptions{}, {0, 0});
        ASSERT_TRUE(builder.addFeature(1, std::span(&pa, 1)));
        ASSERT_TRUE(builder.addFeature(2, std::span(&pb, 1)));
        appendLayerPart(merged, std::move(builder.layer()));
    }
    ASSERT_EQ(merged.lineRanges.size(), 4u);
    for (uint32_t f = 0; f < 4; ++f) {
        const IndexRange r = merged.lineRanges[f];
        auto s = strips(merged.outline, r.first, r.count);
        if (f % 2 == 0) {
            ASSERT_EQ(s.size(), 2u) << f;
            expectClosedRing(s[0], {{0, 0}, {10, 0}, {10, 10}, {0, 10}}, f);
            expectClosedRing(s[1], {{2, 2}, {2, 4}, {4, 4}, {4, 2}}, f);
        } else {
            ASSERT_EQ(s.size(), 1u) << f;
            expectClosedRing(s[0], {{20, 0}, {30, 0}, {30, 5}, {25, 8}, {20, 5}}, f);
        }
    }
    // Each feature's triangles name its own points (the fill's indices rebased with the points).
    ASSERT_EQ(merged.fillRanges.size(), 4u);
    for (uint32_t f = 0; f < 4; ++f) {
        const IndexRange r = merged.fillRanges[f];
        ASSERT_EQ(r.count, f % 2 == 0 ? 3u * 8 : 3u * 3) << f;  // a square with a hole: 8 triangles
        for (uint32_t k = r.first; k < r.first + r.count; ++k)
            ASSERT_EQ(merged.outline.features.at(merged.fill.indices.at(k)), f) << k;
    }
}

// A fill alone (a level's coarser meshes): one point per source point appended to the points,
// no strip, triangles of those points; a polygon the triangulator refuses appends nothing.
TEST(Fill, AppendsPointsAndTrianglesOrNothing) {
    Shape square{{{100, 100}, {110, 100}, {110, 110}, {100, 110}}};
    LineMesh points;
    points.points.push_back({0, 0});
    points.features.push_back(9 | kOffStrip);
    FillMesh fill;
    ASSERT_TRUE(appendFill(square.view(), {100, 100}, 3, points, fill).ok());
    ASSERT_EQ(points.points.size(), 5u);
    ASSERT_EQ(points.features.size(), 5u);
    EXPECT_EQ(points.points[2].x, 10.0f);
    EXPECT_EQ(points.features[2], 3u | kOffStrip) << "a vertex only, on no outline strip";
    EXPECT_TRUE(strips(points).empty());
    ASSERT_EQ(fill.indices.size(), 6u);
    for (uint32_t i : fill.indices) {
        EXPECT_GE(i, 1u);
        EXPECT_LT(i, 5u);
    }
    Shape bowtie{{{0, 0}, {10, 10}, {10, 0}, {0, 5}}};
    Status status = appendFill(bowtie.view(), {0, 0}, 4, points, fill);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "self-intersecting outer ring");
    EXPECT_EQ(points.points.size(), 5u);
    EXPECT_EQ(fill.indices.size(), 6u);
}

// A polygon's fill and outline share its points: the triangles name the outline's stored points
// (a repeated or closing point by the copy kept, a bevelled corner by one of its two), and cover
// the polygon's area; without strips the points are stored all the same; a polygon the
// triangulator refuses appends nothing to either.
TEST(Fill, SharesTheOutlinesPoints) {
    const Vec2d origin{1.3e7, 4.5e6};
    auto at = [&](double x, double y) { return Vec2d{origin.x + x, origin.y + y}; };
    // An L with a repeated point, its closing point, a needle-sharp spike (bevelled) and a hole.
    Shape shape{{at(0, 0), at(0, 0), at(20, 0), at(20, 10), at(10, 10), at(40, 11), at(10, 12), at(10, 20),
                 at(0, 20), at(0, 0)},
                {at(2, 2), at(2, 6), at(6, 6), at(6, 2)}};
    const double area = 20 * 10 + 10 * 10 + 30 * 2 / 2.0 - 16;  // the L, the spike, less the hole
    LineMesh outline;
    FillMesh fill;
    Shape other{{{-5, -5}, {-4, -5}, {-4, -4}}};
    ASSERT_TRUE(appendPolygon(other.view(), {0, 0}, 1, true, outline, fill).ok());  // holding another already
    const size_t pointsBefore = outline.points.size(), fillBefore = fill.indices.size();
    ASSERT_TRUE(appendPolygon(shape.view(), origin, 7, true, outline, fill).ok());

    // The outline is appendOutline's, point for point.
    LineMesh alone;
    appendOutline(shape.view(), origin, 7, alone);
    ASSERT_EQ(outline.points.size() - pointsBefore, alone.points.size());
    for (size_t i = 0; i < alone.points.size(); ++i) {
        EXPECT_EQ(outline.points[pointsBefore + i].x, alone.points[i].x) << i;
        EXPECT_EQ(outline.points[pointsBefore + i].y, alone.points[i].y) << i;
        EXPECT_EQ(outline.features[pointsBefore + i], alone.features[i]) << i;
    }
    auto s = strips(outline, pointsBefore);
    ASSERT_EQ(s.size(), 2u);
    size_t tipCopies = 0;
    for (const auto& p : s[0]) tipCopies += p.pos == Vec2d{40, 11};
    EXPECT_EQ(tipCopies, 2u) << "the spike's tip is bevelled";

    // The triangles: of this polygon's points only, every source point among them, its area.
    ASSERT_GT(fill.indices.size(), fillBefore);
    ASSERT_EQ((fill.indices.size() - fillBefore) % 3, 0u);
    double covered = 0;
    std::vector<bool> named(shape.points.size(), false);
    for (size_t k = fillBefore; k < fill.indices.size(); k += 3) {
        Vec2d c[3];
        for (int j = 0; j < 3; ++j) {
            const uint32_t i = fill.indices[k + size_t(j)];
            ASSERT_GE(i, pointsBefore);
            ASSERT_LT(i, outline.points.size());
            EXPECT_EQ(outline.features[i], 7u) << "a point on the strip";
            c[j] = {outline.points[i].x, outline.points[i].y};
            for (size_t q = 0; q < shape.points.size(); ++q)
                if (shape.points[q] - origin == c[j]) named[q] = true;
        }
        covered += std::abs((c[1].x - c[0].x) * (c[2].y - c[0].y) - (c[1].y - c[0].y) * (c[2].x - c[0].x)) / 2;
    }
    EXPECT_NEAR(covered, area, 1e-6);
    for (size_t q = 0; q < shape.points.size(); ++q) EXPECT_TRUE(named[q]) << "point " << q << " in no triangle";

    // Without strips: the same points, no strip.
    LineMesh bare;
    FillMesh bareFill;
    ASSERT_TRUE(appendPolygon(shape.view(), origin, 7, false, bare, bareFill).ok());
    EXPECT_EQ(bare.points.size(), alone.points.size());
    EXPECT_TRUE(strips(bare).empty());
    EXPECT_EQ(bareFill.indices.size(), fill.indices.size() - fillBefore);

    // Refused: nothing appended anywhere.
    Shape bowtie{{{0, 0}, {10, 10}, {10, 0}, {0, 5}}};
    const size_t points = outline.points.size(), triangles = fill.indices.size();
    Status status = appendPolygon(bowtie.view(), {0, 0}, 4, true, outline, fill);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "self-intersecting outer ring");
    EXPECT_EQ(outline.points.size(), points);
    EXPECT_EQ(outline.features.size(), points);
    EXPECT_EQ(fill.indices.size(), triangles);
}

// Open lines: each end's neighbour is itself (a zero-length edge, so the shader gives the end its
// own edge's normal: a butt cap), sharp corners bevelled as in rings, and each stored point's
// distance along the line for dashes.
TEST(Polyline, OpenStripWithButtEndsAndDistances) {
    const std::vector<Vec2d> line{{100, 100}, {110, 100}, {110, 100}, {110, 105}, {111, 105}};
    LineMesh mesh;
    EXPECT_EQ(appendPolyline(line, {100, 100}, 7, 0, mesh), 6u);  // 4 points and a neighbour at each end
    auto s = strips(mesh);
    ASSERT_EQ(s.size(), 1u);
    ASSERT_EQ(s[0].size(), 4u);  // the repeated point is dropped
    EXPECT_EQ(s[0][0].pos, (Vec2d{0, 0}));
    EXPECT_EQ(s[0][0].prev, s[0][0].pos);  // butt end
    EXPECT_EQ(s[0][3].pos, (Vec2d{11, 5}));
    EXPECT_EQ(s[0][3].next, s[0][3].pos);  // butt end
    EXPECT_EQ(s[0][1].next, (Vec2d{10, 5}));
    ASSERT_EQ(mesh.distances.size(), mesh.points.size());
    const std::vector<float> along{0, 0, 10, 15, 16, 16};
    EXPECT_EQ(mesh.distances, along);
    const std::vector<uint32_t> features{7 | kOffStrip, 7, 7, 7, 7, 7 | kOffStrip};
    EXPECT_EQ(mesh.features, features);

    // A hairpin is bevelled: its tip stored twice, the same distance along.
    LineMesh pin;
    appendPolyline(std::vector<Vec2d>{{0, 0}, {10, 0}, {0, 1}}, {0, 0}, 1, 0, pin);
    auto p = strips(pin);
    ASSERT_EQ(p[0].size(), 4u);
    EXPECT_EQ(p[0][1].pos, p[0][2].pos);
    EXPECT_EQ(pin.distances[2], pin.distances[3]);

    // Level of detail: points closer than the spacing to the last kept go, the end stays.
    LineMesh coarse;
    appendPolyline(std::vector<Vec2d>{{0, 0}, {1, 0}, {2, 0}, {10, 0}, {10.5, 0}}, {0, 0}, 3, 3, coarse);
    auto c = strips(coarse);
    ASSERT_EQ(c[0].size(), 2u);
    EXPECT_EQ(c[0][1].pos, (Vec2d{10.5, 0}));
    // Under two distinct points nothing is drawn.
    LineMesh none;
    EXPECT_EQ(appendPolyline(std::vector<Vec2d>{{5, 5}, {5, 5}}, {0, 0}, 0, 0, none), 0u);
    EXPECT_TRUE(none.points.empty());
}

}  // namespace
}  // namespace gs
