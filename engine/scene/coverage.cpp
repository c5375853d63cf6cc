#include "scene/coverage.hpp"

#include <algorithm>
#include <memory>
#include <cstdint>
#include <thread>
#include <cmath>

#include "scene/loaded_layer.hpp"

namespace gs {

double typicalFeatureSize(const LoadedLayer& layer) {
    if (layer.areas.empty()) return 0;
    // A sample is enough for a median: every 64th feature of a large layer.
    std::vector<double> sizes;
    const size_t step = std::max<size_t>(1, layer.areas.size() / 16384);
    for (size_t f = 0; f < layer.areas.size(); f += step) sizes.push_back(std::sqrt(std::max(0.0, layer.areas[f])));
    std::nth_element(sizes.begin(), sizes.begin() + std::ptrdiff_t(sizes.size() / 2), sizes.end());
    return sizes[sizes.size() / 2];
}

Coverage buildCoverage(const LoadedLayer& layer, double cellSize, int maxCells) {
    Coverage c;
    Box extent;
    for (const Box& b : layer.bounds) extent.add(b);
    if (extent.empty() || !(cellSize > 0)) return c;
    cellSize = std::max({cellSize, extent.width() / maxCells, extent.height() / maxCells});
    c.width = std::max(1, int(std::ceil(extent.width() / cellSize)));
    c.height = std::max(1, int(std::ceil(extent.height() / cellSize)));
    c.extent = Box{extent.minX, extent.minY, extent.minX + c.width * cellSize, extent.minY + c.height * cellSize};
    // Covered fractions in 16-bit fixed point, saturating at a whole cell (half the memory of
    // floats, which for SF's 3,400 x 3,500 cells was most of the work), rows split between two
    // threads (each walks every feature and keeps to its own rows).
    constexpr double kOne = 65535.0;
    const size_t cells = size_t(c.width) * size_t(c.height);
    // Zeroed by each thread for its own rows (a page-faulting memset of 24 MB for SF, half each).
    std::unique_ptr<uint16_t[]> covered(new uint16_t[cells]);
    c.alpha.resize(cells);
    auto accumulate = [&](int rowBegin, int rowEnd) {
        std::fill(covered.get() + size_t(rowBegin) * c.width, covered.get() + size_t(rowEnd) * c.width, uint16_t(0));
        for (size_t f = 0; f < layer.bounds.size() && f < layer.areas.size(); ++f) {
            const Box& b = layer.bounds[f];
            if (b.empty() || !(layer.areas[f] > 0)) continue;
            // The area spread evenly over the box: exact for rectangles, close for footprints.
            const double x0 = (b.minX - c.extent.minX) / cellSize, x1 = (b.maxX - c.extent.minX) / cellSize;
            const double y0 = (b.minY - c.extent.minY) / cellSize, y1 = (b.maxY - c.extent.minY) / cellSize;
            const double boxArea = std::max((x1 - x0) * (y1 - y0), 1e-12);
            const double density = layer.areas[f] / (cellSize * cellSize) / boxArea;  // of a cell, per cell² of box
            const int cx0 = std::clamp(int(x0), 0, c.width - 1), cx1 = std::clamp(int(x1), 0, c.width - 1);
            const int cy0 = std::max(std::clamp(int(y0), 0, c.height - 1), rowBegin);
            const int cy1 = std::min(std::clamp(int(y1), 0, c.height - 1), rowEnd - 1);
            for (int y = cy0; y <= cy1; ++y) {
                const double oy = std::min(y1, double(y + 1)) - std::max(y0, double(y));
                if (oy <= 0 && y1 > y0) continue;
                for (int x = cx0; x <= cx1; ++x) {
                    const double ox = std::min(x1, double(x + 1)) - std::max(x0, double(x));
                    if (ox <= 0 && x1 > x0) continue;
                    const double overlap = (x1 > x0 ? ox : 1.0) * (y1 > y0 ? oy : 1.0);
                    uint16_t& cell = covered[size_t(y) * c.width + x];
                    const double sum = cell + std::min(kOne, density * overlap * kOne) + 0.5;
                    cell = uint16_t(std::min(kOne, sum));
                }
            }
        }
        // The rows as 8-bit alpha.
        for (size_t i = size_t(rowBegin) * c.width; i < size_t(rowEnd) * c.width; ++i)
            c.alpha[i] = uint8_t((uint32_t(covered[i]) * 255 + 32767) / 65535);
    };
    {
        const int half = c.height / 2;
        std::jthread upper(accumulate, half, c.height);
        accumulate(0, half);
    }
    buildCoverageMips(c);
    return c;
}

void buildCoverageMips(Coverage& c) {
    c.mips.clear();
    for (size_t level = 1; c.mipWidth(level - 1) > 1 || c.mipHeight(level - 1) > 1; ++level) {
        const std::vector<uint8_t>& above = level == 1 ? c.alpha : c.mips.back();
        const int aw = c.mipWidth(level - 1), ah = c.mipHeight(level - 1);
        const int w = c.mipWidth(level), h = c.mipHeight(level);
        std::vector<uint8_t> out(size_t(w) * size_t(h));
        for (int y = 0; y < h; ++y) {
            // Rows 2y and 2y + 1 above, and 2y + 2 too where it is the last of an odd side.
            const int y0 = std::min(2 * y, ah - 1), y1 = (y == h - 1) ? ah - 1 : std::min(2 * y + 1, ah - 1);
            int x = 0;
            if (y1 == y0 + 1) {
                // Whole 2 x 2 blocks (all but the last column): the same rounding, no division.
                const uint8_t* r0 = above.data() + size_t(y0) * size_t(aw);
                const uint8_t* r1 = r0 + aw;
                uint8_t* o = out.data() + size_t(y) * size_t(w);
                for (; x < w - 1 && 2 * x + 1 < aw; ++x)
                    o[x] = uint8_t((unsigned(r0[2 * x]) + r0[2 * x + 1] + r1[2 * x] + r1[2 * x + 1] + 2) >> 2);
            }
            for (; x < w; ++x) {
                const int x0 = std::min(2 * x, aw - 1), x1 = (x == w - 1) ? aw - 1 : std::min(2 * x + 1, aw - 1);
                unsigned sum = 0, n = 0;
                for (int yy = y0; yy <= y1; ++yy)
                    for (int xx = x0; xx <= x1; ++xx, ++n) sum += above[size_t(yy) * size_t(aw) + size_t(xx)];
                out[size_t(y) * size_t(w) + size_t(x)] = uint8_t((sum + n / 2) / n);
            }
        }
        c.mips.push_back(std::move(out));
    }
}

}  // namespace gs
