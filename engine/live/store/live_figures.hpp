// Per-grid dashboard figures of the live store, kept incrementally: each applied change removes the
// record's old contribution and adds its new one in O(levels · log n), and moving the clock only
// touches the records whose deadlines or windows it crosses. Nothing is recomputed per message.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "live/store/live_record.hpp"
#include "live/store/order_statistics.hpp"
#include "live/store/threshold_counter.hpp"

namespace gs {

struct GridFigures {
    std::int32_t issues = 0;            // every issue in the grid, any status
    std::int32_t open = 0;              // reported, assigned or in_progress
    std::int32_t overdue = 0;           // open and due_at < clock
    std::int32_t newLastHour = 0;       // reported_at in (clock - 1 h, clock]
    std::int32_t resolvedToday = 0;     // resolved or closed, resolution time in [local midnight, clock]
    std::int32_t responseSamples = 0;   // resolved issues with a response time (reported -> resolved >= 0)
    std::optional<std::int64_t> medianResponseMs;
    std::int32_t volunteers = 0;
    std::int32_t volunteersOnDuty = 0;  // on_duty
    std::int32_t volunteersBusy = 0;    // busy (on duty and on a task)
    friend bool operator==(const GridFigures&, const GridFigures&) = default;
};

class LiveFigures {
public:
    // gridCounts[l]: grids at level l. utcOffsetMinutes sets where "today" starts (+08:00 = 480).
    LiveFigures(std::vector<int> gridCounts, int utcOffsetMinutes);

    int levelCount() const { return int(gridCounts_.size()); }
    int gridCount(int level) const { return gridCounts_[size_t(level)]; }

    // A record enters the figures (grids: one per level, -1 unassigned).
    void add(std::uint32_t rec, LiveRecord& r, std::span<const std::int32_t> grids);
    // It leaves them, with the state and grids it was added with; bumps r.version.
    void remove(std::uint32_t rec, LiveRecord& r, std::span<const std::int32_t> grids);

    // Evaluates the clock-dependent figures at `now` (UTC epoch ms); may go back as well as forward.
    void setClock(std::int64_t now, std::vector<LiveRecord>& records, const std::vector<std::int32_t>& grids);
    std::optional<std::int64_t> clock() const { return clock_; }

    GridFigures figures(int level, int grid) const;  // grid -1: the level's unassigned things
    GridFigures totals() const;                      // everything in the store

private:
    enum Counter { kOverdue, kReportedUpToNow, kReportedUpToHourAgo, kResolvedUpToNow, kResolvedBeforeToday,
                   kCounterCount };
    struct Cell {
        std::int32_t issues = 0, open = 0, volunteers = 0, onDuty = 0, busy = 0;
        std::array<std::int32_t, kCounterCount> below{};  // members under each counter's threshold
    };

    // Cell indices of a record: one per level (its grid or the level's unassigned cell), then totals.
    template <class F>
    void forEachCell(std::span<const std::int32_t> grids, F&& f);
    void addMember(int counter, std::int64_t key, std::uint32_t rec, LiveRecord& r,
                   std::span<const std::int32_t> grids);
    GridFigures figuresOf(std::size_t cell) const;

    std::vector<int> gridCounts_;
    std::vector<std::size_t> levelOffset_;  // first cell of each level; totals is the last cell
    std::vector<Cell> cells_;
    std::vector<OrderStatistics> responses_;  // per cell, response times in ms
    std::array<ThresholdCounter, kCounterCount> counters_;
    int utcOffsetMinutes_;
    std::optional<std::int64_t> clock_;
};

}  // namespace gs
