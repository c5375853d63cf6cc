// A scene's "analysis" object (issue 13): which history, the time window and filters, and what to
// draw from it — a heatmap of the kept events, a level coloured by a figure. Read with the shared
// checker when the scene file is (session/scene_file); paths are relative to the scene file.
//
//   "analysis": {
//     "history": {"source": "events.csv.gz" (a /vsigzip/ path is made for .gz), "layer": "...",
//                 "where": "...", "mapping": "mapping.json"},   a recorded feed (.ndjson) needs no mapping;
//                 "source": "live": the scene's live store, each issue an event, read again as
//                 messages arrive (the scene needs "feeds")
//     "window": {"from": RFC 3339, "to": RFC 3339},          default: the whole history
//     "filters": {"category": [...], "status": [...], "priority": ["1", "2", "3", "none"],
//                 "team": [...], "source": [...],
//                 "search": "text", "grid": {"level": LAYER_ID, "id": "grid id"}},
//                    grid: only the events inside that grid (its whole subtree), a drill-down
//     "heatmap": {"kernel": "quartic" | "epanechnikov" | "gaussian", "radius": 500,
//                 "radiusUnit": "m" | "px", "scale": "linear" | "log", "decades": 3, "max": 0,
//                 "palette": "Magma", "opacity": 0.85},
//     "choropleth": {"level": LAYER_ID, "figure": "count" | "per_km2" | "per_household" | "overdue_share" |
//                    "median_response_hours" | "resolution_rate", "method": ..., "classes": 5,
//                    "breaks": [...], "palette": "YlOrRd"},
//                    per_household: divided by the level's "households" field (its "level" object)
//     "hexbins": {"size": 500 (metres, centre to centre), "value": "count" | "weight",
//                 "method": ..., "classes": 5, "breaks": [...], "palette": "YlOrRd", "opacity": 0.8}
//                    the kept events in hexagons of a size on the ground, classed
//     "compare": {"from": RFC 3339, "to": RFC 3339, "palette": "BuRd",
//                 "mode": "difference" | "split" | "swipe", "divider": 0.5}
//                    difference: the choropleth becomes the difference from this baseline period
//                    (zero fixed in the middle); split: the baseline period on the left half and
//                    the window on the right, one camera, the same classes and heatmap scale;
//                    swipe: both over the whole picture, the baseline left of a divider at this
//                    fraction of the width
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assets/strings.hpp"
#include "config/checker.hpp"
#include "history/history_figures.hpp"
#include "source/vector_source.hpp"
#include "style/layer_style.hpp"

namespace gs {

struct AnalysisHeatmap {
    std::string kernel = "quartic";
    double radius = 500;
    bool radiusPixels = false;
    bool logScale = false;
    double decades = 3;
    double max = 0;  // > 0: the scale's fixed top, events/km²
    std::string palette = "Magma";
    double opacity = 0.85;
};

struct AnalysisChoropleth {
    std::string level;  // a level layer's id; empty: the finest
    HistoryFigure figure = HistoryFigure::Count;
    ClassMethod method = ClassMethod::Quantile;
    int classes = 5;
    std::vector<double> breaks;
    std::string palette = "YlOrRd";
};

// Hexagon bins of the kept events (analysis/hexbin), classed like a choropleth.
struct AnalysisHexbins {
    double size = 500;   // ground metres between neighbouring cells' centres
    bool weight = false; // the cells' weight sums instead of their counts
    ClassMethod method = ClassMethod::Quantile;
    int classes = 5;
    std::vector<double> breaks;
    std::string palette = "YlOrRd";
    double opacity = 0.8;
};

// A difference map: the choropleth's figure in the window minus the same figure in this baseline
// period (before and after a measure), on a diverging ramp whose middle is a fixed zero.
enum class CompareMode { Difference, Split, Swipe };
struct AnalysisCompare {
    std::optional<int64_t> fromMs, toMs;
    std::string palette = "BuRd";
    CompareMode mode = CompareMode::Difference;
    double divider = 0.5;  // swipe: the divider's place, a fraction of the width from the left
};

struct AnalysisConfig {
    SourceSpec source;
    std::string mappingPath;
    bool liveHistory = false;  // "source": "live"
    std::optional<int64_t> fromMs, toMs;
    std::vector<std::string> categories, statuses, priorities, teams, sources;
    std::string search;
    std::string gridLevel, gridId;  // a drill-down: only this grid's events
    std::optional<AnalysisHeatmap> heatmap;
    std::optional<AnalysisChoropleth> choropleth;
    std::optional<AnalysisHexbins> hexbins;
    std::optional<AnalysisCompare> compare;
    Lang lang = Lang::Zh;  // the legend's words: the scene's "lang"
};

const config::Object::Keys& analysisKeys();
void readAnalysis(const config::Object& o, AnalysisConfig& out);

}  // namespace gs
