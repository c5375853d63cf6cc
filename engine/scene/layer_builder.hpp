// Turns features (already in the display CRS) into a LoadedLayer: bounds, label points, fill
// triangles, outlines, optional level of detail. Builders work on one thread each, without locks;
// the loader appends their parts (whole slices, or chunks of a large layer) in feature order.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "geometry/triangulate.hpp"
#include "scene/loaded_layer.hpp"

namespace gs {

struct BuildOptions {
    double simplifyTolerance = 0;  // display CRS units; 0 keeps every vertex
    bool keepGeometry = true;      // keep the polygons for picking and containment
    // Keep the polygons as drawn (simplified, the parts that triangulated) rather than as read:
    // for buildings, picked as they look (a million footprints' full vertices are most of the
    // window's memory); levels keep theirs exact (live points are assigned by them).
    bool keepDrawnGeometry = false;
    bool buildOutlines = true;
    bool labelPoints = true;
    // The layer may hold lines and points (any layer but levels and buildings): it keeps their
    // per-feature ranges, even for features with polygons only.
    bool linesAndPoints = false;
    // Boxes, areas and label points only, no meshes: for a layer drawn as its coverage alone.
    bool areasOnly = false;
    // No meshes and no geometry yet: the window's first picture of a big layer needs only its
    // coverage and boxes; the meshes and the polygons as drawn follow from a second read
    // (scene/deferred_meshes.hpp).
    bool deferMeshes = false;
    // A snapshot at a few pixels a footprint: a polygon feature whose area is under this (display
    // units²) gets no meshes, only its polygons as drawn (for its box); larger ones get meshes
    // and keep theirs too. 0: every feature is meshed.
    double boxesUnderArea = 0;
    // Each feature's footprint box (scene/footprint_boxes.hpp) from its polygons as read, in
    // LoadedLayer::footprintBoxes: a zero box for a feature with meshes under boxesUnderArea.
    bool boxes = false;
};

class LayerBuilder {
public:
    LayerBuilder(const BuildOptions& options, Vec2d origin);

    // One feature: its polygons, open lines and points, already in the display CRS. Returns
    // false when no part of it could be used (it is then recorded as skipped, with the reason for
    // each part). Lines and points make the layer's paths and symbols; a layer that has any keeps
    // per-feature ranges of both for every feature.
    bool addFeature(int64_t fid, std::span<const PolygonView> polygons,
                    std::span<const std::span<const Vec2d>> lines = {}, std::span<const Vec2d> points = {});
    // A feature that was read but has no usable geometry at all.
    void addSkipped(int64_t fid, std::string reason);

    // Makes room for about `features` more features of `pointsPerFeature` points each, so the
    // meshes do not grow (and copy themselves) a dozen times while a large layer loads. Reserving
    // touches no memory: pages the estimate overshoots are never used.
    void reserve(size_t features, double pointsPerFeature);

    LoadedLayer& layer() { return layer_; }
    // Before the first feature only: where the meshes' coordinates are relative to.
    void setOrigin(Vec2d origin) { layer_.origin = origin; }

private:
    BuildOptions options_;
    LoadedLayer layer_;
    // Scratch space reused across features: no allocation per polygon in the steady state.
    std::vector<Vec2d> simplePoints_;
    void keepPart(const PolygonView& part);
    std::vector<Vec2d> keptPoints_;  // the feature's polygons as drawn (keepDrawnGeometry)
    std::vector<uint32_t> keptEnds_, keptPolygonEnds_;
    std::vector<uint32_t> simpleEnds_;
    std::vector<double> partAreas_;  // of the feature being added, per polygon
    // And its polygons' facts (triangulate.hpp), worked out once for their areas, the feature's
    // box and the triangles; the ring areas they name are partRingAreas_'s.
    std::vector<PolygonFacts> partFacts_;
    std::vector<double> partRingAreas_;
};

// Appends `part` to `into`, shifting feature indices and index ranges; both were built with the
// same origin. Attributes and fids are appended by the caller.
void appendLayerPart(LoadedLayer& into, LoadedLayer&& part);
// The same for a chunk of a layer built in a reused builder: part is left empty (same columns,
// same origin) but keeps the memory of its arrays.
void appendLayerChunk(LoadedLayer& into, LoadedLayer& part);

}  // namespace gs
