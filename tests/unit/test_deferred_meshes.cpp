// Meshes made after the first picture (scene/deferred_meshes): San Francisco's 85,161 buildings
// loaded with deferBuildingMeshes have their coverage, boxes and geometry but no meshes; read
// again and adopted, the meshes are those of a whole load, feature for feature, and the picture at
// a street zoom is the whole load's to the pixel. Before they arrive the layer draws as boxes.
// Read for a region (what the window does: the streets around its view), the meshes there are the
// whole load's too, the picture of a view in the region is the whole load's, and a second region
// replaces the first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/scene_renderer.hpp"
#include "render/size_order.hpp"
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

// A street of SF, offset from the middle: footprints of tens of pixels.
Camera street(const LoadedScene& scene, Vec2d offset) {
    Camera c;
    c.setViewport(kW, kH);
    c.center = {scene.extent.center().x + offset.x, scene.extent.center().y + offset.y};
    c.unitsPerPixel = 0.6;
    return c;
}

std::vector<uint8_t> draw(SceneRenderer& r, OffscreenTarget& target, const Camera& camera) {
    ViewState view;
    view.labels = false;
    view.legend = false;
    target.bind();
    r.render(camera, view);
    return test::readBoundPixels(kW, kH);
}

// SF's buildings loaded whole (drawn by wholeRenderer) and with their meshes deferred (for
// deferredRenderer, whose scene each test sets as it needs), and a target to draw them into.
class DeferredMeshes : public ::testing::Test {
protected:
    void SetUp() override {
        auto w = loadBuildings(false);
        ASSERT_TRUE(w) << w.error().message;
        whole = std::move(*w);
        auto d = loadBuildings(true);
        ASSERT_TRUE(d) << d.error().message;
        deferred = std::move(*d);
        auto target = OffscreenTarget::create(kW, kH);
        ASSERT_TRUE(target) << target.error().message;
        offscreen = std::move(*target);
        auto a = SceneRenderer::create(), b = SceneRenderer::create();
        ASSERT_TRUE(a && b);
        wholeRenderer = std::move(*a);
        deferredRenderer = std::move(*b);
        ASSERT_TRUE(wholeRenderer->setScene(whole, false));
    }

    LoadedScene whole, deferred;
    std::unique_ptr<OffscreenTarget> offscreen;
    std::unique_ptr<SceneRenderer> wholeRenderer, deferredRenderer;
};

TEST_F(DeferredMeshes, AdoptedMeshesAreTheWholeLoadsAndDrawTheSamePicture) {
    LoadedLayer& w = whole.layers[0];
    LoadedLayer& d = deferred.layers[0];
    ASSERT_FALSE(w.meshesDeferred);
    ASSERT_TRUE(d.meshesDeferred);

    // Before: no meshes and no geometry (both come with the second read), but what the first
    // picture needs: the coverage and the boxes.
    EXPECT_TRUE(d.fill.indices.empty());
    EXPECT_TRUE(d.outline.points.empty());
    EXPECT_FALSE(d.coverage.empty());
    EXPECT_EQ(d.footprintBoxes.size(), d.featureCount());
    EXPECT_EQ(w.footprintBoxes.size(), w.featureCount());
    EXPECT_EQ(d.geometry.featureCount(), 0u);
    // Features whose every part fails to triangulate are not dropped before triangulating: the
    // deferred load has them all (and the whole load's skipped list names the rest).
    EXPECT_GE(d.featureCount(), w.featureCount());

    ASSERT_TRUE(deferredRenderer->setScene(deferred, false));
    const Camera camera = street(whole, {1234, -777});
    const auto wholePicture = draw(*wholeRenderer, *offscreen, camera);
    const auto boxesPicture = draw(*deferredRenderer, *offscreen, camera);
    EXPECT_GT(test::differingPixels(wholePicture, boxesPicture), size_t(kW * kH / 50))
        << "before its meshes the layer draws as boxes";

    auto meshes = loadDeferredMeshes(d, deferred.config.displayCrs);
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
            ASSERT_EQ(d.outline.features.at(d.fill.indices[i]), f);

    deferredRenderer->meshesArrived(0, d, false);
    EXPECT_EQ(test::differingPixels(wholePicture, draw(*deferredRenderer, *offscreen, camera)), 0u)
        << "once its meshes are in, the picture is the whole load's";
}

TEST_F(DeferredMeshes, ARegionsMeshesAreTheWholeLoadsThereAndDrawTheSamePicture) {
    LoadedLayer& w = whole.layers[0];
    LoadedLayer& d = deferred.layers[0];
    std::map<int64_t, size_t> wholeIndex;
    for (size_t f = 0; f < w.featureCount(); ++f) wholeIndex[w.fids[f]] = f;

    // As the window does: each array freed once on the GPU, the boxes too (a region's read empties
    // those of its failed footprints there).
    ASSERT_TRUE(deferredRenderer->setScene(deferred));
    ASSERT_TRUE(d.footprintBoxes.empty());
    auto grown = [](const Box& b, double by) {
        return Box{b.minX - b.width() * by, b.minY - b.height() * by, b.maxX + b.width() * by, b.maxY + b.height() * by};
    };

    std::vector<std::vector<uint8_t>> regionPictures;
    std::vector<Camera> cameras;
    // The first view holds a footprint broken in the source (fid 21903, whose outer ring crosses itself).
    for (const Vec2d offset : {Vec2d{1440, -2110}, Vec2d{-2500, 1500}}) {
        SCOPED_TRACE("view offset " + std::to_string(offset.x) + ", " + std::to_string(offset.y));
        const Camera camera = street(whole, offset);
        const Box region = grown(camera.visibleBox(), 0.5);
        auto meshes = loadDeferredMeshes(d, deferred.config.displayCrs, region);
        ASSERT_TRUE(meshes) << meshes.error().message;
        ASSERT_EQ(meshes->fillRanges.size(), d.featureCount());
        const std::vector<uint32_t> failed = meshes->failed;
        adoptMeshes(d, std::move(*meshes));
        EXPECT_TRUE(d.meshesDeferred) << "meshes in a region only";
        EXPECT_TRUE(d.meshedRegion.contains(camera.visibleBox()));

        size_t inRegion = 0, meshed = 0, meshedFar = 0, failedInView = 0;
        for (size_t f = 0; f < d.featureCount(); ++f) {
            const auto it = wholeIndex.find(d.fids[f]);
            const bool meets = d.bounds[f].intersects(region);
            if (d.fillRanges[f].count > 0) {
                // Meshed: read from the region, the whole load's triangles and strips.
                ASSERT_NE(it, wholeIndex.end()) << "fid " << d.fids[f];
                ASSERT_EQ(d.fillRanges[f].count, w.fillRanges[it->second].count) << "fid " << d.fids[f];
                ASSERT_EQ(d.lineRanges[f].count, w.lineRanges[it->second].count) << "fid " << d.fids[f];
                ASSERT_GT(d.geometry.featurePolyEnd[f], d.geometry.polygonBegin(f)) << "picked as drawn";
                ++meshed;
                meshedFar += !d.bounds[f].intersects(grown(region, 0.1));  // the first region's
            } else {
                ASSERT_EQ(d.geometry.featurePolyEnd[f], d.geometry.polygonBegin(f)) << "no geometry without meshes";
                // Unmeshed: outside the region, or dropped by the whole load too (its box emptied
                // once the region's read says so).
                ASSERT_TRUE(!meets || it == wholeIndex.end()) << "fid " << d.fids[f];
                if (it == wholeIndex.end() && region.contains(d.bounds[f])) {
                    EXPECT_NE(std::find(failed.begin(), failed.end(), uint32_t(f)), failed.end()) << "fid " << d.fids[f];
                    failedInView += camera.visibleBox().intersects(d.bounds[f]);
                }
            }
            inRegion += meets && it != wholeIndex.end();
            if (f > 0) {  // in feature order, the empty ranges too (the renderer's runs rely on it)
                ASSERT_GE(d.fillRanges[f].first, d.fillRanges[f - 1].first + d.fillRanges[f - 1].count) << f;
                ASSERT_GE(d.lineRanges[f].first, d.lineRanges[f - 1].first + d.lineRanges[f - 1].count) << f;
            }
            for (uint32_t i = d.fillRanges[f].first; i < d.fillRanges[f].first + d.fillRanges[f].count; i += 97)
                ASSERT_EQ(d.outline.features.at(d.fill.indices[i]), f);
        }
        EXPECT_GT(inRegion, 50u);
        EXPECT_GE(meshed, inRegion);  // every one meeting it, and a few near it
        EXPECT_LT(meshed, d.featureCount() / 4) << "the region's, not the city's";
        EXPECT_EQ(meshedFar, 0u) << "a region replaces the one before";

        deferredRenderer->meshesArrived(0, d);
        EXPECT_TRUE(d.fill.indices.empty() && d.boxesEmptied.empty()) << "freed once uploaded";
        if (offset.x > 0) EXPECT_GE(failedInView, 1u) << "a footprint whose box the GPU must lose is in view";
        regionPictures.push_back(draw(*deferredRenderer, *offscreen, camera));
        // The whole load drops the features none of whose parts triangulated, so its runs of
        // features (culling, and the order overlapping footprints blend in) are cut a little
        // differently: a few pixels differ (24 of 153,600 at the second view), as they do for the
        // whole deferred read below.
        EXPECT_LE(test::differingPixels(draw(*wholeRenderer, *offscreen, camera), regionPictures.back()), size_t(kW * kH / 1000))
            << "a view in the region is the whole load's picture";
        cameras.push_back(camera);
    }
    // And to the pixel the picture of the whole deferred read, adopted at once.
    auto meshes = loadDeferredMeshes(d, deferred.config.displayCrs);
    ASSERT_TRUE(meshes) << meshes.error().message;
    adoptMeshes(d, std::move(*meshes));
    deferredRenderer->meshesArrived(0, d);
    for (size_t i = 0; i < cameras.size(); ++i)
        EXPECT_EQ(test::differingPixels(regionPictures[i], draw(*deferredRenderer, *offscreen, cameras[i])), 0u) << "view " << i;
}

// The window orders a region's meshes by size on the worker that read them (orderMeshesBySize),
// not in the frame they arrive in: the same indices, ranges and picture as ordering on upload.
TEST_F(DeferredMeshes, ARegionOrderedBySizeOnItsReaderUploadsAsOneOrderedOnUpload) {
    LoadedLayer& d = deferred.layers[0];
    ASSERT_TRUE(deferredRenderer->setScene(deferred, false));
    Camera camera = street(whole, {-800, 400});
    camera.unitsPerPixel = 2.0;  // footprints of a few pixels: the small ones drawn as boxes
    const Box view = camera.visibleBox();
    const Box region{view.minX - 200, view.minY - 200, view.maxX + 200, view.maxY + 200};
    ASSERT_TRUE(deferredRenderer->ordersRegionsBySize(0, d)) << "a deferred building layer with boxes";

    auto onUpload = loadDeferredMeshes(d, deferred.config.displayCrs, region);
    ASSERT_TRUE(onUpload) << onUpload.error().message;
    adoptMeshes(d, std::move(*onUpload));
    deferredRenderer->meshesArrived(0, d, false);
    const auto fillRanges = d.fillRanges, lineRanges = d.lineRanges;
    const auto fillIndices = d.fill.indices;
    const auto outlinePoints = d.outline.points;
    const auto outlineFeatures = d.outline.features;
    const auto picture = draw(*deferredRenderer, *offscreen, camera);

    auto onReader = loadDeferredMeshes(d, deferred.config.displayCrs, region);
    ASSERT_TRUE(onReader) << onReader.error().message;
    const auto unordered = onReader->fill.indices;
    auto order = orderMeshesBySize(d.areas, onReader->fillRanges, onReader->lineRanges, onReader->fill.indices,
                                   onReader->outline);
    ASSERT_TRUE(order);
    EXPECT_NE(onReader->fill.indices, unordered) << "the order moved nothing: the test proves nothing";
    adoptMeshes(d, std::move(*onReader));
    deferredRenderer->meshesArrived(0, d, false, std::move(order));
    EXPECT_EQ(d.fillRanges, fillRanges);
    EXPECT_EQ(d.lineRanges, lineRanges);
    EXPECT_EQ(d.fill.indices, fillIndices);
    EXPECT_EQ(d.outline.points.size(), outlinePoints.size());
    EXPECT_TRUE(std::equal(d.outline.points.begin(), d.outline.points.end(), outlinePoints.begin(), outlinePoints.end(),
                           [](Vec2f a, Vec2f b) { return a.x == b.x && a.y == b.y; }));
    EXPECT_EQ(d.outline.features, outlineFeatures);
    const auto ordered = draw(*deferredRenderer, *offscreen, camera);
    EXPECT_EQ(test::differingPixels(picture, ordered), 0u);
    // Ranges of another partition than the renderer's would show: the boxes drawn for the small
    // footprints (the order's positions) and their triangles must agree.
    EXPECT_GT(test::differingPixels(picture, std::vector<uint8_t>(picture.size(), 0)), size_t(kW * kH / 10))
        << "an empty picture proves nothing";
}

}  // namespace
}  // namespace gs
