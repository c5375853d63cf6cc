// Management levels: every SF tract finds its neighborhood, by spatial containment alone and by
// the parent-id field, and both ways agree with the tract's own `nhood` tag.
#include <gtest/gtest.h>

#include "scene/loader.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

namespace gs {
namespace {

SceneConfig sfLevels(bool byField) {
    SceneConfig config;
    LayerConfig n;
    n.id = "neighborhoods";
    n.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/neighborhoods.geojson";
    n.level.idField = "nhood";
    n.level.nameField = "nhood";
    LayerConfig t;
    t.id = "tracts";
    t.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/tracts.geojson";
    t.level.idField = "geoid";
    t.level.nameField = "tractce10";
    if (byField) t.level.parentField = "nhood";
    config.layers = {n, t};
    return config;
}

// Returns how many tracts were linked to the neighborhood their own `nhood` tag names.
size_t tractsInTheirNeighborhood(bool byField) {
    size_t linked = 0;
    auto scene = loadScene(sfLevels(byField), LoadOptions{});
    EXPECT_TRUE(scene.ok()) << scene.error().message;
    if (!scene.ok()) return 0;
    const LoadedLayer& nh = scene->layers[0];
    const LoadedLayer& tr = scene->layers[1];
    EXPECT_EQ(nh.featureCount(), 41u);
    EXPECT_EQ(tr.stats.featuresRead, 195u);
    auto nName = nh.attributes.find("nhood");
    auto tName = tr.attributes.find("nhood");
    EXPECT_TRUE(nName && tName);
    if (!nName || !tName) return 0;
    for (size_t i = 0; i < tr.featureCount(); ++i) {
        int p = tr.parents[i];
        EXPECT_GE(p, 0) << "tract fid " << tr.fids[i] << " has no neighborhood";
        if (p < 0) continue;
        bool same = nh.attributes.column(*nName).values[size_t(p)] == tr.attributes.column(*tName).values[i];
        EXPECT_TRUE(same) << "tract fid " << tr.fids[i];
        linked += same;
    }
    EXPECT_TRUE(scene->warnings.empty()) << scene->warnings.front();
    return linked;
}

TEST(Hierarchy, EverySfTractFindsItsNeighborhoodByContainment) {
    EXPECT_EQ(tractsInTheirNeighborhood(false), 195u);
}

TEST(Hierarchy, EverySfTractFindsItsNeighborhoodByParentField) {
    EXPECT_EQ(tractsInTheirNeighborhood(true), 195u);
}

TEST(Hierarchy, UnknownParentIdsAreReportedNotDropped) {
    auto config = sfLevels(true);
    config.layers[1].level.parentField = "tractce10";  // ids that match no neighborhood
    auto scene = loadScene(config, LoadOptions{});
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    ASSERT_EQ(scene->warnings.size(), 1u);
    EXPECT_NE(scene->warnings[0].find("have no parent in \"neighborhoods\""), std::string::npos)
        << scene->warnings[0];
    EXPECT_EQ(scene->layers[1].featureCount(), scene->layers[1].stats.featuresLoaded);
}

}  // namespace
}  // namespace gs
