// Triangulation by a plane sweep; private to engine/geometry, tried by triangulate() before the
// ear clipper.
//
// The polygon is cut into y-monotone pieces by diagonals found in one top-to-bottom sweep (split
// and merge corners joined to the helper of the edge left of them; holes need no bridges, their
// top corners are split corners), and each piece is triangulated along its two chains with a
// stack. The cost is the sort of the corners plus a scan of the few edges crossing the sweep line
// at each split, merge and right-hand corner: n log n where the ear clipper, on the many-cornered
// footprints and courtyards of real data, tests each ear against its neighbourhood.
//
// Every triangle it emits cuts one corner off the ring it works on (a diagonal splits a ring in
// two, the stack cuts consecutive corners), so the triangles' boundaries add up to the polygon's.
// If none of them runs clockwise, their winding numbers, each 0 or 1, add up to the polygon's:
// they tile it exactly. run() therefore checks only that every triangle's signed area is not
// negative. On degenerate input (rings touching, spikes, crossings) the sweep may find wrong
// diagonals; then some triangle of a piece runs clockwise, and the ear clipper, which has repairs
// for such input, takes that piece (its result checked by triangulate()'s area test, as the
// clipper's always is). A piece that runs clockwise as a whole (a ring crossing itself makes
// some) has no triangles of that kind at all, and a piece holding part of a crossing may have
// none that make its area: such a piece is merged with the pieces across its edges, and the pieces
// are triangulated again. If the sweep itself cannot go on, or the merged pieces still fail,
// run() returns false with nothing appended and the clipper takes the whole polygon.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "geometry/ear_clipper.hpp"
#include "geometry/polygon.hpp"

namespace gs::detail {

class SweepTriangulator {
public:
    // Appends the triangles (source index + indexBase, counterclockwise) and returns true, or
    // returns false with nothing appended. ringAreas: each ring's signed area (rings of zero area
    // are skipped); coordinates are taken relative to `origin`.
    // A piece the stack cannot finish (a tiny crossing or a spike of real data makes a triangle
    // run clockwise) goes to `fallback`, and its triangles join the rest: the fast pass, then one
    // with every corner on the z-order curve, then the careful pass, until one makes its area.
    bool run(const PolygonView& poly, std::span<const double> ringAreas, Vec2d origin, uint32_t indexBase,
             EarClipper& fallback, std::vector<uint32_t>& out);

    // Total area of the triangles the last successful run() emitted.
    double area() const { return twiceArea_ / 2; }

    // Sweeps with more edges across the line than this give up (the scan for the edge left of a
    // corner would make the sweep quadratic): the ear clipper's z-order index serves them better.
    static constexpr size_t kMaxActiveEdges = 64;

    // Rounds of merging pieces that go wrong with their neighbours before the whole polygon goes
    // to the clipper. On SF one round keeps 346 of the 506 polygons that went whole to the clipper
    // (4 of which it could not cut); three keep 25 more but cost 3.5 % more instructions over SF.
    static constexpr int kMendRounds = 1;

private:
    void growPool(size_t capacity);  // keeps the used nodes' links
    bool linkRing(const PolygonView& poly, uint32_t ring, Vec2d origin, bool reverse);
    bool sweep();
    bool cut();
    bool triangulatePiece(EarNode* start);
    EarNode* copyFacing(EarNode* vertex, const EarNode* towards) const;
    bool emit(const EarNode* a, const EarNode* b, const EarNode* c);
    // The pieces' triangles from `start` in out: each piece's stack, or else the clipper's passes
    // starting with `options` (sweep_pieces.cpp). Unless all are triangulated, out is left as it
    // was: a piece runs clockwise as a whole (before any is clipped, so that the pieces can be
    // mended), or no pass of the clipper makes some piece's area.
    enum class Pieces { kTriangulated, kClockwise, kFailed };
    Pieces trianglesOfPieces(EarClipper& fallback, const EarOptions& options, size_t start,
                             std::vector<uint32_t>& out);
    // Clips deferred piece k, retried with more careful passes while its triangles miss its area;
    // false if none makes it.
    bool clipPiece(EarClipper& fallback, const EarOptions& options, size_t k);
    void restoreLinks(size_t from, size_t to);  // of saved_[from, to)
    // Merges each piece that runs clockwise with the pieces across its edges until it runs
    // counterclockwise, and each piece in bad_ with them once at least; then makes every piece's
    // corners not done again. False if a piece has nothing across its edges to merge.
    bool mendPieces();

    // done_ per node:
    static constexpr uint8_t kLive = 0;  // in a piece not triangulated yet
    static constexpr uint8_t kDone = 1;  // in a piece triangulated (or handed to the clipper)
    static constexpr uint8_t kGone = 2;  // dropped as flat, or left out by a merge of pieces

    std::vector<EarNode> pool_;   // corners first (the sweep's vertices), then the copies splits make
    std::vector<uint8_t> done_;   // per node: kLive, kDone or kGone
    std::vector<uint32_t> links_;  // growPool's scratch
    size_t used_ = 0;
    size_t vertices_ = 0;
    // A corner's place in the sweep as one integer (run()): y's order, x's top bits, its number.
    using Key = unsigned __int128;
    static uint32_t vertexOf(Key k) { return uint32_t(k); }
    std::vector<Key> order_;       // corners from top to bottom
    std::vector<uint32_t> helper_;  // per corner, the helper of the edge leaving it (if in the sweep)
    std::vector<uint8_t> kind_;     // per corner: its role in the sweep
    std::vector<uint32_t> active_;  // edges across the sweep line with the interior right of them
    std::vector<uint32_t> slot_;    // per corner, where the edge leaving it is in active_ (if there)
    std::vector<std::pair<uint32_t, uint32_t>> diagonals_;
    std::vector<EarNode*> chain_;   // a piece's corners, top to bottom
    std::vector<uint8_t> left_;     // and whether each is on its left chain
    std::vector<uint32_t> clipped_;  // the triangles the clipper cut of the pieces handed to it
    std::vector<uint32_t> stack_;  // chain positions of the corners waiting
    // Pieces the stack could not finish, for the clipper: each with twice its signed area and
    // where its nodes' links end in saved_ (they start where the previous piece's end).
    struct Deferred {
        EarNode* piece;
        double twiceArea;
        size_t savedEnd;
    };
    std::vector<Deferred> deferred_;
    struct SavedNode {
        uint32_t node, prev, next, z;
    };
    std::vector<SavedNode> saved_;
    std::vector<EarNode*> bad_;  // a node of each piece the clipper could not cut, for the mend
    std::vector<uint8_t> mustMerge_;
    // mendClockwisePieces()'s scratch: each node's piece, each piece's first node and twice its
    // signed area, and every edge as (its ends' source indices, its first node).
    std::vector<uint32_t> pieceOf_;
    std::vector<EarNode*> pieceStart_;
    std::vector<double> pieceArea_;
    std::vector<std::pair<uint64_t, uint32_t>> edges_;
    std::vector<EarNode*> walk_;
    uint32_t* cursor_ = nullptr;
    uint32_t indexBase_ = 0;
    double twiceArea_ = 0;
};

}  // namespace gs::detail
