// Screen-space quads that views build each frame — legend swatches, label glyphs, panels — and
// the renderer draws over the map in one call. Widget code never calls GL; it fills one of these.
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace gs {

struct ScreenVertex {
    float x, y;    // pixels, origin top left
    float u, v;    // glyph atlas texels; u < 0 marks a solid quad
    float color[4];
    float halo[4];
};

class ScreenBatch {
public:
    void addRect(float x0, float y0, float x1, float y1, Rgba color);
    void addRectOutline(float x0, float y0, float x1, float y1, float width, Rgba color);
    // A glyph quad: screen box and box in glyph atlas `atlas` (texels), coloured with a halo.
    void addGlyph(int atlas, float x0, float y0, float x1, float y1, float u0, float v0, float u1,
                  float v1, Rgba color, Rgba halo);
    void clear() { vertices_.clear(); runs_.clear(); }
    bool empty() const { return vertices_.empty(); }
    const std::vector<ScreenVertex>& vertices() const { return vertices_; }  // 6 per quad

    // Consecutive quads that use one atlas, in drawing order (solid quads join any run).
    struct Run {
        int atlas;
        uint32_t first, count;
    };
    const std::vector<Run>& runs() const { return runs_; }

private:
    void addQuad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1,
                 Rgba color, Rgba halo, int atlas);
    std::vector<ScreenVertex> vertices_;
    std::vector<Run> runs_;
};

}  // namespace gs
