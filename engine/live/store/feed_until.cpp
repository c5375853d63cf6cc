#include "live/store/feed_until.hpp"

#include <algorithm>
#include <fstream>
#include <variant>

#include "live/store/live_store.hpp"

namespace gs {

Result<FeedUntilStats> ingestFeedFileUntil(const std::string& path, std::optional<std::int64_t> until,
                                           LiveStore& store) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot read the feed (no such file or no permission)"};
    FeedUntilStats stats;
    std::string line;
    LiveMessage m;
    while (std::getline(in, line)) {
        if (messageText(line).empty()) continue;
        ++stats.lines;
        // Parsed once here to read updated_at; a line that fails goes to ingest() for its reason.
        if (parseMessageInto(line, ParseOptions{}, m)) {
            store.ingest(line);
            continue;
        }
        if (until && m.updatedAt > *until) {
            ++stats.afterUntil;
            continue;
        }
        store.apply(m, line);
        stats.newest = stats.newest == kNoTime ? m.updatedAt : std::max(stats.newest, m.updatedAt);
    }
    return stats;
}

}  // namespace gs
