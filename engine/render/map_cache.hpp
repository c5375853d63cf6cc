// The static map of a live frame, kept as a picture. With live overlays, most frames change only
// the markers: the grids, buildings and their labels stay where they were as long as the camera,
// the styles and the highlight do. Their picture is then copied from a texture (a few ms) instead
// of drawn again (the full city on llvmpipe: hundreds of ms), and only the overlays are drawn.
#pragma once

#include <cstdint>
#include <vector>

#include "render/gl_objects.hpp"
#include "render/map_renderer.hpp"
#include "scene/camera.hpp"

namespace gs {

// Everything the static map's picture depends on. `generation` counts changes the rest cannot
// see (new colours, a new scene).
struct MapCacheKey {
    Vec2d center;
    double unitsPerPixel = 0;
    int width = 0, height = 0;
    bool labels = false;
    float uiScale = 0;
    std::uint64_t generation = 0;
    std::vector<LayerDrawState> layers;
    friend bool operator==(const MapCacheKey&, const MapCacheKey&) = default;
};

class MapCache {
public:
    // Called with the frame's target bound. True: the picture for `key` is ready; call draw().
    // False: the cache's framebuffer is now bound (w x h) for the map to be drawn into, then
    // finish() and draw(). False and nothing bound when the target cannot take a copy
    // (multisampled): draw the map straight to the target as usual; finish() is then a no-op.
    bool begin(const MapCacheKey& key);
    void finish();
    // Copies the picture to the target and leaves the GL state the overlays expect.
    void draw();
    bool active() const { return bound_; }
    void clear();  // forget the picture and free the texture

private:
    gl::Framebuffer fbo_;
    gl::Texture color_;
    int width_ = 0, height_ = 0;
    gl::Framebuffer spareFbo_;  // the picture of the previous size, kept for a return to it
    gl::Texture spareColor_;
    int spareWidth_ = 0, spareHeight_ = 0;
    GLint target_ = 0;  // the frame's draw framebuffer
    bool valid_ = false, bound_ = false;
    MapCacheKey key_;
};

}  // namespace gs
