// Coarser level meshes for far zooms (scene/coarse_meshes): their tolerances step by two up to what
// the whole layer needs at 256 pixels across, each draws fewer triangles than the one before, no
// feature vanishes from any, and the area each fills stays the feature's within what its
// tolerance allows along its boundary.
#include <gtest/gtest.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <cstdio>
#include <string>

#include "geometry/polygon.hpp"
#include "scene/coarse_meshes.hpp"
#include "scene/loader.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

namespace gs {
namespace {

TEST(CoarseMeshes, TolerancesDoubleUpToTheWholeLayerAt256Pixels) {
    const Box extent{0, 0, 51200, 20000};  // 51.2 km wide: 100 m a pixel at 256 px, 50 m half of it
    const auto steps = coarserTolerances(1.0, extent);
    ASSERT_FALSE(steps.empty());
    EXPECT_DOUBLE_EQ(steps.front(), 2.0);
    for (size_t i = 1; i < steps.size(); ++i) EXPECT_DOUBLE_EQ(steps[i], 2 * steps[i - 1]);
    EXPECT_GE(steps.back(), 100.0);        // the first at or past 100 m...
    EXPECT_LT(steps[steps.size() - 2], 100.0);  // ...and no further
    EXPECT_EQ(steps.size(), 7u);           // 2, 4, 8, 16, 32, 64, 128
    EXPECT_TRUE(coarserTolerances(0.0, extent).empty());
    EXPECT_TRUE(coarserTolerances(1.0, Box{}).empty());
    // A tolerance already past it still gets one coarser mesh (the caller asked for coarser).
    EXPECT_EQ(coarserTolerances(500.0, extent).size(), 1u);
}

// Segments drawn by a LineMesh's strips: a quad between each two neighbouring points on a strip.
size_t segments(const LineMesh& mesh) {
    size_t total = 0;
    for (size_t i = 0; i + 1 < mesh.features.size(); ++i)
        total += !(mesh.features[i] & kOffStrip) && !(mesh.features[i + 1] & kOffStrip);
    return total;
}

// The area of a feature's fill, whose vertices are `points`' points.
double fillArea(const FillMesh& mesh, const LineMesh& points, IndexRange r) {
    double a = 0;
    for (uint32_t i = r.first; i + 3 <= r.first + r.count; i += 3) {
        const Vec2f& p = points.points.at(mesh.indices[i]);
        const Vec2f& q = points.points.at(mesh.indices[i + 1]);
        const Vec2f& s = points.points.at(mesh.indices[i + 2]);
        a += std::abs(double(q.x - p.x) * (s.y - p.y) - double(q.y - p.y) * (s.x - p.x)) / 2;
    }
    return a;
}

TEST(CoarseMeshes, SanFranciscoTractsStayWholeAtEveryStep) {
    SceneConfig config;
    LayerConfig tracts;
    tracts.id = "tracts";
    tracts.role = LayerRole::Level;
    tracts.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/tracts.geojson";
    tracts.style = defaultLevelStyle(0, 1);
    config.layers.push_back(tracts);
    config.displayCrs = "EPSG:3857";
    LoadOptions load;
    load.simplifyTolerance = 0.5;  // half a metre
    auto scene = loadScene(config, load);
    ASSERT_TRUE(scene) << scene.error().message;
    const LoadedLayer& layer = scene->layers[0];
    ASSERT_GT(layer.featureCount(), 100u);
    const auto expected = coarserTolerances(0.5, layer.stats.extent);
    ASSERT_EQ(layer.coarser.size(), expected.size());
    ASSERT_GE(layer.coarser.size(), 6u);  // SF is tens of km wide: 1 m to past 32 m

    size_t previousFill = layer.fill.indices.size(), previousLine = segments(layer.outline);
    for (size_t k = 0; k < layer.coarser.size(); ++k) {
        const CoarseMesh& mesh = layer.coarser[k];
        SCOPED_TRACE("tolerance " + std::to_string(mesh.tolerance));
        EXPECT_DOUBLE_EQ(mesh.tolerance, expected[k]);
        EXPECT_LE(mesh.fill.indices.size(), previousFill);
        EXPECT_LE(segments(mesh.outline), previousLine);
        previousFill = mesh.fill.indices.size();
        previousLine = segments(mesh.outline);
        ASSERT_EQ(mesh.fillRanges.size(), layer.featureCount());
        ASSERT_EQ(mesh.lineRanges.size(), layer.featureCount());
        // The outlines' ranges hold only what they draw: each ring or line its points on a strip
        // and the two neighbours at its ends, nothing else (the fills' own points come after).
        size_t offStrip = 0, stripCount = 0, rangesEnd = 0;
        for (const IndexRange& r : mesh.lineRanges) {
            for (uint32_t i = r.first; i < r.first + r.count; ++i) {
                const bool off = mesh.outline.features.at(i) & kOffStrip;
                offStrip += off;
                stripCount += !off && (mesh.outline.features.at(i - 1) & kOffStrip);
            }
            rangesEnd = std::max<size_t>(rangesEnd, r.first + r.count);
        }
        EXPECT_GT(stripCount, 0u);
        EXPECT_EQ(offStrip, 2 * stripCount) << "points in the outlines' ranges that no strip draws";
        for (uint32_t i : mesh.fill.indices) ASSERT_GE(i, rangesEnd) << "a fill vertex among the outlines' points";
        size_t tooFar = 0;
        for (size_t f = 0; f < layer.featureCount(); ++f) {
            ASSERT_GT(mesh.fillRanges[f].count, 0u) << "feature " << f << " vanished";
            // A boundary moved by at most the tolerance changes the area by at most about
            // tolerance x perimeter; the box's perimeter bounds a feature's from below only, so
            // allow four times it and count the exceptions.
            const double full = fillArea(layer.fill, layer.outline, layer.fillRanges[f]);
            const double coarse = fillArea(mesh.fill, mesh.outline, mesh.fillRanges[f]);
            const Box& b = layer.bounds[f];
            const double allowed = 4 * mesh.tolerance * 2 * (b.width() + b.height()) + 1;
            if (std::abs(coarse - full) > allowed) ++tooFar;
        }
        EXPECT_LE(tooFar, layer.featureCount() / 100) << "features whose area moved past the tolerance";
    }
    // The coarsest is a small fraction of the full mesh: what a city-wide view draws.
    EXPECT_LT(segments(layer.coarser.back().outline) * 5, segments(layer.outline));
}

TEST(CoarseMeshes, SharedBoundariesAreDrawnOnce) {
    // Three by three squares of 0.01 degrees sharing their sides: 24 distinct sides, 36 ring edges.
    std::string json = R"({"type":"FeatureCollection","features":[)";
    for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col) {
            const double x0 = 116.0 + 0.01 * col, y0 = 39.9 + 0.01 * row, x1 = x0 + 0.01, y1 = y0 + 0.01;
            char ring[400];
            std::snprintf(ring, sizeof ring, "[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f]]", x0, y0, x1,
                          y0, x1, y1, x0, y1, x0, y0);
            json += std::string(row + col ? "," : "") + R"({"type":"Feature","properties":{"id":")" +
                    std::to_string(row * 3 + col) + R"("},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
        }
    json += "]}";
    const std::string path = testing::TempDir() + "coarse_meshes_squares.geojson";
    {
        FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(json.c_str(), f);
        std::fclose(f);
    }
    SceneConfig config;
    LayerConfig grids;
    grids.id = "grids";
    grids.role = LayerRole::Level;
    grids.source.source = path;
    grids.style = defaultLevelStyle(0, 1);
    config.layers.push_back(grids);
    config.displayCrs = "EPSG:3857";
    LoadOptions load;
    load.simplifyTolerance = 1.0;
    auto scene = loadScene(config, load);
    ASSERT_TRUE(scene) << scene.error().message;
    const LoadedLayer& layer = scene->layers[0];
    ASSERT_EQ(layer.featureCount(), 9u);
    ASSERT_FALSE(layer.coarser.empty());
    EXPECT_EQ(segments(layer.outline), 36u);  // the full mesh rings every square (hover, selection)
    for (const CoarseMesh& mesh : layer.coarser) {
        SCOPED_TRACE("tolerance " + std::to_string(mesh.tolerance));
        // Every side once; a straight run of sides owned by one square may merge into one segment.
        EXPECT_LE(segments(mesh.outline), 24u);
        EXPECT_GE(segments(mesh.outline), 16u);
        size_t fillTriangles = 0;
        for (const IndexRange& r : mesh.fillRanges) {
            EXPECT_EQ(r.count, 6u);  // each square two triangles
            fillTriangles += r.count / 3;
        }
        EXPECT_EQ(fillTriangles, 18u);
    }
}

TEST(CoarseMeshes, CoordinatesThatAreNotNumbersBreakNothing) {
    // A level whose points failed to project (NaN, infinities) among good ones: the shared-edge
    // sort must still see a total order (std::sort given none runs out of its range), and every
    // feature keeps its ranges.
    LoadedLayer layer;
    layer.config.role = LayerRole::Level;
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    FeatureGeometry& g = layer.geometry;
    for (int f = 0; f < 200; ++f) {
        const double x = 10.0 * (f % 20), y = 10.0 * (f / 20);
        const bool bad = f % 3 == 0;
        const Vec2d ring[] = {{x, y}, {bad ? nan : x + 10, y}, {x + 10, bad ? inf : y + 10}, {x, y + 10}, {x, y}};
        g.points.insert(g.points.end(), std::begin(ring), std::end(ring));
        g.ringEnds.push_back(uint32_t(g.points.size()));
        g.polygonRingEnd.push_back(uint32_t(g.ringEnds.size()));
        g.featurePolyEnd.push_back(uint32_t(g.polygonRingEnd.size()));
        layer.fids.push_back(f);
        layer.bounds.push_back(Box{x, y, x + 10, y + 10});
        layer.fillRanges.push_back({0, 0});
        layer.lineRanges.push_back({0, 0});
    }
    const double steps[] = {1.0, 2.0};
    buildCoarserMeshes(layer, steps);
    ASSERT_EQ(layer.coarser.size(), 2u);
    for (const CoarseMesh& mesh : layer.coarser) {
        EXPECT_EQ(mesh.fillRanges.size(), layer.featureCount());
        EXPECT_EQ(mesh.lineRanges.size(), layer.featureCount());
        size_t goodFilled = 0;
        for (size_t f = 0; f < layer.featureCount(); ++f)
            if (f % 3 != 0 && mesh.fillRanges[f].count > 0) ++goodFilled;
        EXPECT_EQ(goodFilled, 133u);  // every feature with finite points is filled
    }
}

}  // namespace
}  // namespace gs
