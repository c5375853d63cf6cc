// `gridscope feed from-csv CSV --mapping MAP.json [--out FILE]`: a table of cases → contract
// messages (see docs/live-feed.md). `feed check` is views/feed_check.cpp, `feed publish`
// views/feed_publish.cpp; their options are in cli_options.cpp.
#include <fstream>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "live/import/csv_feed.hpp"

namespace gs::cli {

int runFromCsv(const Options& options) {
    const FromCsvOptions& o = options.fromCsv;
    std::ofstream file;
    if (!o.outPath.empty()) {
        file.open(o.outPath, std::ios::binary);
        if (!file) return reportBad(Error{o.outPath + ": cannot write"});
    }
    auto stats = csvToFeed(o.csvPath, o.mapping, o.outPath.empty() ? std::cout : file);
    if (!stats) return reportBad(stats.error());
    std::cerr << stats->summary(o.csvPath) << "\n";
    return 0;
}

}  // namespace gs::cli
