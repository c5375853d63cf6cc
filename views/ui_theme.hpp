// The map window's theme (assets/theme.json): Dear ImGui's rounding and transparency, the panels'
// sizes and the colours the panels give states. Read once, through the checker.
#pragma once

#include <imgui.h>

#include "core/result.hpp"

namespace gs::cli {

struct UiTheme {
    float fontPx = 16;
    float windowRounding = 0, frameRounding = 3, windowBgAlpha = 0.92f, statusBarBgAlpha = 0.85f;
    float statusBarSpacing = 18;
    float layerPanelWidth = 340, layerPanelMinWidth = 240, layerPanelMaxWidth = 720;
    float feedPanelWidth = 380, featurePanelWidth = 360, loadingWidth = 520, loadErrorWidth = 720;
    float legendSwatchPx = 14;
    ImVec4 good, waiting, bad, rejected, styleError, loadError, warning;
};

// Reads the theme (once; later calls return the first outcome).
Status loadUiTheme();
// The theme; a bad file ends the program with one line naming it (main() has loaded it first).
const UiTheme& uiTheme();

}  // namespace gs::cli
