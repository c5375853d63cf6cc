#include "scene/coarse_meshes.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include "geometry/outline.hpp"

namespace gs {

namespace {

constexpr double kAlways = std::numeric_limits<double>::infinity();

// Douglas-Peucker significance: for each point of the sequence at(0..n-1) (with at(n) standing for
// at(0) again in a closed ring), the largest tolerance at which Douglas-Peucker still keeps it. A
// point is kept at tolerance t when it strays more than t from the chord of its segment and its
// segment's own split point was kept: its significance is the smaller of its distance and its
// parent's. Keeping the points whose significance exceeds t is exactly Douglas-Peucker at t, for
// every t, from one pass. `sig` gets n values; the anchors are kAlways.
template <class At>
void significance(const At& at, size_t n, bool closed, std::vector<double>& sig) {
    sig.assign(n, 0.0);
    if (n == 0) return;
    struct Segment {
        size_t a, b;
        double parent;
    };
    std::vector<Segment> stack;
    sig[0] = kAlways;
    if (closed) {
        // Anchored at the first point and the farthest from it.
        size_t far = 0;
        double farD = -1;
        for (size_t i = 1; i < n; ++i) {
            const double d = std::hypot(at(i).x - at(0).x, at(i).y - at(0).y);
            if (d > farD) farD = d, far = i;
        }
        sig[far] = kAlways;
        stack.push_back({0, far, kAlways});
        stack.push_back({far, n, kAlways});
    } else {
        sig[n - 1] = kAlways;
        stack.push_back({0, n - 1, kAlways});
    }
    while (!stack.empty()) {
        const Segment s = stack.back();
        stack.pop_back();
        if (s.b <= s.a + 1) continue;
        const Vec2d pa = at(s.a), pb = at(s.b % n), ab = pb - pa;
        const double len = std::hypot(ab.x, ab.y);
        size_t worst = s.a + 1;
        double worstD = -1;
        for (size_t i = s.a + 1; i < s.b; ++i) {
            const Vec2d p = at(i);
            const double d = len > 0 ? std::abs(ab.x * (p.y - pa.y) - ab.y * (p.x - pa.x)) / len
                                     : std::hypot(p.x - pa.x, p.y - pa.y);
            if (d > worstD) worstD = d, worst = i;
        }
        sig[worst] = std::min(worstD, s.parent);
        stack.push_back({s.a, worst, sig[worst]});
        stack.push_back({worst, s.b, sig[worst]});
    }
}

// The ring without its closing point.
std::span<const Vec2d> distinct(std::span<const Vec2d> ring) {
    size_t n = ring.size();
    while (n > 1 && ring[n - 1] == ring[0]) --n;
    return ring.first(n);
}

// Which ring draws each edge of a level's outlines. Neighbouring grids share their boundary, edge
// for edge (the same points, in opposite directions); drawn by both, it costs twice the triangles
// a far zoom can least afford. The first ring (in feature order) to have an edge draws it. Edges
// are numbered in that order (feature, polygon, ring, then along the ring without its closing
// point); one sort finds the shared ones.
class EdgeOwners {
public:
    explicit EdgeOwners(const FeatureGeometry& g) {
        struct Edge {
            Vec2d a, b;  // a before b (x, then y)
            uint32_t index;
        };
        std::vector<Edge> edges;
        edges.reserve(g.points.size());  // an edge a point at most: no regrowth
        std::vector<uint32_t> scratch;
        for (size_t f = 0; f < g.featureCount(); ++f)
            for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
                const PolygonView p = g.polygon(poly, scratch);
                for (uint32_t r = 0; r < p.ringCount(); ++r) {
                    const auto ring = distinct(p.ring(r));
                    for (size_t i = 0; i < ring.size(); ++i) {
                        Vec2d a = ring[i], b = ring[(i + 1) % ring.size()];
                        if (b.x < a.x || (b.x == a.x && b.y < a.y)) std::swap(a, b);
                        edges.push_back({a, b, uint32_t(edges.size())});
                    }
                }
            }
        // Ordered by the coordinates' bit patterns: a total order whatever they hold (a NaN
        // breaks `<`, and std::sort given an order that is not one walks out of its range).
        auto bits = [](double d) { return std::bit_cast<uint64_t>(d); };
        auto key = [&](const Edge& e) { return std::tuple(bits(e.a.x), bits(e.a.y), bits(e.b.x), bits(e.b.y)); };
        std::sort(edges.begin(), edges.end(), [&](const Edge& l, const Edge& r) {
            return std::tuple_cat(key(l), std::tuple(l.index)) < std::tuple_cat(key(r), std::tuple(r.index));
        });
        owned_.assign(edges.size(), 0);
        for (size_t i = 0; i < edges.size(); ++i)
            owned_[edges[i].index] = i == 0 || key(edges[i]) != key(edges[i - 1]);
    }
    bool owned(size_t edge) const { return owned_[edge] != 0; }

private:
    std::vector<char> owned_;
};

// What every step needs of a level's rings, worked out once: each ring's significance (for its
// fill), its size and mean width (to drop what a tolerance cannot show), and the pieces of it its
// outline draws (the edges it owns: the whole ring, or runs of them) with their own significance.
class PreparedRings {
public:
    struct Ring {
        uint32_t sigAt = 0;        // its points' significance: fillSig[sigAt ..)
        uint32_t piecesBegin = 0;  // its pieces: pieces[piecesBegin .. next ring's)
        double maxSide = 0;        // of its box
        double meanWidth = 0;      // area over half the perimeter
    };
    struct Piece {
        uint32_t first = 0, count = 0;  // points of the ring (wrapping around), in order
        uint32_t sigAt = 0;             // their significance: lineSig[sigAt ..)
        bool closed = false;            // the whole ring
    };

    explicit PreparedRings(const FeatureGeometry& g) {
        const EdgeOwners owners(g);  // each shared boundary drawn once, by one of its two features
        std::vector<uint32_t> scratch;
        std::vector<char> owned;
        std::vector<double> sig;
        std::vector<Vec2d> chain;
        size_t edgeBase = 0;  // the ring's first edge, in EdgeOwners' numbering
        for (size_t f = 0; f < g.featureCount(); ++f)
            for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
                const PolygonView p = g.polygon(poly, scratch);
                for (uint32_t r = 0; r < p.ringCount(); ++r) {
                    const auto ring = distinct(p.ring(r));
                    const size_t n = ring.size();
                    const size_t edge0 = edgeBase;
                    edgeBase += n;
                    Ring info;
                    info.sigAt = uint32_t(fillSig.size());
                    info.piecesBegin = uint32_t(pieces.size());
                    Box box;
                    double area2 = 0, perimeter = 0;
                    for (size_t i = 0; i < n; ++i) {
                        const Vec2d a = ring[i], b = ring[(i + 1) % n];
                        box.add(a);
                        area2 += (a.x - ring[0].x) * (b.y - ring[0].y) - (b.x - ring[0].x) * (a.y - ring[0].y);
                        perimeter += std::hypot(b.x - a.x, b.y - a.y);
                    }
                    info.maxSide = std::max(box.width(), box.height());
                    info.meanWidth = perimeter > 0 ? std::abs(area2) / perimeter : 0;
                    significance([&](size_t i) { return ring[i % n]; }, n, true, sig);
                    fillSig.insert(fillSig.end(), sig.begin(), sig.end());
                    rings.push_back(info);
                    if (n < 2) continue;

                    owned.assign(n, 0);
                    size_t ownedCount = 0;
                    for (size_t i = 0; i < n; ++i)
                        ownedCount += owned[i] = owners.owned(edge0 + i);
                    if (ownedCount == n) {
                        pieces.push_back({0, uint32_t(n), uint32_t(lineSig.size()), true});
                        lineSig.insert(lineSig.end(), sig.begin(), sig.end());
                        continue;
                    }
                    if (ownedCount == 0) continue;
                    // Runs of owned edges, from where one starts, once around.
                    size_t start = 0;
                    while (!(owned[start] && !owned[(start + n - 1) % n])) ++start;
                    for (size_t k = 0; k < n;) {
                        if (!owned[(start + k) % n]) {
                            ++k;
                            continue;
                        }
                        const size_t first = (start + k) % n;
                        size_t count = 1;
                        while (k < n && owned[(start + k) % n]) ++count, ++k;
                        significance([&](size_t i) { return ring[(first + i) % n]; }, count, false, sig);
                        pieces.push_back({uint32_t(first), uint32_t(count), uint32_t(lineSig.size()), false});
                        lineSig.insert(lineSig.end(), sig.begin(), sig.end());
                    }
                }
            }
    }

    std::vector<Ring> rings;  // in feature, polygon, ring order
    std::vector<Piece> pieces;
    std::vector<double> fillSig, lineSig;

    uint32_t piecesEnd(uint32_t ringId) const {
        return ringId + 1 < rings.size() ? rings[ringId + 1].piecesBegin : uint32_t(pieces.size());
    }
};

// The ring's points kept at `tolerance`; a ring under it becomes its box's corners (a speck, not
// nothing).
void simplified(std::span<const Vec2d> ring, const double* sig, double tolerance, std::vector<Vec2d>& out) {
    out.clear();
    if (ring.size() < 3) return;
    Box box;
    for (const Vec2d& v : ring) box.add(v);
    if (box.width() < tolerance && box.height() < tolerance) {
        out = {{box.minX, box.minY}, {box.maxX, box.minY}, {box.maxX, box.maxY}, {box.minX, box.maxY}};
        return;
    }
    for (size_t i = 0; i < ring.size(); ++i)
        if (sig[i] > tolerance) out.push_back(ring[i]);
}

// Appends feature range `r` of `from`'s fill (whose vertices are `fromPoints`' points) to `to`
// (the points it names copied to `toPoints` as vertices only, off any strip; its indices moved).
void copyFill(const FillMesh& from, const LineMesh& fromPoints, IndexRange r, FillMesh& to, LineMesh& toPoints) {
    if (r.count == 0) return;
    uint32_t lo = UINT32_MAX, hi = 0;
    for (uint32_t i = r.first; i < r.first + r.count; ++i) {
        lo = std::min(lo, from.indices[i]);
        hi = std::max(hi, from.indices[i]);
    }
    const uint32_t base = uint32_t(toPoints.points.size());
    toPoints.points.insert(toPoints.points.end(), fromPoints.points.begin() + lo, fromPoints.points.begin() + hi + 1);
    for (uint32_t i = lo; i <= hi; ++i) toPoints.features.push_back(fromPoints.features[i] | kOffStrip);
    for (uint32_t i = r.first; i < r.first + r.count; ++i) to.indices.push_back(from.indices[i] - lo + base);
}

}  // namespace

std::vector<double> coarserTolerances(double tolerance, const Box& extent) {
    std::vector<double> steps;
    if (!(tolerance > 0) || extent.empty()) return steps;
    const double coarsest = 0.5 * std::max(extent.width(), extent.height()) / 256;
    for (double t = 2 * tolerance; steps.size() < 24; t *= 2) {
        steps.push_back(t);
        if (t >= coarsest) break;
    }
    return steps;
}


void buildCoarserMeshes(LoadedLayer& layer, std::span<const double> tolerances) {
    const FeatureGeometry& g = layer.geometry;
    if (g.featureCount() != layer.featureCount() || layer.featureCount() == 0 || tolerances.empty()) return;
    const PreparedRings prepared(g);
    std::vector<uint32_t> scratch, fillEnds;
    std::vector<Vec2d> ring, fillPoints, line;
    for (double tolerance : tolerances) {
        // The mesh this one coarsens: a feature whose simplified rings the triangulator refuses
        // keeps its fill from there (never more triangles than the finer mesh, never nothing).
        const FillMesh& finerFill = layer.coarser.empty() ? layer.fill : layer.coarser.back().fill;
        const LineMesh& finerPoints = layer.coarser.empty() ? layer.outline : layer.coarser.back().outline;
        const std::vector<IndexRange>& finerRanges =
            layer.coarser.empty() ? layer.fillRanges : layer.coarser.back().fillRanges;
        CoarseMesh mesh;
        mesh.tolerance = tolerance;
        // The fills' own points (a fill is simplified apart from its outline's pieces), put after
        // every outline's at the end, so that the outlines' ranges hold only what they draw.
        LineMesh fillOnly;
        mesh.fillRanges.reserve(layer.featureCount());
        mesh.lineRanges.reserve(layer.featureCount());
        uint32_t ringId = 0;
        for (size_t f = 0; f < layer.featureCount(); ++f) {
            const uint32_t fillFirst = uint32_t(mesh.fill.indices.size());
            const uint32_t lineFirst = uint32_t(mesh.outline.points.size());
            const size_t fillPointsFirst = fillOnly.points.size();
            bool refused = false;
            for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
                const PolygonView full = g.polygon(poly, scratch);
                fillPoints.clear();
                fillEnds.clear();
                for (uint32_t r = 0; r < full.ringCount(); ++r, ++ringId) {
                    const PreparedRings::Ring& info = prepared.rings[ringId];
                    const bool wide = info.maxSide >= tolerance && info.meanWidth >= tolerance;
                    if (r > 0 && !wide) continue;  // a hole the tolerance cannot show
                    const auto points = distinct(full.ring(r));
                    // Its outline: the pieces it draws. A part under the tolerance keeps its fill
                    // (a speck: nothing vanishes) but needs no outline; nor does a sliver
                    // narrower than it (the seams a dissolve of imperfect neighbours leaves).
                    for (uint32_t k = info.piecesBegin; wide && k < prepared.piecesEnd(ringId); ++k) {
                        const PreparedRings::Piece& piece = prepared.pieces[k];
                        line.clear();
                        for (uint32_t i = 0; i < piece.count; ++i)
                            if (prepared.lineSig[piece.sigAt + i] > tolerance)
                                line.push_back(points[(piece.first + i) % points.size()]);
                        if (piece.closed) {
                            const uint32_t end[] = {uint32_t(line.size())};
                            if (line.size() >= 3) appendOutline(PolygonView{line, end}, layer.origin, uint32_t(f), mesh.outline);
                        } else {
                            appendPolyline(line, layer.origin, uint32_t(f), 0.0, mesh.outline);
                        }
                    }
                    // Its fill: each ring simplified on its own, when the triangulator accepts
                    // them (rings of a dissolved boundary may now cross).
                    simplified(points, prepared.fillSig.data() + info.sigAt, tolerance, ring);
                    if (ring.size() < 3) continue;
                    fillPoints.insert(fillPoints.end(), ring.begin(), ring.end());
                    fillEnds.push_back(uint32_t(fillPoints.size()));
                }
                if (!refused && !fillEnds.empty() &&
                    !appendFill(PolygonView{fillPoints, fillEnds}, layer.origin, uint32_t(f), fillOnly, mesh.fill).ok())
                    refused = true;
            }
            if (refused && f < finerRanges.size()) {
                mesh.fill.indices.resize(fillFirst);
                fillOnly.points.resize(fillPointsFirst);
                fillOnly.features.resize(fillPointsFirst);
                copyFill(finerFill, finerPoints, finerRanges[f], mesh.fill, fillOnly);
            }
            mesh.fillRanges.push_back({fillFirst, uint32_t(mesh.fill.indices.size()) - fillFirst});
            mesh.lineRanges.push_back({lineFirst, uint32_t(mesh.outline.points.size()) - lineFirst});
        }
        // The fills' points after the outlines'.
        const uint32_t fillBase = uint32_t(mesh.outline.points.size());
        for (uint32_t& i : mesh.fill.indices) i += fillBase;
        mesh.outline.points.insert(mesh.outline.points.end(), fillOnly.points.begin(), fillOnly.points.end());
        mesh.outline.features.insert(mesh.outline.features.end(), fillOnly.features.begin(), fillOnly.features.end());
        // Outlines are drawn without dashes: the distances open lines keep are not needed.
        std::vector<float>().swap(mesh.outline.distances);
        layer.coarser.push_back(std::move(mesh));
    }
}

}  // namespace gs
