// The moving map from tiles (render/map_tiles.hpp), on San Francisco's tracts and 85,161 buildings:
// once a view's tiles are all drawn the picture is the full one; before, coarser tiles stand in
// (never the bare background), finer ones where they are after a zoom out, and no frame draws
// more than its budget (a count of tiles, and a time) past the coarse level;
// a change of colours or of a layer's state drops the tiles drawn before it, new meshes only the
// tiles that draw them; close in, where tiles would cost as much as the view, the map is drawn in
// full. (Which level a scale gets: test_tile_levels.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "gl_pixels.hpp"
#include "render/map_tiles.hpp"
#include "render/offscreen_target.hpp"
#include "render/texture_target.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"
#include "sf_scene.hpp"
#include "style/palette.hpp"

namespace gs {
namespace {

constexpr int kW = 768, kH = 512;
constexpr int kBudget = 4;

// Mean absolute difference per channel (r, g, b; 0..255) and the share of pixels off by more
// than 24 in a channel.
struct Difference {
    double mean = 0, farShare = 0;
};
Difference difference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    Difference d;
    size_t far = 0;
    for (size_t i = 0; i < a.size(); i += 4) {
        int worst = 0;
        for (int c = 0; c < 3; ++c) {
            const int e = std::abs(int(a[i + c]) - int(b[i + c]));
            d.mean += e;
            worst = std::max(worst, e);
        }
        if (worst > 24) ++far;
    }
    d.mean /= 3.0 * double(a.size() / 4);
    d.farShare = double(far) / double(a.size() / 4);
    return d;
}

double blockDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    return test::blockDifference(a, b, kW, kH);
}

// The share of 8 x 8 blocks whose average is the background's (SF's default, within 2 of 0..255).
double blankShare(const std::vector<uint8_t>& px) {
    const Rgba bg = SceneConfig{}.background;
    int blank = 0, blocks = 0;
    for (int by = 0; by < kH; by += 8)
        for (int bx = 0; bx < kW; bx += 8, ++blocks) {
            double worst = 0;
            for (int c = 0; c < 3; ++c) {
                double sum = 0;
                for (int y = by; y < by + 8; ++y)
                    for (int x = bx; x < bx + 8; ++x) sum += px[(size_t(y) * kW + x) * 4 + c];
                const float want = c == 0 ? bg.r : c == 1 ? bg.g : bg.b;
                worst = std::max(worst, std::abs(sum / 64.0 - want * 255.0));
            }
            if (worst <= 2) ++blank;
        }
    return double(blank) / blocks;
}

class MotionTiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        SceneConfig config = test::sfBuildingsScene();
        LayerConfig tracts;
        tracts.id = "tracts";
        tracts.role = LayerRole::Level;
        tracts.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/tracts.geojson";
        tracts.style = defaultLevelStyle(0, 1);
        config.layers.insert(config.layers.begin(), tracts);
        config.displayCrs = "EPSG:3857";
        LoadOptions load;
        load.allAttributes = false;
        load.keepBuildingGeometry = true;
        load.simplifyTolerance = 0.5;
        auto scene = loadScene(config, load);
        ASSERT_TRUE(scene) << scene.error().message;
        scene_ = new LoadedScene(std::move(*scene));
    }
    static void TearDownTestSuite() {
        delete scene_;
        scene_ = nullptr;
    }
    void SetUp() override {
        ASSERT_NE(scene_, nullptr);
        auto target = OffscreenTarget::create(kW, kH);
        ASSERT_TRUE(target) << target.error().message;
        target_ = std::move(*target);
        auto renderer = SceneRenderer::create();
        ASSERT_TRUE(renderer) << renderer.error().message;
        renderer_ = std::move(*renderer);
        ASSERT_TRUE(renderer_->setScene(*scene_, /*releaseMeshes=*/false));
        // The pyramid the renderer builds: over every layer's extent.
        Box extent = scene_->extent;
        for (const LoadedLayer& l : scene_->layers) extent.add(l.stats.extent);
        pyramid_.setPyramid(extent, 0);
        extent_ = extent;
    }
    // A camera at level z's scale whose edges fall on its tiles' edges, `tiles` tiles from the
    // pyramid's lower left corner.
    Camera alignedCamera(int z, int tiles) const {
        Camera c;
        c.setViewport(kW, kH);
        c.unitsPerPixel = pyramid_.unitsPerPixel(z);
        const double side = c.unitsPerPixel * MapTiles::kTilePx;
        c.center = {extent_.minX + tiles * side + kW * 0.5 * c.unitsPerPixel,
                    extent_.minY + tiles * side + kH * 0.5 * c.unitsPerPixel};
        return c;
    }
    std::vector<uint8_t> draw(const Camera& camera, int motionTiles, RenderStats* stats = nullptr,
                              double motionTileMs = 0) {
        ViewState view;
        view.labels = false;
        view.legend = false;
        view.motionTiles = motionTiles;
        view.motionTileMs = motionTileMs;
        target_->bind();
        const RenderStats s = renderer_->render(camera, view);
        if (stats) *stats = s;
        return test::readBoundPixels(kW, kH);
    }
    // Draws moving frames until every tile in view is its own; returns the frames it took.
    int settle(const Camera& camera, std::vector<uint8_t>& picture, RenderStats& stats) {
        for (int frame = 1; frame <= 40; ++frame) {
            picture = draw(camera, kBudget, &stats);
            if (!stats.tiled || stats.tilesExact == stats.tilesVisible) return frame;
        }
        return -1;
    }
    // The level whose own scale is nearest where SF's footprints are about 3 pixels (boxes): a
    // district. (levelFor rounds down; a √2 finer scale asked for makes that the nearest.)
    int districtLevel() const { return pyramid_.levelFor(scene_->layers[1].typicalSize / 3 / std::sqrt(2.0)); }

    static LoadedScene* scene_;
    std::unique_ptr<OffscreenTarget> target_;
    std::unique_ptr<SceneRenderer> renderer_;
    MapTiles pyramid_;
    Box extent_;
};

LoadedScene* MotionTiles::scene_ = nullptr;

TEST_F(MotionTiles, AllTilesInViewGiveTheFullPictureAndEachFrameKeepsToItsBudget) {
    const int z = districtLevel();
    const Camera camera = alignedCamera(z, 8);
    std::vector<uint8_t> tiled;
    RenderStats stats;
    const int frames = settle(camera, tiled, stats);
    ASSERT_TRUE(stats.tiled) << "a district's view moving: from tiles";
    const int visible = stats.tilesVisible;
    EXPECT_GE(visible, (kW / MapTiles::kTilePx) * (kH / MapTiles::kTilePx));
    // The coarse level first (a tile or two here), then kBudget a frame.
    EXPECT_GT(frames, 1);
    EXPECT_LE(frames, (visible + kBudget - 1) / kBudget + 1);
    const auto full = draw(camera, 0);
    const Difference d = difference(tiled, full);
    std::printf("level %d, %d tiles in %d frames: mean difference %.3f, %.4f%% of pixels off by > 24\n", z, visible,
                frames, d.mean, 100 * d.farShare);
    EXPECT_LT(d.mean, 0.5);
    EXPECT_LT(d.farShare, 0.002);
    // The map is there at all (not two blank pictures).
    Camera away = camera;
    away.center.x += 1e6;
    EXPECT_GT(blockDifference(full, draw(away, 0)), 10.0);
    if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE")) {
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-tiled.png", tiled, kW, kH));
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-full.png", full, kW, kH));
    }
    // Still, the same camera again: nothing left to draw.
    draw(camera, kBudget, &stats);
    EXPECT_EQ(stats.tilesRendered, 0);
    EXPECT_EQ(stats.tilesExact, stats.tilesVisible);
}

// Between two levels' scales a moving frame shows the coarser level magnified (up to twice): a
// little softer than the full map, the same map block for block.
TEST_F(MotionTiles, BetweenLevelsTheTilesAreMagnifiedAndStillTheMap) {
    Camera camera = alignedCamera(districtLevel(), 8);
    camera.unitsPerPixel *= 0.55;  // each texel 1.8 pixels
    std::vector<uint8_t> tiled;
    RenderStats stats;
    ASSERT_GT(settle(camera, tiled, stats), 0);
    ASSERT_TRUE(stats.tiled);
    EXPECT_EQ(stats.tilesExact, stats.tilesVisible);
    const auto full = draw(camera, 0);
    const double blocks = blockDifference(tiled, full);
    const Difference d = difference(tiled, full);
    std::printf("magnified 1.8: block difference %.2f, mean %.3f, %.4f%% of pixels off by > 24\n", blocks, d.mean,
                100 * d.farShare);
    EXPECT_LE(blocks, 12.0);  // test_level_of_detail's tolerance for the coverage, as for a jump
    EXPECT_LT(blankShare(tiled), blankShare(full) + 0.01);
    if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE")) {
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-magnified.png", tiled, kW, kH));
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-magnified-full.png", full, kW, kH));
    }
}

TEST_F(MotionTiles, MissingTilesShowCoarserOnesNeverTheBareBackground) {
    // A jump to a view with no tile drawn: the coarse level (three levels up, a few tiles) and
    // one tile of the wanted level. Crude, but wherever the full picture has the map so does it.
    const int z = districtLevel() + 1;
    Camera camera = alignedCamera(z, 21);
    camera.center.x += 37.3 * camera.unitsPerPixel;  // off the tiles' pixel grid, scaled a little
    camera.unitsPerPixel *= 1.1;
    RenderStats stats;
    const auto jump = draw(camera, 1, &stats);
    ASSERT_TRUE(stats.tiled);
    EXPECT_LE(stats.tilesRendered, 1 + 4);
    EXPECT_LE(stats.tilesExact, 1);
    EXPECT_GT(stats.tilesVisible, 4);
    const auto full = draw(camera, 0);
    const double blankJump = blankShare(jump), blankFull = blankShare(full);
    std::printf("a jump: %.1f%% of 8x8 blocks bare background (the full picture %.1f%%)\n", 100 * blankJump,
                100 * blankFull);
    EXPECT_LT(blankFull, 0.5);  // the view is on the city
    EXPECT_LE(blankJump, blankFull + 0.01);

    // A zoom in from a view whose tiles are all drawn (as a moving camera goes): the next level's
    // tiles come a few a frame; meanwhile the level before, twice as coarse, stands in.
    std::vector<uint8_t> settled;
    ASSERT_GT(settle(camera, settled, stats), 0);
    Camera closer = camera;
    closer.unitsPerPixel /= 1.6;
    closer.center.x += 11 * closer.unitsPerPixel;
    const auto next = draw(closer, 1, &stats);
    ASSERT_TRUE(stats.tiled);
    EXPECT_LE(stats.tilesRendered, 1 + 4);  // and the coarse level's, now a level finer
    const auto nextFull = draw(closer, 0);
    const double d = blockDifference(next, nextFull);
    std::printf("a zoom in: 8x8 block difference %.2f to the full picture (%d of %d tiles its own)\n", d,
                stats.tilesExact, stats.tilesVisible);
    EXPECT_LE(d, 12.0);  // test_level_of_detail's tolerance for the coverage
    if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE")) {
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-jump.png", jump, kW, kH));
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-zoom.png", next, kW, kH));
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-zoom-full.png", nextFull, kW, kH));
    }
}

TEST_F(MotionTiles, AZoomOutShowsTheFinerTilesWhereTheyAreAndTheCoarserElsewhere) {
    // From a settled view, out by 1.6: the wanted level is one coarser; its tiles come a few a
    // frame, and meanwhile each shows the finer tiles drawn before where they are and its coarse
    // ancestor's picture in the rest (each pixel from one of them, none left bare).
    const int z = districtLevel() + 1;
    Camera camera = alignedCamera(z, 21);
    camera.center.x += 37.3 * camera.unitsPerPixel;
    std::vector<uint8_t> settled;
    RenderStats stats;
    ASSERT_GT(settle(camera, settled, stats), 0);
    Camera out = camera;
    out.unitsPerPixel *= 1.6;
    const auto next = draw(out, 1, &stats);
    ASSERT_TRUE(stats.tiled);
    EXPECT_LT(stats.tilesExact, stats.tilesVisible);
    const auto full = draw(out, 0);
    EXPECT_LE(blankShare(next), blankShare(full) + 0.01);
    // Where the finer tiles were (the last view, in the middle of this one), the picture is
    // theirs, scaled: as close to the full picture as a zoom in's is.
    const int cw = int(kW / 1.6) - 32, ch = int(kH / 1.6) - 32;
    auto crop = [&](const std::vector<uint8_t>& px) {
        std::vector<uint8_t> c(size_t(cw) * ch * 4);
        for (int y = 0; y < ch; ++y)
            std::copy_n(&px[(size_t(y + (kH - ch) / 2) * kW + (kW - cw) / 2) * 4], size_t(cw) * 4, &c[size_t(y) * cw * 4]);
        return c;
    };
    const double middle = test::blockDifference(crop(next), crop(full), cw, ch);
    const double whole = blockDifference(next, full);
    std::printf("a zoom out: 8x8 block difference %.2f to the full picture where the finer tiles are, %.2f over "
                "the whole (%d of %d tiles its own)\n",
                middle, whole, stats.tilesExact, stats.tilesVisible);
    EXPECT_LE(middle, 4.0);
    EXPECT_GT(whole, middle);  // elsewhere the coarse level stands in
    if (const char* dir = std::getenv("GRIDSCOPE_TEST_PICTURE"))
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(dir) + "-zoom-out.png", next, kW, kH));
}

TEST_F(MotionTiles, ATimeBudgetStopsAfterTheTileThatSpendsIt) {
    // A view off the tiles' grid holds more tiles than a frame's budget of six.
    const int z = districtLevel() + 1;
    Camera camera = alignedCamera(z, 21);
    camera.center.y += 53.1 * camera.unitsPerPixel;
    camera.unitsPerPixel *= 0.95;  // a little closer in than the level: its tiles a little magnified
    RenderStats stats;
    // No time to speak of: one tile of the wanted level (and the coarse level's, whatever the budget).
    draw(camera, 6, &stats, 1e-6);
    ASSERT_TRUE(stats.tiled);
    ASSERT_GE(stats.tilesVisible, 8);
    EXPECT_EQ(stats.tilesExact, 1);
    // No time limit: the whole count.
    draw(camera, 6, &stats, 0);
    EXPECT_EQ(stats.tilesExact, 7);
    EXPECT_EQ(stats.tilesRendered, 6);
    // Plenty of time: the count again.
    draw(camera, 6, &stats, 1e6);
    EXPECT_EQ(stats.tilesExact, std::min(13, stats.tilesVisible));
}

TEST_F(MotionTiles, NewColoursOrAHiddenLayerDropTheTilesDrawnBefore) {
    const Camera camera = alignedCamera(districtLevel(), 8);
    std::vector<uint8_t> before;
    RenderStats stats;
    ASSERT_GT(settle(camera, before, stats), 0);
    ASSERT_TRUE(stats.tiled);

    // New fill colours for the buildings (what a restyle or a live figure does).
    LoadedLayer& buildings = scene_->layers[1];
    LayerColors colors;
    colors.fill.assign(buildings.featureCount(), packRgba8({1.0f, 0.2f, 0.1f, 1.0f}));
    renderer_->setLayerColors(1, colors);
    draw(camera, kBudget, &stats);
    EXPECT_EQ(stats.tilesExact, kBudget) << "every tile is drawn again, kBudget a frame";
    std::vector<uint8_t> recoloured;
    ASSERT_GT(settle(camera, recoloured, stats), 0);
    EXPECT_LT(difference(recoloured, draw(camera, 0)).mean, 0.5);
    EXPECT_GT(difference(recoloured, before).mean, 1.0);

    // The tracts hidden: their level's state changes, with no new colours.
    scene_->layers[0].config.style.visible = false;
    draw(camera, kBudget, &stats);
    EXPECT_EQ(stats.tilesExact, kBudget);
    std::vector<uint8_t> hidden;
    ASSERT_GT(settle(camera, hidden, stats), 0);
    EXPECT_LT(difference(hidden, draw(camera, 0)).mean, 0.5);
    scene_->layers[0].config.style.visible = true;
    ASSERT_TRUE(renderer_->restyle(1));
}

// A region's meshes arriving (SceneRenderer::meshesArrived) change the pictures that draw the
// buildings' meshes or boxes, not those that draw their coverage: a city's zooms keep their tiles
// (the whole city's few coarse ones cost the most to draw).
TEST_F(MotionTiles, NewMeshesRedrawOnlyTheTilesThatDrawThem) {
    const Camera city = alignedCamera(districtLevel() - 2, 0);  // footprints under a pixel
    const Camera close = alignedCamera(districtLevel() + 1, 21);  // footprints 4 to 8 pixels
    std::vector<uint8_t> picture;
    RenderStats stats;
    ASSERT_GT(settle(city, picture, stats), 0);
    ASSERT_TRUE(stats.tiled);
    ASSERT_GT(settle(close, picture, stats), 0);
    ASSERT_TRUE(stats.tiled);
    renderer_->meshesArrived(1, scene_->layers[1], /*releaseMeshes=*/false);
    draw(city, kBudget, &stats);
    EXPECT_EQ(stats.tilesRendered, 0);
    EXPECT_EQ(stats.tilesExact, stats.tilesVisible);
    draw(close, kBudget, &stats);
    EXPECT_EQ(stats.tilesRendered, std::min(kBudget, stats.tilesVisible));
    EXPECT_EQ(stats.tilesExact, stats.tilesRendered);
}

// A 4K window holds more tiles than the 160 kept for a smaller one: all of them are kept while
// in view, so that the view's tiles still all come in.
TEST_F(MotionTiles, AViewOfMoreTilesThanTheUsualCapStillGetsThemAll) {
    constexpr int kBigW = 4608, kBigH = 2592;
    auto big = TextureTarget::create(kBigW, kBigH);  // in the fixture's context, as its renderer
    ASSERT_TRUE(big) << big.error().message;
    Camera camera;
    camera.setViewport(kBigW, kBigH);
    camera.center = scene_->extent.center();
    // At a level's own scale (where a view holds the most of its tiles), off their grid: 19 by
    // 11 tiles at least.
    camera.unitsPerPixel = pyramid_.unitsPerPixel(districtLevel() + 1);
    camera.center.x += 37.3 * camera.unitsPerPixel;
    ViewState view;
    view.labels = false;
    view.legend = false;
    view.motionTiles = 64;
    RenderStats stats;
    int frames = 0;
    for (; frames < 20; ++frames) {
        big->bind();
        stats = renderer_->render(camera, view);
        if (stats.tilesExact == stats.tilesVisible) break;
    }
    ASSERT_TRUE(stats.tiled);
    EXPECT_GT(stats.tilesVisible, int(MapTiles::kMaxSlots));
    EXPECT_EQ(stats.tilesExact, stats.tilesVisible) << "after " << frames << " frames";
}

TEST_F(MotionTiles, CloseInTheMapIsDrawnInFull) {
    Camera camera;
    camera.setViewport(kW, kH);
    camera.center = scene_->extent.center();
    // Footprints about 20 pixels: a tile would draw whole blocks for a small square.
    camera.unitsPerPixel = scene_->layers[1].typicalSize / 20;
    RenderStats stats;
    const auto moving = draw(camera, kBudget, &stats);
    EXPECT_FALSE(stats.tiled);
    EXPECT_EQ(test::differingPixels(moving, draw(camera, 0)), 0u);
}

}  // namespace
}  // namespace gs
