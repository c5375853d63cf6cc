// A headless GL context with one offscreen target, for pictures drawn by anything other than the
// map's Snapshotter (the wall's `render --layout`, its soak run): make it, draw, write the PNG.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "image/image.hpp"

namespace gs {

class HeadlessContext;
class OffscreenTarget;

class OffscreenSurface {
public:
    static Result<std::unique_ptr<OffscreenSurface>> create(int width, int height);
    ~OffscreenSurface();
    void bind();    // the target, as the framebuffer drawn into
    void finish();  // waits for the GPU (frame timing)
    Status writePng(const std::string& path) const;  // opaque RGB, band by band
    Image read() const;                              // rows top to bottom
    std::string glRenderer() const;
    int width() const;
    int height() const;

private:
    OffscreenSurface() = default;
    std::unique_ptr<HeadlessContext> context_;
    std::unique_ptr<OffscreenTarget> target_;
};

}  // namespace gs
