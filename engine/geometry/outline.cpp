#include "geometry/outline.hpp"

#include <cmath>
#include <span>
#include <vector>

#include "geometry/triangulate.hpp"

namespace gs {

Status appendFill(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& points, FillMesh& fill) {
    const uint32_t base = uint32_t(points.points.size());
    // triangulate() appends nothing on failure, so there is nothing to undo.
    Status status = triangulate(poly, base, fill.indices);
    if (!status) return status;
    // Appended one by one, not resized then written: no pass zero-filling them first.
    for (Vec2d p : poly.points) points.points.push_back({float(p.x - origin.x), float(p.y - origin.y)});
    points.features.resize(points.points.size(), feature | kOffStrip);  // vertices only
    return Status::success();
}

namespace {

// Whether the corner at b, between the edges a→b and b→c (both of nonzero length), turns by more
// than the miter limit allows: the miter's length is 1/cos(turn / 2), and with the limit at 2 that
// is a turn past 120 degrees, where cos(turn) = d0·d1 / (|d0| |d1|) < -1/2.
// d0 = b - a and d1 = c - b, with their squared lengths and dot product.
bool needsBevel(double dot, double len0, double len1) {
    static_assert(kMiterLimit == 2.0, "the test below is written for a miter limit of 2");
    return (dot < 0) & (dot * dot > 0.25 * len0 * len1);  // & not &&: no branch on a coin toss
}

// Appends one ring in the strip layout (see LineMesh), drawing as a strip only when `strip` (else
// every point is flagged kOffStrip). With kWhere, where[i] is set to the stored position of the
// ring's point i (a repeated or closing point: that of the copy kept), for a fill's triangles; a
// ring of one distinct point is then stored as that point alone, off the strip. Returns the number
// of points appended.
template <bool kWhere>
uint32_t appendRing(std::span<const Vec2d> src, Vec2d origin, uint32_t feature, bool strip, LineMesh& out,
                    uint32_t* where) {
    if (src.empty()) return 0;
    thread_local std::vector<Vec2d> ring;  // distinct points, relative to the origin, in double
    thread_local std::vector<uint32_t> keptAs, storedAt;  // per source point; per kept point
    if (ring.size() < src.size()) ring.resize(src.size());
    if (kWhere && keptAs.size() < src.size()) keptAs.resize(src.size()), storedAt.resize(src.size());
    // Each point written, and kept by moving on past it unless it repeats the last one: no
    // branch on whether it does (real rings repeat points at random). The last point is compared
    // from a register, not read back from where it was just stored (a repeat equals it anyway).
    Vec2d last = src[0] - origin;
    ring[0] = last;
    size_t n = 1;
    if (kWhere) keptAs[0] = 0;
    for (size_t i = 1; i < src.size(); ++i) {
        const Vec2d q = src[i] - origin;
        ring[n] = q;
        n += !(q == last);
        last = q;
        if (kWhere) keptAs[i] = uint32_t(n - 1);
    }
    while (n > 1 && ring[0] == ring[n - 1]) --n;
    if (n < 2) {
        if (kWhere) {
            const uint32_t at = uint32_t(out.points.size());
            out.points.push_back({float(ring[0].x), float(ring[0].y)});
            out.features.push_back(feature | kOffStrip);
            for (size_t i = 0; i < src.size(); ++i) where[i] = at;
            return 1;
        }
        return 0;
    }

    // The points the strip visits, bevelled corners twice, written in place as
    // [s(k-1), s0 .. s(k-1), s0, s1]: every strip point has both neighbours next to it.
    const size_t base = out.points.size();
    out.points.resize(base + 2 * n + 3);  // room for every corner bevelled
    Vec2f* const seq = out.points.data() + base + 1;
    Vec2f* w = seq;
    // needsBevel() for each corner, with each edge's vector and squared length worked out once.
    Vec2d d0 = ring[0] - ring[n - 1];
    double len0 = d0.x * d0.x + d0.y * d0.y;
    for (size_t i = 0; i < n; ++i) {
        const Vec2d cur = ring[i], d1 = ring[i + 1 == n ? 0 : i + 1] - cur;
        const double len1 = d1.x * d1.x + d1.y * d1.y;
        const double dot = d0.x * d1.x + d0.y * d1.y;
        const Vec2f p{float(cur.x), float(cur.y)};
        if (kWhere) storedAt[i] = uint32_t(w - seq);
        w[0] = w[1] = p;  // the second copy kept only at a bevel (room for it is made above)
        w += 1 + needsBevel(dot, len0, len1);
        d0 = d1;
        len0 = len1;
    }
    const size_t k = size_t(w - seq);
    seq[-1] = seq[k - 1];
    w[0] = seq[0];
    w[1] = seq[1];
    out.points.resize(base + k + 3);
    // The two ends are neighbours only (and the whole ring, where it draws no strip).
    out.features.resize(out.points.size(), strip ? feature : feature | kOffStrip);
    out.features[base] = out.features[base + k + 2] = feature | kOffStrip;
    if (kWhere)
        for (size_t i = 0; i < src.size(); ++i)
            where[i] = uint32_t(base) + 1 + storedAt[keptAs[i] < n ? keptAs[i] : 0];
    return uint32_t(k + 3);
}

}  // namespace

uint32_t appendOutline(const PolygonView& poly, Vec2d origin, uint32_t feature, LineMesh& out) {
    uint32_t appended = 0;
    for (uint32_t r = 0; r < poly.ringCount(); ++r)
        appended += appendRing<false>(poly.ring(r), origin, feature, true, out, nullptr);
    return appended;
}

Status appendPolygon(const PolygonView& poly, Vec2d origin, uint32_t feature, bool strips, LineMesh& outline,
                     FillMesh& fill, const PolygonFacts* facts) {
    const size_t first = fill.indices.size();
    // The triangles first, as indices of the polygon's points; triangulate() appends nothing on
    // failure, so there is nothing to undo.
    Status status = facts ? triangulate(poly, 0, fill.indices, *facts) : triangulate(poly, 0, fill.indices);
    if (!status) return status;
    thread_local std::vector<uint32_t> where;  // per polygon point, its place in outline.points
    where.resize(poly.points.size());
    for (uint32_t r = 0; r < poly.ringCount(); ++r)
        appendRing<true>(poly.ring(r), origin, feature, strips, outline, where.data() + poly.ringBegin(r));
    for (size_t k = first; k < fill.indices.size(); ++k) fill.indices[k] = where[fill.indices[k]];
    return Status::success();
}

uint32_t appendPolyline(std::span<const Vec2d> line, Vec2d origin, uint32_t feature, double minSpacing,
                        LineMesh& out) {
    thread_local std::vector<Vec2d> kept;  // relative to the origin, in double
    kept.clear();
    const double min2 = minSpacing * minSpacing;
    for (size_t i = 0; i < line.size(); ++i) {
        const Vec2d q = line[i] - origin;
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
        if (!kept.empty()) {
            const Vec2d d = q - kept.back();
            const double len2 = d.x * d.x + d.y * d.y;
            if (len2 == 0) continue;
            // The last point is kept whatever its spacing: it replaces a too-close predecessor.
            if (len2 < min2) {
                if (i + 1 == line.size() && kept.size() > 1) kept.back() = q;
                if (i + 1 < line.size() || kept.size() > 1) continue;
            }
        }
        kept.push_back(q);
    }
    const size_t n = kept.size();
    if (n < 2) return 0;

    const size_t base = out.points.size();
    out.points.reserve(base + 2 * n + 2);
    out.points.push_back({float(kept[0].x), float(kept[0].y)});
    out.distances.resize(base);  // a mesh of open lines keeps a distance for every point
    double along = 0;
    out.distances.push_back(0);
    auto add = [&](Vec2d p) {
        out.points.push_back({float(p.x), float(p.y)});
        out.distances.push_back(float(along));
    };
    for (size_t i = 0; i < n; ++i) {
        if (i > 0) along += std::hypot(kept[i].x - kept[i - 1].x, kept[i].y - kept[i - 1].y);
        add(kept[i]);
        if (i > 0 && i + 1 < n) {
            const Vec2d d0 = kept[i] - kept[i - 1], d1 = kept[i + 1] - kept[i];
            if (needsBevel(d0.x * d1.x + d0.y * d1.y, d0.x * d0.x + d0.y * d0.y, d1.x * d1.x + d1.y * d1.y))
                add(kept[i]);
        }
    }
    add(kept[n - 1]);
    // The strip runs over the real points; the copies at the ends are their neighbours only.
    out.features.resize(out.points.size(), feature);
    out.features[base] = out.features.back() = feature | kOffStrip;
    return uint32_t(out.points.size() - base);
}

}  // namespace gs
