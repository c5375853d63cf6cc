// A framebuffer to render into without a window: colour only (optionally multisampled, then
// resolved into a single-sample buffer), read back as an Image or band by band.
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
    // Makes the pixels readable (resolves multisampling); then readRows() reads bands of them.
    void resolve() const;
    // Rows [y0, y1) of the picture, top row first, RGBA8, width * 4 bytes a row.
    void readRows(int y0, int y1, uint8_t* rgba) const;

    int width() const { return width_; }
    int height() const { return height_; }

private:
    int width_ = 0, height_ = 0, samples_ = 0;
    gl::Framebuffer drawFbo_, resolveFbo_;
    gl::Renderbuffer color_, resolveColor_;
};

}  // namespace gs
