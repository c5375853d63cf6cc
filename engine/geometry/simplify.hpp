// Level of detail that changes nothing visible: rings simplified to a tolerance of about half a
// pixel at the scale they will be drawn.
#pragma once

#include <cstdint>
#include <vector>

#include "geometry/polygon.hpp"

namespace gs {

enum class SimplifyResult {
    Simplified,  // the outputs hold the simplified polygon (possibly unchanged)
    Collapsed,   // the outer ring is below the tolerance; the outputs hold its bounding quad
};

// Simplifies a polygon for drawing at a scale where `tolerance` (in the coordinates' units, e.g.
// half a pixel) is invisible. Per ring: exact and near repeats (closer than tolerance / 8) are
// dropped, then Douglas-Peucker keeps the points that stray more than `tolerance` from the
// simplified ring, always at least a triangle. Holes whose area is below tolerance² are dropped. If
// the result has edges crossing each other (a narrow neck simplified away) while the polygon had
// none, it is redone at half, then a quarter of the tolerance, and finally with only repeats and
// collinear points removed; if even that makes edges cross (a collinear point dropped where another
// edge passes through it), the polygon is returned as it is, less rings of fewer than three points:
// simplifying never makes edges cross.
//
// The outputs are cleared and filled as flat arrays in PolygonView form (points and ringEnds), in
// the caller's vectors so that nothing is allocated per polygon once they have grown.
//
// Collapsed: fewer than three points of the outer ring survive, or its area is below tolerance².
// The outputs then hold the outer ring's bounding box as one counterclockwise 4-point ring, so the
// caller chooses: draw that quad (a speck the size of the feature) or skip the polygon. The scene
// loader skips it: at half a pixel it is invisible. An empty polygon collapses to empty outputs.
SimplifyResult simplifyPolygon(const PolygonView& poly, double tolerance, std::vector<Vec2d>& outPoints,
                               std::vector<uint32_t>& outRingEnds);

}  // namespace gs
