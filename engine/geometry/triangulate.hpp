// Triangulation of polygons with holes, for filled drawing.
//
// A ring without holes of up to 64 points has its ears cut in place (engine/geometry/small_ring.hpp;
// a convex ring's make a fan); other polygons, and rings it cannot finish, are swept into monotone
// pieces, each cut with a stack (engine/geometry/sweep_triangulator.hpp), and a piece the sweep
// cannot finish goes to the ear clipper: holes bridged into the outer ring, a z-order index for
// large rings, repairs for rings touching or crossing themselves (engine/geometry/ear_clipper.hpp).
// Real footprints are messy:
// repeated and closing points, collinear runs, rings touching themselves, holes touching the outer
// ring, slivers. Every result is checked: the triangles must cover exactly the polygon's area,
// otherwise the clipper takes the whole polygon (two fast passes, then a slower careful one), and if
// that also fails the polygon is rejected with the reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "geometry/polygon.hpp"

namespace gs {

// Relative tolerance of the area check: the triangles' total area must equal polygonArea() to this.
inline constexpr double kTriangulationAreaTolerance = 1e-6;

// Whether triangles of area `got` make the area `want` (> 0) within that tolerance.
inline bool areaMatches(double got, double want) {
    return (got - want <= kTriangulationAreaTolerance * want) && (want - got <= kTriangulationAreaTolerance * want);
}

// Appends triangles to outIndices, three indices each into poly.points plus indexBase (so the caller
// can append poly.points to a vertex array that already holds others). Closing and repeated points
// are never referenced. On error nothing is appended, and the message says why, e.g.
// "fewer than 3 distinct points", "coordinates not finite" (NaN or an infinity in any ring),
// "coordinates too far apart" (a span over 1e150), "zero area", "self-intersecting outer ring",
// "hole 2 outside outer ring", "triangulation lost area: 12.3% of 456 square units".
// Thread-safe: scratch memory is per thread and reused, so steady use allocates nothing.
Status triangulate(const PolygonView& poly, uint32_t indexBase, std::vector<uint32_t>& outIndices);

// What triangulate() works out of a polygon in one pass before its triangles. A caller that needs
// it too (the loader, for a feature's area and box) works it out once and passes it in.
struct PolygonFacts {
    std::span<const double> ringAreas;  // each ring's signed area, exactly as ringArea()'s
    Box box;                            // of every ring's points (NaN left out)
    Box outerBox;                       // of the outer ring's
    bool finite = true;                 // no NaN or infinity in any ring
    // |outer| - sum of |hole|, exactly as polygonArea().
    double area() const;
};
// Works them out; `ringAreas` (one a ring) is where the areas go.
PolygonFacts polygonFacts(const PolygonView& poly, std::span<double> ringAreas);
// triangulate() with the polygon's facts worked out already: the same triangles, or the same error.
Status triangulate(const PolygonView& poly, uint32_t indexBase, std::vector<uint32_t>& outIndices,
                   const PolygonFacts& facts);

// Signed area of one ring (shoelace; positive when counterclockwise with y up). Closing point
// optional. Computed relative to the ring's first point, so that large coordinates (Web Mercator)
// keep the precision of small shapes.
double ringArea(std::span<const Vec2d> ring);

// |outer| - sum of |hole|: the area the triangles must cover. Negative for a broken polygon whose
// holes are larger than the outer ring.
double polygonArea(const PolygonView& poly);

// Whether two edges of the polygon (of one ring or of two) cross each other properly, each one's
// ends strictly on both sides of the other. Touching is allowed. O(n log n) for typical shapes.
bool hasCrossingEdges(const PolygonView& poly);

// How many pairs of edges cross properly, counting no further than `limit`.
size_t countCrossingEdges(const PolygonView& poly, size_t limit);

// Total of the triangles' unsigned areas; indices refer to points[index - indexBase]. Relative to
// the first vertex, for the same precision reason as ringArea().
double trianglesArea(std::span<const Vec2d> points, std::span<const uint32_t> indices,
                     uint32_t indexBase = 0);

}  // namespace gs
