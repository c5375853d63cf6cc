#include "scene/feature_index.hpp"

#include <algorithm>
#include <cmath>

#include "geometry/point_in_polygon.hpp"
#include "scene/loaded_layer.hpp"

namespace gs {

FeatureIndex::FeatureIndex(const LoadedLayer& layer) {
    const size_t n = layer.bounds.size();
    for (const Box& b : layer.bounds) extent_.add(b);
    if (n == 0 || extent_.empty()) return;
    // About two features per cell on average keeps both the grid and the candidate lists small.
    double cellsWanted = std::max(1.0, double(n) / 2.0);
    double aspect = std::max(extent_.width(), 1e-9) / std::max(extent_.height(), 1e-9);
    cols_ = std::clamp(int(std::sqrt(cellsWanted * aspect)), 1, 4096);
    rows_ = std::clamp(int(cellsWanted / cols_), 1, 4096);
    cellW_ = std::max(extent_.width() / cols_, 1e-9);
    cellH_ = std::max(extent_.height() / rows_, 1e-9);

    auto cellRange = [&](const Box& b, int& c0, int& r0, int& c1, int& r1) {
        c0 = std::clamp(int((b.minX - extent_.minX) / cellW_), 0, cols_ - 1);
        c1 = std::clamp(int((b.maxX - extent_.minX) / cellW_), 0, cols_ - 1);
        r0 = std::clamp(int((b.minY - extent_.minY) / cellH_), 0, rows_ - 1);
        r1 = std::clamp(int((b.maxY - extent_.minY) / cellH_), 0, rows_ - 1);
    };
    std::vector<uint32_t> counts(size_t(cols_) * rows_ + 1, 0);
    for (size_t f = 0; f < n; ++f) {
        if (layer.bounds[f].empty()) continue;
        int c0, r0, c1, r1;
        cellRange(layer.bounds[f], c0, r0, c1, r1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) counts[size_t(r) * cols_ + c + 1]++;
    }
    for (size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
    cellStart_ = counts;
    items_.resize(counts.back());
    std::vector<uint32_t> fillPos(counts.begin(), counts.end() - 1);
    for (size_t f = 0; f < n; ++f) {
        if (layer.bounds[f].empty()) continue;
        int c0, r0, c1, r1;
        cellRange(layer.bounds[f], c0, r0, c1, r1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) items_[fillPos[size_t(r) * cols_ + c]++] = uint32_t(f);
    }
    built_ = true;
}

int FeatureIndex::pick(const LoadedLayer& layer, Vec2d p) const {
    if (!built_ || !extent_.contains(p) || layer.geometry.featureCount() == 0) return -1;
    int c = std::clamp(int((p.x - extent_.minX) / cellW_), 0, cols_ - 1);
    int r = std::clamp(int((p.y - extent_.minY) / cellH_), 0, rows_ - 1);
    size_t cell = size_t(r) * cols_ + c;
    int best = -1;
    double bestArea = 0;
    thread_local std::vector<uint32_t> scratch;
    const auto& g = layer.geometry;
    for (uint32_t i = cellStart_[cell]; i < cellStart_[cell + 1]; ++i) {
        uint32_t f = items_[i];
        if (!layer.bounds[f].contains(p)) continue;
        if (best >= 0 && layer.areas[f] >= bestArea) continue;
        for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
            if (pointInPolygon(g.polygon(poly, scratch), p)) {
                best = int(f);
                bestArea = layer.areas[f];
                break;
            }
        }
    }
    return best;
}

}  // namespace gs
