#include "render/offscreen_target.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "image/png.hpp"
#include "platform/headless_context.hpp"
#include "render/gl.hpp"
#include "render/gl_objects.hpp"

namespace gs {

struct OffscreenTarget::Framebuffers {
    gl::Framebuffer draw, resolve;
    gl::Renderbuffer color, resolveColor;
};

Result<std::unique_ptr<OffscreenTarget>> OffscreenTarget::create(int width, int height, int samples) {
    std::unique_ptr<OffscreenTarget> t(new OffscreenTarget());
    auto ctx = HeadlessContext::create();
    if (!ctx) return ctx.error();
    t->context_ = std::move(*ctx);
    t->fb_ = std::make_unique<Framebuffers>();

    GLint maxSize = 0, maxSamples = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxSize);
    glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
    if (width < 1 || height < 1 || width > maxSize || height > maxSize)
        return Error{"image size " + std::to_string(width) + "x" + std::to_string(height) +
                     " is outside 1.." + std::to_string(maxSize) + " pixels per side"};
    t->width_ = width;
    t->height_ = height;
    t->samples_ = samples > 1 ? std::min(samples, int(maxSamples)) : 0;

    // Colour only: the map draws in painter's order and never tests depth or stencil, and at 4K
    // a depth-stencil buffer would cost another 33 MB.
    auto makeTarget = [&](gl::Framebuffer& fbo, gl::Renderbuffer& color, int s) -> Status {
        fbo = gl::Framebuffer::create();
        glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
        color = gl::Renderbuffer::create();
        glBindRenderbuffer(GL_RENDERBUFFER, color.id());
        GL_CHECK(glRenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_RGBA8, width, height));
        GL_CHECK(glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color.id()));
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            return Error{"framebuffer " + std::to_string(width) + "x" + std::to_string(height) +
                         " is incomplete"};
        return {};
    };
    Framebuffers& fb = *t->fb_;
    if (auto s = makeTarget(fb.draw, fb.color, t->samples_); !s) return s.error();
    if (t->samples_ > 0) {
        if (auto s = makeTarget(fb.resolve, fb.resolveColor, 0); !s) return s.error();
    }
    t->bind();
    return t;
}

OffscreenTarget::~OffscreenTarget() {
    // GL objects die while their context is current.
    if (context_) context_->makeCurrent();
    fb_.reset();
}

void OffscreenTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fb_->draw.id());
    glViewport(0, 0, width_, height_);
}

void OffscreenTarget::finish() const {
    resolve();
    glFinish();
}

std::string OffscreenTarget::glRenderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "";
}

void OffscreenTarget::resolve() const {
    if (samples_ == 0) return;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb_->draw.id());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fb_->resolve.id());
    GL_CHECK(glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST));
    glBindFramebuffer(GL_FRAMEBUFFER, fb_->draw.id());
}

void OffscreenTarget::readRows(int y0, int y1, std::uint8_t* rgba) const {
    // GL's rows run bottom-up: the band is GL rows [height - y1, height - y0), flipped after.
    const int rows = y1 - y0;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, samples_ > 0 ? fb_->resolve.id() : fb_->draw.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    GL_CHECK(glReadPixels(0, height_ - y1, width_, rows, GL_RGBA, GL_UNSIGNED_BYTE, rgba));
    glBindFramebuffer(GL_FRAMEBUFFER, fb_->draw.id());
    const size_t stride = size_t(width_) * 4;
    std::vector<std::uint8_t> swap(stride);
    for (int a = 0, b = rows - 1; a < b; ++a, --b) {
        std::memcpy(swap.data(), rgba + size_t(a) * stride, stride);
        std::memcpy(rgba + size_t(a) * stride, rgba + size_t(b) * stride, stride);
        std::memcpy(rgba + size_t(b) * stride, swap.data(), stride);
    }
}

Image OffscreenTarget::read() const {
    Image img;
    img.width = width_;
    img.height = height_;
    img.rgba.resize(size_t(width_) * size_t(height_) * 4);
    resolve();
    readRows(0, height_, img.rgba.data());
    return img;
}

Status OffscreenTarget::writePng(const std::string& path, bool opaque) const {
    resolve();
    PngOptions options;
    options.color = opaque ? PngColor::Rgb : PngColor::Rgba;
    return writePngRows(path, width_, height_,
                        [&](int y0, int y1, std::uint8_t* rgba) -> Status {
                            readRows(y0, y1, rgba);
                            return {};
                        },
                        options);
}

}  // namespace gs
