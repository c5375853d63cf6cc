// What the ear clipper does when a whole lap finds no ear: drop flat corners, untangle tiny
// self-crossings, split the ring where it touches itself, or split it along a diagonal. Real
// footprints need these for repeated points, slivers and self-touching rings.
#include <algorithm>
#include <cmath>

#include "geometry/ear_clipper.hpp"
#include "geometry/ear_predicates.hpp"

namespace gs::detail {
namespace {

// Twice the signed area of the loop from a to b (following next) closed by b's position being a's:
// the part of a ring between two visits of one point.
double loopArea(const EarNode* a, const EarNode* b) {
    double twice = 0;
    for (const EarNode* p = a; p != b; p = p->next) twice += cross(a, p, p->next);
    return twice;
}

// The interior angle at p between its incoming and outgoing edge, in (0, 2pi].
double sectorAngle(const EarNode* in, const EarNode* p, const EarNode* out) {
    double angle = std::atan2(in->y - p->y, in->x - p->x) - std::atan2(out->y - p->y, out->x - p->x);
    while (angle <= 0) angle += 2 * M_PI;
    while (angle > 2 * M_PI) angle -= 2 * M_PI;
    return angle;
}

// Even-odd test of the midpoint of ab against the ring they belong to.
bool midpointInside(const EarNode* a, const EarNode* b) {
    const double mx = (a->x + b->x) / 2, my = (a->y + b->y) / 2;
    bool inside = false;
    const EarNode* p = a;
    do {
        const EarNode* q = p->next;
        if ((p->y > my) != (q->y > my) && mx < (q->x - p->x) * (my - p->y) / (q->y - p->y) + p->x)
            inside = !inside;
        p = q;
    } while (p != a);
    return inside;
}

bool isDiagonal(const EarNode* a, const EarNode* b) {
    if (a->next == b || a->prev == b || a->index == b->index) return false;
    return pointsInside(a, b) && pointsInside(b, a) && !crossesRing(a, b) && midpointInside(a, b);
}

}  // namespace

EarNode* EarClipper::removeFlat(EarNode* start) {
    reflex_.clear();
    if (!start) return nullptr;
    EarNode* end = start;
    EarNode* p = start;
    bool again;
    do {
        again = false;
        const double turn = cross(p->prev, p, p->next);
        // A repeated point or a straight or spiking corner adds no area; dropping it keeps
        // degenerate ears from stalling the clipper.
        if (turn == 0 || samePosition(p, p->next)) {
            unlink(p);
            p = end = p->prev;
            if (p == p->next || p->next == p->prev) return nullptr;
            again = true;
        } else {
            p->reflex = turn < 0 || options_.careful;
            p = p->next;
        }
    } while (again || p != end);
    // The corners left are classified; list the reflex ones (all in careful mode) for the ear tests.
    do {
        if (p->reflex) reflex_.push_back(p);
        p = p->next;
    } while (p != end);
    return end;
}

EarNode* EarClipper::cureLocalCrossings(EarNode* start) {
    if (!start) return nullptr;
    EarNode* p = start;
    do {
        EarNode* a = p->prev;
        EarNode* b = p->next->next;
        // a-p and p.next-b cross: a tiny bowtie. Cutting the triangle a-p-b removes it.
        if (!samePosition(a, b) && segmentsMeet(a, p, p->next, b) && pointsInside(a, b) &&
            pointsInside(b, a)) {
            emit(a, p, b);
            unlink(p);
            unlink(p->next);
            p = start = b;
        }
        p = p->next;
    } while (p != start);
    return removeFlat(p);
}

bool EarClipper::splitAtTouch(EarNode* start) {
    // A ring passing twice through one point (a footprint touching itself, or a hole touching the
    // outer ring but bridged elsewhere) can leave no clear ear next to that point. Swapping the two
    // visits' successors splits the ring into the two loops between the visits, keeping the area
    // exactly. Two reasons to do it, tried in this order:
    //  - the visits pair their edges the wrong way round: their interior angles overlap, and the
    //    swapped pairing gives angles that fit around the point;
    //  - a zero-width spike of one loop pokes into the other.
    // Either way both loops must run counterclockwise: a loop running the other way is a hole the
    // split would leave untriangulated.
    scratch_.clear();
    EarNode* p = start;
    do {
        scratch_.push_back(p);
        p = p->next;
    } while (p != start);
    std::sort(scratch_.begin(), scratch_.end(), [](const EarNode* a, const EarNode* b) {
        return a->x < b->x || (a->x == b->x && a->y < b->y);
    });
    for (int reason = 0; reason < 2; ++reason) {
        for (size_t i = 0; i + 1 < scratch_.size(); ++i) {
            for (size_t j = i + 1; j < scratch_.size() && samePosition(scratch_[i], scratch_[j]); ++j) {
                EarNode* a = scratch_[i];
                EarNode* b = scratch_[j];
                if (a->next == b || b->next == a) continue;
                if (reason == 0) {
                    double now = sectorAngle(a->prev, a, a->next) + sectorAngle(b->prev, b, b->next);
                    double swapped = sectorAngle(a->prev, a, b->next) + sectorAngle(b->prev, b, a->next);
                    if (!(swapped < now && swapped <= 2 * M_PI * (1 + 1e-12))) continue;
                }
                if (loopArea(a, b) <= 0 || loopArea(b, a) <= 0) continue;
                EarNode* an = a->next;
                EarNode* bn = b->next;
                a->next = bn;
                bn->prev = a;
                b->next = an;
                an->prev = b;
                clip(removeFlat(a), 0, false);
                clip(removeFlat(b), 0, false);
                return true;
            }
        }
    }
    return false;
}

void EarClipper::splitAndClip(EarNode* start) {
    EarNode* a = start;
    do {
        for (EarNode* b = a->next->next; b != a->prev; b = b->next) {
            if (isDiagonal(a, b)) {
                EarNode* c = split(a, b);
                clip(removeFlat(a), 0, false);
                clip(removeFlat(c), 0, false);
                return;
            }
        }
        a = a->next;
    } while (a != start);
    // No diagonal: the ring is broken beyond repair here; the area check reports it.
}

}  // namespace gs::detail
