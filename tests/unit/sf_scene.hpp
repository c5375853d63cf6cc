// San Francisco's buildings (../shared/data/sf/buildings.gpkg, 85,161 footprints) as a one-layer
// scene, for the tests that load them.
#pragma once

#include <string>

#include "scene/scene_config.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

namespace gs::test {

// `where`: an attribute filter on the source (empty: every footprint).
inline SceneConfig sfBuildingsScene(const std::string& where = "") {
    SceneConfig config;
    LayerConfig layer;
    layer.id = "buildings";
    layer.role = LayerRole::Buildings;
    layer.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/buildings.gpkg";
    layer.source.layer = "buildings";
    layer.source.where = where;
    layer.style = defaultBuildingsStyle();
    config.layers.push_back(layer);
    return config;
}

}  // namespace gs::test
