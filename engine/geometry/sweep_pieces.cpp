// The sweep's pieces after the cuts: their triangles (each piece's stack, or the clipper), and the
// mending of pieces that run clockwise as a whole (see the header).
#include "geometry/sweep_triangulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "geometry/ear_predicates.hpp"
#include "geometry/triangulate.hpp"  // areaMatches

namespace gs::detail {

bool SweepTriangulator::emit(const EarNode* a, const EarNode* b, const EarNode* c) {
    const double turn = cross(a, b, c);
    if (turn < 0) return false;  // clockwise: the pieces are not what the sweep meant
    twiceArea_ += turn;
    cursor_[0] = a->index + indexBase_;
    cursor_[1] = b->index + indexBase_;
    cursor_[2] = c->index + indexBase_;
    cursor_ += 3;
    return true;
}

bool SweepTriangulator::triangulatePiece(EarNode* start) {
    // The piece's top and bottom corners, first in sweep order; the walk marks its corners done.
    EarNode* top = start;
    EarNode* bottom = start;
    size_t m = 0;
    EarNode* p = start;
    do {
        done_[size_t(p - pool_.data())] = kDone;
        if (p->z < top->z) top = p;
        if (p->z > bottom->z) bottom = p;
        ++m;
        p = p->next;
        if (m > used_) return false;  // not a ring: cannot happen, but never loop
    } while (p != start);
    if (m < 3) return true;  // two copies joined by a diagonal both ways: nothing to fill
    if (top == bottom) return false;

    // Both chains from top to bottom, merged in sweep order: the left one runs along next.
    // (Written by position into arrays that only ever grow: no push_back's size checks.)
    if (chain_.size() < m) {
        chain_.resize(m);
        left_.resize(m);
    }
    EarNode** chain = chain_.data();
    uint8_t* onLeft = left_.data();
    chain[0] = top;
    onLeft[0] = 1;
    size_t filled = 1;
    EarNode* l = top->next;
    EarNode* r = top->prev;
    // Which chain goes next follows no pattern: chosen with selects, both successors loaded.
    for (; filled + 1 < m; ++filled) {
        const bool takeLeft = (r == bottom) | ((l != bottom) & (l->z <= r->z));
        chain[filled] = pick(takeLeft, l, r);
        onLeft[filled] = takeLeft;
        EarNode* const ln = l->next;
        EarNode* const rp = r->prev;
        l = pick(takeLeft, ln, l);
        r = pick(takeLeft, r, rp);
    }
    chain[filled] = bottom;
    onLeft[filled] = 0;

    // The stack holds chain positions (at most m); each triangle cuts a corner between two
    // consecutive corners of what is left, and is emitted counterclockwise for its side.
    if (stack_.size() < m) stack_.resize(m);
    uint32_t* at = stack_.data();
    size_t height = 2;
    at[0] = 0;
    at[1] = 1;
    const size_t last = m - 1;
    for (size_t j = 2; j < last; ++j) {
        EarNode* u = chain[j];
        const bool uLeft = onLeft[j];
        if (uLeft != bool(onLeft[at[height - 1]])) {
            // u faces the whole stack across the piece: a fan from u.
            for (size_t i = 0; i + 1 < height; ++i) {
                EarNode* a = chain[at[i]];
                EarNode* b = chain[at[i + 1]];
                if (!(uLeft ? emit(u, b, a) : emit(u, a, b))) return false;
            }
            at[0] = uint32_t(j - 1);
            at[1] = uint32_t(j);
            height = 2;
        } else {
            // Same chain: cut the stack's corners while they are convex seen from u.
            uint32_t popped = at[--height];
            while (height > 0) {
                EarNode* a = chain[at[height - 1]];
                EarNode* b = chain[popped];
                const double turn = uLeft ? cross(a, b, u) : cross(u, b, a);
                if (turn <= 0) break;
                if (!(uLeft ? emit(a, b, u) : emit(u, b, a))) return false;
                popped = at[--height];
            }
            at[height++] = popped;
            at[height++] = uint32_t(j);
        }
    }
    // The bottom closes both chains: a fan from it over what the stack holds.
    EarNode* u = chain[last];
    const bool topLeft = onLeft[at[height - 1]];
    for (size_t i = 0; i + 1 < height; ++i) {
        EarNode* a = chain[at[i]];
        EarNode* b = chain[at[i + 1]];
        if (!(topLeft ? emit(u, a, b) : emit(u, b, a))) return false;
    }
    return true;
}

SweepTriangulator::Pieces SweepTriangulator::trianglesOfPieces(EarClipper& fallback, const EarOptions& options,
                                                               size_t start, std::vector<uint32_t>& out) {
    out.resize(start + 3 * used_);  // each piece of m corners makes m - 2 triangles
    cursor_ = out.data() + start;
    twiceArea_ = 0;
    deferred_.clear();
    saved_.clear();
    bad_.clear();
    bool clockwise = false;
    // Each piece from its first corner not yet done (found with memchr: whether a corner is done
    // follows no pattern a branch predictor could learn).
    const uint8_t* doneAt = done_.data();
    for (size_t i = 0;; ++i) {
        const void* next = std::memchr(doneAt + i, kLive, used_ - i);
        if (!next) break;
        i = size_t(static_cast<const uint8_t*>(next) - doneAt);
        uint32_t* pieceStart = cursor_;
        const double areaBefore = twiceArea_;
        if (triangulatePiece(&pool_[i])) continue;
        // Undo the piece's triangles. The clipper cuts it after the loop, its links saved first
        // (cutting consumes them, and a retry or a mend needs them), unless it runs clockwise: no
        // counterclockwise triangles can make a clockwise ring, so the pieces are mended first.
        twiceArea_ = areaBefore;
        cursor_ = pieceStart;
        EarNode* const first = &pool_[i];
        const EarNode* p = first;
        double twice = 0;
        do {
            twice += cross(first, p, p->next);
            saved_.push_back({uint32_t(p - pool_.data()), uint32_t(p->prev - pool_.data()),
                              uint32_t(p->next - pool_.data()), p->z});
            p = p->next;
        } while (p != first);
        clockwise |= twice < 0;
        deferred_.push_back({first, twice, saved_.size()});
    }
    if (clockwise) {
        out.resize(start);
        return Pieces::kClockwise;
    }
    out.resize(size_t(cursor_ - out.data()));
    // The clipper's triangles after the stack's, in a list of its own (so that the output is
    // sized once, however many pieces go).
    clipped_.clear();
    for (size_t k = 0; k < deferred_.size(); ++k)
        if (!clipPiece(fallback, options, k)) {
            // Every piece the clipper had is as it was before, for a mend to merge the one it
            // could not cut with its neighbours.
            restoreLinks(0, saved_.size());
            bad_.push_back(deferred_[k].piece);
            out.resize(start);
            return Pieces::kFailed;
        }
    out.insert(out.end(), clipped_.begin(), clipped_.end());
    return Pieces::kTriangulated;
}

void SweepTriangulator::restoreLinks(size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
        EarNode& n = pool_[saved_[k].node];
        n.prev = &pool_[saved_[k].prev];
        n.next = &pool_[saved_[k].next];
        n.z = saved_[k].z;
    }
}

bool SweepTriangulator::clipPiece(EarClipper& fallback, const EarOptions& options, size_t k) {
    // The piece is cut with `options`; if the triangles do not make its area (a crossing inside
    // it, which the fast pass's repairs only approximate), again from its saved links with every
    // corner on the z-order curve, then carefully (see triangulate()). The piece is small, so the
    // retries cost little next to the clipper taking the whole polygon.
    const Deferred& d = deferred_[k];
    const size_t from = k == 0 ? 0 : deferred_[k - 1].savedEnd;
    EarOptions passes[3] = {options, options, options};
    passes[1].zOrderMinReflex = 1;
    passes[2].careful = true;
    for (int pass = 0; pass < 3; ++pass) {
        if (pass == 1 && options.zOrderMinReflex == 1) continue;  // that pass was the first
        if (pass == 2 && d.savedEnd - from > kCarefulMaxPoints) break;
        if (pass > 0) restoreLinks(from, d.savedEnd);
        const size_t mark = clipped_.size();
        fallback.clipRing(d.piece, indexBase_, passes[pass], clipped_);
        const double got = 2 * fallback.area();
        if (areaMatches(got, d.twiceArea)) {
            twiceArea_ += got;
            return true;
        }
        clipped_.resize(mark);
    }
    return false;
}

bool SweepTriangulator::mendPieces() {
    constexpr uint32_t kNone = UINT32_MAX;
    auto id = [&](const EarNode* p) { return uint32_t(p - pool_.data()); };
    // Every piece, with twice its signed area (the walk bounded: a broken ring must not hang it).
    pieceOf_.assign(used_, kNone);
    pieceStart_.clear();
    pieceArea_.clear();
    edges_.clear();
    for (uint32_t i = 0; i < used_; ++i) {
        if (done_[i] == kGone || pieceOf_[i] != kNone) continue;
        const uint32_t piece = uint32_t(pieceStart_.size());
        EarNode* const first = &pool_[i];
        double twice = 0;
        size_t m = 0;
        EarNode* p = first;
        do {
            if (++m > used_ || pieceOf_[id(p)] != kNone) return false;
            pieceOf_[id(p)] = piece;
            twice += cross(first, p, p->next);
            edges_.push_back({uint64_t(p->index) << 32 | p->next->index, id(p)});
            p = p->next;
        } while (p != first);
        pieceStart_.push_back(first);
        pieceArea_.push_back(twice);
    }
    std::sort(edges_.begin(), edges_.end());

    // Each clockwise piece takes in the pieces across its edges (an edge u -> w of it, and w' -> u'
    // of another at the same source points: a diagonal's two sides, or two rings along each other)
    // until it runs counterclockwise. Joining u -> u'.next and w' -> w.next leaves u' and w out;
    // the two edges dropped run opposite ways, so the areas add.
    // (A piece the clipper could not cut takes in its neighbours once at least: its crossing may
    // be with an edge of theirs.)
    std::vector<uint8_t>& mustMerge = mustMerge_;
    mustMerge.assign(pieceArea_.size(), 0);
    for (const EarNode* p : bad_) mustMerge[pieceOf_[id(p)]] = 1;
    for (uint32_t piece = 0; piece < pieceArea_.size(); ++piece) {
        while (pieceArea_[piece] < 0 || mustMerge[piece]) {
            mustMerge[piece] = 0;
            if (pieceOf_[id(pieceStart_[piece])] != piece || done_[id(pieceStart_[piece])] == kGone)
                break;  // merged into another already
            walk_.clear();
            EarNode* p = pieceStart_[piece];
            do {
                if (walk_.size() == used_) return false;  // not a ring: cannot happen, but never loop
                walk_.push_back(p);
                p = p->next;
            } while (p != pieceStart_[piece]);
            bool merged = false;
            for (EarNode* u : walk_) {
                if (done_[id(u)] == kGone || pieceOf_[id(u)] != piece) continue;
                EarNode* w = u->next;
                const uint64_t key = uint64_t(w->index) << 32 | u->index;
                auto it = std::lower_bound(edges_.begin(), edges_.end(), std::pair<uint64_t, uint32_t>{key, 0});
                EarNode* twin = nullptr;
                for (; it != edges_.end() && it->first == key && !twin; ++it) {
                    EarNode* c = &pool_[it->second];
                    // Still an edge w' -> u' (merges relink), of another piece.
                    if (done_[id(c)] != kGone && pieceOf_[id(c)] != piece && c->next->index == u->index)
                        twin = c;
                }
                if (!twin) continue;
                const uint32_t other = pieceOf_[id(twin)];
                EarNode* const u2 = twin->next;
                EarNode* const after = w->next;
                u->next = u2->next;
                u2->next->prev = u;
                twin->next = after;
                after->prev = twin;
                done_[id(w)] = done_[id(u2)] = kGone;
                // The other piece's nodes, from u'.next round to w', are this one's now.
                for (EarNode* q = u->next; pieceOf_[id(q)] == other; q = q->next) pieceOf_[id(q)] = piece;
                pieceArea_[piece] += pieceArea_[other];
                pieceArea_[other] = 0;
                mustMerge[other] = 0;  // it is this piece now
                if (pieceStart_[piece] == w) pieceStart_[piece] = u;
                merged = true;
            }
            if (!merged) return false;  // nothing across its edges: it cannot be mended
        }
    }
    // Every piece is triangulated afresh.
    for (size_t i = 0; i < used_; ++i)
        if (done_[i] == kDone) done_[i] = kLive;
    return true;
}

}  // namespace gs::detail
