#include "render/snapshot.hpp"

#include "platform/headless_context.hpp"
#include "image/png.hpp"
#include "render/gl.hpp"
#include "render/offscreen_target.hpp"

#include <chrono>

namespace gs {

Result<std::unique_ptr<Snapshotter>> Snapshotter::create(int width, int height, int samples) {
    std::unique_ptr<Snapshotter> s(new Snapshotter());
    auto ctx = HeadlessContext::create();
    if (!ctx) return ctx.error();
    s->context_ = std::move(*ctx);
    auto target = OffscreenTarget::create(width, height, samples);
    if (!target) return target.error();
    s->target_ = std::make_unique<OffscreenTarget>(std::move(*target));
    auto renderer = SceneRenderer::create();
    if (!renderer) return renderer.error();
    s->renderer_ = std::move(*renderer);
    s->renderer_->warmUp();  // while the caller's scene loads, if it does so meanwhile
    s->target_->bind();
    return s;
}

Snapshotter::~Snapshotter() {
    // GL objects die while their context is current.
    if (context_) context_->makeCurrent();
    renderer_.reset();
    target_.reset();
}

Result<Image> Snapshotter::render(const Camera& cameraIn, const ViewState& view, RenderStats* stats) {
    Camera camera = cameraIn;
    camera.setViewport(target_->width(), target_->height());
    target_->bind();
    RenderStats s = renderer_->render(camera, view);
    if (stats) *stats = s;
    return target_->read();
}

Status Snapshotter::renderToPng(const Camera& cameraIn, const ViewState& view, const std::string& path, bool opaque,
                                RenderStats* stats, const std::function<void()>& drawn) {
    Camera camera = cameraIn;
    camera.setViewport(target_->width(), target_->height());
    target_->bind();
    RenderStats s = renderer_->render(camera, view);
    if (stats) *stats = s;
    target_->resolve();
    if (drawn) drawn();
    PngOptions options;
    options.color = opaque ? PngColor::Rgb : PngColor::Rgba;
    return writePngRows(path, target_->width(), target_->height(),
                        [&](int y0, int y1, uint8_t* rgba) -> Status {
                            target_->readRows(y0, y1, rgba);
                            return {};
                        },
                        options);
}

double Snapshotter::timeFrame(const Camera& cameraIn, const ViewState& view) {
    Camera camera = cameraIn;
    camera.setViewport(target_->width(), target_->height());
    auto t0 = std::chrono::steady_clock::now();
    target_->bind();
    renderer_->render(camera, view);
    target_->resolve();
    glFinish();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string Snapshotter::glRenderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "";
}

}  // namespace gs
