#include "scene/coverage.hpp"

#include <algorithm>
#include <memory>
#include <vector>
#include <cstdint>
#include <thread>
#include <cmath>

#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

// Rows [yBegin, yEnd) of mip `level` (1 = half the alpha's size) from the level above, each cell
// the rounded mean of the 2 x 2 above it (3 wide or high at the last column or row of an odd
// side). c.mips[level - 1] has its size already.
void mipRows(Coverage& c, size_t level, int yBegin, int yEnd) {
    const CoverageBytes& above = level == 1 ? c.alpha : c.mips[level - 2];
    CoverageBytes& out = c.mips[level - 1];
    const int aw = c.mipWidth(level - 1), ah = c.mipHeight(level - 1);
    const int w = c.mipWidth(level), h = c.mipHeight(level);
    for (int y = yBegin; y < yEnd; ++y) {
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
}

// Every mip level of c made room for (not set: mipRows writes every cell), from half c's size down
// to one cell.
void allocateMips(Coverage& c) {
    c.mips.clear();
    for (size_t level = 1; c.mipWidth(level - 1) > 1 || c.mipHeight(level - 1) > 1; ++level)
        c.mips.emplace_back(size_t(c.mipWidth(level)) * size_t(c.mipHeight(level)));
}

}  // namespace

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
    // Covered fractions in 16-bit fixed point, saturating at a whole cell (each footprint adds its
    // share of a cell rounded, so the sum is the same in any order), in bands of rows: a band's
    // sums fit in the cache and are made 8-bit alpha at once, instead of a layer-sized array of
    // sums written, zeroed and read again (for SF, 24 MB of fresh pages). Two threads take the
    // bands in turn; each footprint is listed in every band its rows meet.
    constexpr double kOne = 65535.0;
    constexpr int kBandRows = 32;
    constexpr size_t kBandLevels = 5;  // 32 = 2^5 rows: a band's rows halve evenly five times
    const size_t cells = size_t(c.width) * size_t(c.height);
    c.alpha.resize(cells);
    const int bands = (c.height + kBandRows - 1) / kBandRows;
    // A footprint's box in cells and its area's density over it; made again wherever needed
    // (a layer-sized array of them would be 41 MB for a city of a million).
    struct Span {
        double x0 = 0, x1 = 0, y0 = 0, y1 = 0, density = 0;
    };
    const size_t n = std::min(layer.bounds.size(), layer.areas.size());
    auto spanOf = [&](size_t f, Span& s) {
        const Box& b = layer.bounds[f];
        if (b.empty() || !(layer.areas[f] > 0)) return false;  // draws nothing
        // The area spread evenly over the box: exact for rectangles, close for footprints.
        s.x0 = (b.minX - c.extent.minX) / cellSize;
        s.x1 = (b.maxX - c.extent.minX) / cellSize;
        s.y0 = (b.minY - c.extent.minY) / cellSize;
        s.y1 = (b.maxY - c.extent.minY) / cellSize;
        const double boxArea = std::max((s.x1 - s.x0) * (s.y1 - s.y0), 1e-12);
        s.density = layer.areas[f] / (cellSize * cellSize) / boxArea;  // of a cell, per cell² of box
        return true;
    };
    auto rowsOf = [&](const Span& s, int& r0, int& r1) {
        r0 = std::clamp(int(s.y0), 0, c.height - 1);
        r1 = std::clamp(int(s.y1), 0, c.height - 1);
    };
    // The footprints of each band, in layer order: two threads each list a half of the layer's
    // footprints (counted first, then written where the counts put them), the first half's
    // ahead of the second's in every band, as one pass in order would have them.
    std::vector<uint32_t> bandStart(size_t(bands) + 1, 0);
    std::vector<uint32_t> inBand;
    {
        const size_t mid = n / 2;
        std::vector<uint32_t> counts[2] = {std::vector<uint32_t>(size_t(bands), 0),
                                          std::vector<uint32_t>(size_t(bands), 0)};
        auto eachBand = [&](size_t from, size_t to, auto&& f) {
            for (size_t feature = from; feature < to; ++feature) {
                Span s;
                int r0, r1;
                if (!spanOf(feature, s)) continue;
                rowsOf(s, r0, r1);
                for (int band = r0 / kBandRows; band <= r1 / kBandRows; ++band) f(size_t(band), uint32_t(feature));
            }
        };
        auto count = [&](int half) {
            auto& mine = counts[half];
            eachBand(half ? mid : 0, half ? n : mid, [&](size_t band, uint32_t) { ++mine[band]; });
        };
        {
            std::jthread other(count, 1);
            count(0);
        }
        for (size_t band = 0; band < size_t(bands); ++band)
            bandStart[band + 1] = bandStart[band] + counts[0][band] + counts[1][band];
        inBand.resize(bandStart.back());
        auto list = [&](int half) {
            std::vector<uint32_t> at(static_cast<size_t>(bands));
            for (size_t band = 0; band < size_t(bands); ++band)
                at[band] = bandStart[band] + (half ? counts[0][band] : 0);
            eachBand(half ? mid : 0, half ? n : mid,
                     [&](size_t band, uint32_t feature) { inBand[at[band]++] = feature; });
        };
        std::jthread other(list, 1);
        list(0);
    }
    // Whether a band makes its rows of mip `level` itself: a whole band (32 rows above halve
    // evenly) whose rows there end above the level's last row (which may need a third row,
    // below the band).
    auto bandMakes = [&](int band, size_t level) {
        const int rowEnd = (band + 1) * kBandRows;
        return rowEnd <= c.height && (rowEnd >> level) <= c.mipHeight(level) - 1;
    };
    auto accumulate = [&](int first, int step) {
        std::vector<uint16_t> covered(size_t(kBandRows) * size_t(c.width));
        for (int band = first; band < bands; band += step) {
            const int rowBegin = band * kBandRows, rowEnd = std::min(c.height, rowBegin + kBandRows);
            std::fill(covered.begin(), covered.end(), uint16_t(0));
            for (uint32_t k = bandStart[size_t(band)]; k < bandStart[size_t(band) + 1]; ++k) {
                Span s;
                if (!spanOf(inBand[k], s)) continue;  // (only footprints that draw are listed)
                const int cx0 = std::clamp(int(s.x0), 0, c.width - 1), cx1 = std::clamp(int(s.x1), 0, c.width - 1);
                int cy0, cy1;
                rowsOf(s, cy0, cy1);
                cy0 = std::max(cy0, rowBegin);
                cy1 = std::min(cy1, rowEnd - 1);
                for (int y = cy0; y <= cy1; ++y) {
                    const double oy = std::min(s.y1, double(y + 1)) - std::max(s.y0, double(y));
                    if (oy <= 0 && s.y1 > s.y0) continue;
                    uint16_t* row = covered.data() + size_t(y - rowBegin) * size_t(c.width);
                    const double wy = s.y1 > s.y0 ? oy : 1.0;
                    auto addCell = [&](int x) {
                        const double ox = std::min(s.x1, double(x + 1)) - std::max(s.x0, double(x));
                        if (ox <= 0 && s.x1 > s.x0) return;
                        const double overlap = (s.x1 > s.x0 ? ox : 1.0) * wy;
                        const double sum = row[x] + std::min(kOne, s.density * overlap * kOne) + 0.5;
                        row[x] = uint16_t(std::min(kOne, sum));
                    };
                    if (cx1 - cx0 < 2 || !(s.x1 > s.x0)) {
                        for (int x = cx0; x <= cx1; ++x) addCell(x);
                        continue;
                    }
                    // The cells between the first and the last are covered across their width:
                    // each gets the same share (rounded), added saturating, with no overlap to
                    // work out (most of a large footprint's cells).
                    addCell(cx0);
                    const uint32_t share = uint32_t(std::min(kOne, s.density * wy * kOne) + 0.5);
                    for (int x = cx0 + 1; x < cx1; ++x) row[x] = uint16_t(std::min(65535u, row[x] + share));
                    addCell(cx1);
                }
            }
            // The band's rows as 8-bit alpha.
            uint8_t* out = c.alpha.data() + size_t(rowBegin) * size_t(c.width);
            const size_t count = size_t(rowEnd - rowBegin) * size_t(c.width);
            for (size_t i = 0; i < count; ++i) out[i] = uint8_t((uint32_t(covered[i]) * 255 + 32767) / 65535);
            // The band's rows of the first mip levels while they are in the cache (each level's
            // from the band's rows of the one above, which a whole band holds), so that what is
            // left to do after the bands is a sliver; not the last row of a level (it may need a
            // third row, below the band).
            for (size_t level = 1; level <= kBandLevels && bandMakes(band, level); ++level)
                mipRows(c, level, rowBegin >> level, rowEnd >> level);
        }
    };
    // Mip levels: made room for, the first kBandLevels filled band by band (above), the rest of
    // their rows and the smaller levels after.
    allocateMips(c);
    {
        std::jthread other(accumulate, 1, 2);
        accumulate(0, 2);
    }
    for (size_t level = 1; level <= c.mips.size(); ++level) {
        // Rows the bands made: those of every band whole and ending above the level's last row.
        int done = 0;
        for (int band = 0; level <= kBandLevels && band < bands && bandMakes(band, level); ++band)
            done = ((band + 1) * kBandRows) >> level;
        mipRows(c, level, done, c.mipHeight(level));
    }
    return c;
}

void buildCoverageMips(Coverage& c) {
    allocateMips(c);
    for (size_t level = 1; level <= c.mips.size(); ++level) mipRows(c, level, 0, c.mipHeight(level));
}

}  // namespace gs
