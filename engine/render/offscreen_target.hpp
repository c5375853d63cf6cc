// A framebuffer to render into without a window: multisampled colour + stencil, resolved into
// a single-sample buffer that is read back as an Image.
#pragma once

#include "core/result.hpp"
#include "image/image.hpp"
#include "render/gl_objects.hpp"

namespace gs {

class OffscreenTarget {
public:
    // `samples` 0 or 1 renders without multisampling.
    static Result<OffscreenTarget> create(int width, int height, int samples);

    void bind() const;
    // Resolves and reads the pixels, top row first.
    Image read() const;

    int width() const { return width_; }
    int height() const { return height_; }

private:
    int width_ = 0, height_ = 0, samples_ = 0;
    gl::Framebuffer drawFbo_, resolveFbo_;
    gl::Renderbuffer color_, depthStencil_, resolveColor_;
};

}  // namespace gs
