#include "render/size_order.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gs {

std::vector<IndexRange> featureRuns(size_t features) {
    const size_t perRun = std::clamp<size_t>(features / 1024, 1, 256);
    std::vector<IndexRange> runs;
    runs.reserve(features / perRun + 1);
    for (size_t f0 = 0; f0 < features; f0 += perRun)
        runs.push_back({uint32_t(f0), uint32_t(std::min(features, f0 + perRun) - f0)});
    return runs;
}

SizeOrder orderRunsBySize(const std::vector<IndexRange>& runs, const std::vector<double>& areas,
                          const std::vector<IndexRange>& fillRanges, const std::vector<IndexRange>& lineRanges,
                          std::vector<uint32_t>& fillIndices, LineMesh& outline, std::vector<IndexRange>& fillOut,
                          std::vector<IndexRange>& lineOut) {
    const size_t n = fillRanges.size();
    SizeOrder o;
    o.feature.resize(n);
    o.size.resize(n);
    o.fillBefore.resize(n);
    o.lineBefore.resize(n);
    fillOut.resize(n);
    lineOut.resize(n);
    // Per run: its features' ranges as they came in (the outputs may be the inputs) and sizes.
    std::vector<IndexRange> fillIn, lineIn;
    std::vector<float> sizes;
    std::vector<uint32_t> scratch;
    std::vector<Vec2f> pointScratch;
    for (const IndexRange& run : runs) {
        const uint32_t f0 = run.first, f1 = run.first + run.count;
        if (run.count == 0 || f1 > n) continue;
        fillIn.assign(fillRanges.begin() + f0, fillRanges.begin() + f1);
        lineIn.assign(lineRanges.begin() + f0, lineRanges.begin() + f1);
        // A feature with no triangles (a deferred layer's outside its meshed region) is size 0:
        // its box.
        sizes.resize(run.count);
        for (uint32_t k = 0; k < run.count; ++k)
            sizes[k] = f0 + k < areas.size() && fillIn[k].count > 0 ? float(std::sqrt(std::max(0.0, areas[f0 + k]))) : 0.0f;
        uint32_t* order = o.feature.data() + f0;
        std::iota(order, order + run.count, f0);
        // A run with nothing meshed (most of a layer meshed region by region) stays as it is.
        bool meshed = false;
        for (uint32_t k = 0; k < run.count && !meshed; ++k) meshed = fillIn[k].count > 0 || lineIn[k].count > 0;
        if (!meshed) {
            for (uint32_t k = 0; k < run.count; ++k) {
                o.size[f0 + k] = 0;
                o.fillBefore[f0 + k] = o.lineBefore[f0 + k] = 0;
                fillOut[f0 + k] = fillIn[k];
                lineOut[f0 + k] = lineIn[k];
            }
            continue;
        }
        // Largest first, ties in feature order: the sized ones to the front in order, then sorted
        // (as one stable sort by size would, without sorting a region's many unmeshed zeros).
        auto sizeOf = [&](uint32_t f) { return sizes[f - f0]; };
        uint32_t* sized = std::stable_partition(order, order + run.count, [&](uint32_t f) { return sizeOf(f) > 0; });
        std::stable_sort(order, sized, [&](uint32_t a, uint32_t b) { return sizeOf(a) > sizeOf(b); });
        // One array at a time: the run's span copied aside, written back in the new order.
        auto permute = [&](auto& array, auto& aside, const std::vector<IndexRange>& in, std::vector<IndexRange>& out,
                           std::vector<uint32_t>* before) {
            // The run's span, whatever the order of its features in it (a layer ordered before).
            uint32_t begin = UINT32_MAX, end = 0;
            for (const IndexRange& r : in) {
                begin = std::min(begin, r.first);
                end = std::max(end, r.first + r.count);
            }
            aside.assign(array.begin() + begin, array.begin() + end);
            uint32_t at = begin;
            for (uint32_t p = 0; p < run.count; ++p) {
                const IndexRange r = in[order[p] - f0];
                if (before) (*before)[f0 + p] = at - begin;
                std::copy_n(aside.begin() + (r.first - begin), r.count, array.begin() + at);
                out[order[p]] = IndexRange{at, r.count};
                at += r.count;
            }
        };
        permute(fillIndices, scratch, fillIn, fillOut, &o.fillBefore);
        // The outlines' points, and with them the triangles that name them: a feature's
        // triangles name its own points only, which moved by as much as its range did.
        permute(outline.points, pointScratch, lineIn, lineOut, &o.lineBefore);
        permute(outline.features, scratch, lineIn, lineOut, nullptr);
        for (uint32_t f = f0; f < f1; ++f) {
            const uint32_t moved = lineOut[f].first - lineIn[f - f0].first;  // modulo 2^32
            for (uint32_t k = fillOut[f].first; k < fillOut[f].first + fillOut[f].count; ++k) fillIndices[k] += moved;
        }
        for (uint32_t p = 0; p < run.count; ++p) o.size[f0 + p] = sizeOf(order[p]);
    }
    return o;
}

std::optional<SizeOrder> orderMeshesBySize(const std::vector<double>& areas, std::vector<IndexRange>& fillRanges,
                                           std::vector<IndexRange>& lineRanges, std::vector<uint32_t>& fillIndices,
                                           LineMesh& outline) {
    const size_t n = fillRanges.size();
    if (n == 0 || lineRanges.size() != n || areas.size() != n) return std::nullopt;
    return orderRunsBySize(featureRuns(n), areas, fillRanges, lineRanges, fillIndices, outline, fillRanges,
                           lineRanges);
}

}  // namespace gs
