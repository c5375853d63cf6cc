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
    //
    // With bands > 1 a new picture is drawn over that many calls, a band of rows each (the
    // scissor is set to it between begin() and finish()), so that no single frame pays for the
    // whole map on a slow renderer. ready() says whether the last band is in; until then the
    // caller shows what it showed before. The same key on the next call continues where the last
    // one stopped; another key starts over.
    bool begin(const MapCacheKey& key, int bands = 1);
    void finish();
    bool ready() const { return valid_; }
    // Whether the band begin() just bound is the first of its picture (the caller lays out what
    // every band shares, such as the labels, then).
    bool firstBand() const { return bandsDone_ == 0; }
    // Copies the picture to the target and leaves the GL state the overlays expect.
    void draw();
    bool active() const { return bound_; }
    GLuint framebuffer() const { return fbo_.id(); }  // the picture, once ready()
    // Counts the pictures completed: what was drawn over an older one is out of date.
    std::uint64_t generation() const { return generation_; }
    void clear();  // forget the picture and free the texture

private:
    void scissorBand() const;

    gl::Framebuffer fbo_;
    gl::Texture color_;
    int width_ = 0, height_ = 0;
    gl::Framebuffer spareFbo_;  // the picture of the previous size, kept for a return to it
    gl::Texture spareColor_;
    int spareWidth_ = 0, spareHeight_ = 0;
    GLint target_ = 0;  // the frame's draw framebuffer
    bool valid_ = false, bound_ = false;
    int bands_ = 1, bandsDone_ = 0;  // of the picture being drawn for key_
    std::uint64_t generation_ = 0;
    MapCacheKey key_;
};

}  // namespace gs
