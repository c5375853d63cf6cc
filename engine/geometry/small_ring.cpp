#include "geometry/small_ring.hpp"

#include <algorithm>

#include "geometry/ear_predicates.hpp"  // cross

namespace gs::detail {

bool clipSmallRing(std::span<const Vec2d> ring, double signedArea, Vec2d origin, uint32_t indexBase,
                   std::vector<uint32_t>& out, double& twiceArea) {
    size_t n = ring.size();
    while (n > 1 && ring[n - 1] == ring[0]) --n;  // the closing point (and any repeat of it)
    if (n < 3 || n > kSmallRingMaxPoints || signedArea == 0) return false;
    static_assert(kSmallRingMaxPoints <= 64, "the corners' flags are the bits of one uint64_t");

    // The ring counterclockwise, linked both ways by position; nothing else to allocate.
    double x[kSmallRingMaxPoints], y[kSmallRingMaxPoints];
    uint32_t source[kSmallRingMaxPoints];
    uint8_t prev[kSmallRingMaxPoints], next[kSmallRingMaxPoints];
    const bool reverse = signedArea < 0;
    for (size_t k = 0; k < n; ++k) {
        const size_t i = reverse ? n - 1 - k : k;
        x[k] = ring[i].x - origin.x;
        y[k] = ring[i].y - origin.y;
        source[k] = uint32_t(i) + indexBase;
        prev[k] = uint8_t(k == 0 ? n - 1 : k - 1);
        next[k] = uint8_t(k + 1 == n ? 0 : k + 1);
    }
    auto turn = [&](unsigned a, unsigned b, unsigned c) { return cross(x[a], y[a], x[b], y[b], x[c], y[c]); };
    auto bit = [](unsigned k) { return uint64_t(1) << k; };
    // Each corner, from its two edges: whether it makes no turn (a repeated point, a straight
    // corner, a spike), within rounding (a turn under 1e-12 of the product of the edges' lengths,
    // squared here: points along an edge of a shape whose corners are not exactly representable
    // are on it for every purpose), and whether it blocks ears: the corners that do not turn left,
    // as only they can lie in an ear (a vertex inside a triangle of a simple ring means a reflex
    // one inside).
    uint64_t blocking = 0;
    auto classify = [&](unsigned k) {
        const unsigned a = prev[k], c = next[k];
        const double ex = x[k] - x[a], ey = y[k] - y[a], fx = x[c] - x[k], fy = y[c] - y[k];
        const double t = ex * fy - ey * fx;
        blocking |= uint64_t(t < 0) << k;
        return t * t <= 1e-24 * (ex * ex + ey * ey) * (fx * fx + fy * fy);
    };
    bool anyStraight = false;
    for (unsigned k = 0; k < n; ++k) anyStraight |= classify(k);
    size_t live = n;
    unsigned v = 0;
    if (anyStraight) {
        // The corners that make no turn go first: each would otherwise cost a triangle once a cut
        // beside it makes it turn. Then the rest are classified again.
        for (unsigned end = 0;;) {
            if (classify(v)) {
                // Of a repeated point, the copy first in the source stays (the copy before or
                // after this one makes no turn either).
                unsigned drop = v;
                const unsigned after = next[v], before = prev[v];
                if (x[after] == x[v] && y[after] == y[v] && source[after] > source[v]) drop = after;
                else if (x[before] == x[v] && y[before] == y[v] && source[before] > source[v]) drop = before;
                next[prev[drop]] = next[drop];
                prev[next[drop]] = prev[drop];
                if (--live < 3) return false;  // the ring had no area after all
                v = end = prev[drop];
            } else {
                v = next[v];
                if (v == end) break;
            }
        }
        blocking = 0;
        for (unsigned k = v;;) {
            classify(k);
            k = next[k];
            if (k == v) break;
        }
    }

    const size_t start = out.size();
    out.resize(start + 3 * (n - 2));  // n - 2 triangles at most
    uint32_t* cursor = out.data() + start;
    double twice = 0;
    size_t idle = 0;  // corners looked at since the ring last changed
    while (live > 2) {
        const unsigned a = prev[v], c = next[v];
        const double t = turn(a, v, c);
        bool cutOff = t == 0;  // no turn (a repeated point, a straight corner, a spike): drop it
        if (t > 0) {
            // An ear unless a blocking corner lies in the triangle or on its sides. Most lie
            // outside the triangle's box (four in five on SF): that is tested first.
            bool ear = true;
            const uint64_t tested = blocking & ~(bit(a) | bit(c));
            const double x0 = std::min({x[a], x[v], x[c]}), x1 = std::max({x[a], x[v], x[c]});
            const double y0 = std::min({y[a], y[v], y[c]}), y1 = std::max({y[a], y[v], y[c]});
            for (uint64_t m = tested; m; m &= m - 1) {
                const unsigned p = unsigned(__builtin_ctzll(m));
                if ((x[p] < x0) | (x[p] > x1) | (y[p] < y0) | (y[p] > y1)) continue;
                if (turn(a, v, p) >= 0 && turn(v, c, p) >= 0 && turn(c, a, p) >= 0) {
                    ear = false;
                    break;
                }
            }
            if (ear) {
                cursor[0] = source[a];
                cursor[1] = source[v];
                cursor[2] = source[c];
                cursor += 3;
                twice += t;
                cutOff = true;
            }
        }
        if (cutOff) {
            next[a] = c;
            prev[c] = a;
            --live;
            blocking &= ~(bit(a) | bit(v) | bit(c));
            if (turn(prev[a], a, c) <= 0) blocking |= bit(a);
            if (turn(a, c, next[c]) <= 0) blocking |= bit(c);
            idle = 0;
            v = a;  // its corner changed: it may be an ear now
        } else {
            if (++idle > live) {  // round the ring without an ear: not for this clipper
                out.resize(start);
                return false;
            }
            v = c;
        }
    }
    out.resize(size_t(cursor - out.data()));
    twiceArea = twice;
    return true;
}

}  // namespace gs::detail
