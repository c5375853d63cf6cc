// AnalysisView's drawing: the heatmap's density and legend for the frame's camera, and the compare
// view's two periods composed (split or swipe) into the frame.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/rfc3339.hpp"
#include "session/analysis_view.hpp"

namespace gs {

namespace {

std::string periodLabel(int64_t fromSec, int64_t toSec) {
    return formatRfc3339(fromSec * 1000).substr(0, 10) + " – " + formatRfc3339(toSec * 1000).substr(0, 10);
}

}  // namespace

std::pair<int64_t, int64_t> AnalysisView::baselinePeriod() const {
    if (!baselineFollowsWindow) return {baselineFromSec, baselineToSec};
    return {filter.fromSec - (filter.toSec - filter.fromSec), filter.fromSec};
}

std::string AnalysisView::sideCaption(int side) const {
    const auto [from, to] = baselinePeriod();
    if (side < 0) return periodLabel(from, to);
    if (side == 0) return trFormat(lang_, "analysis.compare.before", periodLabel(from, to).c_str());
    return trFormat(lang_, "analysis.compare.after", periodLabel(filter.fromSec, filter.toSec).c_str());
}

double AnalysisView::splitToFrameX(double x, int x0, int x1) {
    const int left = CompareComposer::sideWidth(CompareLayout::Split, 0, x1 - x0);
    const bool inLeft = x < x0 + left;
    const double local = inLeft ? x - x0 : x - x0 - left;
    const double sideW = inLeft ? left : (x1 - x0) - left;
    // Each side shows, about its middle, what the frame's camera shows about the visible middle.
    return (x0 + x1) / 2.0 + local - sideW / 2;
}

HeatmapSettings AnalysisView::densitySettings() const {
    HeatmapSettings s = settings_;
    if (coarse_) s.maxKernelTexels = kCoarseKernelTexels;
    return s;
}

HeatmapSettings AnalysisView::sideSettings() const {
    HeatmapSettings s = densitySettings();
    if (sides() == 2 && s.fixedMax <= 0 && sharedMax_ > 0) s.fixedMax = sharedMax_;
    return s;
}

void AnalysisView::useSide(int side) {
    side_ = side;
    if (sides() == 2 && colouredLayer_) renderer_->setLayerColors(*colouredLayer_, sideColors_[size_t(side)]);
    pushLegends();
}

// The hexagon bins' legend (of the side drawn) and the heatmap's, beside the layers'.
void AnalysisView::pushLegends() {
    std::vector<Legend> legends;
    const size_t period = sides() == 2 && side_ == 0 ? 1 : 0;
    if (hexbinsOn && hexbins_ && period < hexbins_->periods.size()) legends.push_back(hexbins_->periods[period].legend);
    if (heatmapOn && heatLegend_) legends.push_back(*heatLegend_);
    renderer_->setExtraLegends(std::move(legends));
}

std::optional<AnalysisClassReport> AnalysisView::hexbinClasses(int side) const {
    const size_t period = side == 0 ? 1 : 0;
    if (!hexbinsOn || !hexbins_ || period >= hexbins_->periods.size()) return std::nullopt;
    return hexbins_->periods[period].classes;
}

// The density (both sides' when two, for the scale they share) and the legend of its scale, before
// the frame: the legend then belongs to the picture it is drawn with.
void AnalysisView::prepareHeatmap(const Camera& camera) {
    const uint32_t windowCount = uint32_t(rows_.size());
    if (!heatmapOn || heatmap_->pointCount() == 0) {
        heatLegend_.reset();
        pushLegends();
        return;
    }
    const HeatmapSettings settings = densitySettings();
    if (sides() == 1) {
        if (!(density_ == keyFor(camera, 1))) {
            heatmap_->computeDensity(camera, settings, 0, windowCount);
            density_ = keyFor(camera, 1);
        }
    } else if (!(sharedScale_ == keyFor(camera, -1))) {
        // The baseline last: its side is drawn first.
        double top = 0;
        heatmap_->computeDensity(camera, settings, 0, windowCount);
        top = std::max(top, heatmap_->range(settings).top);
        heatmap_->computeDensity(camera, settings, windowCount, heatmap_->pointCount() - windowCount);
        top = std::max(top, heatmap_->range(settings).top);
        density_ = keyFor(camera, 0);
        sharedMax_ = top;
        sharedScale_ = keyFor(camera, -1);
    }
    heatLegend_ = heatmapLegend(heatmap_->range(sideSettings()), config_.heatmap.value_or(AnalysisHeatmap{}).palette,
                                std::string(tr(lang_, "analysis.heatmap")));
    pushLegends();
}

// The map pass: the hexagon bins, then the heatmap over them, of the side being drawn.
void AnalysisView::drawPass(const Camera& camera) {
    if (hexbinsOn && hexbins_) {
        const size_t period = sides() == 2 && side_ == 0 ? 1 : 0;
        if (period < hexbins_->periods.size()) {
            const HexbinPeriod& p = hexbins_->periods[period];
            cells_->draw(camera, p.firstTriangle, p.triangles, p.firstLine, p.lines,
                         float(config_.hexbins.value_or(AnalysisHexbins{}).opacity));
        }
    }
    if (!heatmapOn || heatmap_->pointCount() == 0) return;
    const uint32_t windowCount = uint32_t(rows_.size());
    const int side = sides() == 2 ? side_ : 1;
    const uint32_t first = side == 1 ? 0 : windowCount;
    const uint32_t count = side == 1 ? windowCount : heatmap_->pointCount() - windowCount;
    const HeatmapSettings s = sideSettings();
    if (!(density_ == keyFor(camera, side))) {
        heatmap_->computeDensity(camera, s, first, count);
        density_ = keyFor(camera, side);
    }
    heatmap_->drawColors(s);
}

std::optional<HeatmapRange> AnalysisView::heatmapRange() const {
    if (!heatmapOn || heatmap_->pointCount() == 0) return std::nullopt;
    return heatmap_->range(sideSettings());
}

RenderStats AnalysisView::render(const Camera& camera, const ViewState& view, std::pair<int, int> visible) {
    // Progressive: the first frame after a change has the heatmap at a coarser resolution, the
    // next one (refining() asks for it) at its own.
    coarse_ = progressive && changed_ && heatmapOn;
    changed_ = false;
    refining_ = coarse_;
    if (sides() == 1) {
        prepareHeatmap(camera);
        return renderer_->render(camera, view);
    }
    if (!composer_) {
        auto c = CompareComposer::create();
        if (!c) {  // no compare without its program: the window alone, said once
            std::fprintf(stderr, "gridscope: compare view: %s\n", c.error().message.c_str());
            compare = Compare::Off;
            (void)apply();
            return renderer_->render(camera, view);
        }
        composer_ = std::move(*c);
    }
    const CompareLayout layout = compare == Compare::Split ? CompareLayout::Split : CompareLayout::Swipe;
    const int x0 = visible.second > visible.first ? std::clamp(visible.first, 0, camera.width - 1) : 0;
    const int x1 = visible.second > visible.first ? std::clamp(visible.second, x0 + 1, camera.width) : camera.width;
    // Split: each side shows the place at the visible area's middle, at the frame's scale.
    const Vec2d middle = camera.screenToWorld({(x0 + x1) / 2.0, camera.height / 2.0});
    RenderStats total;
    // The window's side last, so the renderer is left with its colours (and the panel's legend).
    for (int side : {0, 1}) {
        Camera c = camera;
        c.setViewport(CompareComposer::sideWidth(layout, side, layout == CompareLayout::Split ? x1 - x0 : camera.width),
                      camera.height);
        if (layout == CompareLayout::Split) c.center = middle;
        if (side == 0) prepareHeatmap(c);
        useSide(side);
        ViewState v = view;
        v.caption = sideCaption(side);
        v.captionRight = side == 1;
        // Swipe: one legend, the baseline's, where it shows (bottom left, left of the divider);
        // both periods have the same classes and heatmap scale.
        if (layout == CompareLayout::Swipe && side == 1) v.legend = false;
        if (Status st = composer_->beginSide(side, c.width, c.height); !st) {
            std::fprintf(stderr, "gridscope: %s\n", st.error().message.c_str());
            composer_->abandon();
            useSide(1);
            return renderer_->render(camera, view);
        }
        const RenderStats st = renderer_->render(c, v);
        total.triangles += st.triangles;
        total.drawCalls += st.drawCalls;
        total.labelsPlaced += st.labelsPlaced;
        total.labelCandidates += st.labelCandidates;
    }
    composer_->compose(layout, camera.width, camera.height, x0, dividerColumn(x0, x1), view.uiScale,
                       scene_->config.background);
    return total;
}

}  // namespace gs
