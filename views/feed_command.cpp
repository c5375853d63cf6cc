// `gridscope feed ...`: tools for real feeds (see docs/live-feed.md).
//   feed from-csv CSV --mapping MAP.json [--out FILE]   a table of cases → contract messages
//   feed check ...                                     views/feed_check.cpp
//   feed publish ...                                   views/feed_publish.cpp
#include <fstream>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "live/import/csv_feed.hpp"

namespace gs::cli {

namespace {

const char* kFromCsvUsage =
    "usage: gridscope feed from-csv CSV --mapping MAP.json [--out FILE]\n"
    "  turns a table of cases into the live feed: each row becomes a `reported` message at its\n"
    "  opened time and a `closed`/`resolved` one at its closed time (columns, time format and time\n"
    "  zone from the mapping; see docs/live-feed.md). Writes to stdout unless --out is given; a\n"
    "  summary of rows written and skipped (with reasons) goes to stderr.\n";

const char* kFeedUsage =
    "usage: gridscope feed from-csv CSV --mapping MAP.json [--out FILE]\n"
    "         a table of cases -> live-feed messages\n"
    "       gridscope feed check FEED --grids SRC[:LAYER] ... [--at TIME] [--json]\n"
    "       gridscope feed check (--mqtt URL --topic FILTER | --config SCENE.json) [--for S] [--expect N]\n"
    "         runs a feed file, or live sources, through the live store: accounting, per-grid figures,\n"
    "         and each live source's state\n"
    "       gridscope feed publish FEED --mqtt URL --topic TOPIC [--speed X | --rate N] [--qos 1]\n"
    "         replays a feed file into an MQTT broker and counts the acknowledgements\n"
    "  gridscope feed SUBCOMMAND --help tells more.\n";

int runFromCsv(int argc, char** argv) {
    std::string csv, mapping, outPath;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kFromCsvUsage;
            return 0;
        }
        if (arg == "--mapping" && i + 1 < argc) mapping = argv[++i];
        else if (arg == "--out" && i + 1 < argc) outPath = argv[++i];
        else if (csv.empty() && !arg.starts_with("--")) csv = arg;
        else return reportBad(Error{"feed from-csv: unexpected argument \"" + arg + "\" (see gridscope feed --help)"});
    }
    if (csv.empty() || mapping.empty())
        return reportBad(Error{"feed from-csv: give CSV and --mapping MAP.json"});
    std::ofstream file;
    if (!outPath.empty()) {
        file.open(outPath, std::ios::binary);
        if (!file) return reportBad(Error{outPath + ": cannot write"});
    }
    auto stats = csvToFeed(csv, mapping, outPath.empty() ? std::cout : file);
    if (!stats) return reportBad(stats.error());
    std::cerr << stats->summary(csv) << "\n";
    return 0;
}

}  // namespace

int runFeed(int argc, char** argv) {
    if (argc < 1 || std::string(argv[0]) == "--help" || std::string(argv[0]) == "-h") {
        std::cout << kFeedUsage;
        return argc < 1 ? 2 : 0;
    }
    const std::string sub = argv[0];
    if (sub == "from-csv") return runFromCsv(argc - 1, argv + 1);
    if (sub == "check") return runFeedCheck(argc - 1, argv + 1);
    if (sub == "publish") return runFeedPublish(argc - 1, argv + 1);
    return reportBad(Error{"feed: unknown subcommand \"" + sub + "\" (from-csv, check, publish)"});
}

}  // namespace gs::cli
