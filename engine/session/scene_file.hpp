// A scene file, read once: the scene (layers, camera; engine/scene), its live feeds
// (engine/live/feed), the live overlay's look (its "live" object, engine/live/overlay) and the
// language its screens speak ("lang"). Each
// part reads its own keys from the one parsed document with the shared checker (engine/config).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "history/analysis_config.hpp"
#include "live/feed/feed_config.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "scene/scene_config.hpp"

namespace gs {

struct SceneFile {
    SceneConfig scene;
    std::vector<FeedConfig> feeds;          // "feeds": live sources; several may run at once
    std::optional<LiveOverlayConfig> live;  // "live": present when the file has the object
    std::optional<AnalysisConfig> analysis; // "analysis": a history, window, filters, heatmap, choropleth
    std::optional<Lang> lang;               // "lang": "zh" or "en", the language of what the scene's
                                            // screens show (also set in `live`); --lang overrides it
};

// `fileLabel` prefixes messages; relative paths are resolved against `baseDir`.
Result<SceneFile> parseSceneFile(std::string_view json, const std::string& fileLabel,
                                 const std::filesystem::path& baseDir);
Result<SceneFile> loadSceneFile(const std::filesystem::path& file);

// The scene part of a scene file, for callers that need only the layers (the whole file is
// checked all the same).
Result<SceneConfig> parseSceneConfig(std::string_view json, const std::string& fileLabel,
                                     const std::filesystem::path& baseDir);
Result<SceneConfig> loadSceneConfig(const std::filesystem::path& file);

}  // namespace gs
