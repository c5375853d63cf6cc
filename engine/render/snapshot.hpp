// Headless pictures of a scene: an EGL surfaceless context, an offscreen target and the scene
// renderer behind one small interface, so views and tests never see GL.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "image/image.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "render/scene_renderer.hpp"

namespace gs {

class HeadlessContext;
class OffscreenTarget;

class Snapshotter {
public:
    // Makes the context and compiles the shaders (call it while the scene loads: both take time).
    static Result<std::unique_ptr<Snapshotter>> create(int width, int height, int samples);
    ~Snapshotter();

    Status setScene(LoadedScene& scene) { return renderer_->setScene(scene); }
    SceneRenderer& renderer() { return *renderer_; }
    Result<Image> render(const Camera& camera, const ViewState& view, RenderStats* stats = nullptr);
    // The same picture written straight to a PNG file, read back band by band: the picture never
    // exists twice in memory. `opaque`: the background is, so the file needs no alpha channel.
    // `drawn`, when set, runs once the frame is submitted, before the pixels are read (tracing).
    Status renderToPng(const Camera& camera, const ViewState& view, const std::string& path, bool opaque,
                       RenderStats* stats = nullptr, const std::function<void()>& drawn = {});
    // Draws the picture again and waits for the GPU to finish it: the frame time of a window
    // showing this scene, less the swap. Returns milliseconds.
    double timeFrame(const Camera& camera, const ViewState& view);
    std::string glRenderer() const;  // GL_RENDERER, e.g. "NVIDIA H100 80GB HBM3/PCIe/SSE2"

private:
    Snapshotter() = default;
    std::unique_ptr<HeadlessContext> context_;
    std::unique_ptr<OffscreenTarget> target_;
    std::unique_ptr<SceneRenderer> renderer_;
};

}  // namespace gs

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
    // When set, the picture goes straight to this PNG file (Snapshotter::renderToPng) and
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
};

// Loads the scene (level of detail for the picture's scale, no attributes beyond what the style
// uses) while the GL context and shaders are made, then draws it once. Errors in the scene
// (sources, fields, CRS) come back as Error; so does a missing GL driver, prefixed "GL: ".
Result<SnapshotResult> renderSceneSnapshot(const SceneConfig& config, const SnapshotRequest& request);

}  // namespace gs
