#include "session/analysis_view.hpp"

#include <chrono>

#include "style/palette.hpp"

namespace gs {

Result<std::unique_ptr<AnalysisView>> AnalysisView::create(const AnalysisConfig& config, const LoadedScene& scene,
                                                           SceneRenderer& renderer, Lang lang) {
    std::unique_ptr<AnalysisView> v(new AnalysisView());
    v->config_ = config;
    v->scene_ = &scene;
    v->renderer_ = &renderer;
    v->lang_ = lang;
    auto data = loadAnalysisData(scene, config);
    if (!data) return data.error();
    v->data_ = std::move(*data);
    auto filter = analysisFilter(v->data_->history, config);
    if (!filter) return filter.error();
    v->filter = *filter;
    // The panel shows every category as a box: an empty list (all) becomes all ticked.
    if (v->filter.categories.empty()) v->filter.categories.assign(v->data_->history.categories.size(), true);
    if (config.choropleth) v->figure = config.choropleth->figure;
    v->choroplethOn = config.choropleth.has_value();
    v->heatmapOn = config.heatmap.has_value();
    const AnalysisHeatmap hc = config.heatmap.value_or(AnalysisHeatmap{});
    auto heatmap = HeatmapRenderer::create();
    if (!heatmap) return Error{"GL: " + heatmap.error().message};
    v->heatmap_ = std::move(*heatmap);
    auto ramp = paletteColors(hc.palette, 256);
    if (!ramp) return Error{"analysis.heatmap.palette: " + ramp.error().message};
    v->heatmap_->setRamp(*ramp);
    HeatmapSettings& s = v->settings_;
    s.kernel = *parseDensityKernel(hc.kernel);
    s.radius = hc.radius;
    s.radiusUnit = hc.radiusPixels ? HeatmapRadiusUnit::Pixels : HeatmapRadiusUnit::Metres;
    s.webMercator = scene.config.displayCrs == "EPSG:3857";
    s.scale = hc.logScale ? HeatmapScale::Log : HeatmapScale::Linear;
    s.logDecades = hc.decades;
    s.fixedMax = hc.max;
    s.opacity = float(hc.opacity);
    if (Status st = v->apply(); !st) return st.error();
    AnalysisView* self = v.get();
    renderer.setMapPass([self](const Camera& c) {
        if (!self->heatmapOn || self->heatmap_->pointCount() == 0) return;
        self->heatmap_->draw(c, self->settings_, 0, self->heatmap_->pointCount());
        // The legend of the scale this frame used, shown from the next frame on.
        self->renderer_->setExtraLegend(heatmapLegend(self->heatmap_->range(self->settings_),
                                                      self->config_.heatmap.value_or(AnalysisHeatmap{}).palette,
                                                      std::string(tr(self->lang_, "analysis.heatmap"))));
    });
    return v;
}

AnalysisView::~AnalysisView() {
    if (renderer_) renderer_->setMapPass({});
    if (renderer_) renderer_->setExtraLegend(std::nullopt);
    if (renderer_ && colouredLayer_) (void)renderer_->restyle(*colouredLayer_);
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

Status AnalysisView::apply() {
    const auto t0 = std::chrono::steady_clock::now();
    const EventHistory& h = data_->history;
    rows_ = selectEvents(h, filter);
    // Each category's count with the other filters: the window's rows without the category filter.
    EventFilter others = filter;
    others.categories.clear();
    const std::vector<uint32_t> any = selectEvents(h, others);
    categoryCounts_.assign(h.categories.size(), 0);
    for (uint32_t i : any) ++categoryCounts_[h.category[i]];

    if (choroplethOn) {
        AnalysisChoropleth c = config_.choropleth.value_or(AnalysisChoropleth{});
        c.figure = figure;
        auto result = analysisChoropleth(*scene_, *data_, rows_, filter.toSec, c, lang_);
        if (!result) return result.error();
        renderer_->setLayerColors(result->layer, result->colors);
        colouredLayer_ = result->layer;
        classes_ = std::move(result->classes);
    } else if (colouredLayer_) {
        if (Status s = renderer_->restyle(*colouredLayer_); !s) return s;
        colouredLayer_.reset();
        classes_.reset();
    }
    std::vector<Vec2d> points;
    std::vector<float> weights;
    points.reserve(rows_.size());
    for (uint32_t i : rows_) {
        points.push_back(h.position(i));
        if (!h.weight.empty()) weights.push_back(h.weight[i]);
    }
    heatmap_->setPoints(h.origin, HeatmapRenderer::pack(h.origin, points, weights));
    if (!heatmapOn) renderer_->setExtraLegend(std::nullopt);
    renderer_->mapPassChanged();
    applyMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return {};
}

}  // namespace gs
