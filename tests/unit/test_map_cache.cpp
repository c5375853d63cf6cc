// The static map's picture drawn band by band (ViewState::mapBands): the wall spreads a new
// picture over several frames on a software renderer so that no frame pays for the whole map.
// The bands must add up to exactly the picture drawn at once, and nothing may reach the frame's
// target until the last band is in.
#include <gtest/gtest.h>

#include <filesystem>

#include "image/image.hpp"
#include "session/scene_file.hpp"
#include "core/rfc3339.hpp"
#include "render/canvas_renderer.hpp"
#include "render/gl.hpp"
#include "demo_scene.hpp"
#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"
#include "session/live_session.hpp"

#ifndef GRIDSCOPE_SOURCE_DIR
#define GRIDSCOPE_SOURCE_DIR "/work/main"
#endif

namespace gs {
namespace {

constexpr int kW = 480, kH = 300;


void fillBound(float r, float g, float b) {
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, kW, kH);
    glClearColor(r, g, b, 1);
    glClear(GL_COLOR_BUFFER_BIT);
}


// The demo scene (plus `extra` layers) loaded and drawn by a new renderer under its live
// overlays, the recording at a fixed clock as a headless picture has it (the file's feeds unused).
struct LiveDemo {
    LoadedScene scene;
    std::unique_ptr<SceneRenderer> renderer;
    std::unique_ptr<LiveSession> live;
};
void startLiveDemo(LiveDemo& out, const std::vector<LayerConfig>& extra = {}) {
    const std::filesystem::path repo = GRIDSCOPE_SOURCE_DIR;
    auto file = loadSceneFile(repo / "data/demo.json");
    ASSERT_TRUE(file) << file.error().message;
    ASSERT_TRUE(file->live);
    file->live->at = parseRfc3339("2016-01-27T09:24:56-08:00");
    for (const LayerConfig& layer : extra) file->scene.layers.push_back(layer);
    LoadOptions load;
    load.allAttributes = false;
    auto scene = loadScene(file->scene, load);
    ASSERT_TRUE(scene) << scene.error().message;
    out.scene = std::move(*scene);
    auto renderer = SceneRenderer::create();
    ASSERT_TRUE(renderer) << renderer.error().message;
    out.renderer = std::move(*renderer);
    ASSERT_TRUE(out.renderer->setScene(out.scene));
    LiveSessionOptions liveOptions;
    liveOptions.picture = true;
    auto live = LiveSession::create({}, file->live, "demo.json", out.scene, *out.renderer, liveOptions);
    ASSERT_TRUE(live) << live.error().message;
    out.live = std::move(*live);
}

TEST(MapCacheBands, BandsAddUpToThePictureDrawnAtOnceAndShowNothingBefore) {
    auto offscreen = OffscreenTarget::create(kW, kH);  // the GL context
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    LiveDemo demo;
    ASSERT_NO_FATAL_FAILURE(startLiveDemo(demo));
    LoadedScene* scene = &demo.scene;
    SceneRenderer* renderer = demo.renderer.get();
    renderer->setMapCache(true);
    auto target = TextureTarget::create(kW, kH);
    ASSERT_TRUE(target) << target.error().message;

    Camera near, far;
    near.setViewport(kW, kH);
    far.setViewport(kW, kH);
    near.fit(scene->extent);
    far = near;
    near.unitsPerPixel *= 0.4;  // a closer view: many buildings, labels
    ViewState view;
    view.legend = false;

    auto draw = [&](const Camera& c, int bands) {
        target->bind();
        ViewState v = view;
        v.mapBands = bands;
        return renderer->render(c, v);
    };
    // The picture of `near` drawn at once, after a picture of `far` (label placement remembers the
    // previous frame, so both sequences start from the same one).
    ASSERT_FALSE(draw(far, 1).partial);
    ASSERT_FALSE(draw(near, 1).partial);
    target->bind();
    const auto once = test::readBoundPixels(kW, kH);
    ASSERT_FALSE(draw(far, 1).partial);
    target->bind();
    const auto farPicture = test::readBoundPixels(kW, kH);
    ASSERT_GT(test::differingPixels(once, farPicture), size_t(kW) * kH / 10) << "the two views must differ for this test";

    // The same view in four bands: three calls draw nothing to the target, the fourth the picture.
    constexpr int kBands = 4;
    for (int band = 0; band < kBands - 1; ++band) {
        target->bind();
        fillBound(1, 0, 1);
        RenderStats s = draw(near, kBands);
        EXPECT_TRUE(s.partial) << "band " << band;
        target->bind();
        const auto px = test::readBoundPixels(kW, kH);
        for (size_t i = 0; i < px.size(); i += 4)
            ASSERT_TRUE(px[i] == 255 && px[i + 1] == 0 && px[i + 2] == 255) << "band " << band << " drew to the target";
    }
    RenderStats last = draw(near, kBands);
    EXPECT_FALSE(last.partial);
    EXPECT_GT(last.triangles, 0u);
    target->bind();
    EXPECT_EQ(test::differingPixels(test::readBoundPixels(kW, kH), once), 0u);

    // The finished picture is kept: the next frame of the same view is whole at once.
    EXPECT_FALSE(draw(near, kBands).partial);
    target->bind();
    EXPECT_EQ(test::differingPixels(test::readBoundPixels(kW, kH), once), 0u);

    // A new view mid-way starts over: two bands of `far`, then `near` in full, then `far` again
    // takes all four bands (what was drawn of it before is not trusted).
    EXPECT_TRUE(draw(far, kBands).partial);
    EXPECT_TRUE(draw(far, kBands).partial);
    EXPECT_FALSE(draw(near, 1).partial);
    for (int band = 0; band < kBands - 1; ++band) EXPECT_TRUE(draw(far, kBands).partial) << "band " << band;
    EXPECT_FALSE(draw(far, kBands).partial);
    target->bind();
    EXPECT_EQ(test::differingPixels(test::readBoundPixels(kW, kH), farPicture), 0u);
}

// A point layer with a cluster distance under the live overlays: its clusters (bigger symbols with
// their counts) are part of the static map's cached picture, as they are of a frame drawn without
// the cache, whether the picture is drawn at once or in bands.
TEST(MapCacheBands, ClustersAreInTheCachedPicture) {
    const std::filesystem::path repo = GRIDSCOPE_SOURCE_DIR;
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    LayerConfig signals;
    signals.id = "signals";
    signals.role = LayerRole::Layer;
    signals.source.source = (repo / "data/osm_demo.gpkg").string();
    signals.source.layer = "points";
    signals.source.where = "kind = 'traffic_signals'";
    signals.style.fill = {0.98f, 0.8f, 0.08f, 1};
    signals.style.symbol.shape = SymbolShape::Diamond;
    signals.style.symbol.sizePx = 8;
    signals.style.clusterPx = 48;
    LiveDemo demo;
    ASSERT_NO_FATAL_FAILURE(startLiveDemo(demo, {signals}));
    LoadedScene* scene = &demo.scene;
    SceneRenderer* renderer = demo.renderer.get();
    auto target = TextureTarget::create(kW, kH);
    ASSERT_TRUE(target) << target.error().message;
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(scene->extent);  // the whole demo: signals close together on screen
    auto draw = [&](int bands) {
        target->bind();
        ViewState v;
        v.legend = false;
        v.labels = false;
        v.mapBands = bands;
        RenderStats s;
        for (int i = 0; i < bands; ++i) s = renderer->render(camera, v);
        EXPECT_FALSE(s.partial);
        target->bind();
        return test::readBoundPixels(kW, kH);
    };
    const auto direct = draw(1);
    if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE"))
        EXPECT_TRUE(test::writeGlPixelsPng(std::string(out) + "-clusters.png", direct, kW, kH));
    renderer->setMapCache(true);
    const auto cached = draw(1);
    renderer->setMapCache(false);
    renderer->setMapCache(true);
    const auto banded = draw(3);
    EXPECT_EQ(test::differingPixels(cached, direct), 0u) << "the cached picture lacks the clusters";
    EXPECT_EQ(test::differingPixels(banded, direct), 0u) << "the banded picture lacks the clusters";
    // And there are clusters to see: the layer's every point on its own draws another picture.
    renderer->setMapCache(false);
    for (LoadedLayer& layer : scene->layers)
        if (layer.config.id == "signals") layer.config.style.clusterPx = 0;
    EXPECT_GT(test::differingPixels(draw(1), direct), 100u);
}

// A camera at rest (ViewState::atRest) with the map cache on: a scene without live data keeps its
// map's picture, labels and all, while the frame is redrawn; the frame is the one drawn in full,
// a hover draws a new picture, and a moving camera draws straight.
TEST(MapCacheAtRest, TheMapAtRestIsItsPictureUntilItsStateChanges) {
    const std::filesystem::path repo = GRIDSCOPE_SOURCE_DIR;
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    auto file = loadSceneFile(repo / "data/demo.json");
    ASSERT_TRUE(file) << file.error().message;
    LoadOptions load;
    load.allAttributes = false;
    auto scene = loadScene(file->scene, load);
    ASSERT_TRUE(scene) << scene.error().message;
    auto full = SceneRenderer::create(), kept = SceneRenderer::create();
    ASSERT_TRUE(full && kept);
    ASSERT_TRUE((*full)->setScene(*scene, false));  // both keep their CPU copies to upload
    ASSERT_TRUE((*kept)->setScene(*scene, false));
    (*kept)->setMapCache(true);
    auto target = TextureTarget::create(kW, kH);
    ASSERT_TRUE(target) << target.error().message;
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(scene->extent);
    ViewState view;  // labels and legends on
    auto draw = [&](SceneRenderer& r, const ViewState& v) {
        target->bind();
        fillBound(0.2f, 0.1f, 0.3f);
        r.render(camera, v);
        target->bind();
        return test::readBoundPixels(kW, kH);
    };
    const auto reference = draw(**full, view);
    view.atRest = true;
    EXPECT_EQ(test::differingPixels(draw(**kept, view), reference), 0u) << "the first frame at rest";
    EXPECT_EQ((*kept)->mapPictures(), 1u);
    EXPECT_EQ(test::differingPixels(draw(**kept, view), reference), 0u) << "a frame from the picture";
    EXPECT_EQ((*kept)->mapPictures(), 1u) << "the map drawn again though nothing changed";

    // A hovered grid changes the map: a new picture, as drawn in full.
    int grids = -1;
    for (size_t i = 0; i < scene->layers.size(); ++i)
        if (scene->layers[i].config.role == LayerRole::Level && scene->layers[i].featureCount() > 0) grids = int(i);
    ASSERT_GE(grids, 0);
    view.hovered = {grids, 0};
    const auto hovered = draw(**full, view);
    EXPECT_GT(test::differingPixels(hovered, reference), 0u) << "the hover shows nowhere: the test proves nothing";
    EXPECT_EQ(test::differingPixels(draw(**kept, view), hovered), 0u) << "the old picture, without the hover";
    EXPECT_EQ((*kept)->mapPictures(), 2u);

    // Moving: drawn straight, and the picture let go (at rest again, a new one).
    view.atRest = false;
    EXPECT_EQ(test::differingPixels(draw(**kept, view), hovered), 0u);
    EXPECT_EQ((*kept)->mapPictures(), 2u);
    view.atRest = true;
    EXPECT_EQ(test::differingPixels(draw(**kept, view), hovered), 0u);
    EXPECT_EQ((*kept)->mapPictures(), 3u) << "the picture was kept while the camera moved";

    // New meshes for the buildings (a region's: SceneRenderer::meshesArrived), drawn at this
    // zoom as footprints or boxes: a new picture.
    int buildings = -1;
    for (size_t i = 0; i < scene->layers.size(); ++i)
        if (scene->layers[i].config.role == LayerRole::Buildings) buildings = int(i);
    ASSERT_GE(buildings, 0);
    (*kept)->meshesArrived(size_t(buildings), scene->layers[size_t(buildings)], false);
    EXPECT_EQ(test::differingPixels(draw(**kept, view), hovered), 0u);
    EXPECT_EQ((*kept)->mapPictures(), 4u) << "the picture of the old meshes was kept";
}

}  // namespace
}  // namespace gs

namespace gs {
namespace {

// SceneRenderer::warmUp compiles the map's shader variants ahead of the first frame (a snapshot
// calls it while its scene loads): it must leave the bound framebuffer bound and untouched, and
// change nothing about the picture drawn after it, before or after a scene is set.
TEST(MapWarmUp, LeavesTheTargetAndThePictureAsTheyWere) {
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    auto scene = test::loadDemoScene();
    ASSERT_TRUE(scene) << scene.error().message;
    auto target = TextureTarget::create(kW, kH);
    ASSERT_TRUE(target) << target.error().message;
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(scene->extent);
    camera.unitsPerPixel *= 0.5;  // buildings with outlines, labels
    ViewState view;

    auto picture = [&](bool warmBefore, bool warmAfterScene) {
        auto renderer = SceneRenderer::create();
        EXPECT_TRUE(renderer) << renderer.error().message;
        target->bind();
        fillBound(1, 0, 1);
        if (warmBefore) {
            (*renderer)->warmUp();
            GLint bound = 0;
            glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &bound);
            EXPECT_EQ(GLuint(bound), target->framebuffer()) << "the target is bound again";
            const auto px = test::readBoundPixels(kW, kH);
            size_t untouched = 0;
            for (size_t i = 0; i < px.size(); i += 4) untouched += px[i] == 255 && px[i + 1] == 0 && px[i + 2] == 255;
            EXPECT_EQ(untouched, size_t(kW) * kH) << "the warm-up drew into the target";
        }
        EXPECT_TRUE((*renderer)->setScene(*scene, false));
        if (warmAfterScene) (*renderer)->warmUp();  // the scene's layers keep their handles
        target->bind();
        (*renderer)->render(camera, view);
        target->bind();
        return test::readBoundPixels(kW, kH);
    };
    const auto cold = picture(false, false);
    EXPECT_EQ(test::differingPixels(picture(true, false), cold), 0u);
    EXPECT_EQ(test::differingPixels(picture(false, true), cold), 0u);
    // The picture is a map, not the clear colour: the comparison above means something.
    size_t magenta = 0;
    for (size_t i = 0; i < cold.size(); i += 4) magenta += cold[i] == 255 && cold[i + 1] == 0 && cold[i + 2] == 255;
    EXPECT_LT(magenta, size_t(kW) * kH / 100);
}

}  // namespace
}  // namespace gs
