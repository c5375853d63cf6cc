// The analysis as the window shows it, saved into its scene file (issue 13): the time window, the
// filters (categories, statuses, priorities, teams, sources, search, the drilled-into grid), what
// the map shows (heatmap, choropleth figure and pinned level, hexagon bins, compare mode, baseline
// and divider) and the camera, so that the file reopens as it was — in the window or in `render`.
// Everything else in the file (the layers, the history's source and mapping as written, key order)
// stays as it is.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scene/camera.hpp"
#include "session/analysis_view.hpp"

namespace gs {

// The scene file's text with its "analysis" and "camera" replaced by the view's state. Fails on
// text that is not a JSON object.
Result<std::string> sceneWithAnalysis(std::string_view sceneText, const AnalysisView& view, const Camera& camera,
                                      const std::string& displayCrs);
// Reads `sceneFile`, writes it back with the view's state (through a temporary file and a rename,
// so a failed write leaves the old file whole).
Status saveAnalysisToScene(const std::filesystem::path& sceneFile, const AnalysisView& view, const Camera& camera,
                           const std::string& displayCrs);

}  // namespace gs
