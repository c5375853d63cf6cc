// Textured quads (shaders/compose with GS_TILE): a texture, or a part of one, copied into a
// rectangle of the bound framebuffer, one quad a call, with whatever blending the caller set. The
// moving map's tiles (render/map_tiles) and the window's panel pictures (render/screen_patches)
// are drawn with it. The program is built on first use; the shaders are built into the binary, so
// a failure is a broken driver, and callers then draw another way. GL thread.
#pragma once

#include <optional>

#include "render/gl_objects.hpp"
#include "render/shader.hpp"

namespace gs {

class TextureQuads {
public:
    // Builds the program on the first call; false when it cannot be built.
    bool usable();
    // Binds the program and its (attribute-less) vertex array, textures on unit 0. Call after a
    // usable() that said true, then draw() any number of times, then end().
    void begin();
    // The rectangle in normalized device coordinates, the texture's coordinates at its corners.
    void draw(GLuint texture, float x0, float y0, float x1, float y1, float u0 = 0, float v0 = 0, float u1 = 1,
              float v1 = 1);
    void end();  // unbinds the vertex array and texture

private:
    std::optional<gl::Program> program_;
    gl::VertexArray vao_;
    bool failed_ = false;
    GLint dst_ = -1, src_ = -1;
};

}  // namespace gs
