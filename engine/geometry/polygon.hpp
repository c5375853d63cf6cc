// A polygon with holes as a view over flat arrays, the form every geometry stage works on.
#pragma once

#include <cstdint>
#include <span>

#include "core/types.hpp"

namespace gs {

// Ring r spans points [r == 0 ? 0 : ringEnds[r-1], ringEnds[r]). Ring 0 is the outer ring, the
// others its holes. Orientation is arbitrary; a closing point equal to the first is allowed.
struct PolygonView {
    std::span<const Vec2d> points;
    std::span<const uint32_t> ringEnds;

    uint32_t ringCount() const { return static_cast<uint32_t>(ringEnds.size()); }
    uint32_t ringBegin(uint32_t r) const { return r == 0 ? 0 : ringEnds[r - 1]; }
    std::span<const Vec2d> ring(uint32_t r) const {
        return points.subspan(ringBegin(r), ringEnds[r] - ringBegin(r));
    }
};

}  // namespace gs
