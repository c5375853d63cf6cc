// A scene's analysis (its "analysis" object, history/analysis_config.hpp) run against the loaded
// scene: the history read with the scene's levels as grids, the window and filters applied, the
// choropleth's colours for its level layer, the kept events for the heatmap, and a report of what
// the picture shows (classes with their breaks and counts), for `render`'s JSON report.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assets/strings.hpp"
#include "core/result.hpp"
#include "history/analysis_config.hpp"
#include "history/history_load.hpp"
#include "render/heatmap_renderer.hpp"
#include "scene/loader.hpp"
#include "session/history_grids.hpp"
#include "style/classify.hpp"
#include "style/layer_colors.hpp"

namespace gs {

struct AnalysisClassReport {
    std::string layer, figure, method;
    std::vector<double> breaks;
    std::vector<std::size_t> counts;
    std::size_t noValue = 0, outside = 0;
};

struct AnalysisResult {
    HistoryLoadReport load;
    Vec2d origin;                // the history's: heatmap points are packed relative to it
    std::vector<uint32_t> rows;  // kept by the window and filters
    int64_t toSec = 0;           // the window's end (states are taken then)
    std::optional<std::pair<std::size_t, LayerColors>> layerColors;  // scene layer index, colours
    std::optional<AnalysisClassReport> classes;
    std::vector<Vec2d> heatmapPoints;  // the kept events, display CRS (with a heatmap)
    std::vector<float> heatmapWeights;
};

// The history read against the scene's levels (kept together: the grids' assigner is the scene's).
struct AnalysisData {
    SceneHistoryGrids grids;
    EventHistory history;
    HistoryLoadReport load;
};
Result<std::unique_ptr<AnalysisData>> loadAnalysisData(const LoadedScene& scene, const AnalysisConfig& config);

// The config's window and filters as an EventFilter for this history; a key no event has is an error.
Result<EventFilter> analysisFilter(const EventHistory& history, const AnalysisConfig& config);

// A level coloured by a figure of the kept events: its scene layer, colours and classes.
struct AnalysisChoroplethResult {
    std::size_t layer = 0;
    int level = 0;               // the history's level
    std::vector<double> values;  // per grid of the level (NaN: none)
    LayerColors colors;
    AnalysisClassReport classes;
};
// With `baseline` (its kept rows and end), the figure becomes the difference window − baseline,
// classed symmetrically about a fixed zero on `diverging` (six classes, zero their middle edge).
struct AnalysisBaseline {
    const std::vector<uint32_t>* rows = nullptr;
    int64_t toSec = 0;
    std::string palette = "BuRd";
    std::string label;  // e.g. "2014-01-01 – 2015-01-01", for the legend
};
Result<AnalysisChoroplethResult> analysisChoropleth(const LoadedScene& scene, const AnalysisData& data,
                                                    const std::vector<uint32_t>& rows, int64_t toSec,
                                                    const AnalysisChoropleth& choropleth, Lang lang,
                                                    const AnalysisBaseline* baseline = nullptr);

// The heatmap's legend in real units: five rows from the scale's bottom to its top (linear or log),
// each with the ramp's colour there and its value in events per km²; `title` names the unit.
Legend heatmapLegend(const HeatmapRange& range, const std::string& palette, const std::string& title);

// Errors name the scene's analysis object: the mapping or source, a filter naming a key no event
// has, a choropleth level that is not a level layer, a palette.
Result<AnalysisResult> runAnalysis(const LoadedScene& scene, const AnalysisConfig& config, Lang lang);

}  // namespace gs
