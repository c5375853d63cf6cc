// The live overlays of a scene: issue and volunteer markers, volunteers' trails, per-grid count
// badges at low zoom, labels for the most overdue issues, a legend, and grid colours from a live
// figure. Drawn by SceneRenderer after the map and before the legends.
//
// Incremental by construction: sync() takes the store's drawn-set changes and uploads only the
// dirty slot ranges (MarkerSlots); the clock is a uniform, so pulses and overdue rings move with
// no upload. Each frame's CPU work (mode, badges, labels) is bounded by what is on screen, except
// the visible-marker count of the automatic mode, one pass over the slots.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "geo/transformer.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "live/overlay/marker_instances.hpp"
#include "live/overlay/overlay_mode.hpp"
#include "render/canvas_renderer.hpp"
#include "render/marker_frame.hpp"
#include "render/marker_renderer.hpp"
#include "scene/camera.hpp"
#include "scene/loader.hpp"
#include "style/layer_colors.hpp"
#include "text/label_placer.hpp"
#include "text/screen_batch.hpp"
#include "text/text_cache.hpp"

namespace gs {

class LiveStore;
class MarkerRenderer;

class LiveOverlay {
public:
    // GL thread. `scene` (its level layers: bounds, areas, label points) must outlive the overlay.
    // Fails on a config naming a level the scene lacks, or an unknown palette.
    static Result<std::unique_ptr<LiveOverlay>> create(LiveOverlayConfig config, const LoadedScene& scene,
                                                      const std::string& feedCrs = "EPSG:4326");

    // GL thread, once per batch: the store's drawn-set changes since the last call, uploaded by
    // sub-range, and the clock. The store must stay alive and unchanged until the next sync() or
    // until the frame is drawn; its levels must be the scene's level layers, in order.
    UploadStats sync(LiveStore& store, std::int64_t nowMs);
    // Moves only the clock the overlays are drawn at (pulses, overdue rings); no upload.
    void setClock(std::int64_t nowMs);

    // The live choropleth, when configured and the figures changed since the last call: the level
    // layer's index in the scene and its colours and legend.
    std::optional<std::pair<std::size_t, LayerColors>> takeLayerColors();

    // SceneRenderer's frame: the CPU part (mode, badges, labels, legend text into `text`, laid out
    // with the scene's text cache) ...
    void prepare(const Camera& camera, float uiScale, bool legend, TextCache& fonts, ScreenBatch& text);
    // ... the glyph atlases that text uses (mirrors of the scene renderer's) ...
    bool hasAtlas(int atlas, int width, int height) const;
    void updateAtlas(int atlas, int width, int height, const std::uint8_t* texels, int y0, int y1);
    // ... and the draw: trails, markers or badges, `text` (with the scene's legends), legend icons.
    int draw(const Camera& camera, const ScreenBatch& text);
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
    int drawCached(const Camera& camera, const ScreenBatch& text, GLuint mapFramebuffer, std::uint64_t mapGeneration);
    void setIncremental(bool on) { incremental_ = on; }
    // Pixels of the marker picture redrawn by the last drawCached() (its whole area when full).
    double lastRedrawnPixels() const { return redrawnPixels_; }

    // What the last prepare() decided.
    OverlayMode mode() const { return mode_; }
    int countLevel() const { return countLevel_; }          // level index; -1 when no badges
    std::size_t visibleMarkers() const { return visibleMarkers_; }
    float markerScale() const { return markerScale_; }
    std::size_t badges() const { return badgeCount_; }
    std::size_t overdueLabels() const { return overdueLabelCount_; }
    std::size_t trailSegments() const { return trailVertices_.size() / 6; }

    const MarkerSlots& slots() const { return slots_; }
    const LiveOverlayConfig& config() const { return config_; }
    // Drawn count, capacity and the instance buffer's size, for status lines.
    std::uint32_t capacity() const;

    ~LiveOverlay();  // GL thread

private:
    struct TrailPoint {
        std::int64_t time;
        Vec2d point;  // display CRS
    };
    struct Trail {
        std::vector<TrailPoint> points;
        std::uint8_t color = kPulseColor;
        bool colored = false;  // the team's colour looked up (it needs the message's details)
    };

    LiveOverlay() = default;
    Vec2d toDisplay(Vec2d feedPoint) const;
    void updateTrails(const LiveStore& store, std::int64_t now, bool seed);
    void buildTrailVertices(std::int64_t now);
    void countLegendShapes();
    void buildCounts(const Camera& camera, float ui, const std::vector<double>& medians, TextCache& fonts,
                     ScreenBatch& text);
    void addLegendObstacle();
    void buildOverdueLabels(const Camera& camera, float ui, TextCache& fonts, ScreenBatch& text);
    void buildLegend(const Camera& camera, float ui, TextCache& fonts);
    MarkerUniforms uniforms(float uiScale) const;
    int drawUnder(const Camera& camera, const MarkerUniforms& u);  // trails and markers
    int drawOver(const Camera& camera, const MarkerUniforms& u, const ScreenBatch& text);

    LiveOverlayConfig config_;
    const LoadedScene* scene_ = nullptr;
    std::vector<std::size_t> levelLayers_;  // scene layer index of each level
    int configCountLevel_ = -1;             // from config.countLevel
    int colorLevel_ = -1;                   // from config.colorBy.level
    std::unique_ptr<Transformer> toDisplay_;
    Vec2d origin_;
    std::optional<MarkerPacker> packer_;
    std::unique_ptr<MarkerRenderer> renderer_;

    LiveStore* store_ = nullptr;
    DrawChanges changes_;
    MarkerSlots slots_;
    std::int64_t now_ = 0;
    std::uint64_t appliedAtLastSync_ = ~std::uint64_t(0);
    bool colorsDirty_ = true;

    std::unordered_map<std::uint32_t, Trail> trails_;
    std::vector<TrailVertex> trailVertices_;
    std::array<std::uint32_t, kMarkerShapeCount> shapeCounts_{};

    // This frame.
    float uiScale_ = 1;
    float markerScale_ = 1;  // < 1 when markers crowd (see LiveOverlayConfig::shrinkBelowSpacingPx)
    bool markerScaleSet_ = false;
    OverlayMode mode_ = OverlayMode::Markers;
    int countLevel_ = -1;
    std::size_t visibleMarkers_ = 0, badgeCount_ = 0, overdueLabelCount_ = 0;
    std::vector<MarkerInstance> badges_, icons_;
    ScreenBatch legendText_;  // drawn over the labels; its box keeps labels away

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
    Box legendBox_;
    LabelPlacer placer_;
    std::vector<LabelCandidate> candidates_;
};

}  // namespace gs
