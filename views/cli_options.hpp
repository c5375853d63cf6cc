// Command-line parsing for every gridscope command. Views turn these into engine calls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs::cli {

enum class Command { Window, Render, Info, Wall, Help, Version };

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
    std::string layoutPath;              // wall, render: --layout FILE (a wall layout)
    bool langGiven = false;              // --lang was given (else the layout's language)
    int monitor = -1;                    // wall: --monitor N (fullscreen on monitor N)
    bool span = false;                   // wall: --span (one borderless window over every monitor)
    bool windowed = false;               // wall: --windowed (a plain window, for a desk)
    double soakHours = 0;                // wall: --soak HOURS (headless, simulated clock)
    double speed = 0;                    // wall: --speed X (soak replay speed)
    double exitHoldSeconds = 2;          // wall: --exit-hold S (Esc held this long quits)
    double runSeconds = 0;               // wall: --run-seconds S (quit after S seconds; tests)
};

Result<Options> parse(int argc, char** argv);
std::string usage();

}  // namespace gs::cli
