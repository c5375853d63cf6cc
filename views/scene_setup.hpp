// The scene a command works on, from --config or from --grids/--buildings, and its camera.
#pragma once

#include <optional>

#include "cli_options.hpp"
#include "core/result.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "scene/camera.hpp"
#include "scene/loader.hpp"
#include "scene/scene_config.hpp"

namespace gs::cli {

// A config file may hold a "live" object (README, "Scene config"): returned in `live` when given.
Result<SceneConfig> sceneFromOptions(const Options& options, std::optional<LiveOverlayConfig>* live = nullptr);

// The view box requested by --bbox or the scene's camera, in the display CRS; nullopt to fit
// the data.
Result<std::optional<Box>> requestedView(const Options& options, const SceneConfig& scene);

// Where the demo scene lives: next to the binary's source tree or installed data.
std::string demoConfigPath();

}  // namespace gs::cli
