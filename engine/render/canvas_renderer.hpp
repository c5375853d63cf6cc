// Draws a CanvasList (render/canvas.hpp): the wall's panels, their text and the pictures of its
// map panels, with one variant of the canvas program per kind of run (shaders/canvas.frag.glsl).
// GL thread only.
#pragma once

#include <map>
#include <memory>
#include <span>

#include "core/result.hpp"
#include "render/atlas_texture.hpp"
#include "render/canvas.hpp"
#include "render/gl_objects.hpp"
#include "render/texture_target.hpp"
#include "render/shader.hpp"

namespace gs {

class CanvasRenderer {
public:
    static Result<std::unique_ptr<CanvasRenderer>> create();

    // Draws `list` over the bound framebuffer, whose (targetWidth x targetHeight) pixels show the
    // canvas (canvasWidth x canvasHeight canvas pixels). `images[i]` is the texture of image id i.
    // `limits` (target pixels, origin top left, whole pixels, not overlapping): draw only there
    // (a partial redraw); none: everywhere.
    //
    // Each run is drawn once per limit it touches, runs in list order: a pixel sees the same draws
    // in the same order as if the list were drawn limit by limit, but the GL state (the run's
    // texture) changes at most once per run, not once per run and limit, and a run outside
    // every limit changes nothing. On a software rasterizer each state change a draw submits is a
    // copy of the whole fragment state kept in the frame's binned scene (Mesa's llvmpipe: tens of
    // kB), so that is what bounds the memory a panel redraw takes.
    void draw(CanvasList& list, float canvasWidth, float canvasHeight, int targetWidth, int targetHeight,
              std::span<const GLuint> images, std::span<const Box> limits = {});

private:
    CanvasRenderer() = default;
    // By CanvasKind of the run: Solid, Glyph, Image (a software rasterizer pays for every branch
    // of a shader on every fragment; a run with no texture must not pay for texture reads).
    gl::Program solid_, glyph_, image_;
    gl::VertexArray vao_;
    gl::Buffer vbo_;
    std::map<int, AtlasTexture> atlases_;  // by atlas id
};

}  // namespace gs
