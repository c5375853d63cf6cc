// Loads a scene's layers in parallel: every layer is read, reprojected and meshed on its own worker
// thread into plain arrays, and a large GeoPackage layer by several readers (one per slice) taking
// chunks of it as they come free; nothing here touches GL.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "scene/loaded_layer.hpp"
#include "scene/scene_config.hpp"

namespace gs {

struct LoadOptions {
    // Level of detail: vertices closer than this (display CRS units) are merged and rings smaller
    // than it dropped. Half a pixel at the scale the scene will be drawn changes nothing visible.
    double simplifyTolerance = 0;
    // Or chosen once every source is open, from the scene's display extent (e.g. by fitting the
    // camera to it): used when set, instead of simplifyTolerance.
    std::function<double(const Box& sceneExtent)> toleranceForExtent;
    // The scene is drawn at one scale only, where the tolerance is half a pixel (a snapshot): a
    // buildings layer whose typical footprint is under coveragePx there (judged from its first
    // batch) is read for its boxes and areas only, the coverage drawn in its place; it is not
    // triangulated, so its broken rings go unnoticed. Levels get no coarser meshes then.
    // One whose typical footprint is under footprintBoxPx there draws each footprint under that
    // size as its box (scene/footprint_boxes.hpp), not triangulated either (its broken rings go
    // unnoticed too), and triangulates the larger ones (LoadedLayer::boxesUnderArea).
    bool singleScale = false;
    double coveragePx = kSnapshotCoveragePx;
    double footprintBoxPx = kFootprintBoxPx;
    // Keep building polygons for picking (the window does; a snapshot does not need them).
    bool keepBuildingGeometry = true;
    // A buildings layer large enough for a coverage is loaded without its meshes (its polygons
    // kept as they will be drawn, LoadedLayer::meshesDeferred): the caller shows a first picture
    // from the coverage and boxes and makes the meshes afterwards (scene/deferred_meshes.hpp).
    // Not with singleScale.
    bool deferBuildingMeshes = false;
    // Meshes and geometry only: no coverage, boxes or coarser meshes (the second read of a
    // deferred layer, whose first read made those).
    bool meshesOnly = false;
    // Only the features whose box meets this one (display CRS; empty: every feature), read through
    // the source's spatial index where it has one, with their meshes relative to regionOrigin: a
    // region of a deferred layer (scene/deferred_meshes.hpp). One reader a layer.
    Box region;
    Vec2d regionOrigin;
    // Read every attribute (the window shows them); otherwise only the fields the style uses.
    bool allAttributes = true;
    // Reader threads for one large layer (GeoPackage tables are split by feature id).
    size_t slicesPerLayer = 0;  // 0: the number of hardware threads
};

// Shared with the UI thread: how far loading has come. Written by workers, read by anyone.
struct LoadProgress {
    std::atomic<size_t> featuresTotal{0};
    std::atomic<size_t> featuresDone{0};
    std::atomic<bool> cancel{false};
    double fraction() const {
        size_t t = featuresTotal.load();
        return t == 0 ? 0.0 : std::min(1.0, double(featuresDone.load()) / double(t));
    }
};

struct LoadedScene {
    SceneConfig config;
    std::vector<LoadedLayer> layers;  // in config order
    Box extent;                       // display CRS, of every layer but the basemap's
    std::vector<std::string> warnings;
    double loadSeconds = 0;
};

Result<LoadedScene> loadScene(const SceneConfig& config, const LoadOptions& options,
                              LoadProgress* progress = nullptr);

}  // namespace gs
