// Screen-space label placement: which labels to draw this frame so that none overlap.
//
// Greedy by priority (a grid's screen area is a good one: big areas get their names first), the
// way map renderers do collision detection: a candidate is accepted when its box lies inside the
// viewport and stays `padding` pixels clear of every label accepted before it. Accepted boxes are
// kept in a uniform grid of buckets, so each test looks only at nearby labels and 10,000
// candidates place in a fraction of a millisecond.
//
// Stability: labels that were shown last frame can get a priority boost, so that while panning a
// label does not vanish because a slightly larger neighbour came into view (flicker).
//
// Deterministic: the same candidates give the same result whatever their input order, because
// ties in priority are broken by id.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_set>
#include <vector>

#include "core/types.hpp"

namespace gs {

struct LabelCandidate {
    uint64_t id = 0;       // e.g. the feature id; used for tie breaks and stability hints
    Vec2d anchor;          // screen pixels, y down
    double width = 0;      // box size in pixels (the layout's box, usually)
    double height = 0;
    double priority = 0;   // larger first; NaN counts as lowest
    Vec2d offset;          // box centre relative to the anchor; {0,0} centres the box on it

    Box box() const {
        Box b;
        const Vec2d centre = anchor + offset;
        b.add(centre.x - width / 2, centre.y - height / 2);
        b.add(centre.x + width / 2, centre.y + height / 2);
        return b;
    }
};

struct LabelPlacerOptions {
    Box viewport;          // screen pixels, required; a label must lie wholly inside
    double padding = 2;    // minimum gap between two labels' boxes, pixels (cover the halo)
    // Previously placed labels have their priority multiplied by this (divided, for a negative
    // priority). 1 disables stability.
    double stabilityBoost = 1.5;
};

class LabelPlacer {
public:
    // Indices into `candidates` of the accepted labels, highest priority first. `previouslyPlaced`
    // (optional) holds the ids shown last frame; see LabelPlacerOptions::stabilityBoost.
    // The returned reference stays valid until the next call.
    const std::vector<uint32_t>& place(std::span<const LabelCandidate> candidates,
                                       const LabelPlacerOptions& options,
                                       const std::unordered_set<uint64_t>* previouslyPlaced = nullptr);

    // The ids accepted by the last place(), ready to pass as the next frame's hint.
    std::unordered_set<uint64_t> placedIds(std::span<const LabelCandidate> candidates) const;

private:
    struct Rect {
        double x0, y0, x1, y1;
    };
    struct Ranked {
        uint32_t key;     // the priority as a radix-sortable key (see descendingKey)
        uint32_t index;   // into the candidates
        double priority;  // with the stability boost; orders equal keys
        Rect box;         // carried along so the placing loop reads the candidates in order
    };

    struct CellSpan {
        int c0, r0, c1, r1;
    };

    void sortRanked(std::span<const LabelCandidate> candidates);
    void resetGrid(const Box& viewport, double typicalSize);
    CellSpan cellSpan(const Rect& rect) const;
    bool collides(const Rect& padded) const;
    void insert(const Rect& box);

    // Scratch kept between frames so placing allocates nothing once warm.
    std::vector<Ranked> ranked_;
    std::vector<Ranked> scratch_;
    std::vector<uint32_t> accepted_;
    std::vector<std::vector<Rect>> cells_;  // per bucket: the accepted boxes (unpadded) touching it
    double originX_ = 0, originY_ = 0;
    double cellSize_ = 1, inverseCell_ = 1;
    int columns_ = 0, rows_ = 0;
};

}  // namespace gs
