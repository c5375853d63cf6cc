#include "history/history_builder.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace gs {

namespace {

int64_t floorSec(int64_t millis) { return millis / 1000 - ((millis % 1000 != 0) && (millis < 0)); }

int32_t secondsAfter(int64_t laterMs, int64_t earlierMs, size_t& clampedCount) {
    int64_t d = floorSec(laterMs) - floorSec(earlierMs);
    if (d < 0) {
        ++clampedCount;
        d = 0;
    }
    return int32_t(std::min<int64_t>(d, std::numeric_limits<int32_t>::max()));
}

template <typename T>
void permute(std::vector<T>& v, const std::vector<uint32_t>& order) {
    if (v.empty()) return;
    std::vector<T> out(order.size());
    for (size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
    v = std::move(out);
}

}  // namespace

HistoryBuilder::HistoryBuilder(std::string displayCrs, HistoryGrids grids, bool weighted)
    : grids_(std::move(grids)), weighted_(weighted) {
    h.displayCrs = std::move(displayCrs);
    assigned_.assign(std::max<size_t>(1, grids_.levelNames.size()), EventHistory::kNone);
}

void HistoryBuilder::add(const Event& e, HistoryLoadReport& report) {
    int32_t g = EventHistory::kNone;
    if (grids_.assigner) {
        grids_.assigner->assign(e.position, {}, assigned_);
        g = assigned_.back();
    }
    if (g == EventHistory::kNone) ++report.outsideGrids;
    grid_.push_back(g);
    points_.push_back(e.position);
    reported_.push_back(floorSec(e.reportedMs));
    closedAfter_.push_back(e.closedMs ? secondsAfter(*e.closedMs, e.reportedMs, report.closedBeforeOpened)
                                      : EventHistory::kNone);
    dueAfter_.push_back(e.dueMs ? secondsAfter(*e.dueMs, e.reportedMs, report.dueBeforeOpened) : EventHistory::kNone);
    status_.push_back(e.status);
    priority_.push_back(e.priority);
    category_.push_back(h.categories.add(e.category));
    source_.push_back(h.sources.add(e.source));
    team_.push_back(h.teams.add(e.team));
    if (weighted_) weight_.push_back(e.weight);
    h.ids.push_back(e.id);
    h.titles.push_back(e.title);
    h.addresses.push_back(e.address);
}

Result<EventHistory> HistoryBuilder::finish(const std::string& label) {
    // Sort by reported time (stable: ties keep the layer's order).
    const size_t n = reported_.size();
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return reported_[a] < reported_[b]; });
    if (n > 0) {
        const int64_t first = reported_[order.front()], last = reported_[order.back()];
        h.epochSec = first - (((first % 86400) + 86400) % 86400);  // midnight UTC before the first event
        if (last - h.epochSec > std::numeric_limits<int32_t>::max())
            return Error{label + ": the events span more than 68 years (first " + std::to_string(first) +
                         ", last " + std::to_string(last) + " s since 1970); narrow the source"};
    }
    // Positions relative to the centre of their box, as floats.
    Box box;
    for (const Vec2d& p : points_)
        box.add(p);
    h.origin = box.empty() ? Vec2d{0, 0} : box.center();
    h.x.resize(n);
    h.y.resize(n);
    h.reported.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const uint32_t o = order[i];
        h.x[i] = float(points_[o].x - h.origin.x);
        h.y[i] = float(points_[o].y - h.origin.y);
        h.reported[i] = int32_t(reported_[o] - h.epochSec);
    }
    permute(closedAfter_, order), h.closedAfter = std::move(closedAfter_);
    permute(dueAfter_, order), h.dueAfter = std::move(dueAfter_);
    permute(status_, order), h.status = std::move(status_);
    permute(priority_, order), h.priority = std::move(priority_);
    permute(category_, order), h.category = std::move(category_);
    permute(source_, order), h.source = std::move(source_);
    permute(team_, order), h.team = std::move(team_);
    permute(weight_, order), h.weight = std::move(weight_);
    permute(grid_, order), h.grid = std::move(grid_);
    h.ids.permute(order);
    h.titles.permute(order);
    h.addresses.permute(order);

    // The grids and the finest level's index (counting sort: each grid's events stay in time order).
    h.levelNames = grids_.levelNames;
    h.parents = grids_.parents;
    h.gridIds = grids_.gridIds;
    h.gridNames = grids_.gridNames;
    h.gridNames.resize(h.gridIds.size());
    for (size_t l = 0; l < h.gridIds.size(); ++l) h.gridNames[l].resize(h.gridIds[l].size());
    if (h.levelCount() > 0) {
        const size_t grids = size_t(h.gridCount(h.levelCount() - 1));
        h.gridStart.assign(grids + 1, 0);
        for (int32_t g : h.grid)
            if (g >= 0) ++h.gridStart[size_t(g) + 1];
        for (size_t g = 0; g < grids; ++g) h.gridStart[g + 1] += h.gridStart[g];
        h.gridEvents.resize(h.gridStart.back());
        std::vector<uint32_t> next(h.gridStart.begin(), h.gridStart.end() - 1);
        for (size_t i = 0; i < n; ++i)
            if (h.grid[i] >= 0) h.gridEvents[next[size_t(h.grid[i])]++] = uint32_t(i);
    }
    return std::move(h);
}

}  // namespace gs
