// The command line (views/cli_options.cpp): each command parses its options, bad values give the
// one line that names them, and every command's --help lists every option it takes.
#include <sstream>

#include <gtest/gtest.h>

#include "cli_options.hpp"

using namespace gs::cli;

namespace {

Options parsed(const std::vector<std::string>& args) {
    auto o = parse(args);
    EXPECT_TRUE(o) << (o ? "" : o.error().message);
    return o ? *o : Options{};
}

std::string errorOf(const std::vector<std::string>& args) {
    auto o = parse(args);
    return o ? "(parsed)" : o.error().message;
}

std::string helpOf(const std::vector<std::string>& args) {
    const Options o = parsed(args);
    EXPECT_EQ(o.command, Command::Help);
    return o.helpText;
}

}  // namespace

TEST(CliOptions, NoSubcommandIsTheWindow) {
    EXPECT_EQ(parsed({}).command, Command::Window);
    const Options o = parsed({"--config", "scene.json", "--width", "800", "--height", "600", "--screenshot", "s.png",
                              "--screenshot-after", "3", "--samples", "4", "--no-labels", "--full-detail"});
    EXPECT_EQ(o.command, Command::Window);
    EXPECT_EQ(o.configPath, "scene.json");
    EXPECT_EQ(o.width, 800);
    EXPECT_EQ(o.height, 600);
    EXPECT_EQ(o.screenshotPath, "s.png");
    EXPECT_EQ(o.screenshotDelaySeconds, 3);
    EXPECT_EQ(o.samples, 4);
    EXPECT_TRUE(o.noLabels);
    EXPECT_TRUE(o.fullDetail);
    const Options w = parsed({"window", "--grids", "a.gpkg:tracts", "--bench-frames", "12", "--lang", "en"});
    EXPECT_EQ(w.command, Command::Window);
    EXPECT_EQ(w.grids, std::vector<std::string>{"a.gpkg:tracts"});
    EXPECT_EQ(w.benchFrames, 12);
    const Options bp = parsed({"window", "--config", "c.json", "--bench-path", "zoom", "--bench-frames", "60"});
    EXPECT_EQ(bp.benchPath, "zoom");
    EXPECT_EQ(bp.benchFrames, 60);
    EXPECT_EQ(parsed({"window", "--config", "c.json"}).benchPath, "");
    EXPECT_TRUE(w.langGiven);
    // The window's input script and the state it writes (views/script_driver).
    const Options s = parsed({"--config", "a.json", "--input-script", "s.json", "--state-out", "out.json"});
    EXPECT_EQ(s.command, Command::Window);
    EXPECT_EQ(s.inputScript, "s.json");
    EXPECT_EQ(s.stateOut, "out.json");
    EXPECT_EQ(parsed({"window", "--state-out", "o.json"}).stateOut, "o.json");
    // Global options may come first, and the window still follows.
    EXPECT_EQ(parsed({"--lang", "en", "--config", "x.json"}).configPath, "x.json");
}

// Like the window, render with no scene draws the demo district; --lang is taken by every command.
TEST(CliOptions, RenderWithNoSceneDrawsTheDemo) {
    const Options o = parsed({"render", "--out", "x.png", "--lang", "en"});
    EXPECT_EQ(o.command, Command::Render);
    EXPECT_TRUE(o.configPath.empty());
    EXPECT_TRUE(o.grids.empty());
    EXPECT_EQ(o.lang, "en");
    EXPECT_TRUE(o.langGiven);
}

TEST(CliOptions, RenderParsesItsOptions) {
    const Options o = parsed({"render",
                              "--grids",
                              "n.geojson",
                              "--grids",
                              "t.geojson:tracts",
                              "--buildings",
                              "b.gpkg",
                              "--src-crs",
                              "EPSG:4490",
                              "--crs",
                              "EPSG:4547",
                              "--bbox",
                              "-122.5,37.7,-122.3,37.8",
                              "--bbox-crs",
                              "EPSG:4326",
                              "--out",
                              "x.png",
                              "--width",
                              "640",
                              "--height",
                              "480",
                              "--feed",
                              "f.ndjson",
                              "--at",
                              "2016-01-26T10:00:00-08:00",
                              "--color-by-live",
                              "open:tracts",
                              "--live-mode",
                              "counts",
                              "--bench-frames",
                              "7"});
    EXPECT_EQ(o.command, Command::Render);
    EXPECT_EQ(o.grids, (std::vector<std::string>{"n.geojson", "t.geojson:tracts"}));
    EXPECT_EQ(o.buildings, "b.gpkg");
    EXPECT_EQ(o.srcCrs, "EPSG:4490");
    EXPECT_EQ(o.displayCrs, "EPSG:4547");
    ASSERT_TRUE(o.bbox);
    EXPECT_DOUBLE_EQ(o.bbox->minX, -122.5);
    EXPECT_DOUBLE_EQ(o.bbox->maxY, 37.8);
    EXPECT_EQ(o.bboxCrs, "EPSG:4326");
    EXPECT_EQ(o.outPath, "x.png");
    EXPECT_EQ(o.width, 640);
    EXPECT_EQ(o.height, 480);
    EXPECT_EQ(o.feedPath, "f.ndjson");
    EXPECT_EQ(o.at, "2016-01-26T10:00:00-08:00");
    EXPECT_EQ(o.colorByLive, "open:tracts");
    EXPECT_EQ(o.liveMode, "counts");
    EXPECT_EQ(o.benchFrames, 7);
    EXPECT_FALSE(o.langGiven);
    // A wall as one picture, the language given before or after the subcommand.
    for (auto args : {std::vector<std::string>{"render", "--layout", "w.json", "--out", "w.png", "--lang", "en"},
                      std::vector<std::string>{"--lang", "en", "render", "--layout", "w.json", "--out", "w.png"}}) {
        const Options w = parsed(args);
        EXPECT_EQ(w.command, Command::Render);
        EXPECT_EQ(w.layoutPath, "w.json");
        EXPECT_EQ(w.lang, "en");
        EXPECT_TRUE(w.langGiven);
    }
}

TEST(CliOptions, InfoAndWallParseTheirOptions) {
    const Options i = parsed({"info", "--config", "scene.json", "--crs", "EPSG:3857", "--json"});
    EXPECT_EQ(i.command, Command::Info);
    EXPECT_TRUE(i.json);
    EXPECT_EQ(i.displayCrs, "EPSG:3857");

    const Options w =
        parsed({"wall", "--layout", "w.json", "--windowed", "--width", "960", "--height", "540", "--exit-hold", "1.5",
                "--screenshot", "s.png", "--screenshot-after", "2", "--run-seconds", "3"});
    EXPECT_EQ(w.command, Command::Wall);
    EXPECT_EQ(w.layoutPath, "w.json");
    EXPECT_TRUE(w.windowed);
    EXPECT_EQ(w.width, 960);
    EXPECT_DOUBLE_EQ(w.exitHoldSeconds, 1.5);
    EXPECT_DOUBLE_EQ(w.runSeconds, 3);
    EXPECT_EQ(w.screenshotDelaySeconds, 2);
    const Options soak = parsed({"wall", "--layout", "w.json", "--soak", "0.25", "--speed", "900"});
    EXPECT_DOUBLE_EQ(soak.soakHours, 0.25);
    EXPECT_DOUBLE_EQ(soak.speed, 900);
    EXPECT_EQ(parsed({"wall", "--layout", "w.json", "--monitor", "1"}).monitor, 1);
    EXPECT_TRUE(parsed({"wall", "--layout", "w.json", "--span"}).span);
}

TEST(CliOptions, FeedSubcommandsParseTheirOptions) {
    const Options c = parsed({"feed", "from-csv", "cases.csv", "--mapping", "m.json", "--out", "f.ndjson"});
    EXPECT_EQ(c.command, Command::FeedFromCsv);
    EXPECT_EQ(c.fromCsv.csvPath, "cases.csv");
    EXPECT_EQ(c.fromCsv.mapping, "m.json");
    EXPECT_EQ(c.fromCsv.outPath, "f.ndjson");

    const Options file = parsed({"feed", "check", "f.ndjson", "--grids", "n.geojson", "--grids", "t.geojson", "--at",
                                 "2016-01-27T09:24:56-08:00", "--feed-crs", "GCJ-02", "--json"});
    EXPECT_EQ(file.command, Command::FeedCheck);
    EXPECT_EQ(file.feedCheck.feedPath, "f.ndjson");
    EXPECT_EQ(file.grids.size(), 2u);
    EXPECT_EQ(file.feedCheck.at, "2016-01-27T09:24:56-08:00");
    EXPECT_EQ(file.feedCheck.feedCrs, "GCJ-02");
    EXPECT_TRUE(file.json);

    const Options live = parsed({"feed",
                                 "check",
                                 "--mqtt",
                                 "mqtt://127.0.0.1:1883",
                                 "--topic",
                                 "a/+/events",
                                 "--topic",
                                 "b/#",
                                 "--client-id",
                                 "check-1",
                                 "--qos",
                                 "2",
                                 "--for",
                                 "0.5",
                                 "--expect",
                                 "300",
                                 "--connect-timeout",
                                 "3",
                                 "--user",
                                 "u",
                                 "--password-file",
                                 "p.txt",
                                 "--ca-file",
                                 "ca.crt"});
    const FeedCheckOptions& f = live.feedCheck;
    EXPECT_EQ(f.mqttUrl, "mqtt://127.0.0.1:1883");
    EXPECT_EQ(f.topics, (std::vector<std::string>{"a/+/events", "b/#"}));
    EXPECT_EQ(f.clientId, "check-1");
    EXPECT_EQ(f.qos, 2);
    EXPECT_DOUBLE_EQ(f.forSeconds, 0.5);
    EXPECT_EQ(f.expect, std::optional<std::uint64_t>(300));
    EXPECT_DOUBLE_EQ(f.connectTimeout, 3);
    EXPECT_EQ(f.user, "u");
    EXPECT_EQ(f.passwordFile, "p.txt");
    EXPECT_EQ(f.caFile, "ca.crt");

    const Options p = parsed({"feed", "publish", "f.ndjson", "--mqtt", "mqtt://h", "--topic", "d/07/events", "--rate",
                              "400", "--qos", "0", "--ack-timeout", "5", "--connect-timeout", "2"});
    EXPECT_EQ(p.command, Command::FeedPublish);
    EXPECT_EQ(p.feedPublish.feedPath, "f.ndjson");
    EXPECT_EQ(p.feedPublish.topic, "d/07/events");
    EXPECT_DOUBLE_EQ(p.feedPublish.rate, 400);
    EXPECT_DOUBLE_EQ(p.feedPublish.speed, 1);
    EXPECT_EQ(p.feedPublish.qos, 0);
    EXPECT_DOUBLE_EQ(p.feedPublish.ackTimeout, 5);
    EXPECT_DOUBLE_EQ(p.feedPublish.connectTimeout, 2);
}

TEST(CliOptions, BadInputGivesOneLineNamingIt) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"render", "--frobnicate"}, "unknown option \"--frobnicate\" (see gridscope render --help)"},
        {{"render", "--grids", "a", "--out", "x.png", "--width", "0"},
         "--width: expected an integer in 1..16384, got \"0\""},
        {{"render", "--grids", "a", "--out", "x.png", "--width", "12px"},
         "--width: expected an integer in 1..16384, got \"12px\""},
        {{"render", "--grids", "a", "--out", "x.png", "--bbox", "1,2,3"},
         "--bbox: expected MINX,MINY,MAXX,MAXY with MIN < MAX, got \"1,2,3\""},
        {{"render", "--layout", "w.json", "--out", "x.png", "--lang", "xx"},
         "--lang: \"xx\" is not a language (zh, en)"},
        {{"render", "--grids", "a", "--width"}, "--width: missing value"},
        {{"render", "--grids", "a"}, "render: --out FILE.png is required"},
        {{"render", "--config", "c.json", "--grids", "a", "--out", "x.png"},
         "give either --config or --grids/--buildings, not both"},
        {{"info"}, "info: give --config FILE or --grids SRC[:LAYER] / --buildings SRC[:LAYER]"},
        {{"--input-script", "s.json", "--screenshot", "x.png"},
         "window: --input-script/--state-out cannot go with --screenshot, --bench-frames or --bench-path (a script "
         "takes "
         "screenshots with its \"screenshot\" step)"},
        {{"window", "--state-out", "o.json", "--bench-frames", "3"},
         "window: --input-script/--state-out cannot go with --screenshot, --bench-frames or --bench-path (a script "
         "takes "
         "screenshots with its \"screenshot\" step)"},
        {{"window", "--state-out", "o.json", "--bench-path", "zoom"},
         "window: --input-script/--state-out cannot go with --screenshot, --bench-frames or --bench-path (a script "
         "takes screenshots with its \"screenshot\" step)"},
        {{"window", "--bench-path", "spiral"}, "--bench-path: \"spiral\" is not a path (zoom)"},
        {{"window", "--bench-path", "zoom", "--screenshot", "x.png"}, "window: give --bench-path or --screenshot, not both"},
        {{"render", "--bench-path", "zoom", "--out", "x.png"}, "unknown option \"--bench-path\" (see gridscope render --help)"},
        {{"render", "--input-script", "s.json", "--out", "x.png"},
         "unknown option \"--input-script\" (see gridscope render --help)"},
        {{"wall"}, "wall: --layout FILE is required (e.g. data/wall/wall-3840x1080.json)"},
        {{"wall", "--layout", "w.json", "--span", "--windowed"}, "wall: give one of --monitor N, --span, --windowed"},
        {{"wall", "--layout", "w.json", "--soak", "-1"}, "--soak: \"-1\" is not a positive number"},
        {{"frobnicate"},
         "unknown command \"frobnicate\" (commands: window, render, info, wall, feed, history, density; see gridscope --help)"},
        {{"feed"}, "feed: give a subcommand: from-csv, check or publish (see gridscope feed --help)"},
        {{"feed", "import"}, "feed: unknown subcommand \"import\" (from-csv, check, publish)"},
        {{"feed", "from-csv", "c.csv"}, "feed from-csv: give CSV and --mapping MAP.json"},
        {{"feed", "check", "f.ndjson", "--qos", "3"}, "--qos: \"3\" is not 0, 1 or 2"},
        {{"feed", "check", "--mqtt", "mqtt://h", "--for", "-1"}, "--for: \"-1\" is not a number of seconds > 0"},
        {{"feed", "check", "--expect", "many"}, "--expect: \"many\" is not a count"},
        {{"feed", "check", "a.ndjson", "b.ndjson"},
         "feed check: unexpected argument \"b.ndjson\" (see gridscope feed check --help)"},
        {{"feed", "check", "--password", "x"},
         "feed check: no --password: give it in GRIDSCOPE_MQTT_PASSWORD or --password-file"},
        {{"feed", "publish", "f.ndjson", "--mqtt", "mqtt://h", "--topic", "t", "--qos", "3"},
         "feed publish: --qos must be 0, 1 or 2"},
        {{"feed", "publish", "f.ndjson", "--mqtt", "mqtt://h", "--topic", "t", "--speed", "fast"},
         "feed publish: --speed needs a number >= 0, not \"fast\""},
        {{"feed", "publish", "f.ndjson", "--mqtt", "mqtt://h"},
         "feed publish: give FEED, --mqtt URL and --topic TOPIC (see gridscope feed publish --help)"},
        {{"feed", "publish", "f.ndjson", "--mqtt", "mqtt://h", "--topic", "t", "--password"},
         "feed publish: no --password: give it in GRIDSCOPE_MQTT_PASSWORD or --password-file"},
    };
    for (const auto& [args, message] : cases) {
        std::string typed;
        for (const auto& a : args) typed += " " + a;
        EXPECT_EQ(errorOf(args), message) << "gridscope" << typed;
        EXPECT_EQ(errorOf(args).find('\n'), std::string::npos) << "gridscope" << typed;
    }
    // An option of another command is unknown here.
    EXPECT_EQ(errorOf({"render", "--span", "--out", "x.png"}),
              "unknown option \"--span\" (see gridscope render --help)");
}

TEST(CliOptions, HelpAndVersion) {
    EXPECT_EQ(parsed({"--version"}).command, Command::Version);
    EXPECT_EQ(parsed({"render", "--version"}).command, Command::Version);
    EXPECT_EQ(helpOf({"--help"}).rfind("usage: gridscope [OPTIONS] [SUBCOMMAND]\n", 0), 0u);
    EXPECT_EQ(helpOf({"-h"}), helpOf({"--help"}));
    // Help wins over missing required options.
    EXPECT_EQ(helpOf({"wall", "--help"}).rfind("usage: gridscope wall [OPTIONS]\n", 0), 0u);
    EXPECT_EQ(helpOf({"feed", "publish", "--help"}).rfind("usage: gridscope feed publish [OPTIONS] FEED\n", 0), 0u);
}

TEST(CliOptions, HelpListsEveryOption) {
    const auto commands = commandSummaries();
    std::vector<std::string> paths;
    for (const auto& c : commands) paths.push_back(c.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"", "window", "render", "info", "wall", "feed", "feed from-csv",
                                               "feed check", "feed publish", "history", "density"}));
    for (const CommandSummary& c : commands) {
        std::vector<std::string> args;
        std::istringstream words(c.path);
        for (std::string w; words >> w;) args.push_back(w);
        args.push_back("--help");
        const std::string help = helpOf(args);
        EXPECT_EQ(help.rfind("usage: gridscope" + (c.path.empty() ? "" : " " + c.path), 0), 0u) << help;
        for (std::string names : c.options) {
            // A row of its own: "  -h, --help ...", "  --grids SRC[:LAYER] ...", "  FEED ...".
            for (std::size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2))
                names.replace(at, 1, ", ");
            EXPECT_NE(help.find("\n  " + names + " "), std::string::npos)
                << "gridscope " << c.path << " --help does not list " << names << ":\n"
                << help;
        }
        // And the global ones, everywhere.
        for (const char* global : {"--lang zh|en", "--version", "-h, --help"})
            EXPECT_NE(help.find(global), std::string::npos) << "gridscope " << c.path << " --help";
    }
}
