#include "render/size_order.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gs {

SizeOrder orderRunsBySize(const std::vector<IndexRange>& runs, const std::vector<double>& areas,
                          const std::vector<IndexRange>& fillRanges, const std::vector<IndexRange>& lineRanges,
                          std::vector<uint32_t>& fillIndices, std::vector<uint32_t>& outlineIndices,
                          std::vector<IndexRange>& fillOut, std::vector<IndexRange>& lineOut) {
    const size_t n = fillRanges.size();
    SizeOrder o;
    o.feature.resize(n);
    o.size.resize(n);
    o.fillBefore.resize(n);
    o.lineBefore.resize(n);
    const std::vector<IndexRange> fillIn = fillRanges, lineIn = lineRanges;  // the outputs may alias them
    fillOut.resize(n);
    lineOut.resize(n);
    std::vector<uint32_t> scratch;
    // A feature with no triangles (a deferred layer's outside its meshed region) is size 0: its box.
    auto sizeOf = [&](uint32_t f) {
        return f < areas.size() && fillIn[f].count > 0 ? float(std::sqrt(std::max(0.0, areas[f]))) : 0.0f;
    };
    for (const IndexRange& run : runs) {
        const uint32_t f0 = run.first, f1 = run.first + run.count;
        if (run.count == 0 || f1 > n) continue;
        uint32_t* order = o.feature.data() + f0;
        std::iota(order, order + run.count, f0);
        std::stable_sort(order, order + run.count, [&](uint32_t a, uint32_t b) { return sizeOf(a) > sizeOf(b); });
        // One index array at a time: the run's span copied aside, written back in the new order.
        auto permute = [&](std::vector<uint32_t>& indices, const std::vector<IndexRange>& in,
                           std::vector<IndexRange>& out, std::vector<uint32_t>& before) {
            // The run's span, whatever the order of its features in it (a layer ordered before).
            uint32_t begin = UINT32_MAX, end = 0;
            for (uint32_t f = f0; f < f1; ++f) {
                begin = std::min(begin, in[f].first);
                end = std::max(end, in[f].first + in[f].count);
            }
            scratch.assign(indices.begin() + begin, indices.begin() + end);
            uint32_t at = begin;
            for (uint32_t p = 0; p < run.count; ++p) {
                const IndexRange r = in[order[p]];
                before[f0 + p] = at - begin;
                std::copy_n(scratch.begin() + (r.first - begin), r.count, indices.begin() + at);
                out[order[p]] = IndexRange{at, r.count};
                at += r.count;
            }
        };
        permute(fillIndices, fillIn, fillOut, o.fillBefore);
        permute(outlineIndices, lineIn, lineOut, o.lineBefore);
        for (uint32_t p = 0; p < run.count; ++p) o.size[f0 + p] = sizeOf(order[p]);
    }
    return o;
}

}  // namespace gs
