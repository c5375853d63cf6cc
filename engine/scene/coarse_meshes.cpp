#include "scene/coarse_meshes.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "geometry/outline.hpp"

namespace gs {

namespace {

constexpr double kAlways = std::numeric_limits<double>::infinity();

// Douglas-Peucker significance: for each point of the sequence `pts` (in a closed ring, without
// its closing point: pts[n] stands for pts[0] again), the largest tolerance at which
// Douglas-Peucker still keeps it. A point is kept at tolerance t when it strays more than t from
// the chord of its segment and its segment's own split point was kept: its significance is the
// smaller of its distance and its parent's. Keeping the points whose significance exceeds t is
// exactly Douglas-Peucker at t, for every t, from one pass. `sig` gets n values; the anchors are
// kAlways. (`chain` is scratch.)
void significance(std::span<const Vec2d> pts, bool closed, std::vector<double>& sig, std::vector<Vec2d>& chain) {
    const size_t n = pts.size();
    sig.assign(n, 0.0);
    if (n == 0) return;
    struct Segment {
        size_t a, b;
        double parent;
    };
    thread_local std::vector<Segment> stack;
    stack.clear();
    sig[0] = kAlways;
    std::span<const Vec2d> at = pts;
    if (closed) {
        chain.assign(pts.begin(), pts.end());
        chain.push_back(pts[0]);
        at = chain;
        // Anchored at the first point and the farthest from it.
        size_t far = 0;
        double farD2 = -1;
        for (size_t i = 1; i < n; ++i) {
            const double dx = at[i].x - at[0].x, dy = at[i].y - at[0].y, d2 = dx * dx + dy * dy;
            if (d2 > farD2) farD2 = d2, far = i;
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
        const Vec2d pa = at[s.a], ab = at[s.b] - pa;
        const double len = std::sqrt(ab.x * ab.x + ab.y * ab.y);
        size_t worst = s.a + 1;
        double worstD = -1;
        if (len > 0) {
            // The farthest from the chord is the one with the largest cross product: one division.
            double worstCross = -1;
            for (size_t i = s.a + 1; i < s.b; ++i) {
                const double c = std::abs(ab.x * (at[i].y - pa.y) - ab.y * (at[i].x - pa.x));
                if (c > worstCross) worstCross = c, worst = i;
            }
            worstD = worstCross / len;
        } else {
            for (size_t i = s.a + 1; i < s.b; ++i) {
                const double d = std::hypot(at[i].x - pa.x, at[i].y - pa.y);
                if (d > worstD) worstD = d, worst = i;
            }
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
        // Per edge, its two points (indices into g.points, the lesser by (x, y) first) and a hash
        // of their coordinates' bit patterns; then keys (hash above, the edge's number below)
        // grouped by the hash's top bits (a counting sort, in number order) and each group sorted:
        // edges with the same points lie together in number order.
        std::vector<std::array<uint32_t, 2>> ends;
        std::vector<uint64_t> hashes;
        ends.reserve(g.points.size());  // an edge a point at most: no regrowth
        hashes.reserve(g.points.size());
        auto bits = [](double d) { return std::bit_cast<uint64_t>(d); };
        auto hash = [&](Vec2d a, Vec2d b) {
            uint64_t h = 0x9e3779b97f4a7c15ull;
            for (uint64_t v : {bits(a.x), bits(a.y), bits(b.x), bits(b.y)}) {
                h = (h ^ v) * 0xff51afd7ed558ccdull;
                h ^= h >> 32;
            }
            return h;
        };
        std::vector<uint32_t> scratch;
        for (size_t f = 0; f < g.featureCount(); ++f)
            for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
                const PolygonView p = g.polygon(poly, scratch);
                for (uint32_t r = 0; r < p.ringCount(); ++r) {
                    const auto ring = distinct(p.ring(r));
                    const uint32_t base = uint32_t(ring.data() - g.points.data());
                    for (size_t i = 0; i < ring.size(); ++i) {
                        uint32_t ia = base + uint32_t(i), ib = base + uint32_t(i + 1 == ring.size() ? 0 : i + 1);
                        const Vec2d a = g.points[ia], b = g.points[ib];
                        if (b.x < a.x || (b.x == a.x && b.y < a.y)) std::swap(ia, ib);
                        hashes.push_back(hash(g.points[ia], g.points[ib]));
                        ends.push_back({ia, ib});
                    }
                }
            }
        const size_t n = hashes.size();
        const int groupBits = std::max(1, int(std::bit_width(n / 16)));  // about 16 edges a group
        std::vector<uint32_t> groupStart((size_t(1) << groupBits) + 1, 0);
        for (uint64_t h : hashes) ++groupStart[(h >> (64 - groupBits)) + 1];
        for (size_t k = 1; k < groupStart.size(); ++k) groupStart[k] += groupStart[k - 1];
        std::vector<unsigned __int128> keys(n);
        {
            std::vector<uint32_t> next(groupStart.begin(), groupStart.end() - 1);
            for (size_t i = 0; i < n; ++i)
                keys[next[hashes[i] >> (64 - groupBits)]++] = (unsigned __int128)hashes[i] << 64 | i;
        }
        for (size_t k = 0; k + 1 < groupStart.size(); ++k)
            std::sort(keys.begin() + groupStart[k], keys.begin() + groupStart[k + 1]);
        // The first edge (by number) with its points owns them. A hash shared by edges with other
        // points (vanishingly rare) leaves each its own.
        auto same = [&](uint32_t i, uint32_t j) {
            const Vec2d a0 = g.points[ends[i][0]], b0 = g.points[ends[i][1]];
            const Vec2d a1 = g.points[ends[j][0]], b1 = g.points[ends[j][1]];
            return bits(a0.x) == bits(a1.x) && bits(a0.y) == bits(a1.y) && bits(b0.x) == bits(b1.x) &&
                   bits(b0.y) == bits(b1.y);
        };
        owned_.assign(keys.size(), 1);
        for (size_t run = 0, end = 0; run < keys.size(); run = end) {
            const uint64_t h = uint64_t(keys[run] >> 64);
            end = run + 1;
            while (end < keys.size() && uint64_t(keys[end] >> 64) == h) ++end;
            for (size_t i = run + 1; i < end; ++i)
                for (size_t j = run; j < i; ++j)
                    if (same(uint32_t(keys[j]), uint32_t(keys[i]))) {
                        owned_[uint32_t(keys[i])] = 0;
                        break;
                    }
        }
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
        std::vector<Vec2d> chain, piece;
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
                        const Vec2d a = ring[i], b = ring[i + 1 == n ? 0 : i + 1];
                        box.add(a);
                        area2 += (a.x - ring[0].x) * (b.y - ring[0].y) - (b.x - ring[0].x) * (a.y - ring[0].y);
                        perimeter += std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
                    }
                    info.maxSide = std::max(box.width(), box.height());
                    info.meanWidth = perimeter > 0 ? std::abs(area2) / perimeter : 0;
                    significance(ring, true, sig, chain);
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
                        piece.clear();
                        for (size_t i = 0, at = first; i < count; ++i, at = at + 1 == n ? 0 : at + 1)
                            piece.push_back(ring[at]);
                        significance(piece, false, sig, chain);
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
                        const double* sig = prepared.lineSig.data() + piece.sigAt;
                        for (uint32_t i = 0, at = piece.first; i < piece.count; ++i, at = at + 1 == points.size() ? 0 : at + 1)
                            if (sig[i] > tolerance) line.push_back(points[at]);
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
