// Which level of the tile pyramid (render/map_tiles.hpp) a moving frame samples at a scale.
#include <gtest/gtest.h>

#include <algorithm>

#include "render/map_tiles.hpp"

namespace gs {
namespace {

// A moving frame samples its level's tiles magnified, never thinned out: each texel one to two
// pixels (a level's own scale gets that level, even a hair off it by rounding); a scale coarser
// than the pyramid's top gets the top.
TEST(MotionTileLevels, EachTexelIsOneToTwoPixels) {
    MapTiles pyramid;
    pyramid.setPyramid(Box{-5000, -3000, 45000, 27000}, 1);
    for (int z = 0; z <= 12; ++z) {
        EXPECT_EQ(pyramid.levelFor(pyramid.unitsPerPixel(z)), z);
        EXPECT_EQ(pyramid.levelFor(pyramid.unitsPerPixel(z) * (1 - 1e-12)), z);
        EXPECT_EQ(pyramid.levelFor(pyramid.unitsPerPixel(z) * (1 + 1e-6)), std::max(z - 1, 0));
    }
    for (double u = 0.01; u < 100; u *= 1.37) {
        const int z = pyramid.levelFor(u);
        const double texel = pyramid.unitsPerPixel(z);
        EXPECT_GE(texel, u * (1 - 1e-9)) << u;
        EXPECT_LT(texel, 2 * u) << u;
    }
    EXPECT_EQ(pyramid.levelFor(1e6), 0);
}

}  // namespace
}  // namespace gs
