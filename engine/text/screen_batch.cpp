#include "text/screen_batch.hpp"

namespace gs {

void ScreenBatch::addQuad(float x0, float y0, float x1, float y1, float u0, float v0, float u1,
                          float v1, Rgba c, Rgba h, int atlas) {
    // Solid quads (atlas < 0) extend whatever run is open; a glyph needs a run of its atlas.
    if (runs_.empty() || (atlas >= 0 && runs_.back().atlas != atlas && runs_.back().atlas >= 0))
        runs_.push_back({atlas, uint32_t(vertices_.size()), 0});
    else if (atlas >= 0 && runs_.back().atlas < 0)
        runs_.back().atlas = atlas;
    runs_.back().count += 6;
    auto vert = [&](float x, float y, float u, float v) {
        vertices_.push_back({x, y, u, v, {c.r, c.g, c.b, c.a}, {h.r, h.g, h.b, h.a}});
    };
    vert(x0, y0, u0, v0); vert(x1, y0, u1, v0); vert(x1, y1, u1, v1);
    vert(x0, y0, u0, v0); vert(x1, y1, u1, v1); vert(x0, y1, u0, v1);
}

void ScreenBatch::addRect(float x0, float y0, float x1, float y1, Rgba color) {
    addQuad(x0, y0, x1, y1, -1, -1, -1, -1, color, {}, -1);
}

void ScreenBatch::addRectOutline(float x0, float y0, float x1, float y1, float w, Rgba color) {
    addRect(x0, y0, x1, y0 + w, color);
    addRect(x0, y1 - w, x1, y1, color);
    addRect(x0, y0 + w, x0 + w, y1 - w, color);
    addRect(x1 - w, y0 + w, x1, y1 - w, color);
}

void ScreenBatch::addGlyph(int atlas, float x0, float y0, float x1, float y1, float u0, float v0,
                           float u1, float v1, Rgba color, Rgba halo) {
    addQuad(x0, y0, x1, y1, u0, v0, u1, v1, color, halo, atlas);
}

}  // namespace gs
