// Ear clipping for one small ring without holes; private to engine/geometry, tried by
// triangulate() before the sweep.
//
// Most footprints that are not convex are small: an L, a T, a row house with a notch (on SF, 45,000
// of the 85,000 buildings have 6 to 64 points and no courtyard). For them the sweep's sort and its
// linked pieces, and the clipper's pool of nodes, cost more than the work itself. This clipper
// keeps the ring in fixed arrays on the stack, its reflex corners as the bits of one integer, and
// cuts ears directly: an ear's test looks only at the reflex corners (only they can lie inside an
// ear of a simple ring), one bit each.
//
// Correct whenever it finishes, whatever the input: each step either cuts a counterclockwise
// triangle (three consecutive corners, the middle one removed) or drops a corner that makes no
// turn (a degenerate triangle), so the ring's winding number is at every point the sum of the
// triangles' (each 0 or 1) plus what is left. Finishing leaves nothing: the triangles tile the
// polygon. Input it cannot finish (rings crossing or touching themselves, where no ear is free)
// makes it return false with nothing appended, and the sweep takes the polygon.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/types.hpp"

namespace gs::detail {

// Rings with more corners than this (closing point aside) are left to the sweep.
inline constexpr size_t kSmallRingMaxPoints = 64;

// Appends the triangles of `ring` (source index + indexBase, counterclockwise with y up) and
// returns true, with twiceArea set to twice their total area; or returns false and appends
// nothing. signedArea: the ring's (its sign says which way it runs); coordinates are taken relative
// to `origin`.
bool clipSmallRing(std::span<const Vec2d> ring, double signedArea, Vec2d origin, uint32_t indexBase,
                   std::vector<uint32_t>& out, double& twiceArea);

}  // namespace gs::detail
