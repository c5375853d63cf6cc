// Two pictures of one camera side by side (issue 13's compare: a baseline period and the window).
// Each side is drawn into a picture of its own (beginSide() binds it; the scene renderer draws as
// into any framebuffer), then compose() puts both into the framebuffer that was bound before:
//   split — side 0 in the left half, side 1 in the right half (each drawn at half the width, so the
//           two halves show the same place at the same scale), a thin line between them;
//   swipe — both drawn over the whole frame; side 0 shows left of the divider, side 1 right of it,
//           the divider a light bar with a handle in its middle.
// Copies are textured quads, so the target may be multisampled. GL thread.
#pragma once

#include <array>
#include <memory>
#include <optional>

#include "core/result.hpp"
#include "core/types.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"
#include "render/texture_target.hpp"

namespace gs {

enum class CompareLayout { Split, Swipe };

class CompareComposer {
public:
    static Result<std::unique_ptr<CompareComposer>> create();

    // The framebuffer bound now is where compose() will draw; side `side`'s picture, width × height,
    // is bound for drawing (and cleared to transparent). Fails on a size the driver cannot make.
    Status beginSide(int side, int width, int height);
    // Gives up this frame's compare: the framebuffer bound before beginSide(0) is bound again.
    void abandon() const;
    // Both pictures into the frame (width × height), over `background` (what the sides do not cover:
    // the columns outside [x0, x1) when split). Split: side 0 at x0, side 1 right after it, each as
    // wide as its picture; swipe: the full-frame pictures cut at `dividerX` (frame columns from the
    // left). `uiScale` sizes the divider and the split's line.
    void compose(CompareLayout layout, int width, int height, int x0, int dividerX, float uiScale,
                 const Rgba& background);

    // A side's width for a frame of `width`: half of it (the left side the smaller) when split.
    static int sideWidth(CompareLayout layout, int side, int width) {
        if (layout == CompareLayout::Swipe) return width;
        return side == 0 ? width / 2 : width - width / 2;
    }

private:
    CompareComposer() = default;
    void quad(const float dst[4], const float src[4]);
    void bar(int x0, int y0, int x1, int y1, int width, int height, const float rgba[4]);

    gl::Program program_;
    gl::VertexArray vao_;
    std::array<std::optional<TextureTarget>, 2> pictures_;
    GLint target_ = 0;
};

}  // namespace gs
