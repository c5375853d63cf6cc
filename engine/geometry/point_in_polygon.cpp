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

// An edge prepared for many distance queries: the label search asks hundreds per polygon.
struct Edge {
    Vec2d a, b;         // a below b (or level), so the crossing test is the same both ways round
    double dx, dy;      // b - a
    double invLength2;  // 1 / |b - a|², 0 for a zero-length edge
};

// Boxes over runs of consecutive edges (along a ring they lie together), and over runs of those
// boxes: a query skips a box farther than the nearest edge found so far that the horizontal ray
// cannot cross. A grid's boundary of thousands of points then costs a query a few runs' edges
// instead of all of them.
constexpr size_t kRun = 16;
struct RunBox {
    double minX, minY, maxX, maxY;
};
struct PreparedEdges {
    std::vector<Edge> edges;
    std::vector<RunBox> runs;    // of kRun edges
    std::vector<RunBox> groups;  // of kRun runs
};

RunBox unite(RunBox u, const RunBox& b) {
    return {std::min(u.minX, b.minX), std::min(u.minY, b.minY), std::max(u.maxX, b.maxX), std::max(u.maxY, b.maxY)};
}

void prepareEdges(const PolygonView& poly, PreparedEdges& prepared) {
    auto& edges = prepared.edges;
    edges.clear();
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            Vec2d a = ring[j], b = ring[i];
            if (a.y > b.y) std::swap(a, b);
            double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
            edges.push_back({a, b, dx, dy, len2 > 0 ? 1 / len2 : 0});
        }
    }
    prepared.runs.clear();
    for (size_t first = 0; first < edges.size(); first += kRun) {
        RunBox box{edges[first].a.x, edges[first].a.y, edges[first].a.x, edges[first].b.y};
        for (size_t i = first; i < std::min(first + kRun, edges.size()); ++i) {
            const Edge& e = edges[i];
            box = unite(box, {std::min(e.a.x, e.b.x), e.a.y, std::max(e.a.x, e.b.x), e.b.y});
        }
        prepared.runs.push_back(box);
    }
    prepared.groups.clear();
    for (size_t first = 0; first < prepared.runs.size(); first += kRun) {
        RunBox box = prepared.runs[first];
        for (size_t i = first; i < std::min(first + kRun, prepared.runs.size()); ++i) box = unite(box, prepared.runs[i]);
        prepared.groups.push_back(box);
    }
}

// Whether the horizontal ray going right from p crosses edge e: crossesRay()'s rule (half-open in
// y, p strictly left of the upward edge) on a prepared edge.
inline bool crosses(const Edge& e, Vec2d p) {
    return e.a.y <= p.y && p.y < e.b.y && e.dx * (p.y - e.a.y) - e.dy * (p.x - e.a.x) > 0;
}

// The edges' part of signedDistance(): the crossing parity and the nearest squared distance.
inline void visitEdges(std::span<const Edge> edges, Vec2d p, bool& inside, double& best) {
    for (const Edge& e : edges) {
        if (crosses(e, p)) inside = !inside;
        const double px = p.x - e.a.x, py = p.y - e.a.y;
        const double t = std::clamp((px * e.dx + py * e.dy) * e.invLength2, 0.0, 1.0);
        const double ex = t * e.dx - px, ey = t * e.dy - py;
        best = std::min(best, ex * ex + ey * ey);
    }
}

// The squared distance from p to a box (0 inside it).
inline double distance2(const RunBox& box, Vec2d p) {
    const double dx = std::max({box.minX - p.x, 0.0, p.x - box.maxX});
    const double dy = std::max({box.minY - p.y, 0.0, p.y - box.maxY});
    return dx * dx + dy * dy;
}

// Whether a box may hold the nearest edge: no farther than the best distance so far, with a
// margin far above rounding, so that the result is the one visiting every edge gives.
inline bool mayBeNearest(const RunBox& box, Vec2d p, double best) { return distance2(box, p) <= best * (1 + 1e-6); }

// Whether the ray from p may cross an edge in a box: p.y within its heights (an edge a, b with
// a.y <= p.y < b.y lies in it) and the box not wholly left of p (p is then right of every edge:
// no crossing, bar rounding within a nanometre).
inline bool mayCross(const RunBox& box, Vec2d p) {
    return box.minY <= p.y && p.y < box.maxY && box.maxX + 1e-9 * (std::abs(p.x) + 1) >= p.x;
}

// A run's edges as far as the query needs them: all of it where the nearest edge may be, the
// crossings alone where only the ray may meet it.
inline void visitRun(const RunBox& box, std::span<const Edge> edges, Vec2d p, bool& inside, double& best) {
    if (mayBeNearest(box, p, best)) {
        visitEdges(edges, p, inside, best);
    } else if (mayCross(box, p)) {
        for (const Edge& e : edges)
            if (crosses(e, p)) inside = !inside;
    }
}

// Distance to the boundary, positive inside and negative outside. The edges of the nearest run
// of the nearest group go first, for a near best distance; then every group that may hold the
// nearest edge or a crossing, run by run.
double signedDistance(const PreparedEdges& prepared, Vec2d p) {
    const std::span<const Edge> edges = prepared.edges;
    bool inside = false;
    double best = std::numeric_limits<double>::infinity();
    if (prepared.groups.empty()) return -best;
    auto nearestOf = [&](std::span<const RunBox> boxes) {
        size_t nearest = 0;
        double nearestD2 = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < boxes.size(); ++i) {
            const double d2 = distance2(boxes[i], p);
            if (d2 < nearestD2) nearestD2 = d2, nearest = i;
        }
        return nearest;
    };
    auto runEdges = [&](size_t r) { return edges.subspan(r * kRun, std::min(kRun, edges.size() - r * kRun)); };
    auto groupRuns = [&](size_t g) {
        return std::span<const RunBox>(prepared.runs).subspan(g * kRun, std::min(kRun, prepared.runs.size() - g * kRun));
    };
    const size_t nearGroup = nearestOf(prepared.groups);
    const size_t nearRun = nearGroup * kRun + nearestOf(groupRuns(nearGroup));
    visitEdges(runEdges(nearRun), p, inside, best);
    for (size_t g = 0; g < prepared.groups.size(); ++g) {
        if (!mayBeNearest(prepared.groups[g], p, best) && !mayCross(prepared.groups[g], p)) continue;
        for (size_t r = g * kRun; r < g * kRun + groupRuns(g).size(); ++r)
            if (r != nearRun) visitRun(prepared.runs[r], runEdges(r), p, inside, best);
    }
    return inside ? std::sqrt(best) : -std::sqrt(best);
}

Box bounds(const PolygonView& poly) {
    Box box;
    for (Vec2d p : poly.ring(0)) box.add(p);
    return box;
}

// The middle of the widest inside span of the horizontal line at height y (even-odd rule, half
// open in y like the crossing test), and that span's width: 0 if the line misses the polygon.
double widestSpan(std::span<const Edge> edges, double y, Vec2d& middle) {
    thread_local std::vector<double> xs;
    xs.clear();
    for (const Edge& e : edges)
        if (e.a.y <= y && y < e.b.y) xs.push_back(e.a.x + (y - e.a.y) * e.dx / e.dy);
    std::sort(xs.begin(), xs.end());
    double widest = 0;
    for (size_t i = 0; i + 1 < xs.size(); i += 2) {
        if (xs[i + 1] - xs[i] > widest) {
            widest = xs[i + 1] - xs[i];
            middle = {(xs[i] + xs[i + 1]) / 2, y};
        }
    }
    return widest;
}

// A point strictly inside: the middle of the widest span of a horizontal line halfway between two
// vertex heights (so through no vertex: the even-odd pairing of its crossings is exact). Lines
// near the middle height go first; a line whose spans all have zero width (a spike folded back on
// itself) is passed over.
Vec2d pointOnSurface(std::span<const Edge> edges, const Box& box) {
    thread_local std::vector<double> heights;
    heights.clear();
    for (const Edge& e : edges) heights.push_back(e.a.y);
    std::sort(heights.begin(), heights.end());
    heights.erase(std::unique(heights.begin(), heights.end()), heights.end());
    if (heights.size() < 2) return box.center();
    const double mid = (box.minY + box.maxY) / 2;
    const size_t middle = std::min(size_t(std::upper_bound(heights.begin(), heights.end(), mid) - heights.begin()),
                                   heights.size() - 1);
    for (size_t k = 0; k < 2 * heights.size(); ++k) {
        // Bands middle, middle - 1, middle + 1, middle - 2, ... (band i lies above heights[i-1]).
        const ptrdiff_t band = ptrdiff_t(middle) + (k % 2 ? ptrdiff_t(k / 2 + 1) : -ptrdiff_t(k / 2));
        if (band < 1 || band >= ptrdiff_t(heights.size())) continue;
        Vec2d point;
        if (widestSpan(edges, (heights[band - 1] + heights[band]) / 2, point) > 0) return point;
    }
    return box.center();  // no area anywhere
}

// The area-weighted centroid of the outer ring: where the pole usually is, for regular shapes.
Vec2d centroid(std::span<const Vec2d> ring, const Box& box) {
    const Vec2d o = ring[0];
    double twiceArea = 0, cx = 0, cy = 0;
    for (size_t i = 1; i + 1 < ring.size(); ++i) {
        Vec2d a = ring[i] - o, b = ring[i + 1] - o;
        double w = a.x * b.y - b.x * a.y;
        twiceArea += w;
        cx += (a.x + b.x) * w;
        cy += (a.y + b.y) * w;
    }
    if (twiceArea == 0) return box.center();
    return {o.x + cx / (3 * twiceArea), o.y + cy / (3 * twiceArea)};
}

// The automatic precision: 1% of the longer side, or a tenth of the best distance found, whichever
// is coarser. Finer costs many more cells for no visible gain in where a label goes.
constexpr double kAutoPrecisionLong = 0.01, kAutoPrecisionBest = 0.1;

struct Cell {
    Vec2d center;
    double half;       // half the cell's side
    double distance;   // signed distance of the centre to the boundary
    double potential;  // the best distance any point of the cell can have: distance + half * sqrt 2
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
    double best = std::numeric_limits<double>::infinity();
    for (uint32_t r = 0; r < poly.ringCount(); ++r) {
        std::span<const Vec2d> ring = poly.ring(r);
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
            best = std::min(best, segmentDistanceSq(p, ring[j], ring[i]));
    }
    return std::sqrt(best);
}

Vec2d interiorPoint(const PolygonView& poly, double precision) {
    if (poly.ringCount() == 0 || poly.ring(0).empty()) return {};
    const Box box = bounds(poly);
    const double longSide = std::max(box.width(), box.height());
    const double shortSide = std::min(box.width(), box.height());
    if (!(shortSide > 0)) return box.center();
    const bool automatic = !(precision > 0);
    thread_local PreparedEdges prepared;
    prepareEdges(poly, prepared);
    const std::span<const Edge> edges = prepared.edges;

    thread_local std::vector<Cell> heap;
    heap.clear();
    auto byPotential = [](const Cell& a, const Cell& b) { return a.potential < b.potential; };
    auto makeCell = [&](Vec2d c, double half) {
        double d = signedDistance(prepared, c);
        return Cell{c, half, d, d + half * std::sqrt(2.0)};
    };
    // Good first guesses let the search skip every cell that cannot beat them by the precision:
    // the centroid, and the middles of the widest spans at a quarter, half and three quarters of
    // the height (the exact pole of any rectangle).
    Cell best = makeCell(centroid(poly.ring(0), box), 0);
    for (double f : {0.5, 0.25, 0.75}) {
        Vec2d middle;
        if (widestSpan(edges, box.minY + f * box.height(), middle) > 0) {
            Cell cell = makeCell(middle, 0);
            if (cell.distance > best.distance) best = cell;
        }
    }
    if (automatic) precision = std::max(longSide * kAutoPrecisionLong, best.distance * kAutoPrecisionBest);
    auto push = [&](Vec2d c, double half) {
        Cell cell = makeCell(c, half);
        if (cell.distance > best.distance) best = cell;
        if (cell.potential - best.distance <= precision) return;  // nothing better inside
        heap.push_back(cell);
        std::push_heap(heap.begin(), heap.end(), byPotential);
    };
    // Start from a grid of square cells; their number is capped so long thin shapes stay cheap
    // (cells whose centres miss the shape still get refined while they could hold a better point).
    const double side = std::max(shortSide, longSide / 32);
    for (double x = box.minX; x < box.maxX; x += side)
        for (double y = box.minY; y < box.maxY; y += side) push({x + side / 2, y + side / 2}, side / 2);

    // Bounded work: each cell costs a pass over the edges, and a label needs no more than this.
    for (int visited = 0; !heap.empty() && visited < 1024; ++visited) {
        std::pop_heap(heap.begin(), heap.end(), byPotential);
        const Cell cell = heap.back();
        heap.pop_back();
        if (cell.potential - best.distance <= precision) break;  // the heap holds nothing better
        const double h = cell.half / 2;
        push({cell.center.x - h, cell.center.y - h}, h);
        push({cell.center.x + h, cell.center.y - h}, h);
        push({cell.center.x - h, cell.center.y + h}, h);
        push({cell.center.x + h, cell.center.y + h}, h);
    }
    if (best.distance > 0) return best.center;
    return pointOnSurface(edges, box);
}

}  // namespace gs
