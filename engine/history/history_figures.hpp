// What an analyst asks of a history: which events a time window and filters keep, and the figures
// of each grid at a level — count, per km², per household, overdue share, median response hours,
// resolution rate.
//
// Definitions (the window is [from, to) on the reported time; `to` is also "now" for states):
// - count: events reported in the window that pass the filters;
// - resolved: of those, events resolved or closed (not cancelled) before `to`;
// - resolution rate: resolved / count;
// - overdue: events with a deadline that was passed before `to` while they were still open (closed
//   after the deadline, or still open at `to`); overdue share: overdue / count;
// - median response hours: the median time from report to close of the resolved events (the mean
//   of the two middle values for an even number);
// - per km²: count / the grid's area; per household: count / its households (when known).
// A figure with nothing to divide by is NaN (shown as "–"), never 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "history/event_history.hpp"

namespace gs {

struct EventFilter {
    int64_t fromSec = INT64_MIN / 2, toSec = INT64_MAX / 2;  // reported in [from, to), UTC seconds
    // Allowed keys by index (empty: all). Statuses by EventStatus value; priorities 0 (none) .. 3.
    std::vector<bool> categories, sources, teams, statuses, priorities;
    int gridLevel = -1;       // with grid: only events inside this grid (its whole subtree)
    int32_t grid = -1;
    std::string text;         // a substring of the id, title or address (case-sensitive bytes)

    bool keepsKey(const std::vector<bool>& allowed, size_t key) const {
        return allowed.empty() || (key < allowed.size() && allowed[key]);
    }
};

enum class HistoryFigure { Count, PerKm2, PerHousehold, OverdueShare, MedianResponseHours, ResolutionRate };
const char* historyFigureName(HistoryFigure f);  // "count", "per_km2", ...
bool parseHistoryFigure(const std::string& name, HistoryFigure& out);

struct HistoryGridFigures {
    int level = 0;
    std::vector<uint32_t> count, resolved, overdue;
    std::vector<double> medianResponseHours;  // NaN without a resolved event
    uint32_t outside = 0;                     // kept events in no grid of this level
    uint32_t total = 0;                       // kept events

    // The figure of grid g; area (m²) and households may be NaN when unknown.
    double value(HistoryFigure f, size_t g, double areaM2, double households) const;
};

// A filter's allowed keys (EventFilter::categories ...) from their texts: empty for none wanted
// (all kept); a text no event has is an Error "<what> \"x\": no event has it (there are: ...)", so a
// typo never silently keeps nothing. `what` names the option ("--category", "analysis.filters.team").
Result<std::vector<bool>> filterKeys(const std::string& what, const std::vector<std::string>& wanted,
                                     const Dictionary& dict);

// The rows the filter keeps (ascending), and each grid's figures at `level`. A text filter scans
// the text columns of the window's rows; everything else reads only the analysis columns.
std::vector<uint32_t> selectEvents(const EventHistory& h, const EventFilter& filter);

// What a filter keeps and what each option of it would keep, in one pass over the history (the
// analyst's panel after every change): `kept` is selectEvents(filter); categories[k], statuses[k]
// priorities[k], teams[k] and sources[k] count the window's events of key k that every other filter keeps (the counts
// beside each option); timeline[b] counts the events of bucket b — [firstSec + b·bucketSec,
// + bucketSec) — that every filter but the time window keeps (events outside the buckets are not
// counted).
struct FacetCounts {
    std::vector<uint32_t> kept;
    std::vector<std::size_t> categories, statuses, priorities, teams, sources;
    std::vector<float> timeline;
};
FacetCounts facetCounts(const EventHistory& h, const EventFilter& filter, int64_t firstSec, int64_t bucketSec,
                        std::size_t buckets);
HistoryGridFigures gridFigures(const EventHistory& h, const EventFilter& filter, int level);
HistoryGridFigures gridFigures(const EventHistory& h, const std::vector<uint32_t>& rows, int64_t toSec, int level);

}  // namespace gs
