// The layers side panel: per layer visibility, fill, stroke, opacity and colour-by classes
// with their legend; view switches (labels, legend on the map, fit). Widgets only edit the scene's
// style data and say which layers changed; the frame loop asks the renderer to restyle them.
#pragma once

#include <string>
#include <vector>

#include "assets/strings.hpp"
#include "map_interaction.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

struct LayerPanelState {
    std::vector<std::vector<std::string>> numericFields;  // per layer, for the colour-by combo
    std::vector<std::string> palettes;
    std::vector<std::string> errors;     // per layer: the last restyle error, shown under it
    std::vector<bool> restyle;           // per layer: its colours need evaluating again
    bool legendOnMap = false;
    Lang lang = Lang::Zh;                // of the panel's words
    float width = 0;                     // on screen this frame, 0 when collapsed

    void attach(const LoadedScene& scene);
};

// Draws the panel at the window's left edge, `height` pixels tall.
void drawLayerPanel(LoadedScene& scene, const SceneRenderer& renderer, LayerPanelState& state,
                    MapInteraction& map, float height, float uiScale);

}  // namespace gs::cli
