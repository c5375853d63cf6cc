// A snapshot where a typical footprint is a few pixels (SF's buildings seen whole at 4K: about two)
// draws each building under kFootprintBoxPx as its box, never triangulated, and the larger
// ones as they are (LoadOptions::footprintBoxPx): the picture must match the full-detail one within
// the level of detail's stated tolerance (8 x 8 block means, test_level_of_detail.cpp) at a third
// of the triangles or less.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "image/png.hpp"
#include "scene/coverage.hpp"
#include "scene/footprint_boxes.hpp"
#include "session/snapshot.hpp"
#include "sf_scene.hpp"

namespace gs {
namespace {

constexpr int kW = 960, kH = 544;
constexpr double kTolerance = 12.0;  // as test_level_of_detail.cpp

double blockDifference(const Image& a, const Image& b) {
    double total = 0;
    int blocks = 0;
    for (int by = 0; by + 8 <= kH; by += 8)
        for (int bx = 0; bx + 8 <= kW; bx += 8) {
            for (int c = 0; c < 3; ++c) {
                double sa = 0, sb = 0;
                for (int y = by; y < by + 8; ++y)
                    for (int x = bx; x < bx + 8; ++x) {
                        sa += a.rgba[(size_t(y) * kW + x) * 4 + c];
                        sb += b.rgba[(size_t(y) * kW + x) * 4 + c];
                    }
                total += std::abs(sa - sb) / 64.0;
            }
            ++blocks;
        }
    return total / (3.0 * blocks);
}

TEST(SnapshotBoxes, AFewPixelsAFootprintDrawBoxesCloseToFullDetail) {
    const SceneConfig config = test::sfBuildingsScene();
    // SF's typical footprint is about 15.7 m across in Web Mercator (the median square root of
    // the areas): at 7 m a pixel it is two pixels, between kSnapshotCoveragePx and
    // kFootprintBoxPx. A view in the city's north-east, dense with buildings.
    const double upp = 7.0;
    const double cx = -13626000, cy = 4548500;
    SnapshotRequest req;
    req.width = kW;
    req.height = kH;
    req.labels = false;
    req.legend = false;
    req.view = Box{cx - upp * kW / 2, cy - upp * kH / 2, cx + upp * kW / 2, cy + upp * kH / 2};
    auto boxes = renderSceneSnapshot(config, req);
    ASSERT_TRUE(boxes) << boxes.error().message;
    req.fullDetail = true;
    auto full = renderSceneSnapshot(config, req);
    ASSERT_TRUE(full) << full.error().message;
    req.view = Box{cx + 1e6, cy, cx + 1e6 + upp * kW, cy + upp * kH};  // no buildings
    req.fullDetail = false;
    auto background = renderSceneSnapshot(config, req);
    ASSERT_TRUE(background) << background.error().message;

    if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE")) {  // to look at both
        EXPECT_TRUE(writePng(std::string(out) + "-boxes.png", boxes->image));
        EXPECT_TRUE(writePng(std::string(out) + "-full.png", full->image));
    }
    // Boxes: two triangles a small building in view; full detail: a dozen or more. (Downtown, where
    // this view is, many footprints are larger than kFootprintBoxPx and keep their meshes.)
    EXPECT_GT(boxes->stats.triangles, 2000u);
    EXPECT_LT(boxes->stats.triangles * 3, full->stats.triangles)
        << boxes->stats.triangles << " triangles against " << full->stats.triangles;
    const double d = blockDifference(boxes->image, full->image);
    std::printf("snapshot at %.1f px a footprint: boxes vs full detail, 8x8 block mean difference %.2f "
                "(tolerance %.1f); %zu triangles against %zu\n",
                15.7 / upp, d, kTolerance, boxes->stats.triangles, full->stats.triangles);
    EXPECT_LE(d, kTolerance);
    // And the boxes do draw the buildings: the bare background differs from both far more.
    EXPECT_GT(blockDifference(boxes->image, background->image), 2 * kTolerance);
    EXPECT_GT(blockDifference(full->image, background->image), 2 * kTolerance);
}

}  // namespace
}  // namespace gs
