#include "render/live_overlay.hpp"

#include <cstring>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "live/store/live_store.hpp"
#include "render/marker_renderer.hpp"
#include "style/palette.hpp"

namespace gs {

namespace {

// Below this marker scale rings would be a pixel wide: the dense variant draws instead.
constexpr float kDenseBelowScale = 0.5f;

const Rgba kText{0.94f, 0.96f, 1.0f, 1.0f};
const Rgba kTextHalo{0.02f, 0.04f, 0.09f, 0.9f};
const Rgba kOverdueText{1.0f, 0.54f, 0.50f, 1.0f};
const Rgba kPanel{0.02f, 0.05f, 0.10f, 0.84f};
const Rgba kPanelEdge{0.35f, 0.55f, 0.8f, 0.9f};

// "3h", "12d": how long an issue has been overdue, the way a dispatcher says it.
std::string shortDuration(std::int64_t seconds) {
    char buf[32];
    if (seconds < 3600) std::snprintf(buf, sizeof buf, "%lldm", (long long)std::max<std::int64_t>(1, seconds / 60));
    else if (seconds < 48 * 3600) std::snprintf(buf, sizeof buf, "%lldh", (long long)(seconds / 3600));
    else std::snprintf(buf, sizeof buf, "%lldd", (long long)(seconds / 86400));
    return buf;
}

double median(std::vector<double>& v) {
    if (v.empty()) return 0;
    auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

Result<std::unique_ptr<LiveOverlay>> LiveOverlay::create(LiveOverlayConfig config, const LoadedScene& scene,
                                                         const std::string& feedCrs) {
    std::unique_ptr<LiveOverlay> o(new LiveOverlay());
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
    auto r = MarkerRenderer::create();
    if (!r) return Error{"GL: " + r.error().message};
    o->renderer_ = std::move(*r);
    return o;
}

LiveOverlay::~LiveOverlay() = default;

bool LiveOverlay::hasAtlas(int atlas, int width, int height) const { return renderer_->hasAtlas(atlas, width, height); }

void LiveOverlay::updateAtlas(int atlas, int width, int height, const std::uint8_t* texels, int y0, int y1) {
    renderer_->updateAtlas(atlas, width, height, texels, y0, y1);
}

std::uint32_t LiveOverlay::capacity() const { return renderer_->capacity(); }

Vec2d LiveOverlay::toDisplay(Vec2d p) const {
    if (!toDisplay_->isIdentity()) (void)toDisplay_->transform(std::span<Vec2d>(&p, 1));
    return p;
}

void LiveOverlay::setClock(std::int64_t nowMs) {
    // The clock moves figures (overdue, last hour, today); a colour a second is enough.
    if (nowMs / 1000 != now_ / 1000) colorsDirty_ = true;
    now_ = nowMs;
}

UploadStats LiveOverlay::sync(LiveStore& store, std::int64_t nowMs) {
    const bool first = store_ == nullptr;
    store_ = &store;
    setClock(nowMs);
    if (!packer_) {
        // Seconds as int32 around the day of the first clock reach ±68 years.
        packer_.emplace(config_.markerStyle(), origin_, localDayStart(nowMs, 0), toDisplay_.get());
    }
    store.takeChanges(changes_);
    UploadStats stats = slots_.apply(changes_, store, *packer_, *renderer_);
    if (store.accounting().applied != appliedAtLastSync_) {
        colorsDirty_ = true;
        appliedAtLastSync_ = store.accounting().applied;
    }
    updateTrails(store, nowMs, first);
    if (first || !changes_.empty()) countLegendShapes();
    return stats;
}

void LiveOverlay::updateTrails(const LiveStore& store, std::int64_t now, bool seed) {
    const std::int64_t span = std::int64_t(config_.trailMinutes * 60000.0);
    if (span <= 0) {
        trails_.clear();
        trailVertices_.clear();
        return;
    }
    auto add = [&](std::uint32_t rec, std::int64_t time, Vec2d feedPoint) {
        Trail& t = trails_[rec];
        const Vec2d p = toDisplay(feedPoint);
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return;
        if (!t.points.empty() && t.points.back().point == p) return;
        t.points.push_back({time, p});
    };
    bool changed = false;
    if (seed) {
        // Where the volunteers went in the span, from the store's history.
        for (const LiveChange& c : store.changesBetween(now - span, now + 1)) {
            if (store.record(c.record).kind != LiveKind::Volunteer || !c.after.exists) continue;
            if (c.before.exists && trails_.find(c.record) == trails_.end()) add(c.record, now - span, c.before.point);
            add(c.record, c.time, c.after.point);
        }
        changed = true;
    }
    for (const auto* list : {&changes_.inserted, &changes_.changed})
        for (std::uint32_t rec : *list) {
            const LiveRecord& r = store.record(rec);
            if (r.kind != LiveKind::Volunteer) continue;
            add(rec, r.updatedAt, r.point);
            changed = true;
        }
    for (std::uint32_t rec : changes_.removed)
        changed |= trails_.erase(rec) > 0;
    // Only volunteers on the map keep a trail; each gets its team's colour once.
    for (auto it = trails_.begin(); it != trails_.end();) {
        const LiveRecord& r = store.record(it->first);
        if (!isDrawn(r)) {
            it = trails_.erase(it);
            changed = true;
            continue;
        }
        Trail& t = it->second;
        if (!t.colored) {
            t.color = packer_->pack(store, it->first).color;
            t.colored = true;
        }
        const std::size_t before = t.points.size();
        std::erase_if(t.points, [&](const TrailPoint& p) { return p.time < now - span; });
        if (t.points.size() > std::size_t(config_.trailPoints))
            t.points.erase(t.points.begin(), t.points.end() - config_.trailPoints);
        changed |= t.points.size() != before;
        ++it;
    }
    if (changed || seed || !trailVertices_.empty()) buildTrailVertices(now);
}

void LiveOverlay::buildTrailVertices(std::int64_t now) {
    trailVertices_.clear();
    const double span = std::max(1.0, config_.trailMinutes * 60000.0);
    const auto& palette = packer_->style().palette;
    // Deterministic order (the map's iteration order is not).
    std::vector<std::uint32_t> recs;
    for (const auto& [rec, t] : trails_)
        if (t.points.size() >= 2) recs.push_back(rec);
    std::sort(recs.begin(), recs.end());
    for (std::uint32_t rec : recs) {
        const Trail& t = trails_.at(rec);
        const Rgba c = palette[t.color];
        for (std::size_t i = 0; i + 1 < t.points.size(); ++i) {
            const Vec2d a = t.points[i].point, b = t.points[i + 1].point;
            const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
            if (len <= 0) continue;
            const float nx = float(-dy / len), ny = float(dx / len);
            // Older parts fade: the newest segment is almost opaque, one a span old is gone.
            auto alpha = [&](std::int64_t time) {
                return float(std::clamp(0.85 * (1.0 - double(now - time) / span), 0.08, 0.85));
            };
            const float a0 = alpha(t.points[i].time), a1 = alpha(t.points[i + 1].time);
            auto vertex = [&](Vec2d p, float side, float alpha) {
                TrailVertex v{float(p.x - origin_.x), float(p.y - origin_.y), nx, ny, side,
                              {c.r * alpha, c.g * alpha, c.b * alpha, alpha}};
                trailVertices_.push_back(v);
            };
            vertex(a, -1, a0);
            vertex(a, 1, a0);
            vertex(b, 1, a1);
            vertex(a, -1, a0);
            vertex(b, 1, a1);
            vertex(b, -1, a1);
        }
    }
}

void LiveOverlay::countLegendShapes() {
    shapeCounts_.fill(0);
    for (const MarkerInstance& m : slots_.instances())
        if (!(m.flags & MarkerInstance::kVolunteer) && m.shape < kMarkerShapeCount) ++shapeCounts_[m.shape];
}

std::optional<std::pair<std::size_t, LayerColors>> LiveOverlay::takeLayerColors() {
    if (!config_.colorBy || !colorsDirty_ || !store_ || colorLevel_ < 0) return std::nullopt;
    colorsDirty_ = false;
    if (colorLevel_ >= store_->levelCount()) return std::nullopt;  // a store without the scene's grids
    const std::size_t layerIndex = levelLayers_[std::size_t(colorLevel_)];
    const LoadedLayer& layer = scene_->layers[layerIndex];
    std::vector<double> values = figureValues(*store_, colorLevel_, config_.colorBy->figure);
    values.resize(layer.featureCount(), std::nan(""));
    auto colors = liveLayerColors(layer.config.id, layer.config.style, *config_.colorBy, values);
    if (!colors) return std::nullopt;  // cannot happen: the palette was checked in create()
    return std::make_pair(layerIndex, std::move(*colors));
}

void LiveOverlay::prepare(const Camera& camera, float ui, bool legend, TextCache& fonts, ScreenBatch& text) {
    uiScale_ = ui;
    badges_.clear();
    icons_.clear();
    legendText_.clear();
    legendBox_ = Box{};
    badgeCount_ = overdueLabelCount_ = 0;
    countLevel_ = -1;
    if (!store_ || !packer_) return;
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
}

void LiveOverlay::buildCounts(const Camera& camera, float ui, const std::vector<double>& medians,
                              TextCache& fonts, ScreenBatch& text) {
    if (levelLayers_.empty()) return;
    countLevel_ = configCountLevel_ >= 0 ? configCountLevel_ : chooseCountLevel(medians, config_.countGridPx);
    countLevel_ = std::min(countLevel_, store_->levelCount() - 1);
    if (countLevel_ < 0) return;
    const Box visible = camera.visibleBox();
    const int px = int(std::lround(14 * ui)), subPx = int(std::lround(11 * ui));

    struct Badge {
        std::size_t grid;
        GridFigures figures;
        const TextLayout* text;
        int atlas;
        float diameter;  // pixels
    };
    std::vector<Badge> badges;
    // A public display never shows a count small enough to point at a household: "<k" instead.
    const int k = config_.minCount;
    auto countText = [k](int n) { return k > 0 && n < k ? "<" + std::to_string(k) : formatNumber(n); };
    LabelPlacerOptions opt;
    opt.viewport.add(0, 0);
    opt.viewport.add(camera.width, camera.height);
    opt.padding = 2 * ui;
    const std::size_t firstBadge = legendBox_.empty() ? 0 : 1;
    std::vector<std::uint32_t> placed;
    // A count that is not shown would under-report: when two badges of a level collide, the
    // parent level's badges are used instead (unless the config names the level).
    for (;;) {
        const LoadedLayer& layer = scene_->layers[levelLayers_[std::size_t(countLevel_)]];
        badges.clear();
        candidates_.clear();
        addLegendObstacle();
        std::size_t mustFit = 0;  // badges wholly on screen and clear of the legend
        for (std::size_t f = 0; f < layer.featureCount() && f < layer.labelPoints.size(); ++f) {
            if (!visible.contains(layer.labelPoints[f])) continue;
            const GridFigures g = store_->figures(countLevel_, int(f));
            if (g.open <= 0) continue;
            int atlas = 0;
            const TextLayout* l = fonts.layout(countText(g.open), px, atlas);
            if (!l) return;
            const float d = std::max(24.0f * ui, float(l->advance) + 12.0f * ui);
            LabelCandidate c;
            c.id = f;
            c.anchor = camera.worldToScreen(layer.labelPoints[f]);
            // Under the grid's name when the level is labelled (names sit at the same point).
            if (!layer.config.style.label.field.empty())
                c.anchor.y += 0.9 * d + 0.6 * layer.config.style.label.sizePx * ui;
            // The box covers the overdue sub-badge at the top right too.
            c.width = d + (g.overdue > 0 ? d * 0.5 : 0.0);
            c.height = d + (g.overdue > 0 ? d * 0.5 : 0.0);
            c.offset = g.overdue > 0 ? Vec2d{d * 0.25, -d * 0.25} : Vec2d{};
            c.priority = g.open;
            const Box box = c.box();
            mustFit += box.minX >= 0 && box.minY >= 0 && box.maxX <= camera.width && box.maxY <= camera.height &&
                       (legendBox_.empty() || !box.intersects(legendBox_));
            candidates_.push_back(c);
            badges.push_back({f, g, l, atlas, d});
        }
        placed = placer_.place(candidates_, opt);
        const auto shown = std::size_t(std::count_if(placed.begin(), placed.end(),
                                                     [&](std::uint32_t i) { return i >= firstBadge; }));
        if (shown >= mustFit || countLevel_ == 0 || configCountLevel_ >= 0) break;
        --countLevel_;
    }
    auto world = [&](Vec2d screen) {
        const Vec2d w = camera.screenToWorld(screen);
        return Vec2d{w.x - origin_.x, w.y - origin_.y};
    };
    // Count bubbles first (instances), then their numbers (text over them).
    for (std::uint32_t i : placed) {
        if (i < firstBadge) continue;
        const Badge& b = badges[i - firstBadge];
        const Vec2d at = candidates_[i].anchor;
        MarkerInstance m;
        const Vec2d w = world(at);
        m.x = float(w.x);
        m.y = float(w.y);
        m.shape = std::uint8_t(MarkerShape::Circle);
        m.color = kBadgeColor;
        m.sizePx = std::uint8_t(std::min(255.0f, b.diameter / ui));
        m.flags = MarkerInstance::kBadge;
        badges_.push_back(m);
        addText(text, *b.text, b.atlas, at, kText, kTextHalo);
        if (b.figures.overdue > 0) {
            int subAtlas = 0;
            const TextLayout* s = fonts.layout(countText(b.figures.overdue), subPx, subAtlas);
            if (!s) continue;
            const float sd = std::max(17.0f * ui, float(s->advance) + 8.0f * ui);
            const Vec2d sat{at.x + b.diameter * 0.42, at.y - b.diameter * 0.42};
            MarkerInstance o = m;
            const Vec2d sw = world(sat);
            o.x = float(sw.x);
            o.y = float(sw.y);
            o.color = kBadgeOverdueColor;
            o.sizePx = std::uint8_t(std::min(255.0f, sd / ui));
            badges_.push_back(o);
            addText(text, *s, subAtlas, sat, kText, kTextHalo);
        }
    }
    badgeCount_ = std::size_t(std::count_if(placed.begin(), placed.end(), [&](std::uint32_t i) { return i >= firstBadge; }));
}

void LiveOverlay::addLegendObstacle() {
    if (legendBox_.empty()) return;
    LabelCandidate c;
    c.id = ~std::uint64_t(0);
    c.anchor = legendBox_.center();
    // A hair smaller than the panel, so the placer (which wants boxes inside the viewport) keeps it.
    c.width = legendBox_.width() - 2;
    c.height = legendBox_.height() - 2;
    c.priority = 2e300;
    candidates_.push_back(c);
}

void LiveOverlay::buildOverdueLabels(const Camera& camera, float ui, TextCache& fonts, ScreenBatch& text) {
    if (config_.overdueLabels <= 0) return;
    const MarkerClock clock = packer_->clock(now_);
    const Box visible = camera.visibleBox();
    const double mx = visible.minX - origin_.x, my = visible.minY - origin_.y;
    const double Mx = visible.maxX - origin_.x, My = visible.maxY - origin_.y;
    // One pass over the slots: the most overdue visible issues (a bounded max-heap on due time),
    // and the visible markers, which labels must not cover while there are few enough to avoid.
    constexpr std::size_t kMaxObstacles = 4000;
    const std::size_t keep = std::size_t(config_.overdueLabels) * 4;
    std::vector<std::pair<std::int32_t, std::uint32_t>> most;  // (due, slot)
    std::vector<std::uint32_t> obstacles;
    const auto instances = slots_.instances();
    for (std::uint32_t s = 0; s < instances.size(); ++s) {
        const MarkerInstance& m = instances[s];
        if ((m.flags & MarkerInstance::kHidden) || m.x < mx || m.x > Mx || m.y < my || m.y > My) continue;
        if (obstacles.size() <= kMaxObstacles) obstacles.push_back(s);
        if (!markerOverdue(m, clock)) continue;
        if (most.size() < keep) {
            most.emplace_back(m.dueSec, s);
            std::push_heap(most.begin(), most.end());
        } else if (m.dueSec < most.front().first) {
            std::pop_heap(most.begin(), most.end());
            most.back() = {m.dueSec, s};
            std::push_heap(most.begin(), most.end());
        }
    }
    if (most.empty()) return;
    if (obstacles.size() > kMaxObstacles) obstacles.clear();
    std::sort(most.begin(), most.end());

    candidates_.clear();
    addLegendObstacle();
    constexpr std::uint64_t kObstacle = std::uint64_t(1) << 40;
    for (std::uint32_t s : obstacles) {
        const MarkerInstance& m = instances[s];
        const double d = (m.sizePx * markerScale_ + 4.0) * ui;
        LabelCandidate c;
        c.id = kObstacle + s;
        c.anchor = camera.worldToScreen(packer_->displayPoint(m));
        c.width = c.height = d;
        c.priority = 1e300;  // placed before any label
        candidates_.push_back(c);
    }
    const std::size_t firstLabel = candidates_.size();
    // Each label to the right of its marker, or else to the left.
    const int px = int(std::lround(12 * ui));
    std::vector<std::pair<const TextLayout*, int>> texts;
    for (const auto& [due, slot] : most) {
        const MarkerInstance& m = instances[slot];
        const std::int64_t overdueSec = std::int64_t(clock.sec) - due;
        int atlas = 0;
        const TextLayout* l = fonts.layout("超时 " + shortDuration(overdueSec), px, atlas, HAlign::Left);
        if (!l || l->inkBox.empty()) return;
        const Vec2d at = camera.worldToScreen(packer_->displayPoint(m));
        const double reach = m.sizePx * 0.5 * ui * markerScale_ + 8 * ui;
        for (int side = 0; side < 2; ++side) {
            LabelCandidate c;
            c.id = std::uint64_t(slot) * 2 + std::uint64_t(side);
            c.anchor = side == 0 ? Vec2d{at.x + reach, at.y} : Vec2d{at.x - reach - l->advance, at.y};
            c.width = l->inkBox.width();
            c.height = l->inkBox.height();
            c.offset = l->inkBox.center();
            c.priority = double(overdueSec) - double(side) * 0.5;
            candidates_.push_back(c);
            texts.emplace_back(l, atlas);
        }
    }
    LabelPlacerOptions opt;
    opt.viewport.add(0, 0);
    opt.viewport.add(camera.width, camera.height);
    opt.padding = 2 * ui;
    opt.stabilityBoost = 1;
    const auto& placed = placer_.place(candidates_, opt);
    std::vector<std::uint32_t> labelled;  // slots with a label already (a left one may be placed too)
    for (std::uint32_t i : placed) {
        if (i < firstLabel) continue;
        if (overdueLabelCount_ >= std::size_t(config_.overdueLabels)) break;
        const std::uint32_t slot = std::uint32_t(candidates_[i].id / 2);
        if (std::find(labelled.begin(), labelled.end(), slot) != labelled.end()) continue;
        labelled.push_back(slot);
        const auto& [l, atlas] = texts[i - firstLabel];
        addText(text, *l, atlas, candidates_[i].anchor, kOverdueText, kTextHalo);
        ++overdueLabelCount_;
    }
}

MarkerUniforms LiveOverlay::uniforms(float ui) const {
    MarkerUniforms u;
    u.origin = origin_;
    u.clock = packer_->clock(now_);
    u.pulseSeconds = float(config_.pulseSeconds);
    u.uiScale = ui;
    u.palette = &packer_->style().palette;
    return u;
}

int LiveOverlay::drawUnder(const Camera& camera, const MarkerUniforms& u) {
    if (!config_.markers || mode_ != OverlayMode::Markers) return 0;
    int calls = renderer_->drawTrails(camera, u, trailVertices_, 1.25f * uiScale_);
    MarkerUniforms scaled = u;
    scaled.uiScale = uiScale_ * markerScale_;
    calls += renderer_->drawSlots(camera, scaled, slots_.count(), /*dense=*/markerScale_ < kDenseBelowScale);
    return calls;
}

int LiveOverlay::drawOver(const Camera& camera, const MarkerUniforms& u, const ScreenBatch& text) {
    int calls = renderer_->drawTransient(camera, u, badges_);
    calls += renderer_->drawScreen(camera, text);
    calls += renderer_->drawScreen(camera, legendText_);
    calls += renderer_->drawTransient(camera, u, icons_);
    return calls;
}

int LiveOverlay::draw(const Camera& camera, const ScreenBatch& text) {
    if (!packer_) return renderer_->drawScreen(camera, text);
    const MarkerUniforms u = uniforms(uiScale_);
    int calls = drawUnder(camera, u);
    return calls + drawOver(camera, u, text);
}

namespace {

constexpr int kTilePx = 32;
// Past this share of dirty tiles, one full redraw costs less than the rectangles.
constexpr double kFullRedrawShare = 0.4;

}  // namespace

int LiveOverlay::drawCached(const Camera& camera, const ScreenBatch& text, GLuint mapFramebuffer,
                            std::uint64_t mapGeneration) {
    redrawnPixels_ = 0;
    if (!incremental_ || !packer_ || !config_.markers || mode_ != OverlayMode::Markers ||
        markerScale_ >= kDenseBelowScale)
        return -1;
    GLint target = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    const MarkerUniforms u = uniforms(uiScale_);
    MarkerUniforms scaled = u;
    scaled.uiScale = uiScale_ * markerScale_;
    const float trailHalfWidth = 1.25f * uiScale_;
    const PictureKey key{camera.center, camera.unitsPerPixel, camera.width, camera.height, scaled.uiScale,
                         trailHalfWidth, mapGeneration};
    auto fits = [&](const std::unique_ptr<TextureTarget>& t) {
        return t && t->width() == camera.width && t->height() == camera.height;
    };
    if (!fits(picture_) && fits(sparePicture_)) {
        // Back to the other size (a wall's map between flights and stops): no new texture, as a
        // software driver keeps freed ones; what it holds is redrawn (the key differs).
        std::swap(picture_, sparePicture_);
        pictureValid_ = false;
    }
    if (!fits(picture_)) {
        if (picture_) sparePicture_ = std::move(picture_);
        auto t = TextureTarget::create(camera.width, camera.height);
        if (!t) {
            pictureValid_ = false;
            return -1;
        }
        picture_ = std::make_unique<TextureTarget>(std::move(*t));
        pictureValid_ = false;
    }
    const std::span<const MarkerInstance> now = slots_.instances();
    bool full = !pictureValid_ || !(key == pictureKey_);

    // Screen boxes in GL pixels (origin bottom left), as the shaders place things; a margin of two
    // pixels covers the float rounding between this and the GPU's.
    const int w = camera.width, h = camera.height;
    const int tilesX = (w + kTilePx - 1) / kTilePx, tilesY = (h + kTilePx - 1) / kTilePx;
    const double sx = 2.0 / (camera.unitsPerPixel * w), sy = 2.0 / (camera.unitsPerPixel * h);
    const double ox = origin_.x - camera.center.x, oy = origin_.y - camera.center.y;
    auto toPx = [&](double x, double y) {
        return Vec2d{((x + ox) * sx + 1.0) * 0.5 * w, ((y + oy) * sy + 1.0) * 0.5 * h};
    };
    dirtyTiles_.assign(std::size_t(tilesX) * std::size_t(tilesY), 0);
    std::size_t dirtyCount = 0;
    auto markBox = [&](double x0, double y0, double x1, double y1) {
        if (!(x1 >= 0 && y1 >= 0 && x0 < w && y0 < h)) return;  // off screen, or not finite
        const int tx0 = std::max(0, int(std::floor(x0 / kTilePx))), tx1 = std::min(tilesX - 1, int(std::floor(x1 / kTilePx)));
        const int ty0 = std::max(0, int(std::floor(y0 / kTilePx))), ty1 = std::min(tilesY - 1, int(std::floor(y1 / kTilePx)));
        for (int ty = ty0; ty <= ty1; ++ty)
            for (int tx = tx0; tx <= tx1; ++tx) {
                std::uint8_t& t = dirtyTiles_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(tx)];
                dirtyCount += t == 0;
                t = 1;
            }
    };
    // A dense marker is a point sprite of 2 * (radius + 1) pixels (marker.vert.glsl, GS_DENSE).
    auto halfSize = [&](const MarkerInstance& m) { return double(m.sizePx) * 0.5 * scaled.uiScale + 1.0 + 2.0; };
    auto markerBox = [&](const MarkerInstance& m, double& x0, double& y0, double& x1, double& y1) {
        if (m.flags & MarkerInstance::kHidden) return false;
        const Vec2d c = toPx(m.x, m.y);
        const double r = halfSize(m);
        x0 = c.x - r, y0 = c.y - r, x1 = c.x + r, y1 = c.y + r;
        return true;
    };
    auto markMarker = [&](const MarkerInstance& m) {
        double x0, y0, x1, y1;
        if (markerBox(m, x0, y0, x1, y1)) markBox(x0, y0, x1, y1);
    };
    auto markTrails = [&](const std::vector<TrailVertex>& v) {
        const double margin = trailHalfWidth + 3.0;
        for (std::size_t i = 0; i + 5 < v.size(); i += 6) {  // a segment: two triangles, six vertices
            Vec2d a = toPx(v[i].x, v[i].y), b = toPx(v[i + 2].x, v[i + 2].y);
            markBox(std::min(a.x, b.x) - margin, std::min(a.y, b.y) - margin, std::max(a.x, b.x) + margin,
                    std::max(a.y, b.y) + margin);
        }
    };
    if (!full) {
        const std::size_t before = pictureInstances_.size();
        for (std::size_t i = 0; i < std::max(before, now.size()); ++i) {
            if (i >= before) {
                markMarker(now[i]);
            } else if (i >= now.size()) {
                markMarker(pictureInstances_[i]);
            } else if (!(now[i] == pictureInstances_[i])) {
                markMarker(pictureInstances_[i]);
                markMarker(now[i]);
            } else if (markerOverdue(now[i], u.clock) != markerOverdue(now[i], pictureClock_)) {
                markMarker(now[i]);  // turned red with the clock
            }
        }
        if (trailVertices_.size() != pictureTrails_.size() ||
            (!trailVertices_.empty() &&
             std::memcmp(trailVertices_.data(), pictureTrails_.data(), trailVertices_.size() * sizeof(TrailVertex)) != 0)) {
            markTrails(pictureTrails_);
            markTrails(trailVertices_);
        }
        if (double(dirtyCount) > kFullRedrawShare * double(dirtyTiles_.size())) full = true;
    }

    int calls = 0;
    picture_->bind();
    if (full) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, mapFramebuffer);
        glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        calls += drawUnder(camera, u);
        redrawnPixels_ = double(w) * double(h);
    } else if (dirtyCount > 0) {
        // Dirty tiles as rectangles: runs along each row of tiles, a run continued downwards while
        // the row below has the same one.
        runs_.clear();
        tileRun_.assign(dirtyTiles_.size(), -1);
        std::vector<std::pair<int, int>> open;  // (run index, first tile x) of the row above, by run start
        std::vector<std::pair<int, int>> rowRuns;
        for (int ty = 0; ty < tilesY; ++ty) {
            rowRuns.clear();
            for (int tx = 0; tx < tilesX;) {
                if (!dirtyTiles_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(tx)]) {
                    ++tx;
                    continue;
                }
                int end = tx;
                while (end < tilesX && dirtyTiles_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(end)]) ++end;
                const int x0 = tx * kTilePx, x1 = std::min(w, end * kTilePx);
                const int y0 = ty * kTilePx, y1 = std::min(h, (ty + 1) * kTilePx);
                int run = -1;
                for (const auto& [r, start] : open) {
                    const auto& pr = runs_[std::size_t(r)];
                    if (pr.x == x0 && pr.w == x1 - x0 && pr.y + pr.h == y0) run = r;
                }
                if (run >= 0) {
                    runs_[std::size_t(run)].h = y1 - runs_[std::size_t(run)].y;
                } else {
                    run = int(runs_.size());
                    runs_.push_back({0, 0, x0, y0, x1 - x0, y1 - y0});
                }
                rowRuns.emplace_back(run, tx);
                for (int t = tx; t < end; ++t) tileRun_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(t)] = run;
                tx = end;
            }
            open.swap(rowRuns);
        }
        // Every marker touching a rectangle is drawn in it, in slot order (the full draw's order).
        runMembers_.clear();
        std::vector<int> seen(runs_.size(), -1);
        for (std::uint32_t i = 0; i < now.size(); ++i) {
            double x0, y0, x1, y1;
            if (!markerBox(now[i], x0, y0, x1, y1) || !(x1 >= 0 && y1 >= 0 && x0 < w && y0 < h)) continue;
            const int tx0 = std::max(0, int(std::floor(x0 / kTilePx))), tx1 = std::min(tilesX - 1, int(std::floor(x1 / kTilePx)));
            const int ty0 = std::max(0, int(std::floor(y0 / kTilePx))), ty1 = std::min(tilesY - 1, int(std::floor(y1 / kTilePx)));
            for (int ty = ty0; ty <= ty1; ++ty)
                for (int tx = tx0; tx <= tx1; ++tx) {
                    const int r = tileRun_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(tx)];
                    if (r < 0 || seen[std::size_t(r)] == int(i)) continue;
                    seen[std::size_t(r)] = int(i);
                    runMembers_.emplace_back(std::uint32_t(r), i);
                }
        }
        std::stable_sort(runMembers_.begin(), runMembers_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        runPoints_.clear();
        runPoints_.reserve(runMembers_.size());
        for (std::size_t k = 0; k < runMembers_.size(); ++k) {
            auto& run = runs_[runMembers_[k].first];
            if (run.count == 0) run.first = std::uint32_t(runPoints_.size());
            ++run.count;
            runPoints_.push_back(now[runMembers_[k].second]);
        }
        calls += renderer_->drawPointRuns(camera, scaled, runPoints_, runs_, trailVertices_, trailHalfWidth,
                                          mapFramebuffer);
        for (const auto& r : runs_) redrawnPixels_ += double(r.w) * double(r.h);
    }
    // The picture to the frame, and what goes over it.
    glBindFramebuffer(GL_READ_FRAMEBUFFER, picture_->framebuffer());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target));
    glViewport(0, 0, w, h);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(target));
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    pictureKey_ = key;
    pictureValid_ = true;
    pictureInstances_.assign(now.begin(), now.end());
    pictureClock_ = u.clock;
    pictureTrails_ = trailVertices_;
    return calls + drawOver(camera, u, text);
}

}  // namespace gs
