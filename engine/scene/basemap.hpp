// The scene's basemap as layers: each rule of its style (scene_config.hpp, BasemapRule) becomes a
// layer of role Basemap reading the rule's features from the basemap source. Which source layer a
// rule reads is found here, where the source can be opened: "lines", "polygons" and "points" are
// the OSM driver's layers of those names (lines, multipolygons, points) or the source's only layer
// of that kind (an extract's Shapefile or GeoPackage); any other name is a layer name.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "scene/scene_config.hpp"

namespace gs {

// Appends the basemap's layers to scene.layers (after the scene's own, so indices of those do not
// change; SceneRenderer draws basemap layers first). Rules the source cannot serve (it has no
// layer of that kind) are left out, each named in `notes`. Fails when the source cannot be opened.
Status appendBasemapLayers(SceneConfig& scene, std::vector<std::string>& notes);

}  // namespace gs
