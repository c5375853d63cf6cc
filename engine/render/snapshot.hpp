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
