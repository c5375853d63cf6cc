// The built-up coverage (scene/coverage.hpp): each feature's area spread over the cells its box
// overlaps, in proportion, saturating at a whole cell; rows are accumulated in bands on two
// threads, so a feature across the middle row, or across bands, must land whole in each. And the
// mipmaps' 2 x 2 means.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "scene/coverage.hpp"
#include "scene/loaded_layer.hpp"

namespace gs {
namespace {

void addSquare(LoadedLayer& layer, double x0, double y0, double x1, double y1, double area) {
    layer.fids.push_back(int64_t(layer.fids.size()));
    Box b;
    b.add(x0, y0);
    b.add(x1, y1);
    layer.bounds.push_back(b);
    layer.areas.push_back(area);
}

TEST(Coverage, AreasSpreadOverTheirCellsOnBothHalvesAndSaturate) {
    LoadedLayer layer;
    addSquare(layer, 0, 0, 100, 80, 0);  // no area: only sets the extent, 10 x 8 cells of 10
    addSquare(layer, 0, 0, 10, 10, 100);    // cell (0, 0) whole
    addSquare(layer, 20, 0, 30, 10, 50);    // cell (2, 0) half
    addSquare(layer, 40, 0, 50, 10, 100);   // cell (4, 0) twice over: saturates
    addSquare(layer, 40, 0, 50, 10, 100);
    addSquare(layer, 60, 30, 70, 50, 200);  // cells (6, 3) and (6, 4): across the middle row (4)
    addSquare(layer, 80, 70, 100, 80, 50);  // cells (8, 7) and (9, 7), a quarter each
    const Coverage c = buildCoverage(layer, 10);
    ASSERT_EQ(c.width, 10);
    ASSERT_EQ(c.height, 8);
    auto at = [&](int x, int y) { return int(c.alpha[size_t(y) * 10 + size_t(x)]); };
    EXPECT_EQ(at(0, 0), 255);
    EXPECT_NEAR(at(2, 0), 128, 1);
    EXPECT_EQ(at(4, 0), 255);
    EXPECT_EQ(at(6, 3), 255);
    EXPECT_EQ(at(6, 4), 255);
    EXPECT_NEAR(at(8, 7), 64, 1);
    EXPECT_NEAR(at(9, 7), 64, 1);
    int total = 0;
    for (uint8_t a : c.alpha) total += a;
    EXPECT_NEAR(total, 255 * 4 + 128 + 2 * 64, 3) << "nothing else covered";

    // Level 1 (5 x 4): each texel the mean of the 2 x 2 above it.
    ASSERT_FALSE(c.mips.empty());
    EXPECT_EQ(c.mipWidth(1), 5);
    EXPECT_EQ(c.mipHeight(1), 4);
    EXPECT_NEAR(int(c.mips[0][0]), (255 + 0 + 0 + 0 + 2) / 4, 1);
    EXPECT_NEAR(int(c.mips[0][size_t(1) * 5 + 3]), (255 + 0 + 0 + 0 + 2) / 4, 1);  // (6, 3) in (3, 1)
    EXPECT_EQ(c.mipWidth(c.mips.size()), 1);
    EXPECT_EQ(c.mipHeight(c.mips.size()), 1);
}

// Many footprints of every size, most across bands of rows (the accumulation's unit), each cell
// against the definition worked out here cell by cell, footprint by footprint: its share of a
// cell rounded to 16 bits, summed, saturating at a whole cell, then made 8-bit.
TEST(Coverage, EveryCellIsTheSumOfTheSharesOfTheFootprintsOverItAcrossBands) {
    LoadedLayer layer;
    addSquare(layer, 0, 0, 1000, 2000, 0);  // the extent: 100 x 200 cells of 10
    std::mt19937 random(7);
    std::uniform_real_distribution<double> x(0, 990), y(0, 1990), side(0.5, 60), fill(0.2, 1.0);
    for (int i = 0; i < 3000; ++i) {
        const double x0 = x(random), y0 = y(random);
        const double x1 = std::min(1000.0, x0 + side(random)), y1 = std::min(2000.0, y0 + side(random));
        addSquare(layer, x0, y0, x1, y1, (x1 - x0) * (y1 - y0) * fill(random));
    }
    const Coverage c = buildCoverage(layer, 10);
    ASSERT_EQ(c.width, 100);
    ASSERT_EQ(c.height, 200);
    std::vector<double> sums(size_t(c.width) * size_t(c.height), 0);
    for (size_t f = 1; f < layer.bounds.size(); ++f) {
        const Box& b = layer.bounds[f];
        const double density = layer.areas[f] / 100 / ((b.maxX - b.minX) / 10 * (b.maxY - b.minY) / 10);
        for (int cy = 0; cy < c.height; ++cy)
            for (int cx = 0; cx < c.width; ++cx) {
                const double ox = std::min(b.maxX / 10, cx + 1.0) - std::max(b.minX / 10, double(cx));
                const double oy = std::min(b.maxY / 10, cy + 1.0) - std::max(b.minY / 10, double(cy));
                if (ox <= 0 || oy <= 0) continue;
                sums[size_t(cy) * size_t(c.width) + size_t(cx)] += std::floor(std::min(65535.0, density * ox * oy * 65535) + 0.5);
            }
    }
    size_t wrong = 0;
    for (size_t i = 0; i < sums.size(); ++i) {
        const uint32_t covered = uint32_t(std::min(65535.0, sums[i]));
        const int want = int((covered * 255 + 32767) / 65535);
        wrong += int(c.alpha[i]) != want;
        if (wrong == 1 && int(c.alpha[i]) != want)
            ADD_FAILURE() << "cell " << i % size_t(c.width) << ", " << i / size_t(c.width) << ": " << int(c.alpha[i])
                          << ", want " << want;
    }
    EXPECT_EQ(wrong, 0u);
}

// buildCoverage makes the first mip levels band by band as the bands are accumulated (on two
// threads), and the rest of their rows after: the same mips as made from the whole alpha, on
// heights that are whole bands, not, odd, and under one band.
TEST(Coverage, MipsMadeBandByBandEqualThoseMadeFromTheWholeAlpha) {
    for (double height : {2000.0, 1990.0, 640.0, 650.0, 310.0, 2570.0}) {
        LoadedLayer layer;
        addSquare(layer, 0, 0, 1370, height, 0);  // the extent: 137 x height / 10 cells of 10
        std::mt19937 random(11);
        std::uniform_real_distribution<double> x(0, 1360), y(0, height - 10), side(0.5, 80), fill(0.2, 1.0);
        for (int i = 0; i < 2000; ++i) {
            const double x0 = x(random), y0 = y(random);
            const double x1 = std::min(1370.0, x0 + side(random)), y1 = std::min(height, y0 + side(random));
            addSquare(layer, x0, y0, x1, y1, (x1 - x0) * (y1 - y0) * fill(random));
        }
        const Coverage c = buildCoverage(layer, 10);
        ASSERT_EQ(c.height, int(std::lround(height / 10)));
        Coverage whole;
        whole.width = c.width;
        whole.height = c.height;
        whole.alpha = c.alpha;
        buildCoverageMips(whole);
        ASSERT_EQ(c.mips.size(), whole.mips.size()) << "height " << c.height;
        for (size_t level = 0; level < c.mips.size(); ++level)
            EXPECT_EQ(c.mips[level], whole.mips[level]) << "height " << c.height << ", level " << level + 1;
    }
}

}  // namespace
}  // namespace gs

TEST(Coverage, EachMipIsTheRoundedMeanOfTheCellsUnderIt) {
    // Against the definition, on sides even and odd, square and not, one cell wide: each mip cell
    // the rounded mean of its 2 x 2 block above (the last row and column taking a third where the
    // side above is odd).
    for (auto [w, h] : {std::pair{8, 8}, {7, 5}, {1, 9}, {33, 17}, {64, 3}, {2, 1}}) {
        gs::Coverage c;
        c.width = w;
        c.height = h;
        c.alpha.resize(size_t(w) * size_t(h));
        uint32_t seed = 12345u + uint32_t(w * 31 + h);
        for (auto& a : c.alpha) a = uint8_t((seed = seed * 1664525u + 1013904223u) >> 24);
        gs::buildCoverageMips(c);
        ASSERT_FALSE(c.mips.empty());
        for (size_t level = 1; level <= c.mips.size(); ++level) {
            const auto& above = level == 1 ? c.alpha : c.mips[level - 2];
            const int aw = c.mipWidth(level - 1), ah = c.mipHeight(level - 1);
            const int mw = c.mipWidth(level), mh = c.mipHeight(level);
            ASSERT_EQ(c.mips[level - 1].size(), size_t(mw) * size_t(mh));
            for (int y = 0; y < mh; ++y)
                for (int x = 0; x < mw; ++x) {
                    const int x1 = x == mw - 1 ? aw - 1 : 2 * x + 1, y1 = y == mh - 1 ? ah - 1 : 2 * y + 1;
                    unsigned sum = 0, n = 0;
                    for (int yy = std::min(2 * y, ah - 1); yy <= y1; ++yy)
                        for (int xx = std::min(2 * x, aw - 1); xx <= x1; ++xx, ++n) sum += above[size_t(yy) * aw + xx];
                    ASSERT_EQ(c.mips[level - 1][size_t(y) * mw + x], (sum + n / 2) / n)
                        << w << "x" << h << " level " << level << " at " << x << "," << y;
                }
        }
    }
}
