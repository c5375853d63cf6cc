// Fill and outline meshes for one polygon, appended to a layer's CPU meshes (built on worker
// threads, uploaded once by the GL thread).
#pragma once

#include <cstdint>

#include "core/result.hpp"
#include "geometry/mesh.hpp"
#include "geometry/polygon.hpp"

namespace gs {

// Triangulates the polygon (engine/geometry/triangulate.hpp) and appends one vertex per source
// point, relative to `origin` and tagged with `feature`, plus the triangles. On failure nothing is
// appended and the Error says why.
Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, FillMesh& out);

// Miter joins longer than this many half-widths are bevelled instead, so sharp corners never spike:
// corners that turn by more than 120 degrees.
inline constexpr double kMiterLimit = 2.0;

// Appends every ring as a closed outline in the strip layout of LineMesh (engine/geometry/mesh.hpp):
// its distinct points relative to `origin`, tagged with `feature`, the points of corners sharper
// than the miter limit twice, and one strip per ring. Repeated and closing points are skipped;
// rings with fewer than two distinct points draw nothing. Returns the number of indices appended.
uint32_t appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out);

}  // namespace gs
