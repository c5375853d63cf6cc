// Outlines drawn as strips over ranges of points (see LineMesh in engine/geometry/mesh.hpp), on
// the GL: the points at each ring's ends, neighbours only, must draw nothing, also at the very
// start and end of the buffers, where the shader's neighbour is past the data. Two squares far
// apart, outlines only: every pixel lit lies within the stroke of one of them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"
#include "style/layer_style.hpp"

namespace gs {
namespace {

constexpr int kW = 400, kH = 200;

TEST(OutlineStrips, RingEndsDrawNothingBetweenTheRings) {
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    // Two squares of 0.01 degrees, 0.03 apart; the mesh origin (the extent's centre) lies between.
    const std::string path = testing::TempDir() + "outline_strips_squares.geojson";
    {
        FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[116.00,39.90],[116.01,39.90],[116.01,39.91],[116.00,39.91],[116.00,39.90]]]}},
{"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Polygon","coordinates":[[[116.04,39.90],[116.05,39.90],[116.05,39.91],[116.04,39.91],[116.04,39.90]]]}}]})",
                   f);
        std::fclose(f);
    }
    SceneConfig config;
    config.displayCrs = "EPSG:3857";
    LayerConfig squares;
    squares.id = "squares";
    squares.role = LayerRole::Level;
    squares.source.source = path;
    squares.style = defaultLevelStyle(0, 1);
    squares.style.fillOpacity = 0;  // outlines only
    squares.style.strokeWidth = 2;
    config.layers.push_back(squares);
    auto scene = loadScene(config, LoadOptions{});
    ASSERT_TRUE(scene) << scene.error().message;
    const LoadedLayer& layer = scene->layers[0];
    ASSERT_EQ(layer.featureCount(), 2u);
    // Each square's points: a neighbour off the strip at both ends (the shader reads past them).
    ASSERT_EQ(layer.outline.points.size(), 14u);
    EXPECT_TRUE(layer.outline.features.front() & kOffStrip);
    EXPECT_TRUE(layer.outline.features.back() & kOffStrip);

    auto renderer = SceneRenderer::create();
    ASSERT_TRUE(renderer) << renderer.error().message;
    ASSERT_TRUE((*renderer)->setScene(*scene, /*releaseMeshes=*/false));
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(scene->extent, 40);
    ViewState view;
    view.labels = false;
    view.legend = false;
    offscreen->get()->bind();
    (*renderer)->render(camera, view);
    const auto px = test::readBoundPixels(kW, kH);

    // Pixels lit: those unlike the corner's background. Each must be within 4 pixels of a side of
    // one of the squares (a 2-pixel stroke and its antialiased fringe).
    auto near = [&](double x, double y, const Box& b) {
        const Vec2d a = camera.worldToScreen({b.minX, b.maxY}), c = camera.worldToScreen({b.maxX, b.minY});
        const double x0 = std::min(a.x, c.x), x1 = std::max(a.x, c.x), y0 = std::min(a.y, c.y), y1 = std::max(a.y, c.y);
        const bool inOuter = x >= x0 - 4 && x <= x1 + 4 && y >= y0 - 4 && y <= y1 + 4;
        const bool inInner = x > x0 + 4 && x < x1 - 4 && y > y0 + 4 && y < y1 - 4;
        return inOuter && !inInner;
    };
    size_t lit = 0, stray = 0;
    for (int row = 0; row < kH; ++row)
        for (int col = 0; col < kW; ++col) {
            const size_t i = (size_t(row) * kW + size_t(col)) * 4;
            if (px[i] == px[0] && px[i + 1] == px[1] && px[i + 2] == px[2]) continue;
            ++lit;
            const double x = col + 0.5, y = kH - row - 0.5;  // GL rows are bottom first
            stray += !near(x, y, layer.bounds[0]) && !near(x, y, layer.bounds[1]);
        }
    EXPECT_GT(lit, 4u * 2 * 40) << "both squares' outlines are drawn";
    EXPECT_EQ(stray, 0u) << "pixels lit away from both outlines";
}

}  // namespace
}  // namespace gs
