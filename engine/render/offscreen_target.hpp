// The one way to draw without a window: a headless GL context (EGL surfaceless,
// platform/headless_context), made current, and a colour target in it to draw into (optionally
// multisampled, then resolved), read back as an Image or written to a PNG band by band. The map's
// snapshot (session/snapshot), the wall's `render --layout` and soak, tests and benchmarks all
// draw into one of these. No GL in this header, so views may hold one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "image/image.hpp"

namespace gs {

class HeadlessContext;

class OffscreenTarget {
public:
    // Makes the context and the target (`samples` 0 or 1: no multisampling). Fails with the
    // driver's reason when no context can be made, or when the size is beyond the driver's.
    static Result<std::unique_ptr<OffscreenTarget>> create(int width, int height, int samples = 0);
    // The context goes with the target: GL objects made in it must be gone first.
    ~OffscreenTarget();
    OffscreenTarget(const OffscreenTarget&) = delete;
    OffscreenTarget& operator=(const OffscreenTarget&) = delete;

    // The target as the framebuffer drawn into, with the viewport over all of it.
    void bind() const;
    // Makes what was drawn readable (resolves multisampling) and waits for the GPU to finish it
    // (frame timing).
    void finish() const;
    // The pixels, rows top to bottom, RGBA8.
    Image read() const;
    // The picture to a PNG file, read back band by band (it never exists twice in memory).
    // `opaque`: the background is, so the file needs no alpha channel.
    Status writePng(const std::string& path, bool opaque = true) const;

    int width() const { return width_; }
    int height() const { return height_; }
    std::string glRenderer() const;  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

private:
    struct Framebuffers;
    OffscreenTarget() = default;
    void resolve() const;  // multisampled pixels into the readable buffer
    // Rows [y0, y1) of the picture, top row first, RGBA8, width * 4 bytes a row.
    void readRows(int y0, int y1, std::uint8_t* rgba) const;

    std::unique_ptr<HeadlessContext> context_;
    std::unique_ptr<Framebuffers> fb_;
    int width_ = 0, height_ = 0, samples_ = 0;
};

}  // namespace gs
