#include "geometry/point_in_polygon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace gs {
namespace {

// Whether edge ab crosses the horizontal ray going right from p. The edge is put bottom-up first so
// that two polygons sharing it compute exactly the same sign, whichever way they run.
inline bool crossesRay(Vec2d a, Vec2d b, Vec2d p) {
    if (a.y > b.y) std::swap(a, b);
    if (!(a.y <= p.y && p.y < b.y)) return false;
    return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) > 0;  // p left of the upward edge
}

double segmentDistanceSq(Vec2d p, Vec2d a, Vec2d b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Distance to the boundary, positive inside and negative outside, in one pass over the edges.
double signedDistance(const PolygonView& poly, Vec2d p) {
    bool inside = false;
    double best = std::numeric_limits<double>::infinity();
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            if (crossesRay(ring[j], ring[i], p)) inside = !inside;
            best = std::min(best, segmentDistanceSq(p, ring[j], ring[i]));
        }
    }
    return inside ? std::sqrt(best) : -std::sqrt(best);
}

Box bounds(const PolygonView& poly) {
    Box box;
    for (Vec2d p : poly.ring(0)) box.add(p);
    return box;
}

// The middle of the widest inside span of a horizontal line through the polygon. The line is put
// halfway between two vertex heights, so it passes through no vertex and the even-odd pairing of its
// crossings is exact: the result is strictly inside whenever the polygon has area.
Vec2d pointOnSurface(const PolygonView& poly, const Box& box) {
    const double mid = (box.minY + box.maxY) / 2;
    double below = -std::numeric_limits<double>::infinity();
    double above = std::numeric_limits<double>::infinity();
    for (Vec2d p : poly.points) {
        if (p.y <= mid) below = std::max(below, p.y);
        else above = std::min(above, p.y);
    }
    if (!std::isfinite(below) || !std::isfinite(above)) return box.center();
    const double y = (below + above) / 2;

    thread_local std::vector<double> xs;
    xs.clear();
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            Vec2d a = ring[j], b = ring[i];
            if ((a.y > y) != (b.y > y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        }
    }
    std::sort(xs.begin(), xs.end());
    double bestWidth = -1;
    Vec2d best = box.center();
    for (size_t i = 0; i + 1 < xs.size(); i += 2) {
        if (xs[i + 1] - xs[i] > bestWidth) {
            bestWidth = xs[i + 1] - xs[i];
            best = {(xs[i] + xs[i + 1]) / 2, y};
        }
    }
    return best;
}

struct Cell {
    Vec2d center;
    double half;      // half the cell's side
    double distance;  // signed distance of the centre to the boundary
    double potential() const { return distance + half * std::sqrt(2.0); }  // best possible inside
};

}  // namespace

bool pointInRing(std::span<const Vec2d> ring, Vec2d p) {
    bool inside = false;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        if (crossesRay(ring[j], ring[i], p)) inside = !inside;
    return inside;
}

bool pointInPolygon(const PolygonView& poly, Vec2d p) {
    bool inside = false;
    for (uint32_t r = 0; r < poly.ringCount(); ++r)
        if (pointInRing(poly.ring(r), p)) inside = !inside;
    return inside;
}

double distanceToBoundary(const PolygonView& poly, Vec2d p) {
    return std::abs(signedDistance(poly, p));
}

Vec2d interiorPoint(const PolygonView& poly, double precision) {
    if (poly.ringCount() == 0 || poly.ring(0).empty()) return {};
    const Box box = bounds(poly);
    const double longSide = std::max(box.width(), box.height());
    const double shortSide = std::min(box.width(), box.height());
    if (!(shortSide > 0)) return box.center();
    if (!(precision > 0)) precision = longSide / 100;

    // Start from a grid of square cells; cap their number so long thin shapes stay cheap (cells
    // whose centres miss the shape still get refined while they could hold a better point).
    const double side = std::max(shortSide, longSide / 32);
    thread_local std::vector<Cell> heap;
    heap.clear();
    auto byPotential = [](const Cell& a, const Cell& b) { return a.potential() < b.potential(); };
    auto push = [&](Vec2d c, double half) {
        heap.push_back({c, half, signedDistance(poly, c)});
        std::push_heap(heap.begin(), heap.end(), byPotential);
    };
    for (double x = box.minX; x < box.maxX; x += side)
        for (double y = box.minY; y < box.maxY; y += side) push({x + side / 2, y + side / 2}, side / 2);

    Cell best{box.center(), 0, signedDistance(poly, box.center())};
    // Bounded work: each cell costs a pass over the edges, and a label needs no more than this.
    for (int visited = 0; !heap.empty() && visited < 4096; ++visited) {
        std::pop_heap(heap.begin(), heap.end(), byPotential);
        Cell cell = heap.back();
        heap.pop_back();
        if (cell.distance > best.distance) best = cell;
        if (cell.potential() - best.distance <= precision) break;  // the heap holds nothing better
        double h = cell.half / 2;
        push({cell.center.x - h, cell.center.y - h}, h);
        push({cell.center.x + h, cell.center.y - h}, h);
        push({cell.center.x - h, cell.center.y + h}, h);
        push({cell.center.x + h, cell.center.y + h}, h);
    }
    if (best.distance > 0) return best.center;
    return pointOnSurface(poly, box);
}

}  // namespace gs
