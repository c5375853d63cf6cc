// The demo scene (data/demo.json) loaded for the picture tests: no feeds (a picture is drawn at a
// fixed clock), only the attributes the style uses.
#pragma once

#include <filesystem>

#include "core/result.hpp"
#include "scene/loader.hpp"
#include "session/scene_file.hpp"

#ifndef GRIDSCOPE_SOURCE_DIR
#define GRIDSCOPE_SOURCE_DIR "/work/main"
#endif

namespace gs::test {

inline Result<LoadedScene> loadDemoScene() {
    auto config = loadSceneConfig(std::filesystem::path(GRIDSCOPE_SOURCE_DIR) / "data/demo.json");
    if (!config) return config.error();
    LoadOptions load;
    load.allAttributes = false;
    return loadScene(*config, load);
}

}  // namespace gs::test
