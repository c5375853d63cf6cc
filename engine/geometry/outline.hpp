// Fill and outline meshes for one polygon, appended to a layer's CPU meshes.
#pragma once

#include <cstdint>

#include "core/result.hpp"
#include "geometry/mesh.hpp"
#include "geometry/polygon.hpp"

namespace gs {

// Triangulates the polygon and appends its vertices (relative to `origin`) and triangles. On
// failure nothing is appended and the Error says why.
Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, FillMesh& out);

// Appends every ring as a closed outline of constant on-screen width: per vertex two LineVertex
// pushed out along the miter (scaled by 1/sin of the half angle, clamped at a miter limit of 2,
// beyond which the join is bevelled); the vertex shader multiplies `extrude` by half the stroke
// width in pixels.
void appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out);

}  // namespace gs
