#include "session/analysis_session.hpp"

#include <algorithm>
#include <array>

#include "core/rfc3339.hpp"
#include "history/history_from_feed.hpp"
#include "history/history_from_store.hpp"
#include "style/palette.hpp"

#include <cmath>
#include <cstdio>

#include "session/history_grids.hpp"
#include "geo/crs.hpp"

namespace gs {

const char* classMethodName(ClassMethod m) {
    switch (m) {
    case ClassMethod::Quantile: return "quantile";
    case ClassMethod::EqualInterval: return "equalInterval";
    case ClassMethod::NaturalBreaks: return "naturalBreaks";
    case ClassMethod::Manual: return "manual";
    }
    return "?";
}

Result<std::unique_ptr<AnalysisData>> loadAnalysisData(const LoadedScene& scene, const AnalysisConfig& a,
                                                       const LiveStore* store) {
    auto data = std::make_unique<AnalysisData>();
    auto grids = historyGridsFromScene(scene);
    if (!grids) return Error{"analysis: " + grids.error().message};
    data->grids = std::move(*grids);
    if (a.liveHistory) {
        if (!store) return Error{"analysis.history: \"live\" needs the scene's live feeds (\"feeds\") running"};
        StoreHistoryOptions live;
        live.displayCrs = scene.config.displayCrs;
        live.grids = data->grids.grids;
        auto history = historyFromStore(*store, live, data->load);
        if (!history) return Error{"analysis.history: " + history.error().message};
        data->history = std::move(*history);
        return data;
    }
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
    if (!a.priorities.empty()) {
        f.priorities.assign(4, false);
        for (const auto& p : a.priorities) f.priorities[p == "none" ? 0 : size_t(p[0] - '0')] = true;
    }
    f.text = a.search;
    if (!a.gridLevel.empty()) {
        for (int l = 0; l < h.levelCount(); ++l)
            if (h.levelNames[size_t(l)] == a.gridLevel) f.gridLevel = l;
        if (f.gridLevel < 0)
            return Error{"analysis.filters.grid.level: \"" + a.gridLevel + "\" is not a level layer of the scene"};
        const auto& ids = h.gridIds[size_t(f.gridLevel)];
        for (size_t g = 0; g < ids.size(); ++g)
            if (ids[g] == a.gridId) f.grid = int32_t(g);
        if (f.grid < 0)
            return Error{"analysis.filters.grid.id: level \"" + a.gridLevel + "\" has no grid \"" + a.gridId + "\""};
    }
    return f;
}

namespace {

// A level's figure per grid for the kept events (NaN: no value), with the level's scene layer.
struct ChoroplethValues {
    int level = 0;
    std::size_t layer = 0;
    std::vector<double> values;
};

Result<int> choroplethLevel(const EventHistory& h, const AnalysisChoropleth& c) {
    if (c.level.empty()) {
        if (h.levelCount() == 0) return Error{"analysis.choropleth: the scene has no level layer to colour"};
        return h.levelCount() - 1;
    }
    for (int l = 0; l < h.levelCount(); ++l)
        if (h.levelNames[size_t(l)] == c.level) return l;
    return Error{"analysis.choropleth.level: \"" + c.level + "\" is not a level layer of the scene"};
}

ChoroplethValues choroplethValues(const LoadedScene& scene, const AnalysisData& data, int level,
                                  const std::vector<uint32_t>& rows, int64_t toSec, HistoryFigure figure) {
    const EventHistory& h = data.history;
    ChoroplethValues out;
    out.level = level;
    for (size_t i = 0; i < scene.layers.size(); ++i)
        if (scene.layers[i].config.id == h.levelNames[size_t(level)]) out.layer = i;
    const HistoryGridFigures fig = gridFigures(h, rows, toSec, level);
    out.values.resize(fig.count.size());
    for (size_t g = 0; g < out.values.size(); ++g)
        out.values[g] = fig.value(figure, g, data.grids.areasM2[size_t(level)][g], data.grids.households[size_t(level)][g]);
    return out;
}

// A figure per household needs the level's households field, read with the level.
Status checkHouseholds(const LoadedScene& scene, const EventHistory& h, int level, HistoryFigure figure) {
    if (figure != HistoryFigure::PerHousehold) return {};
    for (const LoadedLayer& layer : scene.layers) {
        if (layer.config.id != h.levelNames[size_t(level)]) continue;
        if (layer.config.level.householdsField.empty())
            return Error{"analysis.choropleth.figure: \"per_household\" needs the households of level \"" +
                         layer.config.id + "\": give its field as \"households\" in the layer's \"level\" object"};
        if (!layer.attributes.find(layer.config.level.householdsField))
            return Error{"analysis.choropleth: level \"" + layer.config.id + "\" has no field \"" +
                         layer.config.level.householdsField + "\" (its \"households\")"};
    }
    return {};
}

// The values coloured and classed as the static path colours a field (`cc`'s method, breaks and
// palette); `method` is what the report calls the classes, `titleSuffix` follows the legend's title.
Result<AnalysisChoroplethResult> colourValues(const LoadedScene& scene, ChoroplethValues&& v,
                                              const AnalysisChoropleth& cc, HistoryFigure figure,
                                              const std::string& method, Lang lang, const std::string& titleSuffix) {
    AnalysisChoroplethResult out;
    out.layer = v.layer;
    const LoadedLayer& layer = scene.layers[out.layer];
    // The values as an attribute column, so classes, palette and legend are the static path's.
    AttributeTable table;
    const std::string field = historyFigureName(figure);
    table.addColumn(field, FieldType::Real);
    auto& column = table.column(0);
    for (double x : v.values) {
        char buf[32] = "";
        if (std::isfinite(x)) std::snprintf(buf, sizeof buf, "%.17g", x);
        column.values.emplace_back(buf);
        column.isNull.push_back(std::isfinite(x) ? 0 : 1);
    }
    LayerStyle st = layer.config.style;
    st.colorBy.field = field;
    st.colorBy.method = cc.method;
    st.colorBy.classes = cc.classes;
    st.colorBy.breaks = cc.breaks;
    st.colorBy.palette = cc.palette;
    auto colors = evaluateLayerColors(layer.config.id, st, table, v.values.size());
    if (!colors) return Error{"analysis.choropleth: " + colors.error().message};
    colors->legend.title = std::string(tr(lang, "analysis." + field)) + titleSuffix;
    out.colors = std::move(*colors);
    out.level = v.level;
    const Classes classes = classify(v.values, cc.method, cc.classes, cc.breaks);
    out.classes.layer = layer.config.id;
    out.classes.figure = field;
    out.classes.method = method;
    out.classes.breaks = classes.breaks;
    out.classes.counts = classes.counts;
    out.classes.outside = classes.outside;
    for (double x : v.values) out.classes.noValue += std::isfinite(x) ? 0 : 1;
    out.values = std::move(v.values);
    return out;
}

}  // namespace

Result<AnalysisChoroplethResult> analysisChoropleth(const LoadedScene& scene, const AnalysisData& data,
                                                    const std::vector<uint32_t>& rows, int64_t toSec,
                                                    const AnalysisChoropleth& c, Lang lang,
                                                    const AnalysisBaseline* baseline) {
    const EventHistory& h = data.history;
    auto level = choroplethLevel(h, c);
    if (!level) return level.error();
    if (Status st = checkHouseholds(scene, h, *level, c.figure); !st) return st.error();
    ChoroplethValues v = choroplethValues(scene, data, *level, rows, toSec, c.figure);
    if (!baseline || !baseline->rows) return colourValues(scene, std::move(v), c, c.figure, classMethodName(c.method), lang, "");
    const ChoroplethValues before = choroplethValues(scene, data, *level, *baseline->rows, baseline->toSec, c.figure);
    double reach = 0;
    for (size_t g = 0; g < v.values.size(); ++g) {
        v.values[g] -= before.values[g];
        if (std::isfinite(v.values[g])) reach = std::max(reach, std::abs(v.values[g]));
    }
    // Six classes symmetric about a zero that stays in the middle, whatever the data.
    if (!(reach > 0)) reach = 1;
    AnalysisChoropleth cc = c;
    cc.method = ClassMethod::Manual;
    cc.breaks.clear();
    for (int k = -3; k <= 3; ++k) cc.breaks.push_back(reach * k / 3.0);
    cc.classes = 6;
    cc.palette = baseline->palette;
    return colourValues(scene, std::move(v), cc, c.figure, "difference", lang,
                        " " + trFormat(lang, "analysis.change_since", baseline->label.c_str()));
}

std::vector<double> sharedBreaks(std::span<const double> values, ClassMethod method, int classes) {
    std::vector<double> edges;
    for (double b : classify(values, method, classes, {}).breaks)
        if (std::isfinite(b) && (edges.empty() || b > edges.back())) edges.push_back(b);
    if (edges.size() == 1) edges = {edges[0] - 0.5, edges[0] + 0.5};
    if (edges.empty()) edges = {0, 1};
    return edges;
}

Result<std::array<AnalysisChoroplethResult, 2>> analysisChoroplethPair(
    const LoadedScene& scene, const AnalysisData& data, const std::array<const std::vector<uint32_t>*, 2>& rows,
    const std::array<int64_t, 2>& toSec, const AnalysisChoropleth& c, Lang lang) {
    auto level = choroplethLevel(data.history, c);
    if (!level) return level.error();
    if (Status st = checkHouseholds(scene, data.history, *level, c.figure); !st) return st.error();
    std::array<ChoroplethValues, 2> v = {choroplethValues(scene, data, *level, *rows[0], toSec[0], c.figure),
                                         choroplethValues(scene, data, *level, *rows[1], toSec[1], c.figure)};
    // One set of classes for both periods: the method's breaks over both periods' values.
    AnalysisChoropleth cc = c;
    if (c.method != ClassMethod::Manual) {
        std::vector<double> both = v[0].values;
        both.insert(both.end(), v[1].values.begin(), v[1].values.end());
        cc.breaks = sharedBreaks(both, c.method, c.classes);
        cc.method = ClassMethod::Manual;
    }
    std::array<AnalysisChoroplethResult, 2> out;
    for (int s = 0; s < 2; ++s) {
        auto r = colourValues(scene, std::move(v[size_t(s)]), cc, c.figure, classMethodName(c.method), lang, "");
        if (!r) return r.error();
        out[size_t(s)] = std::move(*r);
    }
    return out;
}

HeatmapSettings heatmapSettings(const AnalysisHeatmap& hc, const std::string& displayCrs) {
    HeatmapSettings s;
    s.kernel = *parseDensityKernel(hc.kernel);  // the config reader accepts only the three
    s.radius = hc.radius;
    s.radiusUnit = hc.radiusPixels ? HeatmapRadiusUnit::Pixels : HeatmapRadiusUnit::Metres;
    s.webMercator = isWebMercator(displayCrs);
    s.scale = hc.logScale ? HeatmapScale::Log : HeatmapScale::Linear;
    s.logDecades = hc.decades;
    s.fixedMax = hc.max;
    s.opacity = float(hc.opacity);
    return s;
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

}  // namespace gs
