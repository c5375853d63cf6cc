// The ear-clipping core behind triangulate(); private to engine/geometry.
//
// Rings become circular linked lists of nodes; holes are spliced into the outer ring through
// zero-width bridges, then ears (convex corners with no other vertex inside) are cut off until
// nothing is left. Rings with many reflex corners index their nodes on a z-order curve, so an ear
// test only visits nodes near the ear; other rings test their few reflex corners; convex rings
// are fanned without any test.
//
// The fast pass may be optimistic because triangulate() checks its result: every ear it cuts runs
// counterclockwise, so if the clipping finishes, the triangles' winding numbers add up to the
// polygon's (1 inside, 0 outside) and, none being negative, they tile it exactly. A wrong ear leaves
// a remainder that no counterclockwise ear can finish, which shows as lost area, and triangulate()
// then retries in careful mode. So this code may fail on broken input but must never hang or crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "geometry/polygon.hpp"

namespace gs::detail {

// A vertex of a ring under construction. Nodes live in a pool sized before clipping starts and
// never move, because bridges and splits keep raw links to them.
struct EarNode {
    double x = 0, y = 0;       // relative to the polygon's origin, so predicates keep their precision
    uint32_t index = 0;        // the source point in PolygonView::points
    uint32_t z = 0;            // key on the z-order curve, when the ring is indexed
    EarNode* prev = nullptr;
    EarNode* next = nullptr;
    EarNode* prevZ = nullptr;  // neighbours in z order (nullptr at the ends)
    EarNode* nextZ = nullptr;
    bool reflex = false;       // may block an ear: a live reflex corner (kept current unless the
                               // ring is z-indexed), or any live corner in careful mode
};

// The careful pass is quadratic or worse; beyond this many points it would stall a loader thread
// for seconds, so a polygon (or a piece of one) that large is not given to it.
inline constexpr size_t kCarefulMaxPoints = 20000;

struct EarOptions {
    // Rings with at least this many reflex corners are indexed on a z-order curve; below it a scan
    // of the reflex corners is faster than sorting.
    uint32_t zOrderMinReflex = 16;
    // Careful mode: an ear test looks at every vertex (not only reflex ones), and the ear's diagonal
    // must cross no edge. Quadratic, for the rare polygon the fast pass gets wrong.
    bool careful = false;
};

class EarClipper {
public:
    // Appends triangles as indices (source index + indexBase), coordinates taken relative to
    // `origin`. ringAreas holds each ring's signed area (it decides the direction rings are linked
    // in; rings of zero area are skipped) and bounds the box of all points. The caller has
    // checked that the outer ring has area.
    void run(const PolygonView& poly, std::span<const double> ringAreas, const Box& bounds,
             Vec2d origin, uint32_t indexBase, const EarOptions& options, std::vector<uint32_t>& out);

    // Triangulates one ring already linked counterclockwise (a piece the sweep could not finish),
    // appending as run() does; its nodes' coordinates are relative to the polygon's origin.
    void clipRing(EarNode* ring, uint32_t indexBase, const EarOptions& options, std::vector<uint32_t>& out);

    // Total area of the triangles the last run() or clipRing() emitted (all of them, as absolute values), from
    // the same origin-relative coordinates the clipper works with.
    double area() const { return twiceArea_ / 2; }

private:
    EarNode* newNode(double x, double y, uint32_t index);
    EarNode* linkRing(const PolygonView& poly, uint32_t ring, Vec2d origin, bool reverse);
    EarNode* removeFlat(EarNode* start);
    void bridgeHoles(const PolygonView& poly, std::span<const double> ringAreas, Vec2d origin,
                     EarNode* outer);
    EarNode* findBridge(EarNode* hole, EarNode* outer) const;
    EarNode* split(EarNode* a, EarNode* b);
    uint32_t zKey(double x, double y) const;
    void indexCurve(EarNode* ring);
    void clip(EarNode* ear, int pass, bool indexed);
    bool isEar(const EarNode* ear, bool indexed);  // for a convex corner
    EarNode* cureLocalCrossings(EarNode* start);
    bool splitAtTouch(EarNode* start);
    void splitAndClip(EarNode* start);
    void emit(const EarNode* a, const EarNode* b, const EarNode* c);  // in ear_predicates.hpp
    // With the triangle's signed twice-area, when the caller has it already.
    void emit(const EarNode* a, const EarNode* b, const EarNode* c, double twiceArea);
    void growOutput();
    void begin(size_t nodes, uint32_t indexBase, const EarOptions& options, std::vector<uint32_t>& out);

    std::vector<EarNode> pool_;
    size_t used_ = 0;
    std::vector<EarNode*> holes_;
    std::vector<EarNode*> scratch_;   // nodes being sorted by position (touching points)
    std::vector<uint64_t> zSorted_;   // z key and position in zNodes_, for sorting on the curve
    std::vector<EarNode*> zNodes_;
    std::vector<EarNode*> reflex_;    // the current ring's reflex vertices, pruned lazily
    std::vector<uint32_t>* out_ = nullptr;
    uint32_t* cursor_ = nullptr;      // output is written through a pointer into out_, sized ahead
    uint32_t* outEnd_ = nullptr;
    double twiceArea_ = 0;
    uint32_t indexBase_ = 0;
    EarOptions options_;
    double minX_ = 0, minY_ = 0, invCell_ = 0;  // z-order grid over the polygon's box
};

}  // namespace gs::detail
