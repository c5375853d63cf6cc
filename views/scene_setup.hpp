// The scene a command works on, from --config or from --grids/--buildings, and its camera.
#pragma once

#include <optional>

#include "assets/strings.hpp"
#include "cli_options.hpp"
#include "core/result.hpp"
#include "scene/camera.hpp"
#include "scene/loader.hpp"
#include "scene/scene_config.hpp"
#include "session/scene_file.hpp"

namespace gs::cli {

// The scene file of --config (its feeds and "live" object included; README, "Scene config"), the
// scene of --grids/--buildings, or the demo.
Result<SceneFile> sceneFromOptions(const Options& options);

// The view box requested by --bbox or the scene's camera, in the display CRS; nullopt to fit
// the data.
Result<std::optional<Box>> requestedView(const Options& options, const SceneConfig& scene);

// Where the demo scene lives: the installed data (<exe>/../share/gridscope/data), else next to
// the binary's source tree.
std::string demoConfigPath();

// The language of what a command shows: --lang when given, else the scene file's "lang", else zh.
Lang screenLang(const Options& options, std::optional<Lang> fromFile);

// Reads every asset (assets/: string tables, palettes, marker and layer styles, the window's
// theme) so that a bad or missing one is reported at start, naming the file and JSON path.
Status loadAssets();

}  // namespace gs::cli
