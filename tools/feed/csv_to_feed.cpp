// A stand-in for `gridscope feed from-csv CSV --mapping MAP.json [--out FILE]` until the CLI command
// is wired in views/: the same engine call, the same summary on stderr, the same exit codes
// (0 done, 2 a bad file or mapping). tools/feed/make_demo_feed.sh builds it with g++ when the
// gridscope binary has no `feed` command.
#include <fstream>
#include <iostream>
#include <string>

#include "live/csv_feed.hpp"

int main(int argc, char** argv) {
    std::string csv, mapping, outPath;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--mapping" && i + 1 < argc)
            mapping = argv[++i];
        else if (arg == "--out" && i + 1 < argc)
            outPath = argv[++i];
        else if (csv.empty() && !arg.starts_with("--"))
            csv = arg;
        else {
            std::cerr << "usage: csv_to_feed CSV --mapping MAP.json [--out FILE]\n";
            return 2;
        }
    }
    if (csv.empty() || mapping.empty()) {
        std::cerr << "usage: csv_to_feed CSV --mapping MAP.json [--out FILE]\n";
        return 2;
    }
    std::ofstream file;
    if (!outPath.empty()) {
        file.open(outPath, std::ios::binary);
        if (!file) {
            std::cerr << outPath << ": cannot write\n";
            return 2;
        }
    }
    auto stats = gs::csvToFeed(csv, mapping, outPath.empty() ? std::cout : file);
    if (!stats) {
        std::cerr << stats.error().message << "\n";
        return 2;
    }
    std::cerr << stats->summary(csv) << "\n";
    return 0;
}
