// A uniform grid over a layer's feature boxes: which feature lies under a point (hover, click,
// containment of a child level in its parent). Built once per layer; queries do not allocate.
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace gs {

struct LoadedLayer;

class FeatureIndex {
public:
    FeatureIndex() = default;
    explicit FeatureIndex(const LoadedLayer& layer);

    // The feature whose polygon contains p, or -1. When features overlap, the smallest wins (the
    // most specific thing under the cursor). Points and lines (layers that have them) are hit
    // within `tolerance` (display units; e.g. a few pixels' worth) and win over areas, the nearest
    // first. Needs the layer's geometry.
    int pick(const LoadedLayer& layer, Vec2d p, double tolerance = 0) const;

    bool empty() const { return !built_; }

private:
    Box extent_;
    int cols_ = 0, rows_ = 0;
    double cellW_ = 1, cellH_ = 1;
    std::vector<uint32_t> cellStart_;  // CSR layout: features of cell c are items_[start[c]..start[c+1])
    std::vector<uint32_t> items_;
    bool built_ = false;
};

}  // namespace gs
