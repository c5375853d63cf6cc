#include "render/offscreen_target.hpp"

#include <cstring>
#include <string>

namespace gs {

Result<OffscreenTarget> OffscreenTarget::create(int width, int height, int samples) {
    GLint maxSize = 0, maxSamples = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxSize);
    glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
    if (width < 1 || height < 1 || width > maxSize || height > maxSize)
        return Error{"image size " + std::to_string(width) + "x" + std::to_string(height) +
                     " is outside 1.." + std::to_string(maxSize) + " pixels per side"};
    OffscreenTarget t;
    t.width_ = width;
    t.height_ = height;
    t.samples_ = samples > 1 ? std::min(samples, int(maxSamples)) : 0;

    auto makeTarget = [&](gl::Framebuffer& fbo, gl::Renderbuffer& color, gl::Renderbuffer* ds,
                          int s) -> Status {
        fbo = gl::Framebuffer::create();
        glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
        color = gl::Renderbuffer::create();
        glBindRenderbuffer(GL_RENDERBUFFER, color.id());
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_RGBA8, width, height);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color.id());
        if (ds) {
            *ds = gl::Renderbuffer::create();
            glBindRenderbuffer(GL_RENDERBUFFER, ds->id());
            glRenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_DEPTH24_STENCIL8, width, height);
            glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                                      ds->id());
        }
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            return Error{"framebuffer " + std::to_string(width) + "x" + std::to_string(height) +
                         " is incomplete"};
        return {};
    };
    if (auto s = makeTarget(t.drawFbo_, t.color_, &t.depthStencil_, t.samples_); !s) return s.error();
    if (t.samples_ > 0) {
        if (auto s = makeTarget(t.resolveFbo_, t.resolveColor_, nullptr, 0); !s) return s.error();
    }
    glBindFramebuffer(GL_FRAMEBUFFER, t.drawFbo_.id());
    return t;
}

void OffscreenTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, drawFbo_.id());
    glViewport(0, 0, width_, height_);
}

Image OffscreenTarget::read() const {
    GLuint readFbo = drawFbo_.id();
    if (samples_ > 0) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, drawFbo_.id());
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolveFbo_.id());
        glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
        readFbo = resolveFbo_.id();
    }
    Image img;
    img.width = width_;
    img.height = height_;
    img.rgba.resize(size_t(width_) * height_ * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, readFbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    glBindFramebuffer(GL_FRAMEBUFFER, drawFbo_.id());
    img.flipVertically();
    return img;
}

}  // namespace gs
