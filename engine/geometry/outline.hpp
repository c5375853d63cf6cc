// Fill and outline meshes for one polygon, appended to a layer's CPU meshes (built on worker
// threads, uploaded once by the GL thread).
#pragma once

#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "geometry/mesh.hpp"
#include "geometry/polygon.hpp"
#include "geometry/triangulate.hpp"

namespace gs {

// Triangulates the polygon (engine/geometry/triangulate.hpp) and appends it whole: its rings to
// `outline` as appendOutline does (every point flagged kOffStrip unless `strips`: no outline
// drawn), and its triangles to `fill` as indices of those very points, so that fill and outline
// share them. A point the outline drops (repeated, closing) is named by its kept copy; a ring of
// one distinct point is stored as that point, off the strip. On failure nothing is appended and
// the Error says why.
// `facts`: the polygon's (triangulate.hpp), where the caller has worked them out already.
Status appendPolygon(const PolygonView& poly, Vec2d origin, uint32_t feature, bool strips, LineMesh& outline,
                     FillMesh& fill, const PolygonFacts* facts = nullptr);

// A fill alone (for a polygon whose outline is drawn from other points, as a level's coarser
// meshes are): triangulates the polygon and appends one point per source point to `points`,
// relative to `origin` and tagged with `feature | kOffStrip` (no strip), and the triangles to `fill`.
// On failure nothing is appended and the Error says why.
Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& points, FillMesh& fill);

// Miter joins longer than this many half-widths are bevelled instead, so sharp corners never spike:
// corners that turn by more than 120 degrees.
inline constexpr double kMiterLimit = 2.0;

// Appends every ring as a closed outline in the strip layout of LineMesh (engine/geometry/mesh.hpp):
// its distinct points relative to `origin`, tagged with `feature`, the points of corners sharper
// than the miter limit twice, the neighbours at each ring's ends flagged kOffStrip. Repeated and
// closing points are skipped; rings with fewer than two distinct points append nothing. Returns
// the number of points appended.
uint32_t appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out);

// Appends an open polyline in the same layout, as [s0, s0 .. s(k-1), s(k-1)]: the repeated ends
// are zero-length edges, so the shader gives each end its own edge's normal (a butt cap); the
// copies are flagged kOffStrip.
// Points closer than `minSpacing` (display units) to the last one kept are dropped, the last
// point always kept: the line's level of detail. Each stored point's distance along the line from
// its start (display units, for dashes) goes to out.distances, in step with out.points.
// Lines with fewer than two distinct points append nothing. Returns the number of points appended.
uint32_t appendPolyline(std::span<const Vec2d> line, Vec2d origin, uint32_t feature, double minSpacing,
                        LineMesh& out);

}  // namespace gs
