#include "cli_options.hpp"

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace gs::cli {

std::string usage() {
    return R"(gridscope — GPU map of a district's grids and buildings

Usage:
  gridscope                          open the demo district in a window
  gridscope --config FILE            open a scene config (JSON) in a window
  gridscope render --out F.png [--width W] [--height H] SOURCES [VIEW]
                                     draw a scene to a PNG, headless (no display needed)
  gridscope info SOURCES [--json]    what each layer holds: CRS, extent, features, skips
  gridscope wall --layout FILE [--monitor N | --span | --windowed] [--lang zh|en]
                                     the command-center wall: panels, live map, tour; fullscreen
  gridscope wall --layout FILE --soak HOURS [--speed X]
                                     run the wall headless on its feed at X times real time and
                                     report memory and frame times (weeks-long runs, compressed)
  gridscope render --layout FILE --out F.png [--width W] [--lang zh|en]
                                     the whole wall as one PNG at its canvas size (or W wide)
  gridscope feed from-csv CSV --mapping MAP.json [--out FILE]
                                     a table of cases (hotline export) → live-feed messages
  gridscope feed check (FEED --grids SRC ... [--at TIME] | --mqtt URL --topic F | --config FILE) [--json]
                                     run a feed through the live store: accounting, per-grid figures
  gridscope feed publish FEED --mqtt URL --topic TOPIC [--speed X | --rate N]
                                     replay a feed into an MQTT broker (password from the environment)
                                     (each feed subcommand has its own --help)
  gridscope --help | --version

SOURCES (one of):
  --config FILE                      a scene config (see README, "Scene config")
  --grids SRC[:LAYER] ...            management levels, coarse to fine (repeatable), and
  --buildings SRC[:LAYER]            building footprints; SRC is any GDAL vector source:
                                     a file (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, ...)
                                     or a connection string such as 'PG:dbname=gs:tracts'
  --src-crs CRS                      CRS of sources that declare none (e.g. EPSG:4490)

VIEW:
  --crs CRS                          display CRS (default EPSG:3857; e.g. EPSG:4547)
  --bbox MINX,MINY,MAXX,MAXY         area to show (default: fit the data)
  --bbox-crs CRS                     CRS of --bbox (default EPSG:4326)
  --samples N                        multisampling for render (default 0: outlines are antialiased)
  --no-labels                        draw no labels
  --full-detail                      no level of detail (every vertex, at any scale)
  --bench-frames N                   render: then draw the picture N more times and print frame
                                     times (GPU servers with no display; the window has its own)

LIVE (render):
  --feed FILE.ndjson                 live-feed messages: issues and volunteers drawn over the map
  --at TIME                          the clock, RFC 3339 (e.g. 2016-01-26T10:00:00-08:00): messages
                                     updated after it are left out (default: the newest message)
  --color-by-live FIGURE[:LEVEL]     colour a level's grids by a live figure: open, overdue,
                                     newLastHour, resolvedToday, medianResponseHours,
                                     volunteersOnDuty, issues (default level: the finest)
  --live-mode auto|markers|counts    markers, per-grid counts, or by zoom (default auto)

Window:
  --width W --height H               window size (default 1600x1000)
  --screenshot F.png                 save the first complete frame and exit
  --screenshot-after S               ... or the first one S seconds after loading (feeds running)
  --bench-frames N                   draw N frames after loading, print frame times, exit

Wall:
  --layout FILE                      a wall layout (JSON; see docs/wall.md)
  --monitor N                        fullscreen on monitor N (default: the primary monitor)
  --span                             one borderless window over all monitors (a video wall);
                                     the layout's "wall" {columns, rows, bezel} maps them
  --windowed                         a plain 1600-wide window instead of fullscreen
  --lang zh|en                       the wall's language (default: the layout's, else Chinese)
  --exit-hold S                      Esc must be held S seconds to quit (default 2)

Exit codes: 0 done; 2 bad source, config or option (one line naming it); 1 internal failure.
)";
}

namespace {

Result<int> parseInt(const std::string& flag, const std::string& v, int lo, int hi) {
    int x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size() || x < lo || x > hi)
        return Error{flag + ": expected an integer in " + std::to_string(lo) + ".." +
                     std::to_string(hi) + ", got \"" + v + "\""};
    return x;
}

Result<Box> parseBox(const std::string& v) {
    std::stringstream ss(v);
    std::string part;
    double d[4];
    int n = 0;
    while (std::getline(ss, part, ',')) {
        if (n == 4) break;
        char* end = nullptr;
        d[n] = std::strtod(part.c_str(), &end);
        if (part.empty() || *end != '\0') n = 99;
        ++n;
    }
    if (n != 4 || d[0] >= d[2] || d[1] >= d[3])
        return Error{"--bbox: expected MINX,MINY,MAXX,MAXY with MIN < MAX, got \"" + v + "\""};
    Box b;
    b.add(d[0], d[1]);
    b.add(d[2], d[3]);
    return b;
}

}  // namespace

Result<Options> parse(int argc, char** argv) {
    Options o;
    int i = 1;
    if (argc > 1) {
        std::string first = argv[1];
        if (first == "render") { o.command = Command::Render; i = 2; }
        else if (first == "info") { o.command = Command::Info; i = 2; }
        else if (first == "window") { o.command = Command::Window; i = 2; }
        else if (first == "wall") { o.command = Command::Wall; i = 2; }
        else if (!first.empty() && first[0] != '-')
            return Error{"unknown command \"" + first + "\" (commands: render, info, wall, feed; see --help)"};
    }
    for (; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> Result<std::string> {
            if (i + 1 >= argc) return Error{a + ": missing value"};
            return std::string(argv[++i]);
        };
        auto take = [&](std::string& dst) -> Status {
            auto v = value();
            if (!v) return v.error();
            dst = *v;
            return {};
        };
        auto takeInt = [&](int& dst, int lo, int hi) -> Status {
            auto v = value();
            if (!v) return v.error();
            auto n = parseInt(a, *v, lo, hi);
            if (!n) return n.error();
            dst = *n;
            return {};
        };
        Status s;
        if (a == "-h" || a == "--help") o.command = Command::Help;
        else if (a == "--version") o.command = Command::Version;
        else if (a == "--config") s = take(o.configPath);
        else if (a == "--grids") { std::string g; s = take(g); o.grids.push_back(g); }
        else if (a == "--buildings") s = take(o.buildings);
        else if (a == "--src-crs") s = take(o.srcCrs);
        else if (a == "--crs") s = take(o.displayCrs);
        else if (a == "--out") s = take(o.outPath);
        else if (a == "--width") s = takeInt(o.width, 1, 16384);
        else if (a == "--height") s = takeInt(o.height, 1, 16384);
        else if (a == "--samples") s = takeInt(o.samples, 0, 16);
        else if (a == "--bench-frames") s = takeInt(o.benchFrames, 1, 100000);
        else if (a == "--screenshot") s = take(o.screenshotPath);
        else if (a == "--screenshot-after") s = takeInt(o.screenshotDelaySeconds, 0, 3600);
        else if (a == "--lang") { s = take(o.lang); o.langGiven = true; }
        else if (a == "--layout") s = take(o.layoutPath);
        else if (a == "--monitor") s = takeInt(o.monitor, 0, 64);
        else if (a == "--span") o.span = true;
        else if (a == "--windowed") o.windowed = true;
        else if (a == "--soak" || a == "--speed" || a == "--exit-hold" || a == "--run-seconds") {
            auto v = value();
            if (!v) return v.error();
            char* end = nullptr;
            const double d = std::strtod(v->c_str(), &end);
            if (end == v->c_str() || *end != '\0' || !(d > 0) || d > 1e6)
                return Error{a + ": \"" + *v + "\" is not a positive number"};
            (a == "--soak" ? o.soakHours : a == "--speed" ? o.speed : a == "--exit-hold" ? o.exitHoldSeconds : o.runSeconds) = d;
        }
        else if (a == "--feed") s = take(o.feedPath);
        else if (a == "--at") s = take(o.at);
        else if (a == "--color-by-live") s = take(o.colorByLive);
        else if (a == "--live-mode") s = take(o.liveMode);
        else if (a == "--bbox-crs") s = take(o.bboxCrs);
        else if (a == "--bbox") {
            std::string v;
            s = take(v);
            if (s) {
                auto b = parseBox(v);
                if (!b) return b.error();
                o.bbox = *b;
            }
        }
        else if (a == "--json") o.json = true;
        else if (a == "--no-labels") o.noLabels = true;
        else if (a == "--full-detail") o.fullDetail = true;
        else return Error{"unknown option \"" + a + "\" (see gridscope --help)"};
        if (!s) return s.error();
    }
    if (o.command == Command::Help || o.command == Command::Version) return o;
    bool hasSources = !o.grids.empty() || !o.buildings.empty();
    if (!o.configPath.empty() && hasSources)
        return Error{"give either --config or --grids/--buildings, not both"};
    if (!o.layoutPath.empty() && (hasSources || !o.configPath.empty()))
        return Error{"--layout draws a wall (its scene is in the layout): give no --config/--grids/--buildings"};
    if (o.command == Command::Wall && o.layoutPath.empty())
        return Error{"wall: --layout FILE is required (e.g. data/wall/wall-3840x1080.json)"};
    if (o.command != Command::Wall && (o.monitor >= 0 || o.span || o.windowed || o.soakHours > 0 || o.speed > 0))
        return Error{"--monitor, --span, --windowed, --soak and --speed belong to `gridscope wall`"};
    if (o.command == Command::Wall && int(o.monitor >= 0) + int(o.span) + int(o.windowed) > 1)
        return Error{"wall: give one of --monitor N, --span, --windowed"};
    if (o.command == Command::Render && !o.layoutPath.empty()) {
        if (o.outPath.empty()) return Error{"render: --out FILE.png is required"};
        return o;
    }
    if (o.command == Command::Render) {
        if (o.outPath.empty()) return Error{"render: --out FILE.png is required"};
        if (o.configPath.empty() && !hasSources)
            return Error{"render: give --config FILE or --grids SRC[:LAYER] / --buildings SRC[:LAYER]"};
    }
    if (o.command == Command::Info && o.configPath.empty() && !hasSources)
        return Error{"info: give --config FILE or --grids SRC[:LAYER] / --buildings SRC[:LAYER]"};
    return o;
}

}  // namespace gs::cli
