// The command-center wall's figures (issue 4), extracted from the live store on the CPU: KPI tiles
// with yesterday's values, issues per hour, by category and by status, the grid rankings and the
// ticker. This is where a public layout's privacy is enforced: in public mode the model holds no
// issue title, address, id, point or person's name, and per-grid counts under k are suppressed, so
// whatever draws it cannot leak them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "live/store/live_store.hpp"

namespace gs {

struct WallModelOptions {
    int utcOffsetMinutes = 480;          // where "today" starts (the store's StoreOptions::utcOffsetMinutes)
    int rankingLevel = -1;               // grid level ranked; -1 = finest level of the store
    std::size_t rankingSize = 8;
    std::size_t tickerSize = 12;
    std::size_t categories = 8;          // top N categories, the rest summed as "other" (key "")
    bool publicMode = false;
    int minCount = 5;                    // public: per-grid counts below this are reported as suppressed
};

// One KPI tile. "Yesterday" is the same figure evaluated at clock - 24 h.
struct Kpi {
    std::optional<double> now;           // nullopt = no data (e.g. median with no sample)
    std::optional<double> yesterday;     // the same figure at clock - 24 h; nullopt when unknown
};

struct GridCount {                       // a per-grid figure that public mode may suppress
    int value = 0;
    bool suppressed = false;             // public mode and 0 < value < minCount: draw "<k", never the value
};

struct RankingRow {
    int grid = -1;                       // index at rankingLevel
    std::string gridId, gridName;        // from WallGridNames (grid names are public: they are places)
    GridCount overdue, open;
    std::optional<double> medianResponseHours;  // resolved issues of the grid (store figures); public: nullopt under minCount samples
};

struct TickerEvent {
    std::int64_t time = 0;               // of the change (updated_at)
    std::string gridName;                // finest-level grid's name, or "" unassigned
    std::string category;                // the issue's current category
    std::uint8_t status = 0;             // IssueStatus after the change
    int priority = 3;                    // after the change
    std::string title;                   // the issue's current title; EMPTY in public mode
    std::string issueId;                 // EMPTY in public mode
    std::optional<Vec2d> point;          // after the change, feed CRS; nullopt in public mode
};

// Figure definitions ("clock" is the store's clock; T = clock - 24 h; midnight = local, utcOffsetMinutes):
//   open, overdue: now from store.totals(); at T: reported_at <= T, not resolved by T (resolution time
//     unset or > T), not cancelled by T (a cancelled issue's updated_at is its cancel time); overdue
//     also has due_at < T.
//   newToday: issues with reported_at in [midnight, clock]; at T, [midnight of T, T].
//   resolvedToday: issues whose resolutionTime() is in [midnight, clock]; at T likewise.
//   medianResponseHours: median of resolution time - reported_at over the issues resolved today
//     (negative ones left out, mean of the middle two for an even count); nullopt without a sample.
//   resolutionRate: resolvedToday / (resolvedToday + open), 0..1; nullopt when both are 0.
//   volunteersOnDuty: volunteers on_duty or busy (busy = on duty, on a task); now from store.totals(),
//     at T from the history: the count now with the changes after T undone, as store.stateAt(T)
//     would give but without its O(records) cost (nullopt when T is before the history's horizon).
// Yesterday's issue figures come from the records' timestamps, so an issue resolved before T and
// reopened since counts as open at T.
struct WallModel {
    std::int64_t clock = 0;              // the store's clock; 0 and everything empty when it has none
    Kpi open, overdue, newToday, resolvedToday, resolutionRate /*0..1*/, medianResponseHours, volunteersOnDuty;
    std::array<int, 24> hourly{};        // issues reported in [clock-24h+i*1h, clock-24h+(i+1)*1h)
    std::array<int, 24> hourlyBefore{};  // the same bins 24 h earlier
    std::vector<std::pair<std::string, int>> byCategory;   // open issues per category, top N descending, then "" = other
    std::array<int, 6> byStatus{};       // issues reported in [clock-24h, clock) (hourly's window), by current IssueStatus
    std::vector<RankingRow> mostOverdue;      // overdue desc, then open desc; grids with no overdue issue left out
    std::vector<RankingRow> slowestResponse;  // median response desc; only grids with a median (public: >= minCount samples)
    std::vector<TickerEvent> ticker;     // the history's newest changes of issues, newest first
};

struct WallGridNames {                   // per level, per grid index: id and display name
    std::vector<std::vector<std::string>> ids, names;
};

// One pass over the store's records plus its per-grid figures and the history's newest changes.
// A ranking level the store does not have is a programmer error (asserted; no ranking in release).
WallModel buildWallModel(const LiveStore& store, const WallGridNames& grids, const WallModelOptions& options);

// Priority-1 issues that appeared (first message, or priority raised to 1) with change time in
// (since, until], open after that change; once per issue per call, in time order. Detail for the
// analyst's window and alerts, never for a public layout. Only as far back as the history's horizon.
struct UrgentEvent {
    std::string id;
    std::optional<Vec2d> point;          // feed CRS, at the change
    std::int64_t reportedAt = 0;
    std::string category, title, gridName;  // current category and title; finest-level grid at the change
};
// Where a public wall may say an issue is: the finest level whose grid holds at least `minCount`
// issues (the street rather than a grid of three), or none (level -1, empty name).
struct PublicPlace {
    int level = -1, grid = -1;
    std::string name;
};
PublicPlace publicPlaceOf(const LiveStore& store, const WallGridNames& grids, std::uint32_t record, int minCount);

std::vector<UrgentEvent> urgentIssuesBetween(const LiveStore& store, const WallGridNames& grids, std::int64_t since,
                                             std::int64_t until);

}  // namespace gs
