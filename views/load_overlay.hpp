// What the window shows before there is a map: a progress bar while the scene loads on worker
// threads (the window keeps drawing and answering), and the error when loading failed.
#pragma once

#include <string>

#include "assets/strings.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

void drawLoadingOverlay(const std::string& sceneName, size_t layers, double seconds,
                        const LoadProgress& progress, float uiScale, Lang lang);

// Returns true when the user asks to quit.
bool drawLoadErrorOverlay(const std::string& error, float uiScale, Lang lang);

}  // namespace gs::cli
