// CPU-side meshes: plain arrays built on worker threads, uploaded once by the GL thread.
//
// Positions are floats relative to the mesh origin (a point near the data), so that Web Mercator
// coordinates of ~1e7 m keep millimetre precision on the GPU.
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace gs {

// Outlines are drawn as triangle strips with no vertex data and no index buffer of their own: one
// glDrawArrays(GL_TRIANGLE_STRIP) over a range of points, the line shader pulling the points from
// buffer textures. Strip vertex v stands for point v / 2, on its left side when v is even and its
// right side when odd. The shader pushes each vertex out along the miter of its point's two edges;
// so that it can find both neighbours, a ring of points s0 .. s(k-1) is stored as
// [s(k-1), s0, s1, ..., s(k-1), s0, s1]: the strip runs over s0 .. s(k-1), s0 (closing the ring),
// and the two points at the ends, there only as neighbours, are flagged kOffStrip in their
// feature. The shader collapses a flagged point's two vertices onto the vertex of the strip beside
// it, so every triangle that touches one has no area: the rings of a range, one after the other,
// draw as one strip. A corner too sharp for a miter is stored twice: the zero-length edge between
// the copies tells the shader to use each edge's own normal there, and the strip's quad between
// the copies is the bevel. 12 bytes a point, against 64 for a pre-extruded ribbon.
inline constexpr uint32_t kOffStrip = 0x80000000u;      // in LineMesh::features: a neighbour only
inline constexpr uint32_t kFeatureBits = 0x7fffffffu;   // the feature number in the rest
// The range one feature occupies in a mesh: of a fill's indices, or of a LineMesh's points (for
// culling, size order, highlight and selection draws).
struct IndexRange {
    uint32_t first = 0;
    uint32_t count = 0;
    bool operator==(const IndexRange&) const = default;
};

// A fill's triangles. They index the points (and features) of the LineMesh beside it, the
// layer's `outline`: a polygon's fill and outline share its points (appendPolygon in
// geometry/outline.hpp), which fill.vert.glsl reads as vertex attributes and line.vert.glsl
// from buffer textures, so no point is stored twice.
struct FillMesh {
    std::vector<uint32_t> indices;  // triangles, of points of the outline mesh beside it
};

struct LineMesh {
    std::vector<Vec2f> points;       // relative to the mesh origin; a fill's vertices too
    std::vector<uint32_t> features;  // per point: its feature, | kOffStrip where it draws no strip
    // Per point, its distance along its line (display units), for dashes; kept only by meshes of
    // open lines (empty for polygon outlines).
    std::vector<float> distances;
};

// Point symbols: one instance per point, drawn as a shape of a size in pixels around it.
struct PointMesh {
    std::vector<Vec2f> points;       // relative to the mesh origin
    std::vector<uint32_t> features;  // per point
};

}  // namespace gs
