// Grids coloured by a live figure: the store's per-grid figures become a numeric column that the
// ordinary choropleth path (engine/style: classes, palette, legend) evaluates, so a live map and a
// static one share one look and one legend.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "assets/strings.hpp"
#include "core/result.hpp"
#include "live/store/live_figures.hpp"
#include "style/layer_style.hpp"
#include "style/layer_colors.hpp"

namespace gs {

class LiveStore;

// The figures a grid can be coloured by. Names are those of `gridscope feed check --json`.
enum class LiveFigure { Open, Overdue, NewLastHour, ResolvedToday, MedianResponseHours, VolunteersOnDuty, Issues };

std::string_view figureName(LiveFigure figure);  // "open", "newLastHour", ...
std::optional<LiveFigure> figureFromName(std::string_view name);
std::string figureNames();                       // "open, overdue, ..." for messages
std::string figureTitle(Lang lang, LiveFigure figure);  // legend title ("figure.open": "open issues")
// The figure of one grid; NaN when it has none (a median with no resolved issue).
double figureValue(const GridFigures& figures, LiveFigure figure);

// Which figure colours which level, and how (the same knobs as a layer's colorBy).
struct LiveColorBy {
    LiveFigure figure = LiveFigure::Open;
    std::string level;  // a level layer's id; empty: the finest level
    ClassMethod method = ClassMethod::Quantile;
    int classes = 5;
    std::vector<double> breaks;  // Manual's class edges (fixed thresholds: an overdue count's)
    std::string palette = "YlOrRd";
};

// "open" or "overdue:tracts" (the --color-by-live argument).
Result<LiveColorBy> parseLiveColorBy(std::string_view text);

// The figure of every grid of a level, by grid index.
std::vector<double> figureValues(const LiveStore& store, int level, LiveFigure figure);

// Fill colours and legend of a level layer coloured by `values` (one per feature). `style` is the
// layer's own style: its fill is kept for grids with no value, its fillOpacity for the classes.
// `lang`: the legend title's language.
Result<LayerColors> liveLayerColors(const std::string& layerId, const LayerStyle& style, const LiveColorBy& by,
                                    std::span<const double> values, Lang lang);

}  // namespace gs
