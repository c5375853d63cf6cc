// The live overlays of a scene, built on the CPU: the drawn set's markers packed into instances
// (MarkerSlots, uploaded by sub-range through an InstanceUploader), volunteers' trails, per-grid
// count badges at low zoom, labels for the most overdue issues, the legend, and grid colours from a
// live figure. Each frame, prepare() turns the store's state and the camera into an OverlayDrawList
// (plain data) that render/overlay_renderer draws. No GL here.
//
// Incremental by construction: sync() takes the store's drawn-set changes and uploads only the
// dirty slot ranges; the clock is a uniform, so pulses and overdue rings move with no upload. Each
// frame's CPU work (mode, badges, labels) is bounded by what is on screen, except the
// visible-marker count of the automatic mode, one pass over the slots.
#pragma once

#include <array>
#include <cstdint>
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
#include "live/overlay/overlay_draw_list.hpp"
#include "live/overlay/overlay_mode.hpp"
#include "scene/camera.hpp"
#include "scene/loader.hpp"
#include "text/label_placer.hpp"

namespace gs {

class LiveStore;

class OverlayBuilder : public OverlaySource {
public:
    // `scene` (its level layers: bounds, areas, label points) must outlive the builder. Fails on a
    // config naming a level the scene lacks, or an unknown palette.
    static Result<std::unique_ptr<OverlayBuilder>> create(LiveOverlayConfig config, const LoadedScene& scene,
                                                          const std::string& feedCrs = "EPSG:4326");

    // Once per batch: the store's drawn-set changes since the last call, packed and handed to
    // `gpu` by sub-range, and the clock. The store must stay alive and unchanged until the next
    // sync() or until the frame is drawn; its levels must be the scene's level layers, in order.
    UploadStats sync(LiveStore& store, std::int64_t nowMs, InstanceUploader& gpu);
    // Moves only the clock the overlays are drawn at (pulses, overdue rings); no upload.
    void setClock(std::int64_t nowMs);

    std::optional<std::pair<std::size_t, LayerColors>> takeLayerColors() override;
    const OverlayDrawList& prepare(const Camera& camera, float uiScale, bool legend, TextCache& fonts,
                                   ScreenBatch& text) override;

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

    OverlayBuilder() = default;
    Vec2d toDisplay(Vec2d feedPoint) const;
    void updateTrails(const LiveStore& store, std::int64_t now, bool seed);
    void buildTrailVertices(std::int64_t now);
    void countLegendShapes();
    void buildCounts(const Camera& camera, float ui, const std::vector<double>& medians, TextCache& fonts,
                     ScreenBatch& text);
    void addLegendObstacle();
    void buildOverdueLabels(const Camera& camera, float ui, TextCache& fonts, ScreenBatch& text);
    void buildLegend(const Camera& camera, float ui, TextCache& fonts);
    void finishDrawList();

    LiveOverlayConfig config_;
    const LoadedScene* scene_ = nullptr;
    std::vector<std::size_t> levelLayers_;  // scene layer index of each level
    int configCountLevel_ = -1;             // from config.countLevel
    int colorLevel_ = -1;                   // from config.colorBy.level
    std::unique_ptr<Transformer> toDisplay_;
    Vec2d origin_;
    std::optional<MarkerPacker> packer_;

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
    OverlayDrawList list_;  // badges, legend text (its box keeps labels away) and icons
    Box legendBox_;
    LabelPlacer placer_;
    std::vector<LabelCandidate> candidates_;
};

}  // namespace gs
