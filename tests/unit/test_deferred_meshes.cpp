// Meshes made after the first picture (scene/deferred_meshes): San Francisco's 85,161 buildings
// loaded with deferBuildingMeshes have their coverage, boxes and geometry but no meshes; read
// again and adopted, the meshes are those of a whole load, feature for feature, and the picture at
// a street zoom is the whole load's to the pixel. Before they arrive the layer draws as boxes.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/scene_renderer.hpp"
#include "scene/deferred_meshes.hpp"
#include "scene/loader.hpp"
#include "sf_scene.hpp"

namespace gs {
namespace {

constexpr int kW = 480, kH = 320;

Result<LoadedScene> loadBuildings(bool defer) {
    const SceneConfig config = test::sfBuildingsScene();
    LoadOptions load;
    load.allAttributes = false;
    load.keepBuildingGeometry = true;
    load.simplifyTolerance = 0.3;  // as a window would at a few metres a pixel
    load.deferBuildingMeshes = defer;
    return loadScene(config, load);
}

TEST(DeferredMeshes, AdoptedMeshesAreTheWholeLoadsAndDrawTheSamePicture) {
    auto whole = loadBuildings(false);
    ASSERT_TRUE(whole) << whole.error().message;
    auto deferred = loadBuildings(true);
    ASSERT_TRUE(deferred) << deferred.error().message;
    LoadedLayer& w = whole->layers[0];
    LoadedLayer& d = deferred->layers[0];
    ASSERT_FALSE(w.meshesDeferred);
    ASSERT_TRUE(d.meshesDeferred);

    // Before: no meshes and no geometry (both come with the second read), but what the first
    // picture needs: the coverage and the boxes.
    EXPECT_TRUE(d.fill.indices.empty());
    EXPECT_TRUE(d.outline.indices.empty());
    EXPECT_FALSE(d.coverage.empty());
    EXPECT_EQ(d.footprintBoxes.size(), d.featureCount());
    EXPECT_EQ(w.footprintBoxes.size(), w.featureCount());
    EXPECT_EQ(d.geometry.featureCount(), 0u);
    // Features whose every part fails to triangulate are not dropped before triangulating: the
    // deferred load has them all (and the whole load's skipped list names the rest).
    EXPECT_GE(d.featureCount(), w.featureCount());

    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    auto wholeRenderer = SceneRenderer::create();
    auto deferredRenderer = SceneRenderer::create();
    ASSERT_TRUE(wholeRenderer && deferredRenderer);
    ASSERT_TRUE((*wholeRenderer)->setScene(*whole, false));
    ASSERT_TRUE((*deferredRenderer)->setScene(*deferred, false));
    Camera camera;  // a street: footprints of tens of pixels
    camera.setViewport(kW, kH);
    camera.center = {whole->extent.center().x + 1234, whole->extent.center().y - 777};
    camera.unitsPerPixel = 0.6;
    auto draw = [&](SceneRenderer& r) {
        ViewState view;
        view.labels = false;
        view.legend = false;
        offscreen->get()->bind();
        r.render(camera, view);
        return test::readBoundPixels(kW, kH);
    };
    const auto wholePicture = draw(**wholeRenderer);
    const auto boxesPicture = draw(**deferredRenderer);
    EXPECT_GT(test::differingPixels(wholePicture, boxesPicture), size_t(kW * kH / 50))
        << "before its meshes the layer draws as boxes";

    auto meshes = loadDeferredMeshes(d, deferred->config.displayCrs);
    ASSERT_TRUE(meshes) << meshes.error().message;
    ASSERT_EQ(meshes->fillRanges.size(), d.featureCount());
    adoptMeshes(d, std::move(*meshes));
    EXPECT_FALSE(d.meshesDeferred);

    // Feature for feature (by fid), the same triangles and outline strips as the whole load.
    std::map<int64_t, size_t> wholeIndex;
    for (size_t f = 0; f < w.featureCount(); ++f) wholeIndex[w.fids[f]] = f;
    size_t matched = 0, emptied = 0;
    for (size_t f = 0; f < d.featureCount(); ++f) {
        auto it = wholeIndex.find(d.fids[f]);
        if (it == wholeIndex.end()) {  // dropped by the whole load: no part triangulated here either
            EXPECT_EQ(d.fillRanges[f].count, 0u) << "fid " << d.fids[f];
            EXPECT_EQ(d.footprintBoxes[f].half.x, 0.0f);
            ++emptied;
            continue;
        }
        ASSERT_EQ(d.fillRanges[f].count, w.fillRanges[it->second].count) << "fid " << d.fids[f];
        ASSERT_EQ(d.lineRanges[f].count, w.lineRanges[it->second].count) << "fid " << d.fids[f];
        // The same box, both made from the footprint as read.
        ASSERT_EQ(std::memcmp(&d.footprintBoxes[f], &w.footprintBoxes[it->second], sizeof(FootprintBox)), 0)
            << "fid " << d.fids[f];
        ++matched;
    }
    EXPECT_EQ(matched, w.featureCount());
    // The ranges in feature order, the emptied features' too (the renderer's runs rely on it).
    for (size_t f = 1; f < d.featureCount(); ++f) {
        ASSERT_GE(d.fillRanges[f].first, d.fillRanges[f - 1].first + d.fillRanges[f - 1].count) << f;
        ASSERT_GE(d.lineRanges[f].first, d.lineRanges[f - 1].first + d.lineRanges[f - 1].count) << f;
    }
    EXPECT_EQ(matched + emptied, d.featureCount());
    EXPECT_EQ(d.fill.indices.size(), w.fill.indices.size());
    EXPECT_EQ(d.stats.triangles, w.stats.triangles);
    EXPECT_EQ(d.geometry.points.size(), w.geometry.points.size());  // as drawn, both
    EXPECT_EQ(d.geometry.featureCount(), d.featureCount());
    for (size_t f = 0; f < d.featureCount(); ++f)  // the feature tags follow the features
        for (uint32_t i = d.fillRanges[f].first; i < d.fillRanges[f].first + d.fillRanges[f].count; i += 97)
            ASSERT_EQ(d.fill.vertices[d.fill.indices[i]].feature, f);

    (*deferredRenderer)->meshesArrived(0, d, false);
    EXPECT_EQ(test::differingPixels(wholePicture, draw(**deferredRenderer)), 0u)
        << "once its meshes are in, the picture is the whole load's";
}

}  // namespace
}  // namespace gs
