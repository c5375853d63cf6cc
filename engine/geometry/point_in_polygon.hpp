// Point-in-polygon tests and label points for PolygonView.
#pragma once

#include <span>

#include "geometry/polygon.hpp"

namespace gs {

// Even-odd rule over one ring (closed implicitly; a closing point is harmless). A point exactly on
// an edge may go either way, but consistently: of two polygons sharing that edge, exactly one
// contains the point, so picking and spatial joins never count it twice or lose it.
bool pointInRing(std::span<const Vec2d> ring, Vec2d p);

// Even-odd rule over all rings: a point in a hole is outside.
bool pointInPolygon(const PolygonView& poly, Vec2d p);

// Distance from p to the nearest edge of any ring.
double distanceToBoundary(const PolygonView& poly, Vec2d p);

// A label point guaranteed to lie inside the polygon (off holes), chosen far from the edges: the
// pole of inaccessibility, found by refining grid cells until a better point could gain no more than
// `precision` (coordinate units; <= 0 picks it: 1% of the larger side of the bounding box, or a
// tenth of the distance to the edges already reached, whichever is coarser). The search starts
// from the centroid and the middles of the widest horizontal spans, so regular shapes end quickly.
// If no candidate lands inside (very thin shapes), the middle of the widest span of a horizontal
// line through the polygon is used instead. A polygon without area gets its bounding box centre.
// About 20 µs for a typical building footprint.
Vec2d interiorPoint(const PolygonView& poly, double precision = 0);

}  // namespace gs
