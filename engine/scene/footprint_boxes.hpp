// Footprint boxes: each feature of a large building layer as one oriented rectangle, for the zooms
// where a typical footprint is a few pixels across (a district seen whole). There a footprint's
// own triangles (its fill and its outline's strips, a dozen or more) cost a software renderer far
// more than the few pixels they cover; one quad per building, drawn with its fill and outline by
// the fragment shader, keeps every building in its place, size and orientation at a fraction of
// the cost. The box follows the footprint's dominant edge direction, so the rectilinear buildings
// most cities are made of fit their boxes; one that fills its box less (an L, a row of attached
// houses) has its box shrunk to its own area, proportions kept, so the ink of a neighbourhood
// stays what it was and no box covers the street beside it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/types.hpp"
#include "geometry/polygon.hpp"

namespace gs {

// Under this many pixels across, a typical footprint of a layer with boxes is drawn as its box (and
// under kCoveragePx, scene/coverage.hpp, as the built-up coverage). A snapshot (one scale) judges
// each footprint by itself: one under this size is its box, a larger one its own triangles
// (LoadOptions::footprintBoxPx).
inline constexpr double kFootprintBoxPx = 6.0;

struct FootprintBox {
    Vec2f center;  // relative to the layer's origin
    Vec2f axis;    // unit vector along the box's first side
    Vec2f half;    // half the box's extent along axis and across it, display units (shrunk: below)
};
// The box of a feature drawn otherwise, or not at all.
inline constexpr FootprintBox kNoBox{{0, 0}, {1, 0}, {0, 0}};

// The box of one feature from its polygons (their outer rings), relative to `origin`; `area` is the
// feature's (0: the box's own). A feature with no rings gets a zero box.
FootprintBox footprintBox(std::span<const PolygonView> parts, double area, Vec2d origin);


}  // namespace gs
