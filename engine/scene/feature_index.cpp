#include "scene/feature_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

namespace {

double segmentDistance(Vec2d p, Vec2d a, Vec2d b) {
    const Vec2d ab = b - a, ap = p - a;
    const double len2 = ab.x * ab.x + ab.y * ab.y;
    const double t = len2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0, 1.0) : 0.0;
    return std::hypot(p.x - (a.x + t * ab.x), p.y - (a.y + t * ab.y));
}

// The distance from p to the feature's nearest point or line, or infinity when it has none.
double nearestPart(const FeatureGeometry& g, size_t f, Vec2d p) {
    double best = std::numeric_limits<double>::infinity();
    if (f >= g.featureLineEnd.size()) return best;
    for (uint32_t m = g.featurePointBegin(f); m < g.featurePointEnd[f]; ++m)
        best = std::min(best, std::hypot(g.markers[m].x - p.x, g.markers[m].y - p.y));
    for (uint32_t l = g.featureLineBegin(f); l < g.featureLineEnd[f]; ++l)
        for (uint32_t i = g.lineBegin(l) + 1; i < g.lineEnds[l]; ++i)
            best = std::min(best, segmentDistance(p, g.linePoints[i - 1], g.linePoints[i]));
    return best;
}

}  // namespace

int FeatureIndex::pick(const LoadedLayer& layer, Vec2d p, double tolerance) const {
    if (!built_ || layer.geometry.featureCount() == 0) return -1;
    Box near;
    near.add(p.x - tolerance, p.y - tolerance);
    near.add(p.x + tolerance, p.y + tolerance);
    if (!extent_.intersects(near)) return -1;
    const int c0 = std::clamp(int((near.minX - extent_.minX) / cellW_), 0, cols_ - 1);
    const int c1 = std::clamp(int((near.maxX - extent_.minX) / cellW_), 0, cols_ - 1);
    const int r0 = std::clamp(int((near.minY - extent_.minY) / cellH_), 0, rows_ - 1);
    const int r1 = std::clamp(int((near.maxY - extent_.minY) / cellH_), 0, rows_ - 1);
    int best = -1;
    double bestArea = 0, bestDistance = std::numeric_limits<double>::infinity();
    thread_local std::vector<uint32_t> scratch;
    const auto& g = layer.geometry;
    const bool parts = g.hasLinesOrPoints();
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const size_t cell = size_t(r) * cols_ + c;
            for (uint32_t i = cellStart_[cell]; i < cellStart_[cell + 1]; ++i) {
                uint32_t f = items_[i];
                if (!layer.bounds[f].intersects(near)) continue;
                if (parts) {
                    const double d = nearestPart(g, f, p);
                    if (d <= tolerance && d < bestDistance) {
                        best = int(f);
                        bestDistance = d;
                        bestArea = 0;
                        continue;
                    }
                }
                // Areas only where no point or line is hit, smallest first.
                if (bestDistance < std::numeric_limits<double>::infinity()) continue;
                if (!layer.bounds[f].contains(p) || (best >= 0 && layer.areas[f] >= bestArea)) continue;
                for (uint32_t poly = g.polygonBegin(f); poly < g.featurePolyEnd[f]; ++poly) {
                    if (pointInPolygon(g.polygon(poly, scratch), p)) {
                        best = int(f);
                        bestArea = layer.areas[f];
                        break;
                    }
                }
            }
        }
    return best;
}

}  // namespace gs
