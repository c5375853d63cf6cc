// The GL side of the live overlays: draws an OverlayDrawList (live/overlay/overlay_draw_list.hpp)
// that the CPU builder made, and owns the GL objects it needs (render/marker_renderer: the
// persistent instance buffer, which the builder fills through InstanceUploader, and the marker,
// trail and screen programs). It knows nothing of the live store. Drawn by SceneRenderer after the
// map and before the legends. GL thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "live/overlay/marker_instance.hpp"
#include "live/overlay/overlay_draw_list.hpp"
#include "render/canvas_renderer.hpp"
#include "render/marker_renderer.hpp"
#include "scene/camera.hpp"
#include "text/screen_batch.hpp"

namespace gs {

class OverlayRenderer : public InstanceUploader {
public:
    // Compiles the marker, trail and screen programs.
    static Result<std::unique_ptr<OverlayRenderer>> create();
    ~OverlayRenderer() override;

    // InstanceUploader: the persistent buffer of drawn slots.
    void allocate(std::uint32_t capacity) override { markers_->allocate(capacity); }
    void upload(std::uint32_t first, std::span<const MarkerInstance> instances) override {
        markers_->upload(first, instances);
    }
    std::uint32_t capacity() const { return markers_->capacity(); }

    // The glyph atlases the text uses (mirrors of the scene renderer's: same ids, same texels).
    bool hasAtlas(int atlas, int width, int height) const { return markers_->hasAtlas(atlas, width, height); }
    void updateAtlas(int atlas, int width, int height, const std::uint8_t* texels, int y0, int y1) {
        markers_->updateAtlas(atlas, width, height, texels, y0, y1);
    }

    // Trails, markers or badges, `text` (the overlay's with the scene's legends), the legend's
    // text and icons. Returns the draw calls.
    int draw(const Camera& camera, const OverlayDrawList& list, const ScreenBatch& text);
    // ... or, over a cached map (render/map_cache), the same picture kept incrementally: the map
    // with the trails and the crowded (dense) markers is a picture of its own, and a frame redraws
    // it only in the tiles where a marker changed (its slot's instance, or its overdue state at
    // this clock) or a trail moved, restoring the map there from `mapFramebuffer`; then it is
    // copied to the bound framebuffer and what goes over it (badges, text, legend) is drawn as in
    // draw(). The result is the same, pixel for pixel, as copying the map and calling draw().
    // A new map picture (another `mapGeneration`), camera or marker size redraws it whole.
    // Returns the draw calls, or -1 when this frame is not one it keeps (markers not dense,
    // badges): then nothing was drawn, and the caller copies the map and calls draw(). The
    // picture always matches the state it records, so frames drawn by draw() in between (or with
    // incremental drawing off) need no care.
    int drawCached(const Camera& camera, const OverlayDrawList& list, const ScreenBatch& text, GLuint mapFramebuffer,
                   std::uint64_t mapGeneration);
    void setIncremental(bool on) { incremental_ = on; }
    // Pixels of the marker picture redrawn by the last drawCached() (its whole area when full).
    double lastRedrawnPixels() const { return redrawnPixels_; }

private:
    OverlayRenderer() = default;
    int drawUnder(const Camera& camera, const OverlayDrawList& list);  // trails and markers
    int drawOver(const Camera& camera, const OverlayDrawList& list, const ScreenBatch& text);

    std::unique_ptr<MarkerRenderer> markers_;

    // The incremental picture (drawCached): what it shows and the state it was drawn from.
    struct PictureKey {
        Vec2d center;
        double unitsPerPixel = 0;
        int width = 0, height = 0;
        float markerUiScale = 0, trailHalfWidth = 0;
        std::uint64_t mapGeneration = 0;
        friend bool operator==(const PictureKey&, const PictureKey&) = default;
    };
    bool incremental_ = true;
    std::unique_ptr<TextureTarget> picture_, sparePicture_;  // the spare: the other size last used
    bool pictureValid_ = false;
    PictureKey pictureKey_;
    std::vector<MarkerInstance> pictureInstances_;
    MarkerClock pictureClock_;
    std::vector<TrailVertex> pictureTrails_;
    double redrawnPixels_ = 0;
    std::vector<std::uint8_t> dirtyTiles_;     // scratch, one byte a tile
    std::vector<int> tileRun_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> runMembers_;  // (run, slot)
    std::vector<MarkerInstance> runPoints_;
    std::vector<MarkerRenderer::PointRun> runs_;
};

}  // namespace gs
