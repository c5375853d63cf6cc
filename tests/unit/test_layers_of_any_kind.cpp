// Layers of any geometry through the loader: a layer mixing points, lines and polygons keeps
// per-feature ranges of each mesh that agree with what was read, label points on each kind, and
// the parts it could not use counted; a basemap's rules become layers of the source's matching
// layers, with what the extract cannot serve named.
#include <gtest/gtest.h>

#include <algorithm>

#include "scene/feature_index.hpp"
#include "scene/loader.hpp"

#ifndef GRIDSCOPE_SOURCE_DIR
#define GRIDSCOPE_SOURCE_DIR "/work/main"
#endif

namespace gs {
namespace {

const std::string kRepo = GRIDSCOPE_SOURCE_DIR;

TEST(LayersOfAnyKind, AMixedLayerKeepsEveryKindWithItsRanges) {
    SceneConfig config;
    LayerConfig layer;
    layer.id = "mixed";
    layer.role = LayerRole::Layer;
    layer.source.source = kRepo + "/tests/data/mixed.geojson";
    layer.source.crs = "EPSG:3857";  // small numbers: metres near the origin
    layer.style = defaultOverlayStyle();
    config.layers.push_back(layer);
    auto scene = loadScene(config, LoadOptions{});
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    const LoadedLayer& l = scene->layers[0];
    ASSERT_EQ(l.featureCount(), 6u);
    EXPECT_EQ(l.stats.featuresRead, 8u);
    EXPECT_EQ(l.stats.points, 5u);  // 1 + 2 + the station's 2
    EXPECT_EQ(l.stats.lines, 3u);   // the road, the river's long part, the station's line
    EXPECT_EQ(l.stats.ignoredParts, 1u);
    ASSERT_EQ(l.stats.skipped.size(), 2u);
    ASSERT_EQ(l.pathRanges.size(), 6u);
    ASSERT_EQ(l.symbolRanges.size(), 6u);
    // Ranges tile their meshes in feature order, and tag their features.
    uint32_t path = 0, symbol = 0;
    for (size_t f = 0; f < l.featureCount(); ++f) {
        EXPECT_EQ(l.pathRanges[f].first, path);
        EXPECT_EQ(l.symbolRanges[f].first, symbol);
        path += l.pathRanges[f].count;
        symbol += l.symbolRanges[f].count;
        for (uint32_t s = l.symbolRanges[f].first; s < l.symbolRanges[f].first + l.symbolRanges[f].count; ++s)
            EXPECT_EQ(l.symbols.features[s], f);
    }
    EXPECT_EQ(path, l.paths.points.size());
    EXPECT_EQ(symbol, l.symbols.points.size());
    EXPECT_EQ(l.symbolRanges[1].count, 2u);  // the multipoint
    EXPECT_EQ(l.pathRanges[0].count, 0u);    // the point has no line
    EXPECT_GT(l.fillRanges[4].count, 0u);    // the park is filled
    // Symbols sit on their points (relative to the layer's origin).
    const Vec2f& school = l.symbols.points[l.symbolRanges[0].first];
    EXPECT_DOUBLE_EQ(double(school.x) + l.origin.x, 1.0);
    EXPECT_DOUBLE_EQ(double(school.y) + l.origin.y, 2.0);
    // Labels: a point at itself, a line halfway along its length, a polygon inside it.
    EXPECT_EQ(l.labelPoints[0], (Vec2d{1, 2}));
    EXPECT_EQ(l.labelPoints[2], (Vec2d{10, 0}));  // the road is 20 long: its middle is the corner
    EXPECT_TRUE(l.labelPoints[4].x > 20 && l.labelPoints[4].x < 30);
    // Geometry kept for picking: lines and points per feature.
    ASSERT_EQ(l.geometry.featureLineEnd.size(), 6u);
    EXPECT_EQ(l.geometry.featureLineBegin(2), 0u);
    EXPECT_EQ(l.geometry.featureLineEnd[2], 1u);
    EXPECT_EQ(l.geometry.featurePointEnd[5], 5u);

    // Picking: points and lines within the tolerance, nearest first and over areas.
    FeatureIndex index(l);
    EXPECT_EQ(index.pick(l, {1.2, 2.1}, 0.5), 0);      // the school
    EXPECT_EQ(index.pick(l, {1.2, 2.1}, 0.1), -1);     // too far for a tighter tolerance
    EXPECT_EQ(index.pick(l, {5, 0.3}, 0.5), 2);        // on the road
    EXPECT_EQ(index.pick(l, {10.2, 7}, 0.5), 2);       // its second leg
    EXPECT_EQ(index.pick(l, {25, 5}, 0.5), 4);         // inside the park
    EXPECT_EQ(index.pick(l, {45, 40.2}, 0.5), 5);      // the station's line
    EXPECT_EQ(index.pick(l, {41.8, 41.5}, 0.01), 5);   // inside the station's triangle
    EXPECT_EQ(index.pick(l, {100, 100}, 0.5), -1);
}

TEST(LayersOfAnyKind, BasemapRulesBecomeLayersOfTheExtract) {
    SceneConfig config;
    LayerConfig grid;
    grid.id = "grid";
    grid.source.source = kRepo + "/data/demo.gpkg";
    grid.source.layer = "neighborhoods";
    grid.style = defaultLevelStyle(0, 1);
    config.layers.push_back(grid);
    BasemapConfig& b = config.basemap.emplace();
    b.source = kRepo + "/data/osm_demo.gpkg";
    ASSERT_TRUE(readBasemapStyle("light", b).ok());
    EXPECT_EQ(b.attribution, "© OpenStreetMap contributors");
    auto scene = loadScene(config, LoadOptions{});
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    // The scene's own layer first; the basemap's after it, in the style's order; water and parks
    // have no polygon layer to read in this extract, and it has no waterway.
    ASSERT_EQ(scene->layers.size(), 1u + 6u);
    EXPECT_EQ(scene->layers[0].config.id, "grid");
    std::vector<std::string> ids;
    for (size_t i = 1; i < scene->layers.size(); ++i) {
        EXPECT_EQ(scene->layers[i].config.role, LayerRole::Basemap);
        EXPECT_EQ(scene->layers[i].config.source.layer, "lines");
        ids.push_back(scene->layers[i].config.id);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"basemap-waterways", "basemap-paths", "basemap-minor",
                                             "basemap-railways", "basemap-major", "basemap-motorways"}));
    EXPECT_EQ(scene->layers[1].featureCount(), 0u);  // no waterway in the extract
    size_t roads = 0;
    for (size_t i = 2; i < scene->layers.size(); ++i) roads += scene->layers[i].stats.lines;
    EXPECT_GT(roads, 10000u);
    ASSERT_GE(scene->warnings.size(), 2u);
    EXPECT_NE(scene->warnings[0].find("nothing to draw for water (no polygons layer), parks (no polygons layer)"),
              std::string::npos)
        << scene->warnings[0];
    EXPECT_NE(scene->warnings[1].find("basemap-waterways"), std::string::npos) << scene->warnings[1];
    // The fitted extent is the scene's own: the basemap reaches further.
    EXPECT_EQ(scene->extent.minX, scene->layers[0].stats.extent.minX);
    EXPECT_LT(scene->layers[4].stats.extent.minY, scene->extent.minY);
}

}  // namespace
}  // namespace gs
