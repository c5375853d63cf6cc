// Fill and outline meshes for one polygon, appended to a layer's CPU meshes (built on worker
// threads, uploaded once by the GL thread).
#pragma once

#include <cstdint>

#include "core/result.hpp"
#include "geometry/mesh.hpp"
#include "geometry/polygon.hpp"

namespace gs {

// Miter joins longer than this many half-widths are bevelled instead, so sharp corners never spike.
inline constexpr double kMiterLimit = 2.0;

// Triangulates the polygon (engine/geometry/triangulate.hpp) and appends one vertex per source
// point, relative to `origin` and tagged with `feature`, plus the triangles. On failure nothing is
// appended and the Error says why.
Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, FillMesh& out);

// Appends every ring as a closed outline of constant on-screen width. Vertices come in pairs, the
// left side (+extrude) at an even index and the right side (-extrude) at the odd one after it: the
// line shader tells the sides apart by gl_VertexID for its antialiasing, so every append keeps the
// vertex count even. The shader moves a vertex to pos + extrude * halfWidthPx * worldUnitsPerPixel,
// so `extrude` is the miter direction scaled by 1/sin(half the corner angle), one unit along a
// straight edge. A corner whose miter would exceed kMiterLimit gets two pairs instead (one on each
// edge's normal), joined by a bevel. Repeated and closing points are skipped; rings with fewer than
// two distinct points draw nothing.
void appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out);

}  // namespace gs
