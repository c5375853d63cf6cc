// A scene's analysis (its "analysis" object, history/analysis_config.hpp) against the loaded scene:
// the history read with the scene's levels as grids, the config's window and filters as an
// EventFilter, a level's choropleth (colours, classes with their breaks and counts for `render`'s
// JSON report; one period, a difference, or two periods classed alike) and the heatmap's legend.
// session/analysis_view holds them live for a window or a snapshot.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "assets/strings.hpp"
#include "core/result.hpp"
#include "history/analysis_config.hpp"
#include "history/history_load.hpp"
#include "live/store/live_store.hpp"
#include "render/heatmap_renderer.hpp"
#include "scene/loader.hpp"
#include "session/history_grids.hpp"
#include "style/classify.hpp"
#include "style/layer_colors.hpp"

namespace gs {

// A class method as scene files and reports name it ("quantile", "naturalBreaks", ...).
const char* classMethodName(ClassMethod method);

struct AnalysisClassReport {
    std::string layer, figure, method;
    std::vector<double> breaks;
    std::vector<std::size_t> counts;
    std::size_t noValue = 0, outside = 0;
};

// The history read against the scene's levels (kept together: the grids' assigner is the scene's).
struct AnalysisData {
    SceneHistoryGrids grids;
    EventHistory history;
    HistoryLoadReport load;
};
// `store`: the scene's live store, for a "live" history (an error names what is missing without it).
Result<std::unique_ptr<AnalysisData>> loadAnalysisData(const LoadedScene& scene, const AnalysisConfig& config,
                                                       const LiveStore* store = nullptr);

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
// Class edges for several periods classed alike: `method`'s breaks over all their values, as
// strictly ascending manual edges (a natural-breaks class holding only the minimum, an edge
// repeated, merges with the next; one distinct value gets a unit-wide class about it).
std::vector<double> sharedBreaks(std::span<const double> values, ClassMethod method, int classes);

// Two periods (split and swipe compare) coloured alike: the choropleth's method finds its breaks
// over both periods' values, and both are classed with them (manual breaks as given).
Result<std::array<AnalysisChoroplethResult, 2>> analysisChoroplethPair(
    const LoadedScene& scene, const AnalysisData& data, const std::array<const std::vector<uint32_t>*, 2>& rows,
    const std::array<int64_t, 2>& toSec, const AnalysisChoropleth& choropleth, Lang lang);

// The scene's heatmap object as the renderer's settings (the display CRS says whether the radius in
// metres needs Web Mercator's scale factor).
HeatmapSettings heatmapSettings(const AnalysisHeatmap& heatmap, const std::string& displayCrs);

// The heatmap's legend in real units: five rows from the scale's bottom to its top (linear or log),
// each with the ramp's colour there and its value in events per km²; `title` names the unit.
Legend heatmapLegend(const HeatmapRange& range, const std::string& palette, const std::string& title);

}  // namespace gs
