// The analyst's panel in the map window (issue 13): the time window over the history (a start
// slider, a window length, play/pause), the categories with the events each keeps, the figure the
// grids are coloured by, and the heatmap on or off. Every change is applied at once (the engine's
// AnalysisView recounts, recolours and uploads). Keys: Space plays or pauses, [ and ] step the
// window back and forth, Ctrl+S saves the analysis into the scene file.
#pragma once

#include <optional>
#include <string>

#include "assets/strings.hpp"
#include "session/analysis_view.hpp"

namespace gs::cli {

struct AnalysisPanelState {
    Lang lang = Lang::Zh;
    int windowKind = -1;     // 0 a day, 1 a week, 2 30 days, 3 a year, 4 everything, 5 brushed on the
                             // timeline, 6 an hour; -1: from the scene's
    int speedKind = 1;       // play: 0 a day, 1 a week, 2 30 days, 3 a second (real time), 4 an hour a second
    bool playing = false;
    double playClock = 0;    // window time of the last step
    float width = 0, height = 0;  // as drawn, for the map's insets
    std::optional<Box> zoomTo;    // set when a drill-down asks the map to show a grid (or all)
    bool brushing = false;        // a range being brushed on the timeline, from this x
    float brushFromX = 0;
    bool saveRequested = false;   // "Save to the scene file" (Ctrl+S): the window writes it
    std::string saveMessage;      // what the last save said
};

// Draws the panel at (x, y) and applies what changed; `now` is the window's clock (seconds).
// `selected` is the map's selected feature: a grid of one of the levels can be drilled into (the
// window and figures then keep its events, the map zooms to it); breadcrumbs lead back up.
void drawAnalysisPanel(AnalysisView& view, AnalysisPanelState& state, FeatureRef selected, float x, float y,
                       float maxHeight, float scale, double now);

}  // namespace gs::cli
