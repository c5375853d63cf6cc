// The sweep into monotone pieces (see the header); the pieces' triangles are in sweep_pieces.cpp.
#include "geometry/sweep_triangulator.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "geometry/ear_predicates.hpp"

namespace gs::detail {
namespace {

// A corner's role in the sweep, by where its neighbours lie (above: earlier in the sweep) and
// which way it turns.
enum Kind : uint8_t {
    kStart,         // both neighbours below, convex: a piece begins
    kEnd,           // both above, convex: a piece ends
    kSplit,         // both below, reflex: the interior above splits around it
    kMerge,         // both above, reflex: two parts of the interior meet below it
    kRegularLeft,   // on a left boundary (its previous neighbour above)
    kRegularRight,  // on a right boundary
};

// Splits a ring along diagonal a-b (linkDiagonal), the copies listed with their corner (nextZ
// chains a corner's copies).
void splitAt(EarNode* a, EarNode* b, EarNode* a2, EarNode* b2) {
    *a2 = EarNode{a->x, a->y, a->index, a->z, nullptr, nullptr, nullptr, a->nextZ, false};
    *b2 = EarNode{b->x, b->y, b->index, b->z, nullptr, nullptr, nullptr, b->nextZ, false};
    a->nextZ = a2;
    b->nextZ = b2;
    linkDiagonal(a, b, a2, b2);
}

// A finite double as an unsigned integer in the same order (-0 as +0).
uint64_t orderBits(double d) {
    d += 0.0;
    uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    return (u >> 63) ? ~u : (u | (uint64_t(1) << 63));
}

}  // namespace

bool SweepTriangulator::run(const PolygonView& poly, std::span<const double> ringAreas, Vec2d origin,
                            uint32_t indexBase, EarClipper& fallback, std::vector<uint32_t>& out) {
    indexBase_ = indexBase;
    twiceArea_ = 0;
    // The corners first; the copies the diagonals need are made room for once the sweep has
    // counted them.
    if (poly.points.size() > std::numeric_limits<uint32_t>::max() / 8) return false;
    used_ = 0;
    growPool(poly.points.size());
    // Outer ring counterclockwise, holes clockwise: the interior is left of every edge.
    if (!linkRing(poly, 0, origin, ringAreas[0] < 0)) return false;
    for (uint32_t r = 1; r < poly.ringCount(); ++r)
        if (ringAreas[r] != 0) linkRing(poly, r, origin, ringAreas[r] > 0);  // a ring without area adds nothing
    vertices_ = used_;

    // Top to bottom: higher y first, then lower x, then the corner's number (a total order, so
    // that repeated positions in different rings still have an above and a below). Each corner's
    // key is one 128-bit integer, sorted as such: the y's order as 64 bits (orderBits, reversed),
    // the x's top 32, the corner's number. Corners of the same y whose x agree in those 32 bits
    // (a relative difference under 2^-20) are put in their exact order after.
    order_.clear();
    for (uint32_t v = 0; v < vertices_; ++v)
        if (!done_[v])
            order_.push_back((Key(~orderBits(pool_[v].y)) << 64) | (Key(orderBits(pool_[v].x) >> 32) << 32) | v);
    std::sort(order_.begin(), order_.end());
    auto exactLess = [&](Key a, Key b) {
        const uint64_t xa = orderBits(pool_[vertexOf(a)].x), xb = orderBits(pool_[vertexOf(b)].x);
        return xa < xb || (xa == xb && vertexOf(a) < vertexOf(b));
    };
    for (size_t k = 1; k < order_.size(); ++k) {
        if ((order_[k] >> 32) != (order_[k - 1] >> 32)) continue;
        // Insertion into the run of equal keys above it.
        const Key key = order_[k];
        size_t at = k;
        while (at > 0 && (order_[at - 1] >> 32) == (key >> 32) && exactLess(key, order_[at - 1])) {
            order_[at] = order_[at - 1];
            --at;
        }
        order_[at] = key;
    }
    for (uint32_t k = 0; k < order_.size(); ++k) pool_[vertexOf(order_[k])].z = k;

    if (!sweep()) return false;
    growPool(used_ + 2 * diagonals_.size());
    if (!cut()) return false;

    const size_t start = out.size();
    Pieces pieces = trianglesOfPieces(fallback, EarOptions{}, start, out);
    // A piece runs clockwise as a whole (where a ring crosses itself, a wrong diagonal can make
    // one), or the clipper cannot cut one to its area (the crossing runs into a neighbour): it is
    // merged with its neighbours, and the pieces are triangulated again, the clipper's first pass
    // looking at every corner (see triangulate()). If that fails too, the clipper takes the whole
    // polygon.
    EarOptions crossing;
    crossing.zOrderMinReflex = 1;
    for (int round = 0; round < kMendRounds && pieces != Pieces::kTriangulated; ++round) {
        if (!mendPieces()) return false;
        pieces = trianglesOfPieces(fallback, crossing, start, out);
    }
    return pieces == Pieces::kTriangulated;
}

void SweepTriangulator::growPool(size_t capacity) {
    if (pool_.size() >= capacity) return;
    // The nodes link each other by pointer: as positions while the pool moves.
    const EarNode* base = pool_.data();
    auto at = [&](const EarNode* p) { return p ? uint32_t(p - base) : UINT32_MAX; };
    links_.resize(3 * used_);
    for (size_t i = 0; i < used_; ++i) {
        links_[3 * i] = at(pool_[i].prev);
        links_[3 * i + 1] = at(pool_[i].next);
        links_[3 * i + 2] = at(pool_[i].nextZ);
    }
    pool_.resize(capacity);
    done_.resize(capacity);
    auto node = [&](uint32_t k) { return k == UINT32_MAX ? nullptr : &pool_[k]; };
    for (size_t i = 0; i < used_; ++i) {
        pool_[i].prev = node(links_[3 * i]);
        pool_[i].next = node(links_[3 * i + 1]);
        pool_[i].nextZ = node(links_[3 * i + 2]);
    }
}

bool SweepTriangulator::linkRing(const PolygonView& poly, uint32_t ring, Vec2d origin, bool reverse) {
    std::span<const Vec2d> pts = poly.ring(ring);
    const uint32_t begin = poly.ringBegin(ring);
    size_t n = pts.size();
    while (n > 1 && pts[n - 1] == pts[0]) --n;  // closing point(s)
    const size_t first = used_;
    // Each corner linked to the one before as it is written; the ring closed after.
    EarNode* last = nullptr;
    for (size_t k = 0; k < n; ++k) {
        const size_t i = reverse ? n - 1 - k : k;
        const double x = pts[i].x - origin.x, y = pts[i].y - origin.y;
        if (last && last->x == x && last->y == y) continue;  // repeated
        EarNode* node = &pool_[used_];
        *node = EarNode{x, y, begin + uint32_t(i), 0, last, nullptr, nullptr, nullptr, false};
        if (last) last->next = node;
        last = node;
        done_[used_] = kLive;
        ++used_;
    }
    if (used_ - first < 3) {  // fewer than three distinct corners: no area, no ring
        used_ = first;
        return false;
    }
    last->next = &pool_[first];
    pool_[first].prev = last;
    // Straight corners and spikes (a corner where the ring runs back along itself, common in real
    // footprints) add no area but would confuse the sweep's notion of above and below: they go,
    // marked done so that neither the sweep nor the pieces see them.
    EarNode* end = &pool_[first];
    EarNode* p = end;
    bool again;
    do {
        again = false;
        if (cross(p->prev, p, p->next) == 0) {
            done_[size_t(p - pool_.data())] = kGone;
            p->next->prev = p->prev;
            p->prev->next = p->next;
            p = end = p->prev;
            if (p->next->next == p) {  // two corners left: the ring had no area
                done_[size_t(p - pool_.data())] = done_[size_t(p->next - pool_.data())] = kGone;
                return false;
            }
            again = true;
        } else {
            p = p->next;
        }
    } while (again || p != end);
    return true;
}

bool SweepTriangulator::sweep() {
    helper_.resize(vertices_);
    kind_.resize(vertices_);
    active_.clear();
    diagonals_.clear();
    auto id = [&](const EarNode* p) { return uint32_t(p - pool_.data()); };
    // Each edge's place in active_ is kept (slot_, checked before use, so never cleared): removal
    // swaps the last one in without a search.
    if (slot_.size() < vertices_) slot_.resize(vertices_);
    auto removeEdge = [&](uint32_t e) {
        const uint32_t at = slot_[e];
        if (at >= active_.size() || active_[at] != e) return false;
        const uint32_t last = active_.back();
        active_[at] = last;
        slot_[last] = at;
        active_.pop_back();
        return true;
    };
    auto addEdge = [&](uint32_t e) {
        slot_[e] = uint32_t(active_.size());
        active_.push_back(e);
        helper_[e] = e;
        return active_.size() <= kMaxActiveEdges;
    };
    // The edge in the sweep directly left of corner v (through it included), or none. (Its x at
    // v's y divided out for each query: a slope kept per edge rounds differently, and turned one
    // more of SF's broken footprints from triangulated to skipped.)
    auto edgeLeftOf = [&](const EarNode* v) -> int64_t {
        int64_t best = -1;
        double bestX = -std::numeric_limits<double>::infinity();
        for (uint32_t e : active_) {
            const EarNode* a = &pool_[e];
            const EarNode* b = a->next;
            const double x = a->y == b->y ? std::min(a->x, b->x) : a->x + (v->y - a->y) * (b->x - a->x) / (b->y - a->y);
            const bool better = (x <= v->x) & (x > bestX);  // selects, not a branch: no pattern
            bestX = pick(better, x, bestX);
            best = pick(better, int64_t(e), best);
        }
        return best;
    };
    // A merge corner as the helper of an edge gets its diagonal down to the next corner that
    // replaces it there.
    auto joinMergeHelper = [&](uint32_t v, uint32_t e) {
        if (kind_[helper_[e]] == kMerge) diagonals_.push_back({v, helper_[e]});
    };

    for (const Key key : order_) {
        const uint32_t v = vertexOf(key);
        const EarNode* p = &pool_[v];
        const bool prevAbove = p->prev->z < p->z, nextAbove = p->next->z < p->z;
        const bool convex = cross(p->prev, p, p->next) > 0;
        const uint32_t prevEdge = id(p->prev);  // the edge prev -> v
        Kind kind = !prevAbove && !nextAbove ? (convex ? kStart : kSplit)
                    : prevAbove && nextAbove ? (convex ? kEnd : kMerge)
                    : prevAbove            ? kRegularLeft
                                           : kRegularRight;
        kind_[v] = kind;
        switch (kind) {
        case kStart:
            if (!addEdge(v)) return false;
            break;
        case kEnd:
            joinMergeHelper(v, prevEdge);
            if (!removeEdge(prevEdge)) return false;
            break;
        case kSplit: {
            const int64_t e = edgeLeftOf(p);
            if (e < 0) return false;
            diagonals_.push_back({v, helper_[e]});
            helper_[e] = v;
            if (!addEdge(v)) return false;
            break;
        }
        case kMerge: {
            joinMergeHelper(v, prevEdge);
            if (!removeEdge(prevEdge)) return false;
            const int64_t e = edgeLeftOf(p);
            if (e < 0) return false;
            joinMergeHelper(v, uint32_t(e));
            helper_[e] = v;
            break;
        }
        case kRegularLeft:
            joinMergeHelper(v, prevEdge);
            if (!removeEdge(prevEdge) || !addEdge(v)) return false;
            break;
        case kRegularRight: {
            const int64_t e = edgeLeftOf(p);
            if (e < 0) return false;
            joinMergeHelper(v, uint32_t(e));
            helper_[e] = v;
            break;
        }
        }
    }
    return active_.empty();
}

EarNode* SweepTriangulator::copyFacing(EarNode* vertex, const EarNode* towards) const {
    // Each diagonal already made at a corner split its angle; the new one belongs to the part it
    // points into.
    for (EarNode* c = vertex; c; c = c->nextZ)
        if (pointsInside(c, towards)) return c;
    return vertex;  // along an edge: degenerate; the triangles' check judges the result
}

bool SweepTriangulator::cut() {
    for (const auto& [a, b] : diagonals_) {
        if (used_ + 2 > pool_.size()) return false;
        EarNode* ca = copyFacing(&pool_[a], &pool_[b]);
        EarNode* cb = copyFacing(&pool_[b], &pool_[a]);
        splitAt(ca, cb, &pool_[used_], &pool_[used_ + 1]);
        done_[used_] = done_[used_ + 1] = kLive;
        used_ += 2;
    }
    return true;
}

}  // namespace gs::detail
