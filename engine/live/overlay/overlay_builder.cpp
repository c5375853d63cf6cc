#include "live/overlay/overlay_builder.hpp"

#include <algorithm>
#include <cmath>

#include "live/overlay/live_colors.hpp"
#include "live/store/live_store.hpp"
#include "style/palette.hpp"

namespace gs {

namespace {

// Below this marker scale rings would be a pixel wide: the dense variant draws instead.
constexpr float kDenseBelowScale = 0.5f;

double median(std::vector<double>& v) {
    if (v.empty()) return 0;
    auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

Result<std::unique_ptr<OverlayBuilder>> OverlayBuilder::create(LiveOverlayConfig config, const LoadedScene& scene,
                                                               const std::string& feedCrs) {
    std::unique_ptr<OverlayBuilder> o(new OverlayBuilder());
    o->config_ = std::move(config);
    o->scene_ = &scene;
    for (std::size_t i = 0; i < scene.layers.size(); ++i)
        if (scene.layers[i].isLevel()) o->levelLayers_.push_back(i);
    auto levelOf = [&](const std::string& id, const char* key) -> Result<int> {
        std::string known;
        for (std::size_t l = 0; l < o->levelLayers_.size(); ++l) {
            const std::string& lid = scene.layers[o->levelLayers_[l]].config.id;
            if (lid == id) return int(l);
            known += (known.empty() ? "" : ", ") + lid;
        }
        return Error{std::string("live.") + key + ": \"" + id + "\" is not a level of the scene (levels: " +
                     (known.empty() ? "none" : known) + ")"};
    };
    if (!o->config_.countLevel.empty()) {
        auto l = levelOf(o->config_.countLevel, "countLevel");
        if (!l) return l.error();
        o->configCountLevel_ = *l;
    }
    if (o->config_.colorBy) {
        if (o->levelLayers_.empty()) return Error{"live.colorBy: the scene has no level to colour"};
        if (o->config_.colorBy->level.empty()) {
            o->colorLevel_ = int(o->levelLayers_.size()) - 1;
        } else {
            auto l = levelOf(o->config_.colorBy->level, "colorBy.level");
            if (!l) return l.error();
            o->colorLevel_ = *l;
        }
        if (auto p = paletteColors(o->config_.colorBy->palette, 1); !p)
            return Error{"live.colorBy.palette: " + p.error().message};
    }
    auto t = Transformer::create(feedCrs, scene.config.displayCrs);
    if (!t) return Error{"live feed CRS: " + t.error().message};
    o->toDisplay_ = std::make_unique<Transformer>(std::move(*t));
    // One origin for every instance: the scene's centre keeps float offsets at centimetres.
    o->origin_ = scene.extent.empty() ? Vec2d{} : scene.extent.center();
    return o;
}

Vec2d OverlayBuilder::toDisplay(Vec2d p) const {
    if (!toDisplay_->isIdentity()) (void)toDisplay_->transform(std::span<Vec2d>(&p, 1));
    return p;
}

void OverlayBuilder::setClock(std::int64_t nowMs) {
    // The clock moves figures (overdue, last hour, today); a colour a second is enough.
    if (nowMs / 1000 != now_ / 1000) colorsDirty_ = true;
    now_ = nowMs;
}

UploadStats OverlayBuilder::sync(LiveStore& store, std::int64_t nowMs, InstanceUploader& gpu) {
    const bool first = store_ == nullptr;
    store_ = &store;
    setClock(nowMs);
    if (!packer_) {
        // Seconds as int32 around the day of the first clock reach ±68 years.
        packer_.emplace(config_.markerStyle(), origin_, localDayStart(nowMs, 0), toDisplay_.get());
    }
    store.takeChanges(changes_);
    UploadStats stats = slots_.apply(changes_, store, *packer_, gpu);
    if (store.accounting().applied != appliedAtLastSync_) {
        colorsDirty_ = true;
        appliedAtLastSync_ = store.accounting().applied;
    }
    updateTrails(store, nowMs, first);
    if (first || !changes_.empty()) countLegendShapes();
    return stats;
}

std::optional<std::pair<std::size_t, LayerColors>> OverlayBuilder::takeLayerColors() {
    if (!config_.colorBy || !colorsDirty_ || !store_ || colorLevel_ < 0) return std::nullopt;
    colorsDirty_ = false;
    if (colorLevel_ >= store_->levelCount()) return std::nullopt;  // a store without the scene's grids
    const std::size_t layerIndex = levelLayers_[std::size_t(colorLevel_)];
    const LoadedLayer& layer = scene_->layers[layerIndex];
    std::vector<double> values = figureValues(*store_, colorLevel_, config_.colorBy->figure);
    values.resize(layer.featureCount(), std::nan(""));
    auto colors = liveLayerColors(layer.config.id, layer.config.style, *config_.colorBy, values, config_.lang);
    if (!colors) return std::nullopt;  // cannot happen: the palette was checked in create()
    return std::make_pair(layerIndex, std::move(*colors));
}

const OverlayDrawList& OverlayBuilder::prepare(const Camera& camera, float ui, bool legend, TextCache& fonts,
                                               ScreenBatch& text) {
    uiScale_ = ui;
    list_.active = false;
    list_.badges.clear();
    list_.icons.clear();
    list_.legendText.clear();
    legendBox_ = Box{};
    badgeCount_ = overdueLabelCount_ = 0;
    countLevel_ = -1;
    if (!store_ || !packer_) return list_;
    const Box visible = camera.visibleBox();

    // How large each level's visible grids are on screen (median of √area), coarse to fine.
    std::vector<double> medians(levelLayers_.size(), 0.0);
    std::vector<double> sizes;
    for (std::size_t l = 0; l < levelLayers_.size(); ++l) {
        const LoadedLayer& layer = scene_->layers[levelLayers_[l]];
        sizes.clear();
        for (std::size_t f = 0; f < layer.featureCount(); ++f)
            if (layer.bounds[f].intersects(visible) && f < layer.areas.size())
                sizes.push_back(std::sqrt(std::max(0.0, layer.areas[f])) / camera.unitsPerPixel);
        medians[l] = median(sizes);
    }
    visibleMarkers_ = 0;
    if (config_.markers) {
        const double mx = visible.minX - origin_.x, my = visible.minY - origin_.y;
        const double Mx = visible.maxX - origin_.x, My = visible.maxY - origin_.y;
        for (const MarkerInstance& m : slots_.instances())
            visibleMarkers_ += m.x >= mx && m.x <= Mx && m.y >= my && m.y <= My;
    }
    OverlayModeInputs in;
    in.visibleMarkers = visibleMarkers_;
    in.viewportAreaPx = double(camera.width) * camera.height;
    in.finestGridPx = medians.empty() ? 0 : medians.back();
    mode_ = chooseOverlayMode(config_, in);
    // Crowded markers shrink (a shape cannot be read 10 px from the next one anyway), which also
    // keeps the fill rate bounded when a million of them are on screen.
    float scale = 1;
    if (visibleMarkers_ > 0 && config_.shrinkBelowSpacingPx > 0) {
        const double spacing = std::sqrt(in.viewportAreaPx / double(visibleMarkers_));
        scale = float(std::clamp(spacing / config_.shrinkBelowSpacingPx, config_.minMarkerScale, 1.0));
    }
    // A few markers more or less do not resize all of them: the size holds until it is 3 % off
    // (every marker resized is a whole new marker picture for drawCached()).
    if (!markerScaleSet_ || std::abs(scale / markerScale_ - 1.0f) >= 0.03f) markerScale_ = scale;
    markerScaleSet_ = true;

    // The legend first: its box is an obstacle for badges and labels, though it is drawn over them.
    if (legend && config_.legend && config_.markers) buildLegend(camera, ui, fonts);
    if (config_.markers) {
        if (mode_ == OverlayMode::Counts) buildCounts(camera, ui, medians, fonts, text);
        else buildOverdueLabels(camera, ui, fonts, text);
    }
    finishDrawList();
    return list_;
}

void OverlayBuilder::finishDrawList() {
    list_.active = true;
    list_.uniforms.origin = origin_;
    list_.uniforms.clock = packer_->clock(now_);
    list_.uniforms.pulseSeconds = float(config_.pulseSeconds);
    list_.uniforms.uiScale = uiScale_;
    list_.uniforms.palette = &packer_->style().palette;
    list_.markers = config_.markers && mode_ == OverlayMode::Markers;
    list_.trails = trailVertices_;
    list_.trailHalfWidthPx = 1.25f * uiScale_;
    list_.slots = slots_.instances();
    list_.markerUiScale = uiScale_ * markerScale_;
    list_.dense = markerScale_ < kDenseBelowScale;
}

}  // namespace gs
