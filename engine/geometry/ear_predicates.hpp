// Geometric predicates on ear-clipper nodes, and a branch-free select; private to engine/geometry.
//
// Rings are linked counterclockwise (holes clockwise), so "interior" is always left of an edge.
// Exact zero tests on doubles are deliberate: they pick out the exactly repeated and exactly
// collinear points of real data, and anything a rounding error lets through is caught by the area
// check in triangulate().
#pragma once

#include <algorithm>
#include <cstring>

#include "geometry/ear_clipper.hpp"

namespace gs::detail {

// Twice the signed area of triangle abc: positive when a, b, c turn counterclockwise.
inline double cross(double ax, double ay, double bx, double by, double cx, double cy) {
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}
inline double cross(const EarNode* a, const EarNode* b, const EarNode* c) {
    return cross(a->x, a->y, b->x, b->y, c->x, c->y);
}
inline bool samePosition(const EarNode* a, const EarNode* b) { return a->x == b->x && a->y == b->y; }

// Whether the direction from p towards (qx, qy) points strictly into the interior next to p: left
// of both edges at a convex corner, left of either at a reflex one.
inline bool pointsInside(const EarNode* p, double qx, double qy) {
    double leftOfNext = cross(p->x, p->y, p->next->x, p->next->y, qx, qy);
    double leftOfPrev = cross(p->prev->x, p->prev->y, p->x, p->y, qx, qy);
    if (cross(p->prev, p, p->next) >= 0) return leftOfNext > 0 && leftOfPrev > 0;
    return leftOfNext > 0 || leftOfPrev > 0;
}
inline bool pointsInside(const EarNode* p, const EarNode* q) { return pointsInside(p, q->x, q->y); }

// Whether segments p1q1 and p2q2 share any point, touching included.
inline bool segmentsMeet(const EarNode* p1, const EarNode* q1, const EarNode* p2, const EarNode* q2) {
    auto sign = [](double v) { return (v > 0) - (v < 0); };
    auto between = [](const EarNode* p, const EarNode* q, const EarNode* r) {  // q on pr, if collinear
        return q->x <= std::max(p->x, r->x) && q->x >= std::min(p->x, r->x) &&
               q->y <= std::max(p->y, r->y) && q->y >= std::min(p->y, r->y);
    };
    int o1 = sign(cross(p1, q1, p2)), o2 = sign(cross(p1, q1, q2));
    int o3 = sign(cross(p2, q2, p1)), o4 = sign(cross(p2, q2, q1));
    if (o1 != o2 && o3 != o4) return true;
    return (o1 == 0 && between(p1, p2, q1)) || (o2 == 0 && between(p1, q2, q1)) ||
           (o3 == 0 && between(p2, p1, q2)) || (o4 == 0 && between(p2, q1, q2));
}

// Whether segment ab meets an edge of its ring other than at a's or b's own position.
inline bool crossesRing(const EarNode* a, const EarNode* b) {
    const double x0 = std::min(a->x, b->x), x1 = std::max(a->x, b->x);
    const double y0 = std::min(a->y, b->y), y1 = std::max(a->y, b->y);
    const EarNode* p = a;
    do {
        const EarNode* q = p->next;
        if (std::max(p->x, q->x) >= x0 && std::min(p->x, q->x) <= x1 && std::max(p->y, q->y) >= y0 &&
            std::min(p->y, q->y) <= y1 && !samePosition(p, a) && !samePosition(p, b) &&
            !samePosition(q, a) && !samePosition(q, b) && segmentsMeet(p, q, a, b))
            return true;
        p = q;
    } while (p != a);
    return false;
}

// A vertex p coincides with corner X of a candidate ear whose angle at X opens counterclockwise from
// the direction of Y to that of Z: the ring touches itself there. That only spoils the ear if one of
// p's edges, or p's own interior, reaches into the angle.
inline bool twinOverlaps(const EarNode* p, const EarNode* X, const EarNode* Y, const EarNode* Z) {
    auto inAngle = [&](const EarNode* q) { return cross(X, Y, q) > 0 && cross(X, q, Z) > 0; };
    if (inAngle(p->prev) || inAngle(p->next)) return true;
    return pointsInside(p, (Y->x + Z->x) / 2, (Y->y + Z->y) / 2);
}

// Whether vertex p keeps abc (counterclockwise) from being an ear.
inline bool blocksEar(const EarNode* p, const EarNode* a, const EarNode* b, const EarNode* c) {
    double s1 = cross(a, b, p), s2 = cross(b, c, p), s3 = cross(c, a, p);
    if (s1 < 0 || s2 < 0 || s3 < 0) return false;  // outside
    if (s1 > 0 && s2 > 0 && s3 > 0) return true;   // strictly inside
    if (samePosition(p, a)) return twinOverlaps(p, a, b, c);
    if (samePosition(p, b)) return twinOverlaps(p, b, c, a);
    if (samePosition(p, c)) return twinOverlaps(p, c, a, b);
    // Elsewhere on the boundary only a reflex (or flat) vertex can have edges entering the triangle.
    return cross(p->prev, p, p->next) <= 0;
}

inline void EarClipper::emit(const EarNode* a, const EarNode* b, const EarNode* c) { emit(a, b, c, cross(a, b, c)); }

// Links a and b by a diagonal, with a2 and b2 (fresh copies of them) carrying the other side:
// a→b closes one ring, b2→a2 the other (or, with a and b in two rings, the two become one ring
// running a→b ... b2→a2 ...).
inline void linkDiagonal(EarNode* a, EarNode* b, EarNode* a2, EarNode* b2) {
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
}

inline void unlink(EarNode* p) {
    p->next->prev = p->prev;
    p->prev->next = p->next;
    if (p->prevZ) p->prevZ->nextZ = p->nextZ;
    if (p->nextZ) p->nextZ->prevZ = p->prevZ;
    p->reflex = false;  // no longer a candidate for blocking ears
}

// c ? a : b, computed with masks: GCC turns a plain ?: on pointers into a branch, which a
// condition with no pattern (which chain of a piece goes next) mispredicts half the time.
template <class T>
T pick(bool c, T a, T b) {
    static_assert(sizeof(T) == sizeof(uint64_t));
    uint64_t ua, ub;
    std::memcpy(&ua, &a, sizeof ua);
    std::memcpy(&ub, &b, sizeof ub);
    const uint64_t mask = uint64_t(0) - uint64_t(c);
    const uint64_t r = (ua & mask) | (ub & ~mask);
    T out;
    std::memcpy(&out, &r, sizeof out);
    return out;
}

}  // namespace gs::detail
