// The builder's text over the markers: per-grid count badges (counts mode) and labels beside the
// most overdue visible issues (markers mode), both placed by the label placer around the legend.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "live/overlay/overlay_builder.hpp"
#include "live/store/live_store.hpp"

namespace gs {

namespace {

const Rgba kText{0.94f, 0.96f, 1.0f, 1.0f};
const Rgba kTextHalo{0.02f, 0.04f, 0.09f, 0.9f};
const Rgba kOverdueText{1.0f, 0.54f, 0.50f, 1.0f};

// "3h", "12d": how long an issue has been overdue, the way a dispatcher says it.
std::string shortDuration(std::int64_t seconds) {
    char buf[32];
    if (seconds < 3600) std::snprintf(buf, sizeof buf, "%lldm", (long long)std::max<std::int64_t>(1, seconds / 60));
    else if (seconds < 48 * 3600) std::snprintf(buf, sizeof buf, "%lldh", (long long)(seconds / 3600));
    else std::snprintf(buf, sizeof buf, "%lldd", (long long)(seconds / 86400));
    return buf;
}

}  // namespace

void OverlayBuilder::buildCounts(const Camera& camera, float ui, const std::vector<double>& medians,
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
        list_.badges.push_back(m);
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
            list_.badges.push_back(o);
            addText(text, *s, subAtlas, sat, kText, kTextHalo);
        }
    }
    badgeCount_ = std::size_t(std::count_if(placed.begin(), placed.end(), [&](std::uint32_t i) { return i >= firstBadge; }));
}

void OverlayBuilder::addLegendObstacle() {
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

void OverlayBuilder::buildOverdueLabels(const Camera& camera, float ui, TextCache& fonts, ScreenBatch& text) {
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
        const TextLayout* l = fonts.layout(std::string(tr(config_.lang, "map.overdue")) + " " + shortDuration(overdueSec), px, atlas, HAlign::Left);
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

}  // namespace gs
