// Years of events for the analyst: a columnar history, sorted by the time each event was reported,
// indexed by grid at every management level.
//
// What the analysis reads is kept in narrow columns (see bytesPerEvent()): position as 32-bit
// floats relative to an origin in the display CRS (a float keeps ~1 cm at 100 km from it), times
// as 32-bit seconds relative to the history's epoch (±68 years), keys (category, source, team) as
// 16-bit indices into dictionaries, status and priority as bytes, the grid at the finest level as a
// 32-bit index (coarser levels follow from the scene's hierarchy). Text a person reads (id, title,
// address) is kept apart in one arena, read only to show an event or to search.
//
// Build with HistoryBuilder (any order), then finish(): rows sorted by reported time (ties keep
// the order they were added in), the per-grid index built. A history is then read-only and may
// be shared between threads.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text_column.hpp"
#include "core/types.hpp"

namespace gs {

enum class EventStatus : uint8_t { Open = 0, Resolved = 1, Closed = 2, Cancelled = 3 };
inline constexpr int kEventStatusCount = 4;
const char* eventStatusName(EventStatus s);  // "open", "resolved", "closed", "cancelled"

// A list of distinct texts, each with a small index (categories, sources, teams).
class Dictionary {
public:
    uint16_t add(std::string_view text);  // the index of `text`, added if new
    int find(std::string_view text) const;  // -1 when absent
    const std::string& operator[](size_t i) const { return texts_[i]; }
    size_t size() const { return texts_.size(); }
    const std::vector<std::string>& texts() const { return texts_; }

private:
    std::vector<std::string> texts_;
};

struct EventHistory {
    static constexpr int32_t kNone = -1;               // no closed time, no due time, no grid
    static constexpr uint8_t kNoPriority = 0;          // priority 1..3, 0: not given

    std::string displayCrs;  // the CRS positions are in
    Vec2d origin;            // positions are relative to it
    int64_t epochSec = 0;    // times are seconds after it (UTC)

    // Analysis columns, one value per event, sorted by `reported`.
    std::vector<float> x, y;
    std::vector<int32_t> reported;     // seconds after epochSec
    std::vector<int32_t> closedAfter;  // seconds after reported; kNone while open (never negative)
    std::vector<int32_t> dueAfter;     // seconds after reported; kNone without a deadline
    std::vector<EventStatus> status;
    std::vector<uint8_t> priority;
    std::vector<uint16_t> category, source, team;
    std::vector<float> weight;         // empty: every event weighs 1
    std::vector<int32_t> grid;         // index at the finest level, kNone outside every grid
    Dictionary categories, sources, teams;

    // Kept apart: what a person reads.
    TextColumn ids, titles, addresses;

    // The grids: per level, each grid's parent at the level above (-1 at the top or none), and
    // the finest level's index: the events of grid g are gridEvents[gridStart[g] .. gridStart[g+1]),
    // ascending (so in time order too).
    std::vector<std::string> levelNames;
    std::vector<std::vector<int32_t>> parents;      // [level][grid]
    std::vector<std::vector<std::string>> gridIds;    // [level][grid], for reports
    std::vector<std::vector<std::string>> gridNames;  // [level][grid], "" when unnamed
    std::vector<uint32_t> gridStart, gridEvents;

    size_t size() const { return reported.size(); }
    int levelCount() const { return int(parents.size()); }
    int gridCount(int level) const { return int(parents[size_t(level)].size()); }
    // The grid containing event i at `level` (kNone outside).
    int32_t gridAt(size_t i, int level) const;
    // The finest-level grid g's ancestor at `level`.
    int32_t ancestor(int32_t finestGrid, int level) const;

    int64_t reportedSec(size_t i) const { return epochSec + reported[i]; }
    Vec2d position(size_t i) const { return {origin.x + double(x[i]), origin.y + double(y[i])}; }

    // Rows reported in [fromSec, toSec) (absolute UTC seconds): a contiguous range.
    std::pair<size_t, size_t> rowsReportedIn(int64_t fromSec, int64_t toSec) const;
    // The reported times of the first and last events (0, 0 when empty).
    std::pair<int64_t, int64_t> timeSpan() const;

    // Bytes of the columns the analysis reads (positions, times, keys, grid and the grid index),
    // and of the text kept apart.
    size_t analysisBytes() const;
    size_t textBytes() const;
    double bytesPerEvent() const { return size() ? double(analysisBytes()) / double(size()) : 0.0; }
};

}  // namespace gs
