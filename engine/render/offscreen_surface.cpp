#include "render/offscreen_surface.hpp"

#include "image/png.hpp"
#include "platform/headless_context.hpp"
#include "render/gl.hpp"
#include "render/offscreen_target.hpp"

namespace gs {

Result<std::unique_ptr<OffscreenSurface>> OffscreenSurface::create(int width, int height) {
    std::unique_ptr<OffscreenSurface> s(new OffscreenSurface());
    auto ctx = HeadlessContext::create();
    if (!ctx) return ctx.error();
    s->context_ = std::move(*ctx);
    auto target = OffscreenTarget::create(width, height, 0);
    if (!target) return target.error();
    s->target_ = std::make_unique<OffscreenTarget>(std::move(*target));
    return s;
}

OffscreenSurface::~OffscreenSurface() {
    if (context_) context_->makeCurrent();
    target_.reset();
}

void OffscreenSurface::bind() { target_->bind(); }
void OffscreenSurface::finish() { glFinish(); }
int OffscreenSurface::width() const { return target_->width(); }
int OffscreenSurface::height() const { return target_->height(); }

std::string OffscreenSurface::glRenderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "";
}

Image OffscreenSurface::read() const { return target_->read(); }

Status OffscreenSurface::writePng(const std::string& path) const {
    PngOptions options;
    options.color = PngColor::Rgb;
    return writePngRows(path, target_->width(), target_->height(),
                        [&](int y0, int y1, uint8_t* rgba) -> Status {
                            target_->readRows(y0, y1, rgba);
                            return {};
                        },
                        options);
}

}  // namespace gs
