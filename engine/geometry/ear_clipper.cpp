// Building rings, bridging holes and the ear-cutting loop. The repairs used when the loop gets
// stuck (flat points, tiny crossings, touching points, diagonals) are in ear_repair.cpp.
#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>

#include "geometry/ear_clipper.hpp"
#include "geometry/ear_predicates.hpp"

namespace gs::detail {
namespace {

// kSpread[b] has the bits of byte b on the even bits of 16: the z key interleaves x and y bits.
constexpr auto kSpread = [] {
    std::array<uint16_t, 256> table{};
    for (uint32_t b = 0; b < 256; ++b)
        for (uint32_t bit = 0; bit < 8; ++bit) table[b] |= uint16_t(((b >> bit) & 1) << (2 * bit));
    return table;
}();

inline uint32_t spreadBits(uint32_t v) { return kSpread[v & 0xFF] | (uint32_t(kSpread[(v >> 8) & 0xFF]) << 16); }

}  // namespace

inline uint32_t EarClipper::zKey(double x, double y) const {
    // Every node lies in the box, so the cells need no clamping: 0 <= cell <= 65535.
    const uint32_t ix = uint32_t((x - minX_) * invCell_), iy = uint32_t((y - minY_) * invCell_);
    return spreadBits(ix) | (spreadBits(iy) << 1);
}

void EarClipper::run(const PolygonView& poly, std::span<const double> ringAreas, const Box& bounds,
                     Vec2d origin, uint32_t indexBase, const EarOptions& options,
                     std::vector<uint32_t>& out) {
    // Bridges add two nodes per hole.
    begin(poly.points.size() + 2 * size_t(poly.ringCount()), indexBase, options, out);
    minX_ = bounds.minX - origin.x;
    minY_ = bounds.minY - origin.y;
    double extent = std::max(bounds.width(), bounds.height());
    invCell_ = extent > 0 ? 65534.0 / extent : 0;  // a rounding step short of 16 bits

    // Outer ring counterclockwise, holes clockwise: then the interior is left of every edge.
    EarNode* outer = linkRing(poly, 0, origin, ringAreas[0] < 0);
    if (outer) {
        if (poly.ringCount() > 1) bridgeHoles(poly, ringAreas, origin, outer);
        clip(removeFlat(outer), 0, false);
    }
    out.resize(size_t(cursor_ - out.data()));
}

void EarClipper::clipRing(EarNode* ring, uint32_t indexBase, const EarOptions& options, std::vector<uint32_t>& out) {
    size_t nodes = 0;
    double x0 = ring->x, y0 = ring->y, x1 = ring->x, y1 = ring->y;
    EarNode* p = ring;
    do {
        ++nodes;
        x0 = std::min(x0, p->x), y0 = std::min(y0, p->y), x1 = std::max(x1, p->x), y1 = std::max(y1, p->y);
        p->prevZ = p->nextZ = nullptr;
        p = p->next;
    } while (p != ring);
    begin(nodes, indexBase, options, out);
    minX_ = x0;
    minY_ = y0;
    const double extent = std::max(x1 - x0, y1 - y0);
    invCell_ = extent > 0 ? 65534.0 / extent : 0;
    clip(removeFlat(ring), 0, false);
    out.resize(size_t(cursor_ - out.data()));
}

void EarClipper::begin(size_t nodes, uint32_t indexBase, const EarOptions& options, std::vector<uint32_t>& out) {
    options_ = options;
    indexBase_ = indexBase;
    // Triangles cannot outnumber nodes but for rare splits; emit() grows the output if even that
    // is exceeded.
    const size_t start = out.size();
    out.resize(start + 3 * nodes);
    out_ = &out;
    cursor_ = out.data() + start;
    outEnd_ = out.data() + out.size();
    twiceArea_ = 0;
    // A split adds two nodes and cannot happen more often than there are triangles left to make,
    // so this bounds the pool and nodes never move.
    const size_t capacity = 3 * nodes + 8;
    if (pool_.size() < capacity) pool_.resize(capacity);
    used_ = 0;
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
            if (!best || tan < bestTan || (tan == bestTan && p->x > best->x)) {  // (tan may overflow to inf)
                best = p;
                bestTan = tan;
            }
        }
        p = p->next;
    } while (p != candidate);
    return best ? best : candidate;
}

EarNode* EarClipper::split(EarNode* a, EarNode* b) {
    EarNode* a2 = newNode(a->x, a->y, a->index);
    EarNode* b2 = newNode(b->x, b->y, b->index);
    linkDiagonal(a, b, a2, b2);
    return b2;
}

void EarClipper::indexCurve(EarNode* ring) {
    // Sorting plain integers (key above, position in zNodes_ below) beats sorting pointers by a
    // member. (Nodes may live outside the pool: a piece of the sweep's.)
    zSorted_.clear();
    zNodes_.clear();
    EarNode* p = ring;
    do {
        p->z = zKey(p->x, p->y);
        zSorted_.push_back(uint64_t(p->z) << 32 | uint64_t(zNodes_.size()));
        zNodes_.push_back(p);
        p = p->next;
    } while (p != ring);
    std::sort(zSorted_.begin(), zSorted_.end());
    EarNode* prev = nullptr;
    for (uint64_t key : zSorted_) {
        EarNode* node = zNodes_[uint32_t(key)];
        node->prevZ = prev;
        if (prev) prev->nextZ = node;
        prev = node;
    }
    prev->nextZ = nullptr;
}

void EarClipper::clip(EarNode* ear, int pass, bool indexed) {
    if (!ear) return;
    // Every ring arrives here from removeFlat(), which listed its reflex corners.
    if (pass == 0) {
        // Many footprints are rectangles or other convex shapes: no ear tests needed, a fan is a
        // valid triangulation.
        if (reflex_.empty()) {
            for (EarNode* p = ear->next; p->next != ear; p = p->next) emit(ear, p, p->next);
            return;
        }
        indexed = !options_.careful && reflex_.size() >= options_.zOrderMinReflex;
        if (indexed) indexCurve(ear);
    }
    EarNode* stop = ear;
    while (ear->prev != ear->next) {
        EarNode* a = ear->prev;
        EarNode* c = ear->next;
        // A reflex or flat corner is never an ear: the commonest rejection, tested inline.
        const double turn = cross(a, ear, c);
        if (turn > 0 && isEar(ear, indexed)) {
            emit(a, ear, c, turn);
            unlink(ear);
            if (!indexed && !options_.careful) {  // cutting an ear can only turn its neighbours convex
                a->reflex = a->reflex && cross(a->prev, a, a->next) <= 0;
                c->reflex = c->reflex && cross(c->prev, c, c->next) <= 0;
            }
            // Moving on past the next vertex spreads the cuts around the ring instead of fanning
            // slivers out of one corner.
            ear = c->next;
            stop = c->next;
            continue;
        }
        ear = c;
        if (ear == stop) {
            // A whole lap without an ear: drop flat corners; then split the ring where it touches
            // itself, or untangle tiny self-crossings; last, split it along some diagonal.
            if (pass == 0) clip(removeFlat(ear), 1, indexed);
            else if (splitAtTouch(ear)) return;
            else if (pass == 1) clip(cureLocalCrossings(removeFlat(ear)), 2, indexed);
            else splitAndClip(ear);
            return;
        }
    }
}

bool EarClipper::isEar(const EarNode* b, bool indexed) {
    const EarNode* a = b->prev;
    const EarNode* c = b->next;
    const double ax = a->x, bx = b->x, cx = c->x, ay = a->y, by = b->y, cy = c->y;
    const double x0 = std::min(ax, std::min(bx, cx)), x1 = std::max(ax, std::max(bx, cx));
    const double y0 = std::min(ay, std::min(by, cy)), y1 = std::max(ay, std::max(by, cy));
    auto blocks = [&](const EarNode* p) {
        // Most vertices fall outside the box, unpredictably: one branch instead of four, and
        // nothing else done for them.
        const bool inBox = (p->x >= x0) & (p->x <= x1) & (p->y >= y0) & (p->y <= y1);
        if (__builtin_expect(!inBox, 1)) return false;
        return p != a && p != b && p != c && blocksEar(p, a, b, c);
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
    // Only a reflex vertex can block an ear of a simple ring (careful mode looks at all); vertices
    // cut off or turned convex since the list was made are pruned on the way.
    for (size_t i = 0; i < reflex_.size();) {
        const EarNode* p = reflex_[i];
        if (!p->reflex) {
            reflex_[i] = reflex_.back();
            reflex_.pop_back();
            continue;
        }
        if (blocks(p)) return false;
        ++i;
    }
    return !options_.careful || !crossesRing(a, c);
}

void EarClipper::emit(const EarNode* a, const EarNode* b, const EarNode* c, double twiceArea) {
    if (outEnd_ - cursor_ < 3) growOutput();
    cursor_[0] = a->index + indexBase_;
    cursor_[1] = b->index + indexBase_;
    cursor_[2] = c->index + indexBase_;
    cursor_ += 3;
    twiceArea_ += std::abs(twiceArea);
}

void EarClipper::growOutput() {
    size_t used = size_t(cursor_ - out_->data());
    out_->resize(2 * out_->size() + 3);
    cursor_ = out_->data() + used;
    outEnd_ = out_->data() + out_->size();
}

}  // namespace gs::detail
