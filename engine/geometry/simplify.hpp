// Level of detail that changes nothing visible: rings simplified to a tolerance of about half a
// pixel at the scale they will be drawn.
#pragma once

#include <cstdint>
#include <vector>

#include "geometry/polygon.hpp"

namespace gs {

enum class SimplifyResult {
    Simplified,  // outPoints/outRingEnds hold the polygon (possibly unchanged)
    Collapsed,   // the outer ring is smaller than the tolerance: nothing to draw
};

// Simplifies every ring (Douglas–Peucker, keeping at least a triangle per ring) and drops holes
// whose area is below tolerance². Writes into the caller's vectors so no allocation happens per
// polygon once they have grown.
SimplifyResult simplifyPolygon(const PolygonView& poly, double tolerance, std::vector<Vec2d>& outPoints,
                               std::vector<uint32_t>& outRingEnds);

}  // namespace gs
