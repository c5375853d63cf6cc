// The command line: one CLI11 tree, gridscope → window, render, info, wall, feed → from-csv, check,
// publish. Each option is defined once, here, with its help text; --help is generated from the
// same definitions (README's "Command line" is that output, checked by tests/cli/check_readme_help.sh).
// Values are checked as they are read, and every problem becomes one line in our words.
#include "cli_options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

namespace gs::cli {

namespace {

constexpr std::size_t kHelpWidth = 100;  // characters per line of help
constexpr std::size_t kHelpColumn = 34;  // where the descriptions of options start
const std::string kGlobal = "Global options";
const char* const kAbout =
    "GPU map of a district's grids and buildings: a window, headless pictures, the command-center wall, and tools "
    "for live feeds.";

// `text` in lines of at most `width` characters, every line after the first indented by `indent`
// spaces. A '\n' in text ends a line; "\n\n" leaves an empty one.
std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
    std::string out;
    bool first = true;
    auto emit = [&](const std::string& line) {
        if (!first) out += '\n' + (line.empty() ? std::string() : std::string(indent, ' '));
        out += line;
        first = false;
    };
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find('\n', start);
        std::istringstream words(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        std::string word, line;
        while (words >> word) {
            if (!line.empty() && line.size() + 1 + word.size() > width) {
                emit(line);
                line.clear();
            }
            line += (line.empty() ? "" : " ") + word;
        }
        emit(line);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

// Help in our layout: usage, description, arguments, option groups, subcommands, the global
// options (in every command's help), details.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
        std::string out = make_usage(app, name);
        out += make_description(app);
        out += make_positionals(app);
        out += groups(app);
        out += make_subcommands(app, mode);
        out += globalOptions(app);
        out += make_footer(app);
        return out;
    }

    std::string make_usage(const CLI::App* app, std::string name) const override {
        std::string out = "usage: " + name;
        if (!app->get_options([](const CLI::Option* o) { return o->nonpositional(); }).empty()) out += " [OPTIONS]";
        for (const CLI::Option* p : app->get_options([](const CLI::Option* o) { return o->get_positional(); }))
            out += " " + (p->get_required() ? p->get_name() : "[" + p->get_name() + "]");
        if (!app->get_subcommands({}).empty())
            out += app->get_require_subcommand_min() > 0 ? " SUBCOMMAND" : " [SUBCOMMAND]";
        return out + "\n";
    }

    std::string make_description(const CLI::App* app) const override {
        return app->get_description().empty() ? "" : "\n" + wrap(app->get_description(), kHelpWidth, 0) + "\n";
    }

    std::string make_footer(const CLI::App* app) const override {
        return app->get_footer().empty() ? "" : "\n" + wrap(app->get_footer(), kHelpWidth, 0) + "\n";
    }

    std::string make_positionals(const CLI::App* app) const override {
        auto args = app->get_options([](const CLI::Option* o) { return o->get_positional(); });
        return args.empty() ? "" : make_group("Arguments", true, args);
    }

    // Every group of options but the global ones, in the order they were defined.
    std::string groups(const CLI::App* app) const {
        std::string out;
        for (const std::string& group : app->get_groups()) {
            if (group.empty() || group == kGlobal) continue;
            auto opts =
                app->get_options([&](const CLI::Option* o) { return o->get_group() == group && o->nonpositional(); });
            if (!opts.empty()) out += make_group(group, false, opts);
        }
        return out;
    }

    std::string make_group(std::string group, bool positional, std::vector<const CLI::Option*> opts) const override {
        std::string out = "\n" + group + ":\n";
        for (const CLI::Option* o : opts) out += make_option(o, positional);
        return out;
    }

    std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode) const override {
        auto subs = app->get_subcommands({});
        if (subs.empty()) return "";
        std::size_t column = 0;  // names are short: their own column
        for (const CLI::App* sub : subs) column = std::max(column, 2 + sub->get_name().size() + 3);
        std::string out = "\nSubcommands:\n";
        for (const CLI::App* sub : subs) out += row(sub->get_name(), sub->get_description(), column);
        return out;
    }

    std::string make_option(const CLI::Option* opt, bool positional) const override {
        const bool required = opt->get_required() && !positional;  // a required argument shows in the usage
        return row(make_option_name(opt, positional) + (positional ? "" : make_option_opts(opt)),
                   (required ? "(required) " : "") + opt->get_description());
    }

    std::string make_option_name(const CLI::Option* opt, bool positional) const override {
        if (positional) return opt->get_name();
        std::string names = opt->get_name(false, true);  // "-h,--help"
        for (std::size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2))
            names.replace(at, 1, ", ");
        return names;
    }

    std::string make_option_opts(const CLI::Option* opt) const override {
        return opt->get_type_size() == 0 || opt->get_type_name().empty() ? "" : " " + opt->get_type_name();
    }

private:
    // "  NAME   description", the description from `column` on (on the next line when NAME is long).
    static std::string row(const std::string& name, const std::string& text, std::size_t column = kHelpColumn) {
        std::string out = "  " + name;
        if (text.empty()) return out + "\n";
        out += out.size() + 2 > column ? "\n" + std::string(column, ' ') : std::string(column - out.size(), ' ');
        return out + wrap(text, kHelpWidth - column, column) + "\n";
    }

    // The command's own --help and the options gridscope takes anywhere (--lang, --version).
    std::string globalOptions(const CLI::App* app) const {
        const CLI::App* root = app;
        while (root->get_parent()) root = root->get_parent();
        std::vector<const CLI::Option*> opts;
        if (app->get_help_ptr()) opts.push_back(app->get_help_ptr());
        for (const CLI::Option* o : root->get_options([](const CLI::Option* o) { return o->get_group() == kGlobal; }))
            if (o != root->get_help_ptr()) opts.push_back(o);
        return opts.empty() ? "" : make_group(kGlobal, false, opts);
    }
};

// ---- values -------------------------------------------------------------------------------------
// Each check returns "" when the value was taken, else the problem in one line.

std::string takeInt(const std::string& flag, const std::string& v, int lo, int hi, int& out) {
    int x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size() || x < lo || x > hi)
        return flag + ": expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got \"" + v +
               "\"";
    out = x;
    return {};
}

// A number > 0 (and at most 1e6): hours, seconds, a speed.
std::string takePositive(const std::string& flag, const std::string& v, double& out) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || *end != '\0' || !(d > 0) || d > 1e6)
        return flag + ": \"" + v + "\" is not a positive number";
    out = d;
    return {};
}

std::string takeBox(const std::string& v, std::optional<Box>& out) {
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
        return "--bbox: expected MINX,MINY,MAXX,MAXY with MIN < MAX, got \"" + v + "\"";
    Box b;
    b.add(d[0], d[1]);
    b.add(d[2], d[3]);
    out = b;
    return {};
}

// feed check: --for, --connect-timeout.
std::string takeSeconds(const std::string& flag, const std::string& v, double& out) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || *end || !(d > 0) || d > 1e7) return flag + ": \"" + v + "\" is not a number of seconds > 0";
    out = d;
    return {};
}

// feed publish: --speed, --rate, --connect-timeout, --ack-timeout, --qos.
std::string takePublishNumber(const std::string& flag, const std::string& v, double& out) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || *end || !(d >= 0) || d > 1e12)
        return "feed publish: " + flag + " needs a number >= 0, not \"" + v + "\"";
    out = d;
    return {};
}

// ---- the tree -----------------------------------------------------------------------------------

using Take = std::function<std::string(const std::string&)>;

CLI::App* subcommand(CLI::App* parent, const std::string& name, const std::string& description) {
    CLI::App* app = parent->add_subcommand(name, description);
    app->set_help_flag("-h,--help", "this help")->group(kGlobal);
    return app;
}

class Parser {
public:
    Parser();
    Result<Options> parse(std::vector<std::string> args);
    std::vector<CommandSummary> summaries() const;

private:
    // An option with a value that `take` checks and stores.
    CLI::Option* value(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                       Take take);
    CLI::Option* text(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                      std::string& out);
    // Repeatable: one value each time it is given.
    CLI::Option* list(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                      std::vector<std::string>& out);
    CLI::Option* integer(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                         int& out, int lo, int hi);
    CLI::Option* positive(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                          double& out);
    // Required: `message` when it is missing.
    CLI::Option* need(CLI::App* app, CLI::Option* option, std::string message);

    // Option sets more than one command takes.
    void addSources(CLI::App* app);
    void addGrids(CLI::App* app);
    void addSrcCrs(CLI::App* app);
    void addCrs(CLI::App* app);
    void addView(CLI::App* app);
    void addJson(CLI::App* app);
    void addScreenshot(CLI::App* app, const std::string& group, const std::string& what, const std::string& after);
    void addMqttLogin(CLI::App* app, const std::string& command, std::string& clientId, std::string& user,
                      std::string& passwordFile, std::string& caFile);

    void addWindow();
    void addRender();
    void addInfo();
    void addWall();
    void addFeed();
    void addHistory();
    void addDensity();

    std::string unexpected(const std::vector<std::string>& extras) const;
    std::string problem(const CLI::ParseError& e) const;
    Status validate() const;

    Options o_;
    CLI::App root_;
    CLI::App *window_ = nullptr, *render_ = nullptr, *info_ = nullptr, *wall_ = nullptr, *feed_ = nullptr;
    CLI::App *fromCsv_ = nullptr, *check_ = nullptr, *publish_ = nullptr, *history_ = nullptr, *density_ = nullptr;
    struct Need {
        const CLI::App* app;
        const CLI::Option* option;
        std::string message;
    };
    std::vector<Need> needs_;
};

CLI::Option* Parser::value(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                           Take take) {
    auto* opt = app->add_option_function<std::string>(
        name,
        [take](const std::string& v) {
            if (std::string problem = take(v); !problem.empty()) throw CLI::ValidationError(problem);
        },
        help);
    return opt->type_name(metavar);
}

CLI::Option* Parser::text(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                          std::string& out) {
    return app->add_option(name, out, help)->type_name(metavar);
}

CLI::Option* Parser::list(CLI::App* app, const std::string& name, const std::string& metavar, const std::string& help,
                          std::vector<std::string>& out) {
    return app->add_option(name, out, help)->type_name(metavar)->allow_extra_args(false);
}

CLI::Option* Parser::integer(CLI::App* app, const std::string& name, const std::string& metavar,
                             const std::string& help, int& out, int lo, int hi) {
    return value(app, name, metavar, help,
                 [name, &out, lo, hi](const std::string& v) { return takeInt(name, v, lo, hi, out); });
}

CLI::Option* Parser::positive(CLI::App* app, const std::string& name, const std::string& metavar,
                              const std::string& help, double& out) {
    return value(app, name, metavar, help, [name, &out](const std::string& v) { return takePositive(name, v, out); });
}

CLI::Option* Parser::need(CLI::App* app, CLI::Option* option, std::string message) {
    needs_.push_back({app, option, std::move(message)});
    return option->required();
}

void Parser::addGrids(CLI::App* app) {
    list(app, "--grids", "SRC[:LAYER]",
         "a management level; give it once per level, coarse to fine. SRC is any GDAL vector source: a file "
         "(GeoPackage, Shapefile, GeoJSON, FlatGeobuf, ...) or a connection string such as 'PG:dbname=gs'; "
         ":LAYER picks a layer (when SRC is an existing file, the whole argument is the source)",
         o_.grids)
        ->group("Sources");
}

void Parser::addSrcCrs(CLI::App* app) {
    text(app, "--src-crs", "CRS", "the CRS of sources that declare none (e.g. EPSG:4490)", o_.srcCrs)->group("Sources");
}

void Parser::addSources(CLI::App* app) {
    text(app, "--config", "FILE", "a scene config (README, \"Scene config\"); or --grids/--buildings", o_.configPath)
        ->group("Sources");
    addGrids(app);
    text(app, "--buildings", "SRC[:LAYER]", "building footprints (SRC as for --grids)", o_.buildings)->group("Sources");
    addSrcCrs(app);
}

void Parser::addCrs(CLI::App* app) {
    text(app, "--crs", "CRS", "the display CRS (default: the config's, else EPSG:3857)", o_.displayCrs)->group("View");
}

void Parser::addView(CLI::App* app) {
    addCrs(app);
    value(app, "--bbox", "MINX,MINY,MAXX,MAXY", "the area to show (default: fit the data)",
          [this](const std::string& v) { return takeBox(v, o_.bbox); })
        ->group("View");
    text(app, "--bbox-crs", "CRS", "the CRS of --bbox (default EPSG:4326)", o_.bboxCrs)->group("View");
    integer(app, "--samples", "N", "multisampling, 0..16 (default 0; outlines are antialiased anyway)", o_.samples, 0,
            16)
        ->group("View");
    app->add_flag("--no-labels", o_.noLabels, "draw no labels")->group("View");
    app->add_flag("--full-detail", o_.fullDetail, "no level of detail: every vertex, at any scale")->group("View");
}

void Parser::addJson(CLI::App* app) {
    app->add_flag("--json", o_.json, "print JSON instead of text")->group("Output");
}

void Parser::addScreenshot(CLI::App* app, const std::string& group, const std::string& what, const std::string& after) {
    text(app, "--screenshot", "F.png", what, o_.screenshotPath)->group(group);
    integer(app, "--screenshot-after", "S", after, o_.screenshotDelaySeconds, 0, 3600)->group(group);
}

void Parser::addMqttLogin(CLI::App* app, const std::string& command, std::string& clientId, std::string& user,
                          std::string& passwordFile, std::string& caFile) {
    text(app, "--client-id", "ID",
         "a stable client id, with a persistent session: the broker keeps the messages while this is away or the "
         "broker restarts (default: a random id and a clean session)",
         clientId)
        ->group("MQTT");
    text(app, "--user", "USER", "the broker's user (default: $GRIDSCOPE_MQTT_USER)", user)->group("MQTT");
    text(app, "--password-file", "FILE", "read the password from FILE (default: $GRIDSCOPE_MQTT_PASSWORD)",
         passwordFile)
        ->group("MQTT");
    value(app, "--password", "PASSWORD",
          "refused: a password is never taken from the command line (give it in GRIDSCOPE_MQTT_PASSWORD or "
          "--password-file)",
          [command](const std::string&) {
              return command + ": no --password: give it in GRIDSCOPE_MQTT_PASSWORD or --password-file";
          })
        ->expected(0, 1)
        ->group("MQTT");
    text(app, "--ca-file", "FILE", "trust this CA (a private one) for mqtts://", caFile)->group("MQTT");
}

Parser::Parser() : root_(kAbout, "gridscope") {
    root_.formatter(std::make_shared<HelpFormatter>());
    root_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    root_.fallthrough();  // every subcommand takes the global options
    root_.require_subcommand(0, 1);
    root_.set_help_flag("-h,--help", "this help (each subcommand has its own: gridscope render --help)")
        ->group(kGlobal);
    auto version = [] { throw CLI::CallForVersion(); };
    root_.add_flag_callback("--version", version, "print the version and exit")->group(kGlobal);
    value(&root_, "--lang", "zh|en",
          "the language of the window, the wall and the map's legend and labels (default: the scene's or layout's "
          "\"lang\", else zh); command-line messages are English",
          [this](const std::string& v) -> std::string {
              if (v != "zh" && v != "en") return "--lang: \"" + v + "\" is not a language (zh, en)";
              o_.lang = v;
              o_.langGiven = true;
              return {};
          })
        ->group(kGlobal);
    root_.footer(
        "With no subcommand gridscope opens the window: `gridscope --config FILE` is `gridscope window --config "
        "FILE`, and plain `gridscope` shows the demo district.\n"
        "Exit codes: 0 done; 2 a bad source, config or option, with one line on stderr naming it; 1 an internal "
        "failure (e.g. no GL driver).");
    addWindow();
    addRender();
    addInfo();
    addWall();
    addFeed();
    addHistory();
    addDensity();
}

void Parser::addWindow() {
    window_ =
        subcommand(&root_, "window", "open a scene in the map window (also what gridscope does with no subcommand)");
    window_->footer(
        "With no --config, --grids or --buildings it shows the demo district (data/demo.json). Without a display "
        "it exits 2 and points to `gridscope render`.");
    addSources(window_);
    addView(window_);
    window_->add_flag("--no-motion-tiles", o_.noMotionTiles,
                      "while the camera moves, draw the whole map every frame (default: from tiles drawn a few a "
                      "frame, coarser ones meanwhile; at rest the exact map either way)")
        ->group("View");
    integer(window_, "--width", "W", "the window's width, 1..16384 (default 1600)", o_.width, 1, 16384)
        ->group("Window");
    integer(window_, "--height", "H", "the window's height, 1..16384 (default 1000)", o_.height, 1, 16384)
        ->group("Window");
    addScreenshot(window_, "Window", "save the first complete frame as a PNG and exit",
                  "with --screenshot: the first complete frame S seconds (0..3600) after loading, live feeds running "
                  "meanwhile");
    integer(window_, "--bench-frames", "N",
            "draw N frames (1..100000) after loading, print their times as one JSON line and exit (with --bench-path: "
            "the path's frames)",
            o_.benchFrames, 1, 100000)
        ->group("Window");
    value(window_, "--bench-path", "zoom",
          "once loaded, fly from the starting view down to the busiest street (400 m wide) and back in N frames "
          "(--bench-frames, default 120; building meshes stream in around the view meanwhile), print each frame's "
          "time, view width and triangles, percentiles per zoom band, the times from start to the first picture and "
          "to the last region of meshes, and peak RSS as one JSON line and exit",
          [this](const std::string& v) -> std::string {
              if (v != "zoom") return "--bench-path: \"" + v + "\" is not a path (zoom)";
              o_.benchPath = v;
              return {};
          })
        ->group("Window");
    text(window_, "--input-script", "S.json",
         "play a script of input into the window through the X server: pointer moves, clicks and drags on named "
         "panel items or places on the map, keys, waits (docs/analyst.md); exit 0 at its end, 2 when a step finds "
         "nothing to act on",
         o_.inputScript)
        ->group("Scripts");
    text(window_, "--state-out", "OUT.json",
         "write what the analyst sees as JSON: time window, filters, kept events and counts, drill-down and "
         "breadcrumbs, selection, camera box; at the script's end and at its state steps (without a script: once "
         "the first frames are drawn, then exit)",
         o_.stateOut)
        ->group("Scripts");
}

void Parser::addRender() {
    render_ = subcommand(&root_, "render",
                         "draw a scene, or a whole wall layout, to a PNG, headless (EGL; no display needed)");
    render_->footer(
        "Give --config FILE or --grids/--buildings, or --layout FILE for a wall (its scene is in the layout); "
        "with none of them it draws the demo district (data/demo.json).");
    addSources(render_);
    addView(render_);
    need(render_, text(render_, "--out", "F.png", "the PNG to write", o_.outPath)->group("Output"),
         "render: --out FILE.png is required");
    text(render_, "--report", "FILE.json",
         "what the picture shows, for a script: the analysis's events, the classes (breaks and counts) and the "
         "heatmap's scale",
         o_.reportPath)
        ->group("Output");
    integer(render_, "--width", "W",
            "the picture's width, 1..16384 (default 1920; with --layout: the canvas's width, the wall scaled to W)",
            o_.width, 1, 16384)
        ->group("Output");
    integer(render_, "--height", "H",
            "the picture's height, 1..16384 (default 1080; with --layout: the canvas's aspect)", o_.height, 1, 16384)
        ->group("Output");
    integer(render_, "--bench-frames", "N",
            "then draw the picture N more times (1..100000) and print frame times (GPU servers with no display)",
            o_.benchFrames, 1, 100000)
        ->group("Output");
    text(render_, "--feed", "FILE.ndjson", "live-feed messages: issues and volunteers drawn over the map", o_.feedPath)
        ->group("Live overlays");
    text(render_, "--at", "TIME",
         "the clock, RFC 3339 (e.g. 2016-01-26T10:00:00-08:00): messages updated after it are left out (default: the "
         "newest message)",
         o_.at)
        ->group("Live overlays");
    text(render_, "--color-by-live", "FIGURE[:LEVEL]",
         "colour a level's grids by a live figure: open, overdue, newLastHour, resolvedToday, medianResponseHours, "
         "volunteersOnDuty, issues (default level: the finest)",
         o_.colorByLive)
        ->group("Live overlays");
    text(render_, "--live-mode", "auto|markers|counts", "markers, per-grid counts, or by zoom (default auto)",
         o_.liveMode)
        ->group("Live overlays");
    text(render_, "--layout", "FILE",
         "draw a wall layout (JSON; docs/wall.md) instead of a scene: the whole wall as one PNG at its canvas size",
         o_.layoutPath)
        ->group("Wall");
}

void Parser::addHistory() {
    HistoryOptions& h = o_.history;
    history_ = subcommand(&root_, "history",
                          "the analyst's history: years of events from any GDAL layer, per-grid figures for a time "
                          "window and filters, exported as CSV");
    history_->footer(
        "SOURCE is read through a mapping of its fields (the format of `feed from-csv`, e.g. "
        "tools/history/boston311_mapping.json; a point geometry is the columns geometry.x/geometry.y), or is a "
        "recorded live feed (.ndjson: each issue's last state an event); every row becomes an event or is skipped "
        "with its reason (summary on stderr). The grids are the levels of --config or "
        "--grids. Figures: count, per km², overdue share, median response hours, resolution rate (docs/analyst.md). "
        "CSV files are UTF-8 with a byte-order mark, so a Chinese Excel opens them as they are.");
    const std::string needs = "history: give SOURCE and --mapping MAP.json";
    need(history_, text(history_, "SOURCE", "", "the events: a file or connection string (gzip: /vsigzip/F.csv.gz)",
                        h.source),
         needs);
    text(history_, "--mapping", "MAP.json", "which field holds what (docs/analyst.md); a recorded feed needs none",
         h.mapping)
        ->group("Sources");
    text(history_, "--layer", "NAME", "the layer of SOURCE (when it has several)", h.layer)->group("Sources");
    text(history_, "--where", "SQL", "an attribute filter in the source's SQL dialect", h.where)->group("Sources");
    text(history_, "--config", "SCENE.json", "a scene whose levels are the grids", o_.configPath)->group("Sources");
    addGrids(history_);
    addSrcCrs(history_);
    addCrs(history_);
    text(history_, "--from", "TIME", "the window's start (RFC 3339, or YYYY-MM-DD as UTC midnight)", h.from)
        ->group("Window and filters");
    text(history_, "--to", "TIME", "the window's end, excluded; also the moment states are taken at", h.to)
        ->group("Window and filters");
    list(history_, "--category", "KEY", "keep this category (repeatable)", h.categories)->group("Window and filters");
    list(history_, "--status", "S", "keep open, resolved, closed or cancelled events (repeatable)", h.statuses)
        ->group("Window and filters");
    list(history_, "--priority", "P", "keep priority 1, 2, 3 or none (repeatable)", h.priorities)
        ->group("Window and filters");
    list(history_, "--team", "TEAM", "keep this team (repeatable)", h.teams)->group("Window and filters");
    list(history_, "--source", "SOURCE", "keep events from this source (repeatable)", h.sources)
        ->group("Window and filters");
    text(history_, "--search", "TEXT", "keep events whose id, title or address contains TEXT", h.search)
        ->group("Window and filters");
    integer(history_, "--level", "N", "the level of the figures, 0 = the coarsest (default: the finest)", h.level, 0,
            31)
        ->group("Output");
    text(history_, "--figures-csv", "FILE", "each grid's figures at --level", h.figuresCsv)->group("Output");
    text(history_, "--events-csv", "FILE", "the events the window and filters keep", h.eventsCsv)->group("Output");
    integer(history_, "--top", "N", "grids listed, by count (default 10)", h.top, 0, 100000)->group("Output");
    text(history_, "--density-tif", "FILE",
         "the kept events' kernel density as a Float32 GeoTIFF, in events per km² (QGIS opens it)", h.densityTif)
        ->group("Density");
    value(history_, "--kernel", "K", "quartic (default, as QGIS), epanechnikov or gaussian",
          [&h](const std::string& v) -> std::string {
              if (v != "quartic" && v != "epanechnikov" && v != "gaussian")
                  return "history: --kernel \"" + v + "\" is not quartic, epanechnikov or gaussian";
              h.kernel = v;
              return {};
          })
        ->group("Density");
    positive(history_, "--radius", "M", "the kernel's radius in metres on the ground (default 500)", h.radius)
        ->group("Density");
    positive(history_, "--pixel", "M", "the GeoTIFF's pixel size in metres on the ground (default 50)", h.pixel)
        ->group("Density");
    text(history_, "--density-crs", "CRS", "the GeoTIFF's CRS (default: the display CRS; a local projected CRS "
         "keeps metres true, e.g. EPSG:26986 for Boston)", h.densityCrs)
        ->group("Density");
    addJson(history_);
}

void Parser::addDensity() {
    DensityCommandOptions& d = o_.density;
    density_ = subcommand(&root_, "density",
                          "a layer's points to a kernel density GeoTIFF (QGIS's Heatmap, Kernel Density Estimation)");
    density_->footer(
        "Only the positions (and --weight) are read. Values are events (sums of weights) per km² on the ground; each "
        "kernel integrates to its event's weight: QGIS's raw quartic output times 3/(pi r^2), r in km, is this one "
        "(docs/analyst.md). "
        "The grid covers the points grown by the radius, in square pixels of --pixel metres.");
    const std::string needs = "density: give POINTS and --out F.tif";
    need(density_, text(density_, "POINTS", "", "any GDAL source of points (a .csv.gz is read in place)", d.source),
         needs);
    need(density_, text(density_, "--out", "F.tif", "the GeoTIFF to write (Float32, events per km²)", d.out)
                       ->group("Output"),
         needs);
    text(density_, "--layer", "NAME", "the layer of POINTS (default: the first)", d.layer)->group("Sources");
    text(density_, "--where", "SQL", "an attribute filter in the source's SQL dialect", d.where)->group("Sources");
    text(density_, "--weight", "FIELD", "weigh each point by this numeric field", d.weight)->group("Sources");
    addSrcCrs(density_);
    text(density_, "--crs", "CRS", "the GeoTIFF's CRS, projected (default: the points', when projected)", d.crs)
        ->group("Density");
    value(density_, "--kernel", "K", "quartic (default, as QGIS), epanechnikov or gaussian",
          [&d](const std::string& v) -> std::string {
              if (v != "quartic" && v != "epanechnikov" && v != "gaussian")
                  return "density: --kernel \"" + v + "\" is not quartic, epanechnikov or gaussian";
              d.kernel = v;
              return {};
          })
        ->group("Density");
    positive(density_, "--radius", "M", "the kernel's radius in metres (default 500)", d.radius)->group("Density");
    positive(density_, "--pixel", "M", "the pixel size in metres (default 50)", d.pixel)->group("Density");
}

void Parser::addInfo() {
    info_ = subcommand(&root_, "info", "what each layer holds: CRS, extent, features, skips, timings");
    info_->footer("Give --config FILE or --grids/--buildings.");
    addSources(info_);
    addCrs(info_);
    addJson(info_);
}

void Parser::addWall() {
    wall_ = subcommand(&root_, "wall",
                       "the command-center wall: fullscreen, one window over a video wall, or a headless soak");
    wall_->footer(
        "Esc held for --exit-hold seconds quits; a tapped Esc does nothing. With several monitors and a layout of "
        "several cells, --span is the default. See docs/wall.md.");
    need(wall_,
         text(wall_, "--layout", "FILE", "a wall layout (docs/wall.md), e.g. data/wall/wall-3840x1080.json",
              o_.layoutPath)
             ->group("Wall"),
         "wall: --layout FILE is required (e.g. data/wall/wall-3840x1080.json)");
    integer(wall_, "--monitor", "N", "fullscreen on monitor N, 0..64 (default: the primary monitor)", o_.monitor, 0, 64)
        ->group("Screens (one of)");
    wall_
        ->add_flag("--span", o_.span,
                   "one borderless window over every monitor (a video wall); the layout's \"wall\" {columns, rows, "
                   "bezel} maps them")
        ->group("Screens (one of)");
    wall_->add_flag("--windowed", o_.windowed, "a plain window instead of fullscreen (a desk)")
        ->group("Screens (one of)");
    integer(wall_, "--width", "W", "with --windowed: the window's width, 1..16384 (default 1600)", o_.width, 1, 16384)
        ->group("Window");
    integer(wall_, "--height", "H", "with --windowed: the window's height, 1..16384 (default: the canvas's aspect)",
            o_.height, 1, 16384)
        ->group("Window");
    positive(wall_, "--exit-hold", "S", "Esc must be held S seconds to quit (default 2)", o_.exitHoldSeconds)
        ->group("Window");
    positive(wall_, "--soak", "HOURS",
             "no window: run the wall headless on its feed with a simulated clock for HOURS simulated hours and "
             "report memory and frame times (weeks-long runs, compressed)",
             o_.soakHours)
        ->group("Soak");
    positive(wall_, "--speed", "X", "with --soak: the feed replayed at X times real time (default 100)", o_.speed)
        ->group("Soak");
    addScreenshot(wall_, "Tests", "test-only: save the window's first frame as a PNG, then quit (unless --run-seconds)",
                  "test-only: with --screenshot, the first frame S seconds (0..3600) after the start");
    positive(wall_, "--run-seconds", "S", "test-only: quit after S seconds (once a --screenshot is taken)", o_.runSeconds)->group("Tests");
}

void Parser::addFeed() {
    feed_ = subcommand(&root_, "feed",
                       "tools for real feeds: cases to messages, a feed through the live store, a feed into MQTT");
    feed_->require_subcommand(1, 1);
    feed_->footer("See docs/live-feed.md.");

    fromCsv_ = subcommand(feed_, "from-csv", "a table of cases (a hotline export) to live-feed messages");
    fromCsv_->footer(
        "Each row becomes a `reported` message at its opened time and a `closed`/`resolved` one at its closed time "
        "(columns, time format and time zone from the mapping; see docs/live-feed.md). A summary of the rows written "
        "and skipped, with reasons, goes to stderr.");
    const std::string fromCsvNeeds = "feed from-csv: give CSV and --mapping MAP.json";
    need(fromCsv_, text(fromCsv_, "CSV", "", "the table of cases", o_.fromCsv.csvPath), fromCsvNeeds);
    need(fromCsv_,
         text(fromCsv_, "--mapping", "MAP.json",
              "the columns, time format and time zone, e.g. tools/feed/sf311_mapping.json", o_.fromCsv.mapping)
             ->group("Options"),
         fromCsvNeeds);
    text(fromCsv_, "--out", "FILE", "write the messages to FILE (default: stdout)", o_.fromCsv.outPath)
        ->group("Options");

    FeedCheckOptions& c = o_.feedCheck;
    check_ = subcommand(feed_, "check",
                        "run a feed through the live store: the accounting, every grid's figures, each live "
                        "source's state");
    check_->footer(
        "A FEED file runs through the store against the --grids (levels, coarse to fine), as fast as it reads; the "
        "accounting (received = applied + stale + duplicate + rejected) and every grid's figures are printed at --at. "
        "Live sources (--mqtt, and/or the \"feeds\" of --config) run through the store for --for seconds, until "
        "--expect messages came, or until every file source ended; then the accounting, the figures and each "
        "source's state.\n"
        "Exit codes: 0 done (and --expect reached); 2 a bad option or config, or the broker refused the credentials "
        "or the subscription (one line on stderr); 1 a broker unreachable for --connect-timeout seconds, fewer than "
        "--expect messages, or accounting that does not balance.");
    text(check_, "FEED", "", "a feed file (one message per line) to check against --grids", c.feedPath);
    addGrids(check_);
    addSrcCrs(check_);
    text(check_, "--config", "SCENE.json",
         "the live sources a scene config declares (its \"feeds\"); its levels are the grids", o_.configPath)
        ->group("Sources");
    text(check_, "--at", "TIME",
         "with FEED: the figures at TIME, RFC 3339 (default: the newest message's time); messages after it are "
         "counted apart",
         c.at)
        ->group("Feed");
    text(check_, "--feed-crs", "CRS", "the points' CRS, converted to WGS 84 (GCJ-02, BD-09, any PROJ CRS)", c.feedCrs)
        ->group("Feed");
    value(check_, "--for", "S", "run live sources for S seconds (default 10)", [&c](const std::string& v) {
        return takeSeconds("--for", v, c.forSeconds);
    })->group("Feed");
    value(check_, "--expect", "N", "stop when N messages came, not counting duplicates; exit 1 when fewer came",
          [&c](const std::string& v) {
              char* end = nullptr;
              const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
              if (v.empty() || *end || v[0] == '-') return "--expect: \"" + v + "\" is not a count";
              c.expect = n;
              return std::string();
          })
        ->group("Feed");
    text(check_, "--mqtt", "URL", "subscribe to a broker: mqtt://HOST[:PORT], or mqtts:// for TLS", c.mqttUrl)
        ->group("MQTT");
    list(check_, "--topic", "FILTER", "a topic filter to subscribe to (+ and # allowed); give it once per filter",
         c.topics)
        ->group("MQTT");
    value(check_, "--qos", "0|1|2", "the subscription's QoS (default 1)", [&c](const std::string& v) {
        if (v != "0" && v != "1" && v != "2") return "--qos: \"" + v + "\" is not 0, 1 or 2";
        c.qos = v[0] - '0';
        return std::string();
    })->group("MQTT");
    addMqttLogin(check_, "feed check", c.clientId, c.user, c.passwordFile, c.caFile);
    value(check_, "--connect-timeout", "S", "exit 1 when no connection succeeded within S seconds (default 10)",
          [&c](const std::string& v) { return takeSeconds("--connect-timeout", v, c.connectTimeout); })
        ->group("MQTT");
    addJson(check_);

    FeedPublishOptions& p = o_.feedPublish;
    publish_ = subcommand(feed_, "publish", "replay a feed file into an MQTT broker and count the acknowledgements");
    publish_->footer(
        "Prints how many messages were published and acknowledged (PUBACK).\n"
        "Exit codes: 0 only when every message was acknowledged; 2 a bad option, or credentials the broker refused; "
        "1 when the broker stayed unreachable or did not acknowledge every message in time.");
    const std::string publishNeeds =
        "feed publish: give FEED, --mqtt URL and --topic TOPIC (see gridscope feed publish --help)";
    need(publish_,
         text(publish_, "FEED", "",
              "the feed file: one message per line, one message per publish (blank and 0x1E-only lines "
              "skipped)",
              p.feedPath),
         publishNeeds);
    need(publish_,
         text(publish_, "--mqtt", "URL", "the broker: mqtt://HOST[:PORT], or mqtts:// for TLS", p.mqttUrl)
             ->group("MQTT"),
         publishNeeds);
    need(publish_, text(publish_, "--topic", "TOPIC", "the topic to publish to (no wildcards)", p.topic)->group("MQTT"),
         publishNeeds);
    value(publish_, "--qos", "0|1|2", "the QoS of each publish (default 1)", [&p](const std::string& v) {
        double q = 0;
        if (std::string problem = takePublishNumber("--qos", v, q); !problem.empty()) return problem;
        if (q != 0 && q != 1 && q != 2) return std::string("feed publish: --qos must be 0, 1 or 2");
        p.qos = int(q);
        return std::string();
    })->group("MQTT");
    addMqttLogin(publish_, "feed publish", p.clientId, p.user, p.passwordFile, p.caFile);
    value(publish_, "--connect-timeout", "S", "give up when no connection succeeded within S seconds (default 10)",
          [&p](const std::string& v) { return takePublishNumber("--connect-timeout", v, p.connectTimeout); })
        ->group("MQTT");
    value(publish_, "--ack-timeout", "S",
          "after the last message, wait up to S seconds for the acknowledgements (default 30)",
          [&p](const std::string& v) { return takePublishNumber("--ack-timeout", v, p.ackTimeout); })
        ->group("MQTT");
    value(publish_, "--speed", "X",
          "X times the pace of the messages' own updated_at (default 1; 0: as fast as possible)",
          [&p](const std::string& v) { return takePublishNumber("--speed", v, p.speed); })
        ->group("Pace (one of)");
    value(publish_, "--rate", "N", "N messages per second instead", [&p](const std::string& v) {
        return takePublishNumber("--rate", v, p.rate);
    })->group("Pace (one of)");
}

// ---- parsing ------------------------------------------------------------------------------------

std::string commandPath(const CLI::App* app) {
    std::string path;
    for (; app && app->get_parent(); app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
    return path;
}

// The deepest command given on the command line (the root when none was).
const CLI::App* deepest(const CLI::App* app) {
    for (;;) {
        auto given = app->get_subcommands([](const CLI::App* s) { return s->parsed(); });
        if (given.empty()) return app;
        app = given.front();
    }
}

std::string Parser::unexpected(const std::vector<std::string>& extras) const {
    const std::string& arg = extras.front();
    const CLI::App* app = deepest(&root_);
    const std::string path = commandPath(app);
    if (app == &root_ && !arg.starts_with("-"))
        return "unknown command \"" + arg + "\" (commands: window, render, info, wall, feed, history, density; see gridscope --help)";
    if (app == feed_ && !arg.starts_with("-"))
        return "feed: unknown subcommand \"" + arg + "\" (from-csv, check, publish)";
    if (app == fromCsv_ || app == check_ || app == publish_ || app == history_ || app == density_)
        return path + ": unexpected argument \"" + arg + "\" (see gridscope " + path + " --help)";
    return "unknown option \"" + arg + "\" (see gridscope" + (path.empty() ? "" : " " + path) + " --help)";
}

std::string Parser::problem(const CLI::ParseError& e) const {
    const std::string what = e.what();
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return what.substr(0, what.find(':')) + ": missing value";
    if (dynamic_cast<const CLI::RequiredError*>(&e) && deepest(&root_) == feed_)
        return "feed: give a subcommand: from-csv, check or publish (see gridscope feed --help)";
    if (dynamic_cast<const CLI::RequiredError*>(&e))
        for (const Need& n : needs_)
            if (n.app->parsed() && n.option->count() == 0) return n.message;
    return what;
}

Status Parser::validate() const {
    const Options& o = o_;
    const bool hasSources = !o.grids.empty() || !o.buildings.empty();
    const bool scene = o.command == Command::Window || o.command == Command::Render || o.command == Command::Info ||
                       o.command == Command::History;
    if (scene && !o.configPath.empty() && hasSources)
        return Error{"give either --config or --grids/--buildings, not both"};
    if (o.command == Command::Render && !o.layoutPath.empty() && (hasSources || !o.configPath.empty()))
        return Error{"--layout draws a wall (its scene is in the layout): give no --config/--grids/--buildings"};
    if (o.command == Command::Wall && int(o.monitor >= 0) + int(o.span) + int(o.windowed) > 1)
        return Error{"wall: give one of --monitor N, --span, --windowed"};
    if (o.command == Command::Window && (!o.inputScript.empty() || !o.stateOut.empty()) &&
        (o.benchFrames > 0 || !o.benchPath.empty() || !o.screenshotPath.empty()))
        return Error{"window: --input-script/--state-out cannot go with --screenshot, --bench-frames or --bench-path "
                     "(a script takes screenshots with its \"screenshot\" step)"};
    if (o.command == Command::Window && !o.benchPath.empty() && !o.screenshotPath.empty())
        return Error{"window: give --bench-path or --screenshot, not both"};
    if (o.command == Command::Info && o.configPath.empty() && !hasSources)
        return Error{"info: give --config FILE or --grids SRC[:LAYER] / --buildings SRC[:LAYER]"};
    return {};
}

Result<Options> Parser::parse(std::vector<std::string> args) {
    // No subcommand is the window: `gridscope --config F` is `gridscope window --config F`. Options
    // gridscope itself takes may come first (`gridscope --lang en wall ...`).
    std::size_t i = 0;
    bool helpOrVersion = false;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help" || a == "--version") helpOrVersion = true;
        else if (a == "--lang") ++i;  // and its value
        else if (!a.starts_with("--lang=")) break;
    }
    const bool subcommand =
        i < args.size() && !root_.get_subcommands([&](const CLI::App* s) { return s->check_name(args[i]); }).empty();
    if (!subcommand && (i < args.size() ? args[i].starts_with("-") : !helpOrVersion))
        args.insert(args.begin(), "window");

    std::vector<std::string> reversed(args.rbegin(), args.rend());  // as CLI11 reads them
    try {
        root_.parse(reversed);
    } catch (const CLI::CallForVersion&) {
        o_.command = Command::Version;
        return o_;
    } catch (const CLI::Success&) {  // --help
        o_.command = Command::Help;
        o_.helpText = root_.help();
        return o_;
    } catch (const CLI::ParseError& e) {
        // Unknown options and arguments first: a value error may only follow from one.
        if (auto extras = root_.remaining(true); !extras.empty()) return Error{unexpected(extras)};
        return Error{problem(e)};
    }

    const CLI::App* given = deepest(&root_);
    const std::pair<const CLI::App*, Command> commands[] = {
        {window_, Command::Window},      {render_, Command::Render},       {info_, Command::Info},
        {wall_, Command::Wall},          {fromCsv_, Command::FeedFromCsv}, {check_, Command::FeedCheck},
        {publish_, Command::FeedPublish}, {history_, Command::History}, {density_, Command::Density}};
    for (const auto& [app, command] : commands)
        if (app == given) o_.command = command;
    if (Status s = validate(); !s) return s.error();
    return o_;
}

void summarize(const CLI::App* app, std::vector<CommandSummary>& out) {
    CommandSummary s;
    s.path = commandPath(app);
    for (const CLI::Option* o : app->get_options({}))
        s.options.push_back(o->get_positional() ? o->get_name() : o->get_name(false, true));
    out.push_back(std::move(s));
    for (const CLI::App* sub : app->get_subcommands({})) summarize(sub, out);
}

std::vector<CommandSummary> Parser::summaries() const {
    std::vector<CommandSummary> out;
    summarize(&root_, out);
    return out;
}

}  // namespace

Result<Options> parse(const std::vector<std::string>& args) {
    Parser parser;
    return parser.parse(args);
}

Result<Options> parse(int argc, char** argv) {
    return parse(std::vector<std::string>(argv + std::min(argc, 1), argv + argc));
}

std::vector<CommandSummary> commandSummaries() {
    Parser parser;
    return parser.summaries();
}

}  // namespace gs::cli
