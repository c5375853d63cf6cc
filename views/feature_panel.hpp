// The feature the user points at (a tooltip) and the one they clicked (the "要素 Feature" panel:
// its layer, fid, parent grid and every attribute).
#pragma once

#include "map_interaction.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

void drawFeatureTooltip(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                        FeatureRef hovered);

// Draws the panel at the window's right edge while something is selected; returns its width on
// screen (0 when nothing is selected). Its buttons may change the selection or the camera.
float drawFeaturePanel(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                       MapInteraction& map, float top, float height, float uiScale);

}  // namespace gs::cli
