// Command-line parsing for every gridscope command. Views turn these into engine calls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs::cli {

enum class Command { Window, Render, Info, Help, Version };

struct Options {
    Command command = Command::Window;
    std::string configPath;              // --config
    std::vector<std::string> grids;      // --grids SRC[:LAYER], coarse to fine
    std::string buildings;               // --buildings SRC[:LAYER]
    std::string srcCrs;                  // --src-crs
    std::string displayCrs;              // --crs
    std::string outPath;                 // --out
    int width = 0, height = 0;           // --width/--height (0: command default)
    std::optional<Box> bbox;             // --bbox minx,miny,maxx,maxy
    std::string bboxCrs;                 // --bbox-crs
    int samples = 0;                     // --samples (MSAA; outlines are antialiased without it)
    bool json = false;                   // --json
    bool noLabels = false;               // --no-labels
    bool fullDetail = false;             // --full-detail: no level of detail
    int benchFrames = 0;                 // window: --bench-frames N
    std::string screenshotPath;          // window: --screenshot F.png
    int screenshotDelaySeconds = 0;      // window: --screenshot-after S (live feeds running meanwhile)
    std::string lang = "zh";             // --lang
    std::string feedPath;                // render: --feed FILE.ndjson (live overlays)
    std::string at;                      // render: --at TIME (RFC 3339), the live clock
    std::string colorByLive;             // render: --color-by-live FIGURE[:LEVEL]
    std::string liveMode;                // render: --live-mode auto|markers|counts
};

Result<Options> parse(int argc, char** argv);
std::string usage();

}  // namespace gs::cli
