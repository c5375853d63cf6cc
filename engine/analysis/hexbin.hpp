// Hexagon bins: points (issues, events, cameras) aggregated into a regular grid of hexagons of a
// chosen size in metres on the ground, the analyst's alternative to the governance grids. The
// cells' counts or weight sums are classed like any grid's values (style/classify.hpp).
//
// The hexagons are pointy-top (a vertex up, vertical left and right edges). `size` is the
// distance between the centres of neighbouring cells, which is also the width of a cell across
// its flat sides; the circumradius (centre to vertex, the length of a side) is size / √3 and a
// cell's area size² · √3 / 2. Axial coordinates (q, r): the centre of cell (q, r) is
//   origin + (size · (q + r / 2), size · √3 / 2 · r)
// so r counts rows upwards and q runs along a row (the third cube coordinate is -q - r).
//
// The points are in the display CRS (projected, in its units). A size on the ground becomes
// size / metresPerUnit display units: 1 for a CRS in true metres (a UTM zone, a local Gauss-Krüger
// frame); for Web Mercator, which most scenes display in, a display metre is cos φ ground metres at
// latitude φ (webMercatorMetresPerUnit*). The scale is taken once, at the data's latitude: over a
// district (tens of km) it changes by well under 1 %, and one scale keeps the cells congruent.
// Web Mercator is not conformal on the WGS 84 ellipsoid, so a cell is honoured to within 0.7 % in
// every direction (north-south shortest, at the equator; tests/unit/test_hexbin.cpp measures it
// with geodesics).
//
// A point belongs to the cell whose centre is nearest (the cells are the lattice's Voronoi
// cells). A point exactly on an edge or a vertex, equally near two or three centres, belongs to
// the one with the greatest r, then the greatest q: every point has exactly one cell, and cellAt()
// used for picking says the same as the bins. Vertices are computed from integers shared by the
// cells that meet there, so neighbouring cells' polygons share their edges bit for bit.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

struct HexCoord {
    int q = 0, r = 0;
    friend bool operator==(HexCoord, HexCoord) = default;
};

// Ground metres per Web Mercator unit at a latitude (degrees), and at a Web Mercator y (metres).
double webMercatorMetresPerUnit(double latitudeDeg);
double webMercatorMetresPerUnitAtY(double y);

class HexGrid {
public:
    // sizeMetres: centre-to-centre distance on the ground; metresPerUnit: ground metres per display
    // unit; origin: the centre of cell (0, 0), in display units. Fails, saying which, on a size or
    // scale that is not a positive finite number or an origin that is not finite.
    static Result<HexGrid> make(double sizeMetres, double metresPerUnit = 1, Vec2d origin = {});

    double sizeMetres() const { return sizeMetres_; }
    double spacing() const { return 2 * halfSize_; }  // centre to centre, display units
    double circumradius() const { return 2 * halfR_; }  // centre to vertex, display units
    Vec2d origin() const { return origin_; }

    // The cell a point lies in (see the top of this header for points on edges); nothing for a
    // non-finite point or one more than kMaxCellIndex cells from the origin.
    std::optional<HexCoord> cellAt(Vec2d p) const;
    static constexpr double kMaxCellIndex = 1e9;  // cell indices stay far inside int
    Vec2d centre(HexCoord c) const;
    // Counter-clockwise from the top vertex: top, upper-left, lower-left, bottom, lower-right,
    // upper-right.
    std::array<Vec2d, 6> polygon(HexCoord c) const;

private:
    HexGrid(double sizeMetres, double halfSize, Vec2d origin)
        : sizeMetres_(sizeMetres), halfSize_(halfSize), halfR_(halfSize / kSqrt3), origin_(origin) {}
    // The point (halfSize · X, halfR · Y) from the origin: every centre and vertex is one, with
    // integers X, Y, so equal integers give equal coordinates.
    Vec2d at(long long X, long long Y) const;
    static constexpr double kSqrt3 = 1.7320508075688772;

    double sizeMetres_;
    double halfSize_;  // half the centre-to-centre spacing: a vertex's x offset
    double halfR_;     // half the circumradius: rows are 3 of these apart
    Vec2d origin_;
};

struct HexBin {
    HexCoord cell;
    std::size_t count = 0;   // points in the cell
    double weight = 0;       // sum of their weights (= count without weights)
    Vec2d centre;            // display units
    std::array<Vec2d, 6> polygon;
};

struct HexBins {
    std::vector<HexBin> cells;  // non-empty cells only, ordered by r, then q (bottom row first)
    std::size_t skipped = 0;    // points in no cell: a non-finite coordinate or weight, or too far
                                // from the origin (HexGrid::cellAt)
};

// `weights`: empty, or one per point. Fails when their sizes differ.
Result<HexBins> hexbin(const HexGrid& grid, std::span<const Vec2d> points, std::span<const double> weights = {});

// The value of each cell for classing: its count, or its weight sum.
enum class HexValue { Count, Weight };
std::vector<double> hexValues(const HexBins& bins, HexValue value);

}  // namespace gs
