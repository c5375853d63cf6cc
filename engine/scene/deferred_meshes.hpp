// Meshes that follow the first picture. A window opening a city needs, for its first picture of
// the whole city, only the buildings' coverage and boxes; triangulating a million footprints
// (most of the load's time) can wait until the picture is up. A layer loaded with
// LoadOptions::deferBuildingMeshes keeps its polygons as read and has no meshes
// (LoadedLayer::meshesDeferred); buildDeferredMeshes() makes them on worker threads, and the window
// adopts them (adoptMeshes) and uploads them. Until then the layer is drawn as its boxes at every
// zoom above its coverage: never a blank map.
#pragma once

#include <cstddef>
#include <vector>

#include "scene/loaded_layer.hpp"

namespace gs {

struct LayerMeshes {
    FillMesh fill;
    LineMesh outline;
    std::vector<IndexRange> fillRanges, lineRanges;  // per feature, as LoadedLayer's
    std::vector<SkippedFeature> skipped;             // parts the triangulator refused, with why
    FeatureGeometry geometry;                        // the polygons as drawn
};

// Simplifies (at the layer's meshTolerance), triangulates and outlines every feature of `layer`
// from its kept geometry, as a whole load would, on `threads` threads (chunks of features, joined
// in feature order). Every feature keeps its place: one whose parts all fail gets empty ranges,
// and its reasons go to `skipped`.
LayerMeshes buildDeferredMeshes(const LoadedLayer& layer, size_t threads);

// Moves the meshes and the geometry as drawn into the layer, which is then as if loaded without
// deferring (but for the features no part of which triangulated: kept, with nothing drawn).
void adoptMeshes(LoadedLayer& layer, LayerMeshes&& meshes);

}  // namespace gs
