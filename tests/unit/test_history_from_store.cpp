// A history from the live store (history/history_from_store): the demo's recording fed into a
// store in halves, read as a history after each half, equals the history read from the same lines
// as a recording (history_from_feed, each issue's last state): the same issues, statuses, times,
// categories and positions; the second read has what the second half added.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "history/history_from_feed.hpp"
#include "history/history_from_store.hpp"
#include "live/store/live_store.hpp"

using namespace gs;

namespace {

struct Event {
    int64_t reported;
    int32_t closedAfter;
    EventStatus status;
    std::string category;
    float x, y;
    friend bool operator==(const Event&, const Event&) = default;
};

std::map<std::string, Event> byId(const EventHistory& h) {
    std::map<std::string, Event> out;
    for (size_t i = 0; i < h.size(); ++i)
        out[std::string(h.ids[i])] = {h.reportedSec(i), h.closedAfter[i], h.status[i], h.categories[h.category[i]],
                                      float(h.position(i).x), float(h.position(i).y)};
    return out;
}

}  // namespace

TEST(HistoryFromStore, EqualsTheRecordingReadAsAHistory) {
    std::ifstream in(std::string(GRIDSCOPE_SOURCE_DIR) + "/data/feed/demo.ndjson");
    ASSERT_TRUE(in);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    ASSERT_GT(lines.size(), 1000u);
    const auto dir = std::filesystem::temp_directory_path() / "gridscope_history_store";
    std::filesystem::create_directories(dir);

    LiveStore store;
    size_t fed = 0;
    for (size_t half : {lines.size() / 2, lines.size()}) {
        store.ingestBatch(std::span<const std::string>(lines.data() + fed, half - fed));
        fed = half;
        // The same lines as a recording.
        const auto path = dir / ("first_" + std::to_string(half) + ".ndjson");
        {
            std::ofstream out(path);
            for (size_t i = 0; i < half; ++i) out << lines[i] << "\n";
        }
        FeedHistoryOptions fo;
        fo.path = path.string();
        HistoryLoadReport feedReport, storeReport;
        auto fromFeed = loadHistoryFromFeed(fo, feedReport);
        ASSERT_TRUE(fromFeed) << fromFeed.error().message;
        auto fromStore = historyFromStore(store, StoreHistoryOptions{}, storeReport);
        ASSERT_TRUE(fromStore) << fromStore.error().message;
        ASSERT_GT(fromStore->size(), 50u);
        const auto want = byId(*fromFeed), got = byId(*fromStore);
        ASSERT_EQ(got.size(), want.size()) << "after " << half << " lines";
        size_t differ = 0;
        for (const auto& [id, e] : want) {
            auto it = got.find(id);
            ASSERT_NE(it, got.end()) << id;
            if (!(it->second == e)) {
                if (++differ <= 3) ADD_FAILURE() << id << ": the store's event differs from the recording's";
            }
        }
        EXPECT_EQ(differ, 0u) << "after " << half << " lines";
        EXPECT_GT(storeReport.skippedByReason["a volunteer, not an event"], 0u);
    }
}
