// Building rings, bridging holes and the ear-cutting loop. The repairs used when the loop gets
// stuck (flat points, tiny crossings, touching points, diagonals) are in ear_repair.cpp.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "geometry/ear_clipper.hpp"
#include "geometry/ear_predicates.hpp"

namespace gs::detail {
namespace {

// Spreads the low 16 bits of v to the even bits of the result.
uint32_t spreadBits(uint32_t v) {
    v &= 0xFFFF;
    v = (v | (v << 8)) & 0x00FF00FF;
    v = (v | (v << 4)) & 0x0F0F0F0F;
    v = (v | (v << 2)) & 0x33333333;
    v = (v | (v << 1)) & 0x55555555;
    return v;
}

}  // namespace

void EarClipper::run(const PolygonView& poly, std::span<const double> ringAreas, const Box& bounds,
                     Vec2d origin, uint32_t indexBase, const EarOptions& options,
                     std::vector<uint32_t>& out) {
    options_ = options;
    out_ = &out;
    indexBase_ = indexBase;
    // Bridges add two nodes per hole; a split adds two and cannot happen more often than there are
    // triangles left to make, so this bounds the pool and nodes never move.
    size_t capacity = 3 * (poly.points.size() + 2 * size_t(poly.ringCount())) + 8;
    if (pool_.size() < capacity) pool_.resize(capacity);
    used_ = 0;
    minX_ = bounds.minX - origin.x;
    minY_ = bounds.minY - origin.y;
    double extent = std::max(bounds.width(), bounds.height());
    invCell_ = extent > 0 ? 65535.0 / extent : 0;

    // Outer ring counterclockwise, holes clockwise: then the interior is left of every edge.
    EarNode* outer = linkRing(poly, 0, origin, ringAreas[0] < 0);
    if (!outer) return;
    if (poly.ringCount() > 1) bridgeHoles(poly, ringAreas, origin, outer);
    clip(removeFlat(outer), 0, false);
}

EarNode* EarClipper::newNode(double x, double y, uint32_t index) {
    assert(used_ < pool_.size());
    EarNode* n = &pool_[used_++];
    *n = EarNode{x, y, index, 0, nullptr, nullptr, nullptr, nullptr, false};
    return n;
}

EarNode* EarClipper::linkRing(const PolygonView& poly, uint32_t ring, Vec2d origin, bool reverse) {
    std::span<const Vec2d> pts = poly.ring(ring);
    const uint32_t begin = poly.ringBegin(ring);
    size_t n = pts.size();
    while (n > 1 && pts[n - 1] == pts[0]) --n;  // closing point(s)
    if (n < 3) return nullptr;

    EarNode* first = nullptr;
    EarNode* last = nullptr;
    for (size_t k = 0; k < n; ++k) {
        size_t i = reverse ? n - 1 - k : k;
        double x = pts[i].x - origin.x, y = pts[i].y - origin.y;
        if (last && last->x == x && last->y == y) continue;  // repeated point
        EarNode* node = newNode(x, y, begin + uint32_t(i));
        if (last) {
            last->next = node;
            node->prev = last;
        } else {
            first = node;
        }
        last = node;
    }
    last->next = first;
    first->prev = last;
    // Fewer than three distinct nodes: no area worth a triangle.
    if (first->next == first || first->next->next == first) return nullptr;
    return first;
}

void EarClipper::bridgeHoles(const PolygonView& poly, std::span<const double> ringAreas,
                             Vec2d origin, EarNode* outer) {
    holes_.clear();
    for (uint32_t r = 1; r < poly.ringCount(); ++r) {
        if (ringAreas[r] == 0) continue;
        EarNode* ring = linkRing(poly, r, origin, ringAreas[r] > 0);
        if (!ring) continue;
        EarNode* leftmost = ring;
        for (EarNode* p = ring->next; p != ring; p = p->next)
            if (p->x < leftmost->x || (p->x == leftmost->x && p->y < leftmost->y)) leftmost = p;
        holes_.push_back(leftmost);
    }
    // Left to right, so that a hole can bridge to one merged before it.
    std::sort(holes_.begin(), holes_.end(), [](const EarNode* a, const EarNode* b) {
        return a->x < b->x || (a->x == b->x && a->y < b->y);
    });
    for (EarNode* hole : holes_) {
        // A hole nothing can reach lies outside the outer ring: it stays out, and the area check
        // in triangulate() reports it.
        if (EarNode* bridge = findBridge(hole, outer)) split(bridge, hole);
    }
}

EarNode* EarClipper::findBridge(EarNode* m, EarNode* outer) const {
    const double hx = m->x, hy = m->y;
    // One lap finds both a node where the hole touches the ring (a zero-length bridge there, to a
    // node whose interior holds the hole's edges, makes the ring touch itself instead of crossing)
    // and the nearest boundary point left of m on its horizontal. Only edges running downwards count
    // for the latter: the interior lies to their right, the side m is on.
    double hitX = -std::numeric_limits<double>::infinity();
    EarNode* candidate = nullptr;
    EarNode* p = outer;
    do {
        EarNode* q = p->next;
        if (samePosition(p, m) && (pointsInside(p, m->next) || pointsInside(p, m->prev))) return p;
        if (p->y >= hy && q->y <= hy && q->y != p->y) {
            double x = p->x + (hy - p->y) * (q->x - p->x) / (q->y - p->y);
            if (x <= hx && x > hitX) {
                hitX = x;
                candidate = p->x < q->x ? p : q;
            }
        }
        p = q;
    } while (p != outer);
    if (!candidate) return nullptr;

    // m sees the candidate unless a vertex lies in the triangle (m, hit, candidate); then the vertex
    // in it at the smallest angle to the horizontal is visible (the nearest one on ties).
    const double cx = candidate->x, cy = candidate->y;
    auto inTriangle = [&](const EarNode* n) {
        double s1 = cross(hx, hy, hitX, hy, n->x, n->y);
        double s2 = cross(hitX, hy, cx, cy, n->x, n->y);
        double s3 = cross(cx, cy, hx, hy, n->x, n->y);
        return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
    };
    EarNode* best = nullptr;
    double bestTan = std::numeric_limits<double>::infinity();
    p = candidate;
    do {
        if (p->x <= hx && p->x >= cx && p->x != hx && inTriangle(p) && pointsInside(p, m)) {
            double tan = std::abs(hy - p->y) / (hx - p->x);
            if (tan < bestTan || (tan == bestTan && p->x > best->x)) {
                best = p;
                bestTan = tan;
            }
        }
        p = p->next;
    } while (p != candidate);
    return best ? best : candidate;
}

EarNode* EarClipper::split(EarNode* a, EarNode* b) {
    // a and b get twins: a→b closes one ring, b'→a' the other (or, with a and b in two rings, the
    // two become one ring running a→b ... b'→a' ...).
    EarNode* a2 = newNode(a->x, a->y, a->index);
    EarNode* b2 = newNode(b->x, b->y, b->index);
    EarNode* an = a->next;
    EarNode* bp = b->prev;
    a->next = b;
    b->prev = a;
    a2->next = an;
    an->prev = a2;
    b2->next = a2;
    a2->prev = b2;
    bp->next = b2;
    b2->prev = bp;
    return b2;
}

uint32_t EarClipper::zKey(double x, double y) const {
    auto cell = [&](double v, double lo) { return uint32_t(std::clamp((v - lo) * invCell_, 0.0, 65535.0)); };
    return spreadBits(cell(x, minX_)) | (spreadBits(cell(y, minY_)) << 1);
}

void EarClipper::indexCurve(EarNode* ring) {
    scratch_.clear();
    EarNode* p = ring;
    do {
        p->z = zKey(p->x, p->y);
        scratch_.push_back(p);
        p = p->next;
    } while (p != ring);
    std::sort(scratch_.begin(), scratch_.end(), [](const EarNode* a, const EarNode* b) { return a->z < b->z; });
    for (size_t i = 0; i < scratch_.size(); ++i) {
        scratch_[i]->prevZ = i > 0 ? scratch_[i - 1] : nullptr;
        scratch_[i]->nextZ = i + 1 < scratch_.size() ? scratch_[i + 1] : nullptr;
    }
}

void EarClipper::collectReflex(EarNode* ring) {
    reflex_.clear();
    EarNode* p = ring;
    do {
        if (options_.careful || cross(p->prev, p, p->next) <= 0) reflex_.push_back(p);
        p = p->next;
    } while (p != ring);
}

void EarClipper::clip(EarNode* ear, int pass, bool indexed) {
    if (!ear) return;
    if (pass == 0) {
        uint32_t count = 0;
        EarNode* p = ear;
        do {
            ++count;
            p = p->next;
        } while (p != ear && count < options_.zOrderMinNodes);
        indexed = !options_.careful && count >= options_.zOrderMinNodes;
        if (indexed) indexCurve(ear);
    }
    if (!indexed) collectReflex(ear);
    EarNode* stop = ear;
    while (ear->prev != ear->next) {
        EarNode* a = ear->prev;
        EarNode* c = ear->next;
        if (isEar(ear, indexed)) {
            emit(a, ear, c);
            unlink(ear);
            // Moving on past the next vertex spreads the cuts around the ring instead of fanning
            // slivers out of one corner.
            ear = c->next;
            stop = c->next;
            continue;
        }
        ear = c;
        if (ear == stop) {
            // A whole lap without an ear: drop flat corners, then untangle tiny self-crossings,
            // then split the ring where it touches itself, or else along some diagonal.
            if (pass == 0) clip(removeFlat(ear), 1, indexed);
            else if (pass == 1) clip(cureLocalCrossings(removeFlat(ear)), 2, indexed);
            else if (!splitAtTouch(ear)) splitAndClip(ear);
            return;
        }
    }
}

bool EarClipper::isEar(const EarNode* b, bool indexed) {
    const EarNode* a = b->prev;
    const EarNode* c = b->next;
    if (cross(a, b, c) <= 0) return false;  // reflex or flat
    const double x0 = std::min({a->x, b->x, c->x}), x1 = std::max({a->x, b->x, c->x});
    const double y0 = std::min({a->y, b->y, c->y}), y1 = std::max({a->y, b->y, c->y});
    auto blocks = [&](const EarNode* p) {
        return p->x >= x0 && p->x <= x1 && p->y >= y0 && p->y <= y1 && p != a && p != b && p != c &&
               blocksEar(p, a, b, c);
    };
    if (indexed) {
        // Every node inside the triangle's box lies between the box corners on the z curve.
        const uint32_t zMin = zKey(x0, y0), zMax = zKey(x1, y1);
        for (const EarNode* p = b->prevZ; p && p->z >= zMin; p = p->prevZ)
            if (blocks(p)) return false;
        for (const EarNode* n = b->nextZ; n && n->z <= zMax; n = n->nextZ)
            if (blocks(n)) return false;
        return true;
    }
    // Only a reflex vertex can block an ear of a simple ring; vertices cut off or turned convex
    // since the list was made are pruned on the way.
    for (size_t i = 0; i < reflex_.size();) {
        const EarNode* p = reflex_[i];
        if (p->removed || (!options_.careful && cross(p->prev, p, p->next) > 0)) {
            reflex_[i] = reflex_.back();
            reflex_.pop_back();
            continue;
        }
        if (blocks(p)) return false;
        ++i;
    }
    return !options_.careful || !crossesRing(a, c);
}

void EarClipper::emit(const EarNode* a, const EarNode* b, const EarNode* c) {
    out_->push_back(a->index + indexBase_);
    out_->push_back(b->index + indexBase_);
    out_->push_back(c->index + indexBase_);
}

}  // namespace gs::detail
