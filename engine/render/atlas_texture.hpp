// A glyph atlas on the GPU (RG8: coverage and halo), shared by every pass that draws text: the
// map's labels and legends, and the live overlay's badges and labels.
#pragma once

#include <cstdint>

#include "render/gl_objects.hpp"

namespace gs {

struct AtlasTexture {
    gl::Texture texture;
    int width = 0, height = 0;

    // Uploads only the rows [y0, y1) unless the size changed (then all of it). GL thread.
    void update(int w, int h, const std::uint8_t* texels, int y0, int y1);
};

}  // namespace gs
