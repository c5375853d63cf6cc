// Events added one by one, in any order, then finished into an EventHistory: sorted by reported
// time (ties keep the order they were added in), positions relative to an origin, times relative
// to an epoch, the finest level's grid index. Shared by every way a history is read (a GDAL layer
// through a mapping, history_load; a recorded feed, history_from_feed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "history/event_history.hpp"
#include "history/history_load.hpp"

namespace gs {

class HistoryBuilder {
public:
    HistoryBuilder(std::string displayCrs, HistoryGrids grids, bool weighted);

    struct Event {
        Vec2d position;  // display CRS
        int64_t reportedMs = 0;
        std::optional<int64_t> closedMs, dueMs;
        EventStatus status = EventStatus::Open;
        uint8_t priority = EventHistory::kNoPriority;
        std::string_view category, source, team, id, title, address;
        float weight = 1;
    };
    // Finds the event's grid (counted in report.outsideGrids when none); a closed or due time
    // before the report is taken as the report's (counted).
    void add(const Event& e, HistoryLoadReport& report);
    std::size_t size() const { return reported_.size(); }
    // Errors: events spanning more than 68 years (`label` names the source).
    Result<EventHistory> finish(const std::string& label);

private:
    HistoryGrids grids_;
    bool weighted_ = false;
    EventHistory h;
    std::vector<Vec2d> points_;
    std::vector<int64_t> reported_;
    std::vector<int32_t> closedAfter_, dueAfter_, grid_, assigned_;
    std::vector<EventStatus> status_;
    std::vector<uint8_t> priority_;
    std::vector<uint16_t> category_, source_, team_;
    std::vector<float> weight_;
};

}  // namespace gs
