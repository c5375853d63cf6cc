// Outline and fill meshes: vertex pairs the line shader can rely on, miters that keep the stroke's
// width, bevels at sharp corners, closed rings, and fills that append all or nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "geometry/outline.hpp"

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

double dot(Vec2d a, Vec2d b) { return a.x * b.x + a.y * b.y; }
Vec2d extrudeOf(const LineVertex& v) { return {v.extrudeX, v.extrudeY}; }
Vec2d unitNormal(Vec2d from, Vec2d to) {
    Vec2d d = to - from;
    double len = std::hypot(d.x, d.y);
    return {-d.y / len, d.x / len};
}

// What the line shader relies on: pairs (left at even index, right the mirror at the odd one),
// triangles within the mesh, and no extrusion beyond the miter limit.
void expectWellFormed(const LineMesh& mesh) {
    ASSERT_EQ(mesh.vertices.size() % 2, 0u);
    for (size_t i = 0; i < mesh.vertices.size(); i += 2) {
        const LineVertex& l = mesh.vertices[i];
        const LineVertex& r = mesh.vertices[i + 1];
        EXPECT_EQ(l.x, r.x);
        EXPECT_EQ(l.y, r.y);
        EXPECT_EQ(l.extrudeX, -r.extrudeX);
        EXPECT_EQ(l.extrudeY, -r.extrudeY);
        EXPECT_LE(std::hypot(l.extrudeX, l.extrudeY), kMiterLimit + 1e-6);
        EXPECT_GE(std::hypot(l.extrudeX, l.extrudeY), 1 - 1e-6);
    }
    ASSERT_EQ(mesh.indices.size() % 3, 0u);
    for (uint32_t i : mesh.indices) EXPECT_LT(i, mesh.vertices.size());
}

TEST(Outline, SquareGetsMitersThatKeepTheWidth) {
    Shape square{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}};
    LineMesh mesh;
    appendOutline(square.view(), {0, 0}, 42, mesh);
    expectWellFormed(mesh);
    ASSERT_EQ(mesh.vertices.size(), 8u);   // one pair per corner
    ASSERT_EQ(mesh.indices.size(), 24u);   // one quad per edge, the ring closed
    for (size_t k = 0; k < 4; ++k) {
        const Vec2d corner = square.points[k], prev = square.points[(k + 3) % 4], next = square.points[(k + 1) % 4];
        const LineVertex& left = mesh.vertices[2 * k];
        EXPECT_EQ(left.feature, 42u);
        EXPECT_FLOAT_EQ(left.x, float(corner.x));
        EXPECT_FLOAT_EQ(left.y, float(corner.y));
        // Offset by the extrusion, the vertex is one stroke half-width from both edges' lines.
        EXPECT_NEAR(dot(extrudeOf(left), unitNormal(prev, corner)), 1, 1e-6);
        EXPECT_NEAR(dot(extrudeOf(left), unitNormal(corner, next)), 1, 1e-6);
        EXPECT_NEAR(std::hypot(left.extrudeX, left.extrudeY), std::sqrt(2.0), 1e-6);
    }
    // The last quad joins the last corner back to the first.
    EXPECT_EQ(std::vector<uint32_t>(mesh.indices.end() - 6, mesh.indices.end()),
              (std::vector<uint32_t>{6, 7, 0, 7, 1, 0}));
}

TEST(Outline, SharpCornersAreBevelled) {
    // A needle: its tip turns by about 174 degrees, a miter there would be ~20 half-widths long.
    Shape needle{{{0, 0}, {100, 5}, {0, 10}}};
    LineMesh mesh;
    appendOutline(needle.view(), {0, 0}, 1, mesh);
    expectWellFormed(mesh);
    ASSERT_EQ(mesh.vertices.size(), 2u * 4);  // two pairs at the tip; the base corners turn < 120°
    // The tip's pairs sit on each edge's own normal.
    const Vec2d tip{100, 5};
    EXPECT_NEAR(dot(extrudeOf(mesh.vertices[2]), unitNormal({0, 0}, tip)), 1, 1e-6);
    EXPECT_NEAR(dot(extrudeOf(mesh.vertices[4]), unitNormal(tip, {0, 10})), 1, 1e-6);
    EXPECT_EQ(mesh.indices.size(), 6u * 4);
    // A right angle stays a miter, a 60 degree turn too; past 120 degrees of turning it bevels.
    for (double turnDegrees : {60.0, 90.0, 119.0, 121.0, 179.0}) {
        double a = (180 - turnDegrees) * M_PI / 180;  // the corner's inner angle
        Shape wedge{{{0, 0}, {10, 0}, {10 + 10 * std::cos(M_PI - a), 10 * std::sin(M_PI - a)}}};
        LineMesh m;
        appendOutline(wedge.view(), {0, 0}, 0, m);
        expectWellFormed(m);
        // Only the corner at (10, 0) is in question; the others are checked by well-formedness.
        EXPECT_EQ(m.vertices[2].x == m.vertices[4].x && m.vertices[2].y == m.vertices[4].y, turnDegrees > 120)
            << turnDegrees;
    }
}

TEST(Outline, RepeatsClosingPointsAndHolesAndOrigin) {
    const Vec2d origin{1.3e7, 4.5e6};
    auto at = [&](double x, double y) { return Vec2d{origin.x + x, origin.y + y}; };
    Shape messy{{at(0, 0), at(0, 0), at(10, 0), at(10, 10), at(10, 10), at(0, 10), at(0, 0)},
                {at(3, 3), at(3, 6), at(6, 6), at(6, 3), at(3, 3)}};
    LineMesh mesh;
    mesh.vertices = {{0, 0, 1, 0, 0}, {0, 0, -1, 0, 0}};  // holding another outline already
    appendOutline(messy.view(), origin, 7, mesh);
    expectWellFormed(mesh);
    EXPECT_EQ(mesh.vertices.size(), 2u + 8 + 8);
    EXPECT_EQ(mesh.indices.size(), 24u + 24);
    for (uint32_t i : mesh.indices) EXPECT_GE(i, 2u);
    // Positions are relative to the origin, exact at this size.
    EXPECT_EQ(mesh.vertices[2 + 2].x, 10.0f);
    EXPECT_EQ(mesh.vertices[2 + 8].x, 3.0f);
    // A ring of one distinct point draws nothing; two draw a line out and back.
    Shape dot1{{at(1, 1), at(1, 1), at(1, 1)}};
    Shape line{{at(0, 0), at(5, 0)}};
    LineMesh small;
    appendOutline(dot1.view(), origin, 0, small);
    EXPECT_TRUE(small.vertices.empty());
    appendOutline(line.view(), origin, 0, small);
    expectWellFormed(small);
    EXPECT_EQ(small.vertices.size(), 8u);  // both ends turn back: bevelled
}

TEST(Fill, AppendsVerticesAndTrianglesOrNothing) {
    Shape square{{{100, 100}, {110, 100}, {110, 110}, {100, 110}}};
    FillMesh mesh;
    mesh.vertices.push_back({0, 0, 9});
    ASSERT_TRUE(appendFill(square.view(), {100, 100}, 3, mesh).ok());
    ASSERT_EQ(mesh.vertices.size(), 5u);
    EXPECT_EQ(mesh.vertices[2].x, 10.0f);
    EXPECT_EQ(mesh.vertices[2].feature, 3u);
    ASSERT_EQ(mesh.indices.size(), 6u);
    for (uint32_t i : mesh.indices) {
        EXPECT_GE(i, 1u);
        EXPECT_LT(i, 5u);
    }
    Shape bowtie{{{0, 0}, {10, 10}, {10, 0}, {0, 5}}};
    Status status = appendFill(bowtie.view(), {0, 0}, 4, mesh);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "self-intersecting outer ring");
    EXPECT_EQ(mesh.vertices.size(), 5u);
    EXPECT_EQ(mesh.indices.size(), 6u);
}

}  // namespace
}  // namespace gs
