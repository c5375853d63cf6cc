// Level of detail against full detail, on San Francisco's 85,161 buildings at four zooms: where a
// typical footprint is kFootprintBoxPx or more (a neighbourhood, a street) culling by runs must
// change no pixel; where it is under kCoveragePx (the whole city) the built-up coverage stands in,
// and between the two (a district) each footprint's box: those pictures must match the full-detail
// one within the stated tolerance once both are averaged over 8 x 8 pixel blocks (what a viewer
// across the room resolves of footprints a few pixels across).
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <cstdlib>

#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"
#include "sf_scene.hpp"

namespace gs {
namespace {

constexpr int kW = 960, kH = 544;  // multiples of the 8-pixel blocks
// The stated tolerance: the mean absolute difference of 8 x 8 block averages, per channel (0..255).
constexpr double kCoverageTolerance = 12.0;

double blockDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    return test::blockDifference(a, b, kW, kH);
}

TEST(LevelOfDetail, CullingChangesNothingAndCoverageStaysCloseToFullDetail) {
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    const SceneConfig config = test::sfBuildingsScene();
    LoadOptions load;
    load.allAttributes = false;
    load.keepBuildingGeometry = true;  // as the window does: boxes are made from it
    auto scene = loadScene(config, load);
    ASSERT_TRUE(scene) << scene.error().message;
    const LoadedLayer& layer = scene->layers[0];
    ASSERT_FALSE(layer.coverage.empty());
    EXPECT_GT(layer.typicalSize, 5);   // SF's footprints: about 10 m across
    EXPECT_LT(layer.typicalSize, 20);
    auto renderer = SceneRenderer::create();
    ASSERT_TRUE(renderer) << renderer.error().message;
    ASSERT_TRUE((*renderer)->setScene(*scene, /*releaseMeshes=*/false));

    auto draw = [&](const Camera& camera, bool lod, double footprintBoxPx = kFootprintBoxPx) {
        ViewState view;
        view.labels = false;
        view.legend = false;
        view.levelOfDetail = lod;
        view.footprintBoxPx = footprintBoxPx;
        offscreen->get()->bind();
        (*renderer)->render(camera, view);
        return test::readBoundPixels(kW, kH);
    };
    const Vec2d center = scene->extent.center();
    struct Zoom {
        const char* name;
        double unitsPerPixel;
    };
    // The whole city (under kCoveragePx a footprint: the coverage), a district (four pixels: boxes),
    // a neighbourhood (eight pixels: footprints), a street.
    const double cityScale = scene->extent.width() / kW;
    ASSERT_EQ(layer.footprintBoxes.size(), layer.featureCount());
    for (const Zoom& z : {Zoom{"city", cityScale}, Zoom{"district", layer.typicalSize / 4},
                          Zoom{"neighbourhood", layer.typicalSize / 8}, Zoom{"street", 0.5}}) {
        Camera camera;
        camera.setViewport(kW, kH);
        camera.center = {center.x + 1234, center.y - 777};  // off the middle: runs on every side
        camera.unitsPerPixel = z.unitsPerPixel;
        const auto lod = draw(camera, true);
        const auto full = draw(camera, false);
        const double typicalPx = layer.typicalSize / z.unitsPerPixel;
        const bool coverage = typicalPx < kCoveragePx, boxes = !coverage && typicalPx < kFootprintBoxPx;
        if (!coverage && !boxes) {
            // Culling alone (no footprint drawn as its box) changes no pixel; with each footprint
            // under kFootprintBoxPx as its box, few change.
            EXPECT_EQ(test::differingPixels(draw(camera, true, 0.0), full), 0u) << z.name << ": culling must not change a pixel";
            const double d = blockDifference(lod, full);
            EXPECT_LE(d, kCoverageTolerance / 4) << z.name;
            if (std::string(z.name) == "neighbourhood")  // eight pixels typical: many under six
                EXPECT_GT(test::differingPixels(lod, full), 0u) << z.name << ": the small footprints are boxes";
            if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE")) {
                EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-" + z.name + "-lod.png", lod, kW, kH));
                EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-" + z.name + "-full.png", full, kW, kH));
            }
            std::printf("%s: small footprints as boxes vs full detail, 8x8 block mean difference %.2f, %zu pixels differ\n",
                        z.name, d, test::differingPixels(lod, full));
        } else {
            const double d = blockDifference(lod, full);
            if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE")) {  // to look at both
                EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-lod.png", lod, kW, kH));
                EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-full.png", full, kW, kH));
            }
            EXPECT_LE(d, kCoverageTolerance) << z.name;
            // And the coverage does draw the city: the bare background differs from it far more.
            Camera away = camera;
            away.center.x += 1e6;
            const auto background = draw(away, true);
            EXPECT_GT(blockDifference(lod, background), 2 * kCoverageTolerance) << z.name;
            EXPECT_GT(blockDifference(full, background), 2 * kCoverageTolerance) << z.name;
            std::printf("%s: %s vs full detail, 8x8 block mean difference %.2f (tolerance %.1f)\n", z.name,
                        coverage ? "coverage" : "boxes", d, kCoverageTolerance);
        }
        EXPECT_EQ(coverage, std::string(z.name) == "city") << z.name;
        EXPECT_EQ(boxes, std::string(z.name) == "district") << z.name;
    }

    // A renderer that frees the layer's CPU arrays once uploaded (as the window and the snapshot
    // do) draws the same pictures with the same triangles: the level of detail is decided from
    // what is on the GPU, not from arrays that are gone.
    auto released = SceneRenderer::create();
    ASSERT_TRUE(released) << released.error().message;
    ASSERT_TRUE((*released)->setScene(*scene, /*releaseMeshes=*/true));
    EXPECT_TRUE(scene->layers[0].coverage.empty());
    for (double upp : {cityScale, layer.typicalSize / 4}) {
        Camera camera;
        camera.setViewport(kW, kH);
        camera.center = center;
        camera.unitsPerPixel = upp;
        ViewState view;
        view.labels = false;
        view.legend = false;
        offscreen->get()->bind();
        const RenderStats kept = (*renderer)->render(camera, view);
        const auto keptPixels = test::readBoundPixels(kW, kH);
        const RenderStats freed = (*released)->render(camera, view);
        EXPECT_EQ(freed.triangles, kept.triangles) << upp;
        EXPECT_EQ(test::differingPixels(test::readBoundPixels(kW, kH), keptPixels), 0u) << upp;
        if (upp == cityScale) EXPECT_LT(freed.triangles, 1000u) << "the city view draws the coverage";
    }
}

}  // namespace
}  // namespace gs
