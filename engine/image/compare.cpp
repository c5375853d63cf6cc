#include "image/compare.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>

namespace gs {
namespace {

// Unchanged pixels are shown as their grey level pulled three quarters of the way to white: the
// picture stays recognisable while the red marks stand out.
uint8_t fadedGrey(const uint8_t* rgba) {
    const int luma = (rgba[0] * 77 + rgba[1] * 150 + rgba[2] * 29) >> 8;  // BT.601 weights
    return uint8_t(255 - (255 - luma) / 4);
}

std::string percent(double fraction) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g%%", fraction * 100);
    return text;
}

}  // namespace

CompareResult compareImages(const Image& actual, const Image& expected,
                            const CompareOptions& options) {
    assert(actual.consistent() && expected.consistent());
    assert(options.channelThreshold >= 0 && options.allowedFraction >= 0);
    CompareResult result;
    if (actual.width != expected.width || actual.height != expected.height) {
        result.sizeMismatch = true;
        return result;
    }

    result.diff = Image{expected.width, expected.height, {}};
    result.diff.rgba.resize(expected.rgba.size());
    const size_t pixels = size_t(expected.width) * size_t(expected.height);
    const uint8_t* a = actual.rgba.data();
    const uint8_t* e = expected.rgba.data();
    uint8_t* d = result.diff.rgba.data();
    for (size_t i = 0; i < pixels; ++i, a += 4, e += 4, d += 4) {
        int worst = 0;
        for (int c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(a[c]) - int(e[c])));
        result.maxChannelDifference = std::max(result.maxChannelDifference, worst);
        if (worst > options.channelThreshold) {
            ++result.differingPixels;
            d[0] = 255, d[1] = 0, d[2] = 0, d[3] = 255;
        } else {
            d[0] = d[1] = d[2] = fadedGrey(e);
            d[3] = 255;
        }
    }
    result.differingFraction = pixels ? double(result.differingPixels) / double(pixels) : 0.0;
    result.passed = result.differingFraction <= options.allowedFraction;
    return result;
}

std::string describe(const CompareResult& result, const Image& actual, const Image& expected,
                     const CompareOptions& options) {
    if (result.sizeMismatch)
        return "size " + std::to_string(actual.width) + "x" + std::to_string(actual.height) +
               ", expected " + std::to_string(expected.width) + "x" +
               std::to_string(expected.height);
    const size_t pixels = size_t(expected.width) * size_t(expected.height);
    return std::to_string(result.differingPixels) + " of " + std::to_string(pixels) +
           " pixels differ (" + percent(result.differingFraction) + ", allowed " +
           percent(options.allowedFraction) + "), max channel difference " +
           std::to_string(result.maxChannelDifference) + " (threshold " +
           std::to_string(options.channelThreshold) + ")";
}

}  // namespace gs
