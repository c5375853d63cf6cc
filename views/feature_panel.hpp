// The feature the user points at (a tooltip) and the one they clicked (the feature panel: its
// layer, fid, parent grid and every attribute). Words in `lang`.
#pragma once

#include "assets/strings.hpp"
#include "map_interaction.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

void drawFeatureTooltip(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                        FeatureRef hovered, Lang lang);

// Draws the panel at the window's right edge while something is selected; returns its width on
// screen (0 when nothing is selected). Its buttons may change the selection or the camera.
float drawFeaturePanel(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                       MapInteraction& map, float top, float height, float uiScale, Lang lang);

}  // namespace gs::cli
