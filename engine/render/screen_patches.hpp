// Pictures of parts of the frame that seldom change (a panel of the window's interface), kept in
// textures and laid over each frame with one textured quad each. On a software renderer, drawing
// a panel's widgets and hundreds of glyphs again costs milliseconds every frame; laying its
// picture, a fraction of one. The caller decides when a picture is stale (views/ui_renderer).
// GL thread.
#pragma once

#include <unordered_map>

#include "core/result.hpp"
#include "render/gl_objects.hpp"
#include "render/texture_quads.hpp"
#include "render/texture_target.hpp"

namespace gs {

class ScreenPatches {
public:
    // A rectangle of the frame in framebuffer pixels, rows counted from the top.
    struct Rect {
        int x = 0, y = 0, width = 0, height = 0;
        bool operator==(const Rect&) const = default;
    };

    // Starts drawing patch `id`'s picture of `rect`: its target (made, or remade at a new size) is
    // bound with the viewport over it and cleared to transparent. What is drawn until end() lands
    // in it: drawn with "over" blending (ImGui's), it holds premultiplied colour.
    Status begin(int id, Rect rect);
    // Binds back the framebuffer and viewport that were bound at begin().
    void end();
    // Lays patch `id`'s picture over the bound framebuffer (`frameWidth` × `frameHeight` pixels)
    // at its rectangle, premultiplied "over", one pixel for one. False when there is no picture
    // (or the program could not be built: a broken driver) and the caller must draw it itself.
    bool draw(int id, int frameWidth, int frameHeight);
    bool has(int id) const { return patches_.count(id) > 0; }
    void drop(int id) { patches_.erase(id); }
    void clear() { patches_.clear(); }

private:
    struct Patch {
        TextureTarget target;
        Rect rect;
    };
    std::unordered_map<int, Patch> patches_;
    TextureQuads quads_;
    GLint savedFramebuffer_ = 0;
    GLint savedViewport_[4] = {0, 0, 0, 0};
};

}  // namespace gs
