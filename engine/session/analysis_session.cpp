#include "session/analysis_session.hpp"

#include <algorithm>

#include "core/rfc3339.hpp"
#include "history/history_from_feed.hpp"
#include "style/palette.hpp"

#include <cmath>
#include <cstdio>

#include "session/history_grids.hpp"

namespace gs {

namespace {

const char* methodName(ClassMethod m) {
    switch (m) {
    case ClassMethod::Quantile: return "quantile";
    case ClassMethod::EqualInterval: return "equalInterval";
    case ClassMethod::NaturalBreaks: return "naturalBreaks";
    case ClassMethod::Manual: return "manual";
    }
    return "?";
}

}  // namespace

Result<std::unique_ptr<AnalysisData>> loadAnalysisData(const LoadedScene& scene, const AnalysisConfig& a) {
    auto data = std::make_unique<AnalysisData>();
    auto grids = historyGridsFromScene(scene);
    if (!grids) return Error{"analysis: " + grids.error().message};
    data->grids = std::move(*grids);
    if (isFeedRecording(a.source.source)) {
        FeedHistoryOptions feed;
        feed.path = a.source.source;
        feed.displayCrs = scene.config.displayCrs;
        feed.grids = data->grids.grids;
        auto history = loadHistoryFromFeed(feed, data->load);
        if (!history) return Error{"analysis.history: " + history.error().message};
        data->history = std::move(*history);
        return data;
    }
    auto mapping = loadCsvFeedMapping(a.mappingPath);
    if (!mapping) return Error{"analysis.history.mapping: " + mapping.error().message};
    HistoryLoadOptions load;
    load.source = a.source;
    load.mapping = *mapping;
    load.displayCrs = scene.config.displayCrs;
    load.grids = data->grids.grids;
    auto history = loadHistory(load, data->load);
    if (!history) return Error{"analysis.history: " + history.error().message};
    data->history = std::move(*history);
    return data;
}

Result<EventFilter> analysisFilter(const EventHistory& h, const AnalysisConfig& a) {
    EventFilter f;
    if (a.fromMs) f.fromSec = *a.fromMs / 1000;
    f.toSec = a.toMs ? *a.toMs / 1000 : h.timeSpan().second + 1;
    auto cats = filterKeys("analysis.filters.category", a.categories, h.categories);
    if (!cats) return cats.error();
    auto teams = filterKeys("analysis.filters.team", a.teams, h.teams);
    if (!teams) return teams.error();
    auto sources = filterKeys("analysis.filters.source", a.sources, h.sources);
    if (!sources) return sources.error();
    f.categories = *cats, f.teams = *teams, f.sources = *sources;
    if (!a.statuses.empty()) {
        f.statuses.assign(kEventStatusCount, false);
        for (const auto& s : a.statuses)
            for (int k = 0; k < kEventStatusCount; ++k)
                if (s == eventStatusName(EventStatus(k))) f.statuses[size_t(k)] = true;
    }
    f.text = a.search;
    return f;
}

Result<AnalysisChoroplethResult> analysisChoropleth(const LoadedScene& scene, const AnalysisData& data,
                                                    const std::vector<uint32_t>& rows, int64_t toSec,
                                                    const AnalysisChoropleth& c, Lang lang,
                                                    const AnalysisBaseline* baseline) {
    const EventHistory& h = data.history;
    int level = h.levelCount() - 1;
    if (!c.level.empty()) {
        level = -1;
        for (int l = 0; l < h.levelCount(); ++l)
            if (h.levelNames[size_t(l)] == c.level) level = l;
        if (level < 0) return Error{"analysis.choropleth.level: \"" + c.level + "\" is not a level layer of the scene"};
    }
    if (level < 0) return Error{"analysis.choropleth: the scene has no level layer to colour"};
    const HistoryGridFigures fig = gridFigures(h, rows, toSec, level);
    std::vector<double> values(fig.count.size());
    for (size_t g = 0; g < values.size(); ++g)
        values[g] = fig.value(c.figure, g, data.grids.areasM2[size_t(level)][g], std::nan(""));
    AnalysisChoropleth cc = c;
    if (baseline && baseline->rows) {
        const HistoryGridFigures before = gridFigures(h, *baseline->rows, baseline->toSec, level);
        double reach = 0;
        for (size_t g = 0; g < values.size(); ++g) {
            values[g] -= before.value(c.figure, g, data.grids.areasM2[size_t(level)][g], std::nan(""));
            if (std::isfinite(values[g])) reach = std::max(reach, std::abs(values[g]));
        }
        // Six classes symmetric about a zero that stays in the middle, whatever the data.
        if (!(reach > 0)) reach = 1;
        cc.method = ClassMethod::Manual;
        cc.breaks.clear();
        for (int k = -3; k <= 3; ++k) cc.breaks.push_back(reach * k / 3.0);
        cc.classes = 6;
        cc.palette = baseline->palette;
    }
    AnalysisChoroplethResult out;
    for (size_t i = 0; i < scene.layers.size(); ++i)
        if (scene.layers[i].config.id == h.levelNames[size_t(level)]) out.layer = i;
    const LoadedLayer& layer = scene.layers[out.layer];
    // The values as an attribute column, so classes, palette and legend are the static path's.
    AttributeTable table;
    const std::string field = historyFigureName(c.figure);
    table.addColumn(field, FieldType::Real);
    auto& column = table.column(0);
    for (double v : values) {
        char buf[32] = "";
        if (std::isfinite(v)) std::snprintf(buf, sizeof buf, "%.17g", v);
        column.values.emplace_back(buf);
        column.isNull.push_back(std::isfinite(v) ? 0 : 1);
    }
    LayerStyle st = layer.config.style;
    st.colorBy.field = field;
    st.colorBy.method = cc.method;
    st.colorBy.classes = cc.classes;
    st.colorBy.breaks = cc.breaks;
    st.colorBy.palette = cc.palette;
    auto colors = evaluateLayerColors(layer.config.id, st, table, values.size());
    if (!colors) return Error{"analysis.choropleth: " + colors.error().message};
    colors->legend.title = std::string(tr(lang, "analysis." + field));
    if (baseline && baseline->rows)
        colors->legend.title += " " + trFormat(lang, "analysis.change_since", baseline->label.c_str());
    out.colors = std::move(*colors);
    out.level = level;
    out.values = values;
    const Classes classes = classify(values, cc.method, cc.classes, cc.breaks);
    out.classes.layer = layer.config.id;
    out.classes.figure = field;
    out.classes.method = baseline && baseline->rows ? "difference" : methodName(c.method);
    out.classes.breaks = classes.breaks;
    out.classes.counts = classes.counts;
    out.classes.outside = classes.outside;
    for (double v : values) out.classes.noValue += std::isfinite(v) ? 0 : 1;
    return out;
}

Legend heatmapLegend(const HeatmapRange& range, const std::string& palette, const std::string& title) {
    Legend legend;
    legend.title = title;
    auto ramp = paletteColors(palette, 256);
    if (!ramp || ramp->empty() || !(range.top > 0)) return legend;
    constexpr int kRows = 5;
    for (int k = kRows - 1; k >= 0; --k) {  // the top first, as the layers' legends read
        const double t = double(k) / (kRows - 1);
        const double value = range.scale == HeatmapScale::Log && range.bottom > 0
                                 ? range.bottom * std::pow(range.top / range.bottom, t)
                                 : range.bottom + t * (range.top - range.bottom);
        LegendEntry e;
        e.color = (*ramp)[std::min(ramp->size() - 1, std::size_t(std::lround(t * double(ramp->size() - 1))))];
        e.label = formatNumber(value);
        legend.entries.push_back(std::move(e));
    }
    return legend;
}

Result<AnalysisResult> runAnalysis(const LoadedScene& scene, const AnalysisConfig& a, Lang lang) {
    auto data = loadAnalysisData(scene, a);
    if (!data) return data.error();
    auto filter = analysisFilter((*data)->history, a);
    if (!filter) return filter.error();
    AnalysisResult out;
    out.load = (*data)->load;
    out.rows = selectEvents((*data)->history, *filter);
    out.toSec = filter->toSec;
    std::vector<uint32_t> baselineRows;
    AnalysisBaseline baseline;
    if (a.compare) {
        EventFilter before = *filter;
        before.fromSec = *a.compare->fromMs / 1000;
        before.toSec = *a.compare->toMs / 1000;
        baselineRows = selectEvents((*data)->history, before);
        baseline.rows = &baselineRows;
        baseline.toSec = before.toSec;
        baseline.palette = a.compare->palette;
        baseline.label = formatRfc3339(*a.compare->fromMs).substr(0, 10) + " – " +
                         formatRfc3339(*a.compare->toMs).substr(0, 10);
    }
    if (a.choropleth) {
        auto c = analysisChoropleth(scene, **data, out.rows, filter->toSec, *a.choropleth, lang,
                                    a.compare ? &baseline : nullptr);
        if (!c) return c.error();
        out.layerColors = std::make_pair(c->layer, std::move(c->colors));
        out.classes = std::move(c->classes);
    }
    const EventHistory& h = (*data)->history;
    if (a.heatmap) {
        out.heatmapPoints.reserve(out.rows.size());
        for (uint32_t i : out.rows) {
            out.heatmapPoints.push_back(h.position(i));
            if (!h.weight.empty()) out.heatmapWeights.push_back(h.weight[i]);
        }
    }
    out.origin = h.origin;
    return out;
}

}  // namespace gs
