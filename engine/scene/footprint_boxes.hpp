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
#include <vector>

#include "core/types.hpp"

namespace gs {

struct LoadedLayer;

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

// One box per feature of the layer (in feature order), from its kept geometry: the dominant edge
// direction of its outer rings (length-weighted, modulo 90 degrees), their extent along it and
// across it, shrunk to the feature's area. Empty when the layer keeps no geometry. A feature with
// no rings gets a zero box.
std::vector<FootprintBox> buildFootprintBoxes(const LoadedLayer& layer);

}  // namespace gs
