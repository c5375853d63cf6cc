// What the loader makes of one layer: features in the display CRS, their attributes, CPU meshes
// ready to upload, and an account of everything that was read — including what was skipped and why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "geometry/mesh.hpp"
#include "geometry/polygon.hpp"
#include "scene/coverage.hpp"
#include "scene/footprint_boxes.hpp"
#include "source/attribute_table.hpp"
#include "scene/scene_config.hpp"
#include "source/vector_source.hpp"  // SkippedFeature

namespace gs {

struct LayerStats {
    std::string sourceCrs;      // e.g. "EPSG:4326"
    Box sourceExtent;           // in the source CRS
    Box extent;                 // in the display CRS
    size_t featuresRead = 0;
    size_t featuresLoaded = 0;
    std::vector<SkippedFeature> skipped;
    size_t vertices = 0;        // mesh points after level of detail (fills and outlines share them)
    size_t sourceVertices = 0;  // points read from the source
    size_t triangles = 0;
    size_t lines = 0;           // open lines loaded
    size_t points = 0;          // point symbols loaded
    size_t ignoredParts = 0;    // parts of a kind the layer does not draw (a point in a grid)
    double loadSeconds = 0;
    double coarserSeconds = 0;  // of it, making the coarser meshes (levels)
};

// Polygon geometry in the display CRS, kept for picking, containment and labels.
struct FeatureGeometry {
    std::vector<Vec2d> points;
    std::vector<uint32_t> ringEnds;        // exclusive end (into points) of each ring
    std::vector<uint32_t> polygonRingEnd;  // exclusive end (into ringEnds) of each polygon
    std::vector<uint32_t> featurePolyEnd;  // exclusive end (into polygons) of each feature

    // Open lines and points of features that have them (layers other than levels and
    // buildings): line l is linePoints[lineBegin(l) .. lineEnds[l]); feature f owns lines
    // [featureLineBegin(f), featureLineEnd[f]) and points pointsOf [featurePointBegin(f),
    // featurePointEnd[f]). Empty for polygon-only layers.
    std::vector<Vec2d> linePoints;
    std::vector<uint32_t> lineEnds;
    std::vector<uint32_t> featureLineEnd;
    std::vector<Vec2d> markers;
    std::vector<uint32_t> featurePointEnd;

    size_t featureCount() const { return featurePolyEnd.size(); }
    uint32_t lineBegin(size_t l) const { return l == 0 ? 0 : lineEnds[l - 1]; }
    uint32_t featureLineBegin(size_t f) const { return f == 0 ? 0 : featureLineEnd[f - 1]; }
    uint32_t featurePointBegin(size_t f) const { return f == 0 ? 0 : featurePointEnd[f - 1]; }
    bool hasLinesOrPoints() const { return !featureLineEnd.empty(); }
    uint32_t polygonBegin(size_t f) const { return f == 0 ? 0 : featurePolyEnd[f - 1]; }
    uint32_t ringBegin(size_t poly) const { return poly == 0 ? 0 : polygonRingEnd[poly - 1]; }
    // The polygon as a view whose ringEnds are relative to its own first point.
    PolygonView polygon(size_t poly, std::vector<uint32_t>& scratchEnds) const;
};

// A coarser copy of a layer's polygon meshes (scene/coarse_meshes.hpp), for far zooms.
struct CoarseMesh {
    double tolerance = 0;  // display units: drawn where this is under half a pixel
    FillMesh fill;
    LineMesh outline;
    std::vector<IndexRange> fillRanges, lineRanges;  // per feature, of fill.indices and outline.points
};

struct LoadedLayer {
    LayerConfig config;
    std::vector<int64_t> fids;
    AttributeTable attributes;
    std::vector<Box> bounds;         // per feature, display CRS
    std::vector<Vec2d> labelPoints;  // per feature, inside the feature
    std::vector<double> areas;       // per feature, display CRS units²
    std::vector<int32_t> parents;    // per feature: index in the previous level, -1 none
    FeatureGeometry geometry;        // empty when the load asked not to keep it

    Vec2d origin;  // mesh coordinates are relative to this
    FillMesh fill;
    LineMesh outline;
    std::vector<IndexRange> fillRanges;  // per feature, of fill.indices
    std::vector<IndexRange> lineRanges;  // per feature, of outline.points: all its points, fills' too
    // Open lines (with distances, for dashes) and point symbols, of layers that have them.
    LineMesh paths;
    PointMesh symbols;
    std::vector<IndexRange> pathRanges;    // per feature, of paths.points (empty for polygon-only layers)
    std::vector<IndexRange> symbolRanges;  // per feature (empty for polygon-only layers)
    // Level of detail of a large polygon layer (buildings): its built-up coverage, drawn instead of
    // the features where they are under a few pixels, and the median feature size (display units).
    Coverage coverage;
    double typicalSize = 0;
    std::vector<FootprintBox> footprintBoxes;  // per feature, for a few pixels a footprint (window)
    std::vector<CoarseMesh> coarser;  // ascending tolerance; levels only
    // Loaded without its meshes (LoadOptions::deferBuildingMeshes): its geometry is kept as it will
    // be drawn, and scene/deferred_meshes.hpp makes the meshes later, from a second read.
    bool meshesDeferred = false;
    // Where a deferred layer has its meshes and geometry so far (display CRS; empty: nowhere): the
    // window reads the region around its view (loadDeferredMeshes with a region) once footprints
    // are big enough to draw, and only there. Every other feature has empty ranges and no
    // geometry, and is drawn as its box.
    Box meshedRegion;
    // Features whose box a region's read emptied (none of their parts triangulated), for the
    // renderer to empty on the GPU where the layer's own copy of the boxes was released.
    std::vector<uint32_t> boxesEmptied;
    // A snapshot at a few pixels a footprint (LoadOptions::footprintBoxPx): features under this
    // area (display units²) have a box and no meshes, the others meshes and a zero box.
    double boxesUnderArea = 0;
    double meshTolerance = 0;  // the simplification its deferred meshes are made at
    LayerStats stats;

    size_t featureCount() const { return fids.size(); }
    bool isLevel() const { return config.role == LayerRole::Level; }
    bool hasPaths() const { return !paths.points.empty() || !pathRanges.empty(); }
};

}  // namespace gs
