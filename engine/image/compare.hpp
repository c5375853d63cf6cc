// Pixel comparison for render tests.
//
// GPUs and drivers differ in the last bits of antialiasing and blending, so a render test passes
// when only a small fraction of pixels differ by more than a per-channel threshold.
#pragma once

#include <cstddef>
#include <string>

#include "image/image.hpp"

namespace gs {

struct CompareOptions {
    // A pixel differs when any channel (alpha included) differs by more than this (0-255).
    int channelThreshold = 24;
    // The test passes when at most this fraction of pixels differ (0 allows none).
    double allowedFraction = 0.001;
};

struct CompareResult {
    bool sizeMismatch = false;      // then nothing else was compared and the test fails
    size_t differingPixels = 0;
    double differingFraction = 0;   // differingPixels / pixel count
    int maxChannelDifference = 0;   // over all pixels, whether or not they count as differing
    bool passed = false;
    // Same size as `expected`: differing pixels red, the rest a faded grey copy of expected, so a
    // glance shows where the changes are. Empty on a size mismatch.
    Image diff;
};

CompareResult compareImages(const Image& actual, const Image& expected,
                            const CompareOptions& options = {});

// One line for logs, e.g. "12 of 65536 pixels differ (0.0183%, allowed 0.1%), max channel
// difference 87" or "size 100x80, expected 128x128".
std::string describe(const CompareResult& result, const Image& actual, const Image& expected,
                     const CompareOptions& options);

}  // namespace gs
