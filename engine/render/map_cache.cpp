#include "render/map_cache.hpp"

#include <algorithm>

namespace gs {

bool MapCache::begin(const MapCacheKey& key, int bands) {
    bound_ = false;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target_);
    GLint sampleBuffers = 0;
    glGetIntegerv(GL_SAMPLE_BUFFERS, &sampleBuffers);
    if (sampleBuffers > 0) {  // a blit cannot copy into a multisampled target
        valid_ = false;
        return false;
    }
    if (valid_ && key == key_) return true;
    if (!valid_ && bandsDone_ > 0 && bandsDone_ < bands_ && fbo_ && key == key_) {
        // The picture under way: its next band.
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo_.id());
        scissorBand();
        bound_ = true;
        return false;
    }
    if (fbo_ && (width_ != key.width || height_ != key.height) && spareFbo_ && spareWidth_ == key.width &&
        spareHeight_ == key.height) {
        // Back to the other size (a wall's map between flights and stops): its texture is kept,
        // so alternating sizes never reallocates (a software driver's freed textures linger).
        std::swap(fbo_, spareFbo_);
        std::swap(color_, spareColor_);
        std::swap(width_, spareWidth_);
        std::swap(height_, spareHeight_);
    }
    if (!fbo_ || width_ != key.width || height_ != key.height) {
        if (fbo_) {
            spareFbo_ = std::move(fbo_);
            spareColor_ = std::move(color_);
            spareWidth_ = width_;
            spareHeight_ = height_;
        }
        fbo_ = gl::Framebuffer::create();
        color_ = gl::Texture::create();
        glBindTexture(GL_TEXTURE_2D, color_.id());
        GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, key.width, key.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                              nullptr));
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
        GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_.id(), 0));
        const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target_));
        if (!complete) {
            clear();
            return false;
        }
        width_ = key.width;
        height_ = key.height;
    }
    key_ = key;
    valid_ = false;
    bands_ = std::clamp(bands, 1, std::max(1, key.height));
    bandsDone_ = 0;
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo_.id());
    scissorBand();
    bound_ = true;
    return false;
}

void MapCache::scissorBand() const {
    if (bands_ <= 1) return;
    // GL rows run bottom-up; bands go top-down, as a reader's eye does.
    const int top = height_ - height_ * bandsDone_ / bands_;
    const int bottom = height_ - height_ * (bandsDone_ + 1) / bands_;
    glEnable(GL_SCISSOR_TEST);
    glScissor(0, bottom, width_, top - bottom);
}

void MapCache::finish() {
    if (!bound_) return;
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target_));
    if (bands_ > 1) glDisable(GL_SCISSOR_TEST);
    bound_ = false;
    valid_ = ++bandsDone_ >= bands_;
    if (valid_) ++generation_;
}

void MapCache::draw() {
    if (!valid_) return;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_.id());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target_));
    GL_CHECK(glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(target_));
    // What MapRenderer::draw leaves for the passes after it.
    glViewport(0, 0, width_, height_);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void MapCache::clear() {
    fbo_ = gl::Framebuffer();
    color_ = gl::Texture();
    spareFbo_ = gl::Framebuffer();
    spareColor_ = gl::Texture();
    spareWidth_ = spareHeight_ = 0;
    width_ = height_ = 0;
    valid_ = bound_ = false;
    bands_ = 1;
    bandsDone_ = 0;
}

}  // namespace gs
