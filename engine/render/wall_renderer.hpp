// The GL side of the command-center wall: the scene renderer drawing each map panel into its own
// texture, the canvas renderer drawing the panels over them into one picture of the canvas, and
// the copy of that picture to the outputs of a window (one rectangle per monitor; the strips of
// canvas behind the bezels are skipped). Views build the canvas list; this only draws.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <tuple>
#include <vector>

#include "core/result.hpp"
#include "render/canvas.hpp"
#include "render/canvas_renderer.hpp"
#include "render/scene_renderer.hpp"

namespace gs {

// One output of a window: the canvas rectangle it shows (canvas pixels) and where it goes in the
// window's framebuffer (pixels, origin top left).
struct OutputViewport {
    Box canvas;
    int x = 0, y = 0, width = 0, height = 0;
};

class WallRenderer {
public:
    static Result<std::unique_ptr<WallRenderer>> create();
    ~WallRenderer();

    SceneRenderer& map() { return *map_; }
    // A software rasterizer (Mesa's llvmpipe, softpipe): the wall draws a moving map cheaper.
    bool software() const { return software_; }
    CanvasFonts& fonts() { return fonts_; }

    // Draws the scene with `camera` (its viewport is the panel's size in target pixels) into map
    // picture `image` (a canvas image id).
    Result<RenderStats> drawMap(int image, const Camera& camera, const ViewState& view);
    // Draws the canvas list over a cleared picture of the canvas, `scale` target pixels per
    // canvas pixel, into the wall's own texture (for present()) or, with toBound, into the
    // framebuffer bound now (a headless snapshot's target).
    // Into the wall's own picture, only the list's groups that changed since the last frame (and
    // its live groups) are drawn again: most frames redraw the map and nothing else.
    Status drawCanvas(CanvasList& list, int canvasWidth, int canvasHeight, float scale, Rgba background,
                      bool toBound = false);
    // Target pixels the next drawCanvas of `list` into the wall's own picture would draw (the
    // groups changed since the last frame, and the live ones), without drawing: a frame on a
    // software renderer that must redraw much of the wall can leave a moving map for the next.
    double pendingRedrawPixels(const CanvasList& list, int canvasWidth, int canvasHeight, float scale) const;
    // Target pixels drawn by the last drawCanvas (for the frame-time figures).
    double lastRedrawPixels() const { return redrawPixels_; }
    // The wall's own picture (GL rows bottom-up), 0 before the first drawCanvas into it.
    GLuint pictureFramebuffer() const;
    // Copies the canvas picture to the default framebuffer (a window of w x h pixels), one
    // rectangle per output (OutputViewport::canvas in canvas pixels).
    void present(std::span<const OutputViewport> outputs, int windowWidth, int windowHeight);

private:
    WallRenderer() = default;
    // The rectangles (target pixels, not overlapping) that changed since the last frame drawn into
    // the wall's picture; `full` is set when the whole picture must be drawn. `hashes`: the list's
    // groups', for the next frame.
    std::vector<Box> dirtyRects(const CanvasList& list, int w, int h, float scale, bool& full,
                                std::vector<std::uint64_t>& hashes) const;
    std::unique_ptr<SceneRenderer> map_;
    std::unique_ptr<CanvasRenderer> canvas_;
    CanvasFonts fonts_;
    std::map<std::tuple<int, int, int>, TextureTarget> maps_;  // (image, width, height)
    std::map<int, GLuint> lastTexture_;                        // by image: the one shown
    std::unique_ptr<TextureTarget> wall_;
    std::vector<GLuint> images_;
    float scale_ = 1;
    bool software_ = false;
    std::vector<std::uint64_t> groupHashes_;  // of the last frame drawn into wall_
    std::vector<Box> groupBounds_;            // canvas pixels, of the same groups
    double redrawPixels_ = 0;
    gl::Framebuffer readFbo_;
    GLuint readTexture_ = 0;
};

}  // namespace gs
