#include "history/history_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* const kFigureNames[] = {"count", "per_km2", "per_household", "overdue_share", "median_response_hours",
                                    "resolution_rate"};

bool inSubtree(const EventHistory& h, size_t row, const EventFilter& f) {
    return f.gridLevel < 0 || f.grid < 0 || h.gridAt(row, f.gridLevel) == f.grid;
}

bool matchesText(const EventHistory& h, size_t row, const std::string& text) {
    return h.ids[row].find(text) != std::string_view::npos || h.titles[row].find(text) != std::string_view::npos ||
           h.addresses[row].find(text) != std::string_view::npos;
}

}  // namespace

const char* historyFigureName(HistoryFigure f) { return kFigureNames[int(f)]; }

bool parseHistoryFigure(const std::string& name, HistoryFigure& out) {
    for (int i = 0; i < 6; ++i)
        if (name == kFigureNames[i]) {
            out = HistoryFigure(i);
            return true;
        }
    return false;
}

double HistoryGridFigures::value(HistoryFigure f, size_t g, double areaM2, double households) const {
    const double n = count[g];
    switch (f) {
    case HistoryFigure::Count: return n;
    case HistoryFigure::PerKm2: return areaM2 > 0 ? n / (areaM2 / 1e6) : kNaN;
    case HistoryFigure::PerHousehold: return households > 0 ? n / households : kNaN;
    case HistoryFigure::OverdueShare: return n > 0 ? overdue[g] / n : kNaN;
    case HistoryFigure::MedianResponseHours: return medianResponseHours[g];
    case HistoryFigure::ResolutionRate: return n > 0 ? resolved[g] / n : kNaN;
    }
    return kNaN;
}

Result<std::vector<bool>> filterKeys(const std::string& what, const std::vector<std::string>& wanted,
                                     const Dictionary& dict) {
    std::vector<bool> keep;
    if (wanted.empty()) return keep;
    keep.assign(dict.size(), false);
    for (const auto& w : wanted) {
        const int i = dict.find(w);
        if (i < 0) {
            std::string all;
            for (size_t k = 0; k < dict.size() && k < 30; ++k) all += (k ? ", " : "") + std::string("\"") + dict[k] + "\"";
            return Error{what + " \"" + w + "\": no event has it (there are: " + all + ")"};
        }
        keep[size_t(i)] = true;
    }
    return keep;
}

std::vector<uint32_t> selectEvents(const EventHistory& h, const EventFilter& f) {
    const auto [begin, end] = h.rowsReportedIn(f.fromSec, f.toSec);
    std::vector<uint32_t> rows;
    const bool keyFilters = !f.categories.empty() || !f.sources.empty() || !f.teams.empty() ||
                            !f.statuses.empty() || !f.priorities.empty();
    // A grid filter at the finest level reads that grid's index; a coarser one walks the window.
    if (f.gridLevel >= 0 && f.grid >= 0 && f.gridLevel == h.levelCount() - 1 && !h.gridStart.empty()) {
        const uint32_t* first = h.gridEvents.data() + h.gridStart[size_t(f.grid)];
        const uint32_t* last = h.gridEvents.data() + h.gridStart[size_t(f.grid) + 1];
        first = std::lower_bound(first, last, uint32_t(begin));
        last = std::lower_bound(first, last, uint32_t(end));
        rows.assign(first, last);
    } else {
        rows.reserve(end - begin);
        for (size_t i = begin; i < end; ++i)
            if (inSubtree(h, i, f)) rows.push_back(uint32_t(i));
    }
    if (keyFilters || !f.text.empty()) {
        auto drop = [&](uint32_t i) {
            return !f.keepsKey(f.categories, h.category[i]) || !f.keepsKey(f.sources, h.source[i]) ||
                   !f.keepsKey(f.teams, h.team[i]) || !f.keepsKey(f.statuses, size_t(h.status[i])) ||
                   !f.keepsKey(f.priorities, h.priority[i]) || (!f.text.empty() && !matchesText(h, i, f.text));
        };
        rows.erase(std::remove_if(rows.begin(), rows.end(), drop), rows.end());
    }
    return rows;
}

FacetCounts facetCounts(const EventHistory& h, const EventFilter& f, int64_t firstSec, int64_t bucketSec,
                        std::size_t buckets) {
    FacetCounts out;
    out.categories.assign(h.categories.size(), 0);
    out.statuses.assign(kEventStatusCount, 0);
    out.priorities.assign(4, 0);
    out.teams.assign(h.teams.size(), 0);
    out.sources.assign(h.sources.size(), 0);
    out.timeline.assign(buckets, 0.0f);
    const auto [begin, end] = h.rowsReportedIn(f.fromSec, f.toSec);
    out.kept.reserve(end - begin);
    const bool shared = !f.text.empty() || (f.gridLevel >= 0 && f.grid >= 0);
    for (size_t i = 0; i < h.size(); ++i) {
        // The filters every count shares: grid and text.
        if (shared && (!inSubtree(h, i, f) || (!f.text.empty() && !matchesText(h, i, f.text)))) continue;
        // Each key filter; a count leaves out its own.
        const bool c = f.keepsKey(f.categories, h.category[i]);
        const bool s = f.keepsKey(f.statuses, size_t(h.status[i]));
        const bool p = f.keepsKey(f.priorities, h.priority[i]);
        const bool t = f.keepsKey(f.teams, h.team[i]);
        const bool o = f.keepsKey(f.sources, h.source[i]);
        if (c && s && p && t && o && buckets) {
            const int64_t b = (h.reportedSec(i) - firstSec) / bucketSec;
            if (h.reportedSec(i) >= firstSec && b < int64_t(buckets)) ++out.timeline[size_t(b)];
        }
        if (i < begin || i >= end) continue;
        if (s && p && t && o) ++out.categories[h.category[i]];
        if (c && p && t && o) ++out.statuses[size_t(h.status[i])];
        if (c && s && t && o) ++out.priorities[std::min<size_t>(3, h.priority[i])];
        if (c && s && p && o && h.team[i] < out.teams.size()) ++out.teams[h.team[i]];
        if (c && s && p && t && h.source[i] < out.sources.size()) ++out.sources[h.source[i]];
        if (c && s && p && t && o) out.kept.push_back(uint32_t(i));
    }
    return out;
}

HistoryGridFigures gridFigures(const EventHistory& h, const std::vector<uint32_t>& rows, int64_t toSec, int level) {
    HistoryGridFigures out;
    out.level = level;
    const size_t grids = level >= 0 && level < h.levelCount() ? size_t(h.gridCount(level)) : 0;
    out.count.assign(grids, 0);
    out.resolved.assign(grids, 0);
    out.overdue.assign(grids, 0);
    out.medianResponseHours.assign(grids, kNaN);
    std::vector<std::vector<int32_t>> responses(grids);
    out.total = uint32_t(rows.size());
    for (uint32_t i : rows) {
        const int32_t g = grids ? h.gridAt(i, level) : EventHistory::kNone;
        if (g < 0) {
            ++out.outside;
            continue;
        }
        const int64_t reported = h.reportedSec(i);
        const int32_t closed = h.closedAfter[i];
        const EventStatus s = h.status[i];
        const bool closedByEnd = closed != EventHistory::kNone && reported + closed < toSec;
        ++out.count[size_t(g)];
        if (closedByEnd && s != EventStatus::Cancelled) {
            ++out.resolved[size_t(g)];
            responses[size_t(g)].push_back(closed);
        }
        const int32_t due = h.dueAfter[i];
        if (due != EventHistory::kNone && reported + due < toSec && (!closedByEnd || closed > due))
            ++out.overdue[size_t(g)];
    }
    for (size_t g = 0; g < grids; ++g) {
        auto& r = responses[g];
        if (r.empty()) continue;
        const size_t mid = r.size() / 2;
        std::nth_element(r.begin(), r.begin() + std::ptrdiff_t(mid), r.end());
        double median = r[mid];
        if (r.size() % 2 == 0) median = (median + *std::max_element(r.begin(), r.begin() + std::ptrdiff_t(mid))) / 2;
        out.medianResponseHours[g] = median / 3600.0;
    }
    return out;
}

HistoryGridFigures gridFigures(const EventHistory& h, const EventFilter& filter, int level) {
    return gridFigures(h, selectEvents(h, filter), filter.toSec, level);
}

}  // namespace gs
