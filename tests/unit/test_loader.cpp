// The loader's sliced read: a large GeoPackage layer read by several threads in chunks, appended in
// feature id order, must come out as the same layer as one reader makes of it (the same features
// in the same order, the same skips, consistent ranges), with and without a `where` filter.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "scene/loader.hpp"
#include "sf_scene.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

namespace gs {
namespace {

SceneConfig sfBuildings(const std::string& where) { return test::sfBuildingsScene(where); }

LoadedLayer load(const std::string& where, size_t slices) {
    LoadOptions options;
    options.keepBuildingGeometry = true;
    options.allAttributes = false;
    options.slicesPerLayer = slices;
    auto scene = loadScene(sfBuildings(where), options);
    EXPECT_TRUE(scene.ok()) << scene.error().message;
    if (!scene.ok()) return {};
    return std::move(scene->layers[0]);
}

// Every range starts where the previous one ended, and every index and feature tag points inside.
void expectConsistent(const LoadedLayer& l) {
    ASSERT_EQ(l.fillRanges.size(), l.featureCount());
    ASSERT_EQ(l.lineRanges.size(), l.featureCount());
    ASSERT_EQ(l.geometry.featureCount(), l.featureCount());
    uint32_t fill = 0, line = 0;
    for (size_t f = 0; f < l.featureCount(); ++f) {
        ASSERT_EQ(l.fillRanges[f].first, fill) << "feature " << f;
        ASSERT_EQ(l.lineRanges[f].first, line) << "feature " << f;
        fill += l.fillRanges[f].count;
        line += l.lineRanges[f].count;
        for (uint32_t k = l.fillRanges[f].first; k < fill; ++k)
            // The fill's vertices are the outline's points, of its own range.
            ASSERT_EQ(l.outline.features.at(l.fill.indices[k]) & kFeatureBits, f);
        for (uint32_t k = l.lineRanges[f].first; k < line; ++k) ASSERT_EQ(l.outline.features.at(k) & kFeatureBits, f);
    }
    EXPECT_EQ(fill, l.fill.indices.size());
    EXPECT_EQ(line, l.outline.points.size());
    EXPECT_EQ(l.outline.points.size(), l.outline.features.size());
    EXPECT_EQ(l.stats.vertices, l.outline.points.size());
    EXPECT_EQ(l.stats.triangles, l.fill.indices.size() / 3);
}

void expectSameLayer(const LoadedLayer& one, const LoadedLayer& many) {
    ASSERT_EQ(one.fids, many.fids);
    EXPECT_EQ(one.stats.featuresRead, many.stats.featuresRead);
    EXPECT_EQ(one.stats.featuresLoaded, many.stats.featuresLoaded);
    EXPECT_EQ(one.stats.sourceVertices, many.stats.sourceVertices);
    std::map<int64_t, size_t> skippedOne, skippedMany;
    for (const auto& s : one.stats.skipped) skippedOne[s.fid]++;
    for (const auto& s : many.stats.skipped) skippedMany[s.fid]++;
    EXPECT_EQ(skippedOne, skippedMany);
    // Points match to far below a millimetre: readers reproject batch by batch, and batches may
    // start at other features.
    ASSERT_EQ(one.geometry.points.size(), many.geometry.points.size());
    for (size_t i = 0; i < one.geometry.points.size(); ++i) {
        ASSERT_NEAR(one.geometry.points[i].x, many.geometry.points[i].x, 1e-4) << i;
        ASSERT_NEAR(one.geometry.points[i].y, many.geometry.points[i].y, 1e-4) << i;
    }
    EXPECT_EQ(one.geometry.ringEnds, many.geometry.ringEnds);
    EXPECT_EQ(one.outline.points.size(), many.outline.points.size());
    for (size_t f = 0; f < one.featureCount(); ++f)
        ASSERT_EQ(one.lineRanges[f].count, many.lineRanges[f].count) << "feature " << f;
}

TEST(LoaderSlices, ChunkedReadersMakeTheSameLayerAsOne) {
    const LoadedLayer one = load("", 1);
    const LoadedLayer many = load("", 3);
    EXPECT_EQ(one.stats.featuresRead, 85161u);
    expectConsistent(one);
    expectConsistent(many);
    expectSameLayer(one, many);
}

TEST(LoaderSlices, SparseIdsUnderAFilter) {
    const std::string where = "bld_id % 3 = 0 OR bld_id > 80000";  // ~32k features, two slices
    const LoadedLayer one = load(where, 1);
    const LoadedLayer many = load(where, 2);
    EXPECT_GT(one.featureCount(), 20000u);
    expectConsistent(many);
    expectSameLayer(one, many);
}

}  // namespace
}  // namespace gs
