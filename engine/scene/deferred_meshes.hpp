// Meshes that follow the first picture. A window opening a city needs, for its first picture of
// the whole city, only the buildings' coverage and boxes; triangulating a million footprints
// (most of the load's time) can wait until the picture is up. A layer loaded with
// LoadOptions::deferBuildingMeshes keeps its polygons as they will be drawn and has no meshes
// (LoadedLayer::meshesDeferred); loadDeferredMeshes() reads its source again, as a whole load of
// that layer alone would (a simplified part that will not triangulate falls back to the part as
// read, which the first read did not keep), and the window adopts the result (adoptMeshes) and
// uploads it. Until then the layer is drawn as its boxes wherever footprints would be: never a
// blank map.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "scene/loaded_layer.hpp"
#include "scene/scene_config.hpp"

namespace gs {

struct LayerMeshes {
    FillMesh fill;
    LineMesh outline;
    std::vector<IndexRange> fillRanges, lineRanges;  // per feature of the deferred layer
    std::vector<SkippedFeature> skipped;             // parts the triangulator refused, with why
    FeatureGeometry geometry;                        // the polygons as drawn
    Box region;                    // empty: the whole layer
    std::vector<uint32_t> failed;  // of a region: features in it none of whose parts triangulated
};

// Reads `layer`'s source again (its config; `displayCrs` the scene's) at the layer's
// meshTolerance, as a whole load would, and maps the result onto `layer`'s features by feature id:
// every feature keeps its place, one that the whole load drops (no part triangulated) gets empty
// ranges and its reasons in `skipped`. Reads only; `layer` may be drawn and picked meanwhile.
//
// With a region (display CRS), only the features whose box meets it are read, through the source's
// spatial index, each meshed as in the whole read; the others get empty ranges and no geometry.
// Ranges and geometry are in the layer's feature order whatever order the source gives.
Result<LayerMeshes> loadDeferredMeshes(const LoadedLayer& layer, const std::string& displayCrs,
                                       const Box& region = {});

// Moves the meshes and the geometry as drawn into the layer, which is then as if loaded without
// deferring (but for the features no part of which triangulated: kept, with nothing drawn, their
// boxes emptied). Meshes of a region replace the region the layer had: it stays deferred, its
// meshes there (LoadedLayer::meshedRegion), boxes elsewhere.
void adoptMeshes(LoadedLayer& layer, LayerMeshes&& meshes);

}  // namespace gs
