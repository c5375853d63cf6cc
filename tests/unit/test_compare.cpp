// Image comparison as render tests use it: pass/fail, counts, and the diff picture.
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "image/compare.hpp"

namespace gs {
namespace {

Image checkerboard(int width, int height) {
    Image image = Image::filled(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if ((x + y) % 2) image.setPixel(x, y, 200, 180, 40);
    return image;
}

TEST(Compare, IdenticalImagesPass) {
    const Image image = checkerboard(16, 9);
    const CompareResult result =
        compareImages(image, image, {.channelThreshold = 0, .allowedFraction = 0});
    EXPECT_TRUE(result.passed);
    EXPECT_FALSE(result.sizeMismatch);
    EXPECT_EQ(result.differingPixels, 0u);
    EXPECT_EQ(result.differingFraction, 0.0);
    EXPECT_EQ(result.maxChannelDifference, 0);
}

TEST(Compare, OnePixelChangeFailsWhenNoneAllowed) {
    const Image expected = checkerboard(10, 10);
    Image actual = expected;
    actual.pixel(3, 4)[1] += 30;  // above the default threshold of 24
    const CompareResult result = compareImages(actual, expected, {.allowedFraction = 0});
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.differingPixels, 1u);
    EXPECT_DOUBLE_EQ(result.differingFraction, 0.01);
    EXPECT_EQ(result.maxChannelDifference, 30);
}

TEST(Compare, OnePixelChangePassesWithinTolerance) {
    const Image expected = checkerboard(10, 10);
    Image actual = expected;
    actual.pixel(3, 4)[1] += 30;
    // Within the channel threshold: the pixel does not count as differing.
    const CompareResult byThreshold =
        compareImages(actual, expected, {.channelThreshold = 30, .allowedFraction = 0});
    EXPECT_TRUE(byThreshold.passed);
    EXPECT_EQ(byThreshold.differingPixels, 0u);
    EXPECT_EQ(byThreshold.maxChannelDifference, 30);
    // Counted, but within the allowed fraction (1 of 100 pixels).
    const CompareResult byFraction =
        compareImages(actual, expected, {.channelThreshold = 0, .allowedFraction = 0.01});
    EXPECT_TRUE(byFraction.passed);
    EXPECT_EQ(byFraction.differingPixels, 1u);
}

TEST(Compare, AlphaCounts) {
    const Image expected = checkerboard(4, 4);
    Image actual = expected;
    actual.pixel(0, 0)[3] = 0;
    EXPECT_FALSE(compareImages(actual, expected, {.allowedFraction = 0}).passed);
}

TEST(Compare, SizeMismatchFails) {
    const Image expected = checkerboard(10, 10);
    const Image actual = checkerboard(10, 11);
    const CompareResult result = compareImages(actual, expected, {.allowedFraction = 1.0});
    EXPECT_FALSE(result.passed);
    EXPECT_TRUE(result.sizeMismatch);
    EXPECT_TRUE(result.diff.empty());
    EXPECT_EQ(describe(result, actual, expected, {}), "size 10x11, expected 10x10");
}

TEST(Compare, DiffMarksExactlyTheDifferingPixels) {
    const Image expected = checkerboard(12, 7);
    Image actual = expected;
    const std::vector<std::pair<int, int>> changed = {{0, 0}, {11, 6}, {5, 3}};
    for (auto [x, y] : changed) actual.pixel(x, y)[2] ^= 0xff;
    actual.pixel(7, 2)[0] += 5;  // below the threshold: not marked

    const CompareResult result = compareImages(actual, expected, {});
    ASSERT_EQ(result.diff.width, 12);
    ASSERT_EQ(result.diff.height, 7);
    EXPECT_EQ(result.differingPixels, changed.size());
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 12; ++x) {
            const uint8_t* d = result.diff.pixel(x, y);
            const bool marked = d[0] == 255 && d[1] == 0 && d[2] == 0;
            const bool isChanged =
                std::find(changed.begin(), changed.end(), std::pair{x, y}) != changed.end();
            EXPECT_EQ(marked, isChanged) << x << "," << y;
            EXPECT_EQ(d[3], 255);
            if (!isChanged) {  // faded grey: equal channels, light
                EXPECT_EQ(d[0], d[1]);
                EXPECT_EQ(d[1], d[2]);
                EXPECT_GE(d[0], 191);
            }
        }
}

TEST(Compare, DescribeSummarisesCounts) {
    const Image expected = checkerboard(10, 10);
    Image actual = expected;
    actual.pixel(1, 1)[0] = 255;
    const CompareOptions options{.channelThreshold = 24, .allowedFraction = 0.001};
    const CompareResult result = compareImages(actual, expected, options);
    EXPECT_EQ(describe(result, actual, expected, options),
              "1 of 100 pixels differ (1%, allowed 0.1%), max channel difference 255 "
              "(threshold 24)");
}

}  // namespace
}  // namespace gs
