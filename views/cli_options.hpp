// The command line of every gridscope command: one CLI11 tree (cli_options.cpp) defines each
// command and option once, with its help text; `gridscope [COMMAND...] --help` is generated from it.
// Views turn these options into engine calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs::cli {

enum class Command { Window, Render, Info, Wall, FeedFromCsv, FeedCheck, FeedPublish, History, Density, Help, Version };

// gridscope feed from-csv
struct FromCsvOptions {
    std::string csvPath;  // CSV
    std::string mapping;  // --mapping MAP.json
    std::string outPath;  // --out FILE (default: stdout)
};

// gridscope feed check. Its grids are Options::grids/srcCrs, its scene Options::configPath, and
// --json Options::json.
struct FeedCheckOptions {
    std::string feedPath;             // FEED
    std::string at;                   // --at TIME (RFC 3339)
    std::string feedCrs;              // --feed-crs CRS
    std::string mqttUrl;              // --mqtt URL
    std::vector<std::string> topics;  // --topic FILTER (repeatable)
    std::string clientId;             // --client-id ID
    std::string user;                 // --user USER
    std::string passwordFile;         // --password-file FILE
    std::string caFile;               // --ca-file FILE
    int qos = 1;                      // --qos 0|1|2
    double forSeconds = 10;           // --for S
    double connectTimeout = 10;       // --connect-timeout S
    std::optional<std::uint64_t> expect;  // --expect N
};

// gridscope feed publish
struct FeedPublishOptions {
    std::string feedPath;      // FEED
    std::string mqttUrl;       // --mqtt URL
    std::string topic;         // --topic TOPIC
    std::string clientId;      // --client-id ID
    std::string user;          // --user USER
    std::string passwordFile;  // --password-file FILE
    std::string caFile;        // --ca-file FILE
    double speed = 1;          // --speed X (0: as fast as possible)
    double rate = 0;           // --rate N (messages per second)
    int qos = 1;               // --qos 0|1|2
    double connectTimeout = 10;  // --connect-timeout S
    double ackTimeout = 30;      // --ack-timeout S
};

// gridscope history. Its grids are Options::grids/configPath/srcCrs/displayCrs, --json Options::json.
struct HistoryOptions {
    std::string source;                       // SOURCE (any GDAL vector source; /vsigzip/ for .gz)
    std::string layer, where;                 // --layer, --where
    std::string mapping;                      // --mapping MAP.json
    std::string from, to;                     // --from/--to TIME (RFC 3339 or YYYY-MM-DD, UTC)
    std::vector<std::string> categories, statuses, teams, sources, priorities;  // repeatable filters
    std::string search;                       // --search TEXT
    int level = -1;                           // --level N (default: the finest)
    std::string figuresCsv, eventsCsv;        // --figures-csv, --events-csv FILE
    int top = 10;                             // --top N grids listed
    std::string densityTif;                   // --density-tif FILE (GeoTIFF of the kept events' density)
    std::string kernel = "quartic";           // --kernel quartic|epanechnikov|gaussian
    double radius = 500, pixel = 50;          // --radius M, --pixel M (ground metres)
    std::string densityCrs;                   // --density-crs CRS (default: the display CRS)
};

// gridscope density: a layer's points to a kernel density GeoTIFF.
struct DensityCommandOptions {
    std::string source, layer, where, weight;  // POINTS, --layer, --where, --weight FIELD
    std::string out;                           // --out F.tif
    std::string crs;                           // --crs (the GeoTIFF's; default: the points')
    std::string kernel = "quartic";            // --kernel
    double radius = 500, pixel = 50;           // --radius M, --pixel M
};

struct Options {
    Command command = Command::Window;
    std::string configPath;              // --config
    std::vector<std::string> grids;      // --grids SRC[:LAYER], coarse to fine
    std::string buildings;               // --buildings SRC[:LAYER]
    std::string srcCrs;                  // --src-crs
    std::string displayCrs;              // --crs
    std::string reportPath;              // render: --report FILE.json (what the picture shows)
    std::string outPath;                 // --out
    int width = 0, height = 0;           // --width/--height (0: command default)
    std::optional<Box> bbox;             // --bbox minx,miny,maxx,maxy
    std::string bboxCrs;                 // --bbox-crs
    int samples = 0;                     // --samples (MSAA; outlines are antialiased without it)
    bool json = false;                   // --json (info, feed check)
    bool noLabels = false;               // --no-labels
    bool fullDetail = false;             // --full-detail: no level of detail
    bool noMotionTiles = false;          // window: --no-motion-tiles (a moving map drawn in full every frame)
    int benchFrames = 0;                 // window, render: --bench-frames N
    std::string benchPath;               // window: --bench-path zoom (a scripted camera path)
    std::string screenshotPath;          // window, wall: --screenshot F.png
    int screenshotDelaySeconds = 0;      // window, wall: --screenshot-after S (live feeds running meanwhile)
    std::string inputScript;             // window: --input-script S.json (views/input_script)
    std::string stateOut;                // window: --state-out OUT.json (views/window_state)
    std::string lang = "zh";             // --lang (global)
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
    FromCsvOptions fromCsv;              // feed from-csv
    FeedCheckOptions feedCheck;          // feed check
    FeedPublishOptions feedPublish;      // feed publish
    HistoryOptions history;              // history
    DensityCommandOptions density;       // density
    std::string helpText;                // Command::Help: the help of the command asked about
};

// The command line as main() gets it. A bad one gives the one line that names the problem (exit
// code 2); --help gives Command::Help and the help text of the command it follows.
Result<Options> parse(int argc, char** argv);
// The same from the arguments after the program's name.
Result<Options> parse(const std::vector<std::string>& args);

// Every command of the tree as typed after `gridscope` ("" for gridscope itself, "render",
// "feed check"), with the names of its options and arguments: what its --help lists.
struct CommandSummary {
    std::string path;
    std::vector<std::string> options;
};
std::vector<CommandSummary> commandSummaries();

}  // namespace gs::cli
