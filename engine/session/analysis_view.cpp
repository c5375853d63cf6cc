#include "session/analysis_view.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <tuple>

#include "core/rfc3339.hpp"
#include "history/history_from_store.hpp"
#include "style/palette.hpp"
#include "geo/crs.hpp"

namespace gs {

Result<std::unique_ptr<AnalysisView>> AnalysisView::create(const AnalysisConfig& config, const LoadedScene& scene,
                                                           SceneRenderer& renderer, Lang lang, const LiveStore* store) {
    std::unique_ptr<AnalysisView> v(new AnalysisView());
    v->config_ = config;
    v->scene_ = &scene;
    v->renderer_ = &renderer;
    v->lang_ = lang;
    v->store_ = store;
    if (store) v->storeApplied_ = store->accounting().applied;
    auto data = loadAnalysisData(scene, config, store);
    if (!data) return data.error();
    v->data_ = std::move(*data);
    auto filter = analysisFilter(v->data_->history, config);
    if (!filter) return filter.error();
    v->filter = *filter;
    // The panel shows every category as a box: an empty list (all) becomes all ticked.
    if (v->filter.categories.empty()) v->filter.categories.assign(v->data_->history.categories.size(), true);
    if (config.choropleth) v->figure = config.choropleth->figure;
    // The levels' typical grid sizes, for the level that follows the zoom; a scene's explicit
    // choropleth level starts pinned.
    const EventHistory& hist = v->data_->history;
    for (int l = 0; l < hist.levelCount(); ++l) {
        std::vector<double> sides;
        for (double a : scene.layers[v->layerOfLevel(l)].areas)
            if (a > 0) sides.push_back(std::sqrt(a));
        std::nth_element(sides.begin(), sides.begin() + std::ptrdiff_t(sides.size() / 2), sides.end());
        v->medianSize_.push_back(sides.empty() ? 0 : sides[sides.size() / 2]);
        if (config.choropleth && config.choropleth->level == hist.levelNames[size_t(l)]) v->level = l;
    }
    if (v->level >= 0) v->levelFollowsZoom = false;
    if (v->level < 0) v->level = hist.levelCount() - 1;
    v->choroplethOn = config.choropleth.has_value();
    v->heatmapOn = config.heatmap.has_value();
    v->hexbinsOn = config.hexbins.has_value();
    auto cells = CellRenderer::create();
    if (!cells) return Error{"GL: " + cells.error().message};
    v->cells_ = std::move(*cells);
    const AnalysisHeatmap hc = config.heatmap.value_or(AnalysisHeatmap{});
    auto heatmap = HeatmapRenderer::create();
    if (!heatmap) return Error{"GL: " + heatmap.error().message};
    v->heatmap_ = std::move(*heatmap);
    auto ramp = paletteColors(hc.palette, 256);
    if (!ramp) return Error{"analysis.heatmap.palette: " + ramp.error().message};
    v->heatmap_->setRamp(*ramp);
    v->settings_ = heatmapSettings(hc, scene.config.displayCrs);
    if (const auto& cmp = config.compare) {
        v->compare = cmp->mode == CompareMode::Split   ? Compare::Split
                     : cmp->mode == CompareMode::Swipe ? Compare::Swipe
                                                       : Compare::Difference;
        v->baselineFollowsWindow = false;
        v->baselineFromSec = *cmp->fromMs / 1000;
        v->baselineToSec = *cmp->toMs / 1000;
        v->divider = cmp->divider;
    }
    if (Status st = v->apply(); !st) return st.error();
    AnalysisView* self = v.get();
    renderer.setMapPass([self](const Camera& c) { self->drawPass(c); });
    return v;
}

AnalysisView::~AnalysisView() {
    if (renderer_) renderer_->setMapPass({});
    if (renderer_) renderer_->setExtraLegends({});
    if (renderer_ && colouredLayer_) (void)renderer_->restyle(*colouredLayer_);
}

namespace {

// A key filter (allowed by index) carried from one dictionary to another by the keys' names; keys
// new to `to` are allowed (nothing the user unticked).
std::vector<bool> remapKeys(const std::vector<bool>& allowed, const Dictionary& from, const Dictionary& to) {
    if (allowed.empty()) return {};
    std::vector<bool> out(to.size(), true);
    for (size_t k = 0; k < to.size(); ++k)
        for (size_t j = 0; j < from.size(); ++j)
            if (from[j] == to[k]) out[k] = j < allowed.size() && allowed[j];
    return out;
}

}  // namespace

Result<bool> AnalysisView::refreshLive() {
    if (!config_.liveHistory || !store_ || store_->accounting().applied == storeApplied_) return false;
    storeApplied_ = store_->accounting().applied;
    StoreHistoryOptions live;
    live.displayCrs = scene_->config.displayCrs;
    live.grids = data_->grids.grids;
    HistoryLoadReport report;
    auto history = historyFromStore(*store_, live, report);
    if (!history) return history.error();
    const EventHistory& old = data_->history;
    filter.categories = remapKeys(filter.categories, old.categories, history->categories);
    filter.teams = remapKeys(filter.teams, old.teams, history->teams);
    filter.sources = remapKeys(filter.sources, old.sources, history->sources);
    // A drill-down keeps its grid (the grids are the scene's, unchanged).
    data_->history = std::move(*history);
    data_->load = report;
    if (Status s = apply(); !s) return s.error();
    return true;
}

bool AnalysisView::levelHasHouseholds() const {
    if (level < 0) return false;
    const LoadedLayer& layer = scene_->layers.at(layerOfLevel(level));
    return !layer.config.level.householdsField.empty() && layer.attributes.find(layer.config.level.householdsField);
}

int AnalysisView::levelOfLayer(std::size_t sceneLayer) const {
    const EventHistory& h = data_->history;
    if (sceneLayer >= scene_->layers.size()) return -1;
    for (int l = 0; l < h.levelCount(); ++l)
        if (h.levelNames[size_t(l)] == scene_->layers[sceneLayer].config.id) return l;
    return -1;
}

std::size_t AnalysisView::layerOfLevel(int level) const {
    for (std::size_t i = 0; i < scene_->layers.size(); ++i)
        if (scene_->layers[i].config.id == data_->history.levelNames[size_t(level)]) return i;
    return 0;
}

Box AnalysisView::gridBounds(int level, int32_t grid) const {
    const LoadedLayer& layer = scene_->layers[layerOfLevel(level)];
    return grid >= 0 && size_t(grid) < layer.bounds.size() ? layer.bounds[size_t(grid)] : scene_->extent;
}

std::string AnalysisView::gridLabel(int level, int32_t grid) const {
    const EventHistory& h = data_->history;
    const std::string& name = h.gridNames[size_t(level)][size_t(grid)];
    return name.empty() ? h.gridIds[size_t(level)][size_t(grid)] : name;
}

bool AnalysisView::followZoom(const Camera& camera) {
    if (!levelFollowsZoom || !choroplethOn || medianSize_.empty() || !(camera.unitsPerPixel > 0)) return false;
    int want = 0;  // the coarsest, when even it is small on screen
    for (int l = int(medianSize_.size()) - 1; l >= 0; --l)
        if (medianSize_[size_t(l)] / camera.unitsPerPixel >= kFollowZoomPx) {
            want = l;
            break;
        }
    if (want == level) return false;
    // The layer coloured before goes back to its own style.
    if (colouredLayer_) (void)renderer_->restyle(*colouredLayer_);
    colouredLayer_.reset();
    level = want;
    (void)apply();
    return true;
}

Status AnalysisView::apply() {
    const auto t0 = std::chrono::steady_clock::now();
    const EventHistory& h = data_->history;
    // The kept events, each option's count under the other filters and the timeline (every time,
    // the other filters): one pass over the history.
    const auto [first, last] = h.timeSpan();
    timeline_ = {};
    timeline_.bucketSec = last - first > 365 * 86400 ? 7 * 86400 : 86400;
    timeline_.firstSec = first - (((first % 86400) + 86400) % 86400);
    FacetCounts facets = facetCounts(h, filter, timeline_.firstSec, timeline_.bucketSec,
                                     size_t((last - timeline_.firstSec) / timeline_.bucketSec + 1));
    rows_ = std::move(facets.kept);
    categoryCounts_ = std::move(facets.categories);
    statusCounts_ = std::move(facets.statuses);
    priorityCounts_ = std::move(facets.priorities);
    teamCounts_ = std::move(facets.teams);
    sourceCounts_ = std::move(facets.sources);
    timeline_.counts = std::move(facets.timeline);
    auto bucketOf = [&](int64_t t) {
        return size_t(std::clamp<int64_t>((t - timeline_.firstSec) / timeline_.bucketSec, 0,
                                          int64_t(timeline_.counts.size()) - 1));
    };
    timeline_.windowFirst = bucketOf(filter.fromSec);
    timeline_.windowLast = bucketOf(filter.toSec - 1);

    // Response times of the kept events.
    static const int32_t kEdges[] = {2 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 3 * 86400, 7 * 86400};
    responseBins_.assign(7, 0.0f);
    for (uint32_t i : rows_) {
        const int32_t c = h.closedAfter[i];
        if (c == EventHistory::kNone || h.status[i] == EventStatus::Cancelled) continue;
        size_t b = 0;
        while (b < 6 && c >= kEdges[b]) ++b;
        ++responseBins_[b];
    }

    // The baseline period's events, with the same filters, when comparing.
    baselineRows_.clear();
    if (compare != Compare::Off) {
        EventFilter before = filter;
        std::tie(before.fromSec, before.toSec) = baselinePeriod();
        baselineRows_ = selectEvents(h, before);
    }
    const int64_t baselineTo = baselinePeriod().second;
    baselineClasses_.reset();
    if (choroplethOn) {
        AnalysisChoropleth c = config_.choropleth.value_or(AnalysisChoropleth{});
        c.figure = figure;
        if (level >= 0 && level < h.levelCount()) c.level = h.levelNames[size_t(level)];
        std::optional<AnalysisChoroplethResult> result;
        if (sides() == 2) {
            auto pair = analysisChoroplethPair(*scene_, *data_, {&baselineRows_, &rows_}, {baselineTo, filter.toSec}, c,
                                               lang_);
            if (!pair) return pair.error();
            sideColors_ = {(*pair)[0].colors, (*pair)[1].colors};
            baselineClasses_ = std::move((*pair)[0].classes);
            result = std::move((*pair)[1]);
        } else {
            AnalysisBaseline baseline;
            baseline.rows = &baselineRows_;
            baseline.toSec = baselineTo;
            if (config_.compare) baseline.palette = config_.compare->palette;
            baseline.label = sideCaption(-1);
            auto r = analysisChoropleth(*scene_, *data_, rows_, filter.toSec, c, lang_,
                                        compare == Compare::Difference ? &baseline : nullptr);
            if (!r) return r.error();
            result = std::move(*r);
        }
        renderer_->setLayerColors(result->layer, result->colors);
        colouredLayer_ = result->layer;
        ranking_.clear();
        for (size_t g = 0; g < result->values.size(); ++g)
            if (std::isfinite(result->values[g])) ranking_.push_back({int32_t(g), result->values[g]});
        std::stable_sort(ranking_.begin(), ranking_.end(), [](const Ranked& a, const Ranked& b) { return a.value > b.value; });
        rankingLevel_ = result->level;
        classes_ = std::move(result->classes);
    } else if (colouredLayer_) {
        if (Status s = renderer_->restyle(*colouredLayer_); !s) return s;
        colouredLayer_.reset();
        classes_.reset();
        ranking_.clear();
        rankingLevel_ = -1;
    }
    // The heatmap's points: the window's events, then (two sides) the baseline's.
    // (The history's positions are already floats about its origin: they go up as they are.)
    std::vector<HeatmapPoint> points;
    points.reserve(rows_.size() + (sides() == 2 ? baselineRows_.size() : 0));
    auto add = [&](const std::vector<uint32_t>& rows) {
        for (uint32_t i : rows) points.push_back({h.x[i], h.y[i], h.weight.empty() ? 1.0f : h.weight[i]});
    };
    add(rows_);
    if (sides() == 2) add(baselineRows_);
    heatmap_->setPoints(h.origin, points);
    // The hexagon bins of the same periods.
    hexbins_.reset();
    if (hexbinsOn) {
        const std::vector<uint32_t>* periods[] = {&rows_, &baselineRows_};
        auto hex = buildHexbins(h, std::span(periods, sides() == 2 ? 2 : 1), config_.hexbins.value_or(AnalysisHexbins{}),
                                isWebMercator(scene_->config.displayCrs), lang_);
        if (!hex) return hex.error();
        cells_->upload(hex->mesh);
        hexbins_ = std::move(*hex);
    }
    ++dataGeneration_;
    changed_ = true;
    side_ = 1;
    if (!heatmapOn) heatLegend_.reset();
    pushLegends();
    renderer_->mapPassChanged();
    applyMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return {};
}

}  // namespace gs
