// A headless picture of a scene: the scene loaded (level of detail for the picture's scale) while
// the GL context, the offscreen target and the shaders are made, its live session (the recording
// as of its clock) attached, drawn once into the target, read back or written to a PNG. The one
// snapshot function: `gridscope render` and the render tests call it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "image/image.hpp"
#include "history/analysis_config.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "session/analysis_session.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/scene_renderer.hpp"
#include "scene/scene_config.hpp"

namespace gs {

// A feature named the way a user names it: by layer id and feature id (FID).
struct FeatureName {
    std::string layer;
    int64_t fid = -1;
};

struct SnapshotRequest {
    int width = 1920, height = 1080;
    int samples = 0;  // outlines carry their own antialiasing
    std::optional<Box> view;  // display CRS; nullopt fits the data
    bool fullDetail = false;  // no level of detail
    bool labels = true;
    bool legend = true;
    float uiScale = 0;        // 0: from the height (1 at 1080 lines, 2 at 2160)
    std::optional<FeatureName> hovered, selected;
    // Live overlays (issue 3): the config's feed replayed up to its clock, drawn over the map.
    std::optional<LiveOverlayConfig> live;
    // The analyst's view (issue 13): a history's kept events as a heatmap over the map, a level
    // coloured by one of its figures.
    std::optional<AnalysisConfig> analysis;
    // When set, the picture goes straight to this PNG file, band by band, and
    // SnapshotResult::image stays empty.
    std::string pngPath;
    // The caller exits right after a successful pngPath snapshot (the CLI): the scene and the GL
    // context are left for the OS to reclaim instead of freed one by one, which takes a 4K city
    // snapshot about 0.1 s (as compilers skip freeing at exit).
    bool exitAfter = false;
    // After the picture, draw it this many more times and time each (SnapshotResult::frameMs):
    // `gridscope render --bench-frames N`, frame times where a window cannot open (a GPU server).
    int benchFrames = 0;
};

struct SnapshotResult {
    Image image;
    std::vector<std::string> warnings;  // scene warnings and skipped geometries, one line each
    RenderStats stats;
    double loadSeconds = 0;
    std::vector<double> frameMs;  // SnapshotRequest::benchFrames
    std::string glRenderer;       // set with frameMs
    // With an analysis: what the picture shows, for a script (render --report).
    struct Analysis {
        std::size_t rows = 0, events = 0, kept = 0;
        std::map<std::string, std::size_t> skipped;
        std::optional<AnalysisClassReport> classes;
        std::optional<HeatmapRange> heatmap;
        // A split or swipe compare: the baseline period's kept events and classes.
        std::optional<std::size_t> baselineKept;
        std::optional<AnalysisClassReport> baselineClasses;
        // Hexagon bins: their classes (the window's, the baseline's).
        std::optional<AnalysisClassReport> hexbins, baselineHexbins;
    };
    std::optional<Analysis> analysis;
    // Every layer drawn with a legend (classified by a field, a live figure or a history figure):
    // its id and the legend's rows with their counts, for render --report.
    struct LayerLegend {
        std::string layer;
        Legend legend;
    };
    std::vector<LayerLegend> legends;
};

// Loads the scene (level of detail for the picture's scale, no attributes beyond what the style
// uses) while the GL context and shaders are made, then draws it once. Errors in the scene
// (sources, fields, CRS) come back as Error; so does a missing GL driver, prefixed "GL: ".
Result<SnapshotResult> renderSceneSnapshot(const SceneConfig& config, const SnapshotRequest& request);

}  // namespace gs
