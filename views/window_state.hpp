// What the analyst sees in the window, as JSON, for `--state-out` (views/script_driver): the camera
// (its box in lon/lat, the part the panels leave free), the selected feature, and the analysis —
// the time window, the filters, the events kept, each option's count, the level coloured, the
// drill-down and its breadcrumbs — plus the names of the UI items the last frame drew.
// Keys are data for scripts (docs/analyst.md, "Driving the window"), not words on a screen.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis_panel.hpp"
#include "geo/transformer.hpp"
#include "map_interaction.hpp"

namespace gs::cli {

struct WindowStateSources {
    const LoadedScene* scene = nullptr;
    const MapInteraction* map = nullptr;
    const AnalysisView* analysis = nullptr;  // null: the scene has no analysis
    const AnalysisPanelState* panel = nullptr;
    const Transformer* toLonLat = nullptr;   // display CRS to lon/lat; null: boxes in the display CRS only
    int frame = 0;                           // frames drawn since the scene was ready
};

nlohmann::json windowState(const WindowStateSources& s);

// The drill-down's chain from the coarsest level down to the grid drilled into: (level, grid)
// pairs, as the panel's breadcrumbs show them after "whole area"; empty when not drilled.
std::vector<std::pair<int, int32_t>> drillChain(const AnalysisView& view);

}  // namespace gs::cli
