// Shared by the wall's commands: the layout and language from the command line.
#pragma once

#include <optional>

#include "cli_options.hpp"
#include "core/result.hpp"
#include "wall/wall_layout.hpp"
#include "assets/strings.hpp"

namespace gs::cli {

struct WallSetup {
    WallLayout layout;
    std::optional<Lang> lang;  // --lang, over the layout's
};

Result<WallSetup> prepareWall(const Options& options);
int runWallSoak(const Options& options);
double residentMegabytes(bool peak);  // VmRSS, or VmHWM with peak

}  // namespace gs::cli
