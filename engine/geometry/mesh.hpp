// CPU-side meshes: plain arrays built on worker threads, uploaded once by the GL thread.
//
// Positions are floats relative to the mesh origin (a point near the data), so that Web Mercator
// coordinates of ~1e7 m keep millimetre precision on the GPU.
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace gs {

// Outlines are drawn as one triangle strip per ring, with no vertex data of their own: the line
// shader pulls the points from buffer textures. Strip vertex v stands for point v / 2, on its left
// side when v is even and its right side when odd, so a ring's strip is the index list
// 2i, 2i + 1 for each of its points in order, closed by repeating the first, then a primitive
// restart. The shader pushes each vertex out along the miter of its point's two edges; so that it
// can find both neighbours, a ring of points s0 .. s(k-1) is stored as
// [s(k-1), s0, s1, ..., s(k-1), s0, s1]. A corner too sharp for a miter is stored twice: the
// zero-length edge between the copies tells the shader to use each edge's own normal there, and
// the strip's quad between the copies is the bevel. 12 bytes a point plus about 9 of indices,
// against 64 for a pre-extruded ribbon.
inline constexpr uint32_t kStripRestart = 0xffffffffu;
// The index range one feature occupies in a mesh (for highlight and selection draws).
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
    std::vector<uint32_t> features;  // per point
    std::vector<uint32_t> indices;   // triangle strips of virtual vertices, kStripRestart between rings
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
