// Ear clipping for one small ring without holes; private to engine/geometry, tried by
// triangulate() before the sweep.
//
// Most footprints are one small ring: a rectangle, an L, a T, a row house with a notch (on SF,
// 70,240 of the buildings' 86,203 polygons are one ring of at most 64 corners). For them the
// sweep's sort and its linked pieces, and the clipper's pool of nodes, cost more than the work
// itself. This clipper keeps the ring in fixed arrays on the stack, its reflex corners as the bits
// of one integer, and cuts ears directly: an ear's test looks only at the reflex corners (only
// they can lie inside an ear of a simple ring), one bit each. Courtyards stay with the sweep:
// joined to the outer ring by cuts, every corner of a hole blocks ears, and a version that did so
// took as long as the sweep on SF's 6,310 small polygons with holes (23 ms either way) and gave up
// on a sixth of them.
//
// Correct whenever it finishes, whatever the input: each step either cuts a counterclockwise
// triangle (three consecutive corners, the middle one removed) or drops a corner that makes no
// turn (a degenerate triangle), so the ring's winding number is at every point the sum of the
// triangles' (each 0 or 1) plus what is left. Finishing leaves nothing: the triangles tile the
// ring's winding number, as the sweep's do (the same argument). A simple ring's is 1 inside. A ring
// crossing itself into a lobe that runs clockwise (-1 there) cannot be finished by
// counterclockwise triangles, nor can a pentagram (after its first ear, part of what is left runs
// clockwise): the clipper goes round without an ear and returns false with nothing appended, and
// the sweep takes the ring. (A first version also left to the sweep every ring whose edges'
// direction does not turn round exactly once: 2,650 of SF's rings, 2,538 of them with two edges
// crossing where a narrow spike folds through its neighbour. The sweep took them more slowly, to
// the same pictures: every SF polygon on one thread took 3 % longer.)
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
