// The one thing the render-test runner needs from the renderer: a case's scene as an image.
//
// Kept apart from the runner so that the runner (case discovery, comparison, baselines) builds and
// is tested on its own, whatever state the renderer is in.
#pragma once

#include <filesystem>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "image/image.hpp"

namespace gs {

// Renders the scene of one render-test case headless.
//   configPath: the case's config.json, a scene config (relative sources resolve against its
//               folder) with an extra "test" object, which the scene loader should ignore.
//   test:       that "test" object: {"width": W, "height": H, "tolerance": {...}, ...}.
// Returns the image with rows top to bottom (already flipped from GL's order), W x H pixels.
// A scene that cannot be loaded or drawn is an Error naming the file, layer or field.
Result<Image> renderTestScene(const std::filesystem::path& configPath, const nlohmann::json& test);

}  // namespace gs
