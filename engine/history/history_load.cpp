#include "history/history_load.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "geo/transformer.hpp"
#include "live/import/case_row.hpp"
#include "source/table_source.hpp"

namespace gs {

namespace {

constexpr size_t kBatchRows = 4096;

// Batches handed from the GDAL thread to the converting one; two in flight are enough to keep
// both busy.
class BatchQueue {
public:
    void push(TableBatch batch) {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return queue_.size() < 3 || stopped_; });
        queue_.push_back(std::move(batch));
        ready_.notify_one();
    }
    void close(std::optional<Error> error = std::nullopt) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        error_ = std::move(error);
        ready_.notify_all();
    }
    void stop() {  // the consumer gives up: the producer must not block
        std::lock_guard lock(mutex_);
        stopped_ = true;
        room_.notify_all();
    }
    bool stopped() {
        std::lock_guard lock(mutex_);
        return stopped_;
    }
    // False at the end (then error() may hold the reader's error).
    bool pop(TableBatch& out) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return false;
        out = std::move(queue_.front());
        queue_.pop_front();
        room_.notify_one();
        return true;
    }
    std::optional<Error> error() {
        std::lock_guard lock(mutex_);
        return error_;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<TableBatch> queue_;
    bool closed_ = false, stopped_ = false;
    std::optional<Error> error_;
};

// Rows as they are read, before the sort: absolute times, lon/lat projected.
struct Staging {
    std::vector<Vec2d> points;
    std::vector<int64_t> reported;
    std::vector<int32_t> closedAfter, dueAfter, grid;
    std::vector<EventStatus> status;
    std::vector<uint8_t> priority;
    std::vector<uint16_t> category, source, team;
    std::vector<float> weight;
};

EventStatus statusOf(const std::string& closeStatus) {
    if (closeStatus.empty()) return EventStatus::Open;
    if (closeStatus == "resolved") return EventStatus::Resolved;
    if (closeStatus == "cancelled") return EventStatus::Cancelled;
    return EventStatus::Closed;
}

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

size_t HistoryLoadReport::rowsSkipped() const {
    size_t n = 0;
    for (const auto& [reason, count] : skippedByReason) n += count;
    return n;
}

std::string HistoryLoadReport::summary(size_t examples) const {
    std::ostringstream s;
    s << sourceLabel << ": " << rows << " rows; " << events << " events; " << rowsSkipped() << " skipped";
    for (const auto& [reason, count] : skippedByReason) {
        s << "\n  skipped, " << reason << ": " << count;
        size_t shown = 0;
        for (const HistorySkippedRow& r : skipped) {
            if (r.reason != reason) continue;
            if (shown == examples) {
                s << "\n    ...";
                break;
            }
            s << "\n    row " << r.row << " (fid " << r.fid << "): " << r.detail;
            ++shown;
        }
    }
    if (closedBeforeOpened)
        s << "\n  adjusted, closed before opened: " << closedBeforeOpened << " (taken as closed when opened)";
    if (dueBeforeOpened) s << "\n  adjusted, due before opened: " << dueBeforeOpened << " (taken as due when opened)";
    if (missingWeights) s << "\n  adjusted, empty weight: " << missingWeights << " (taken as 1)";
    if (nonexistentLocalTimes)
        s << "\n  adjusted, local times in a DST gap: " << nonexistentLocalTimes << " (read as after the jump)";
    if (ambiguousLocalTimes)
        s << "\n  adjusted, ambiguous local times: " << ambiguousLocalTimes << " (read as the first occurrence)";
    if (outsideGrids) s << "\n  outside every grid: " << outsideGrids << " events (kept; in no grid's figures)";
    for (const auto& w : warnings) s << "\n  GDAL warning: " << w;
    return s.str();
}

Result<EventHistory> loadHistory(const HistoryLoadOptions& options, HistoryLoadReport& report) {
    const auto t0 = std::chrono::steady_clock::now();
    report = {};
    auto opened = TableSource::open(options.source);
    if (!opened) return opened.error();
    TableSource table = std::move(opened).value();
    report.sourceLabel = table.label();

    // A point geometry's columns are in the layer's CRS unless the mapping says otherwise.
    CsvFeedMapping mapping = options.mapping;
    if (mapping.crs.empty() && mapping.xColumn == "geometry.x" && !table.crsName().empty())
        mapping.crs = table.crsWkt();
    auto reader = CaseRowReader::create(mapping, table.label(), table.header());
    if (!reader) return reader.error();
    auto toDisplay = Transformer::create("EPSG:4326", options.displayCrs);
    if (!toDisplay) return Error{"display CRS: " + toDisplay.error().message};

    // GDAL on its own thread.
    BatchQueue queue;
    std::thread gdalThread([&] {
        for (;;) {
            TableBatch batch;
            auto more = table.readBatch(batch, kBatchRows);
            if (!more) return queue.close(more.error());
            if (!*more || queue.stopped()) return queue.close();
            queue.push(std::move(batch));
        }
    });

    EventHistory h;
    h.displayCrs = options.displayCrs;
    Staging st;
    const bool weighted = !mapping.weightColumn.empty();
    std::unordered_map<std::string, size_t> firstRowOfId;
    std::vector<std::string_view> fields;
    std::vector<int32_t> assigned(std::max<size_t>(1, options.grids.levelNames.size()));
    CaseRow row;
    TableBatch batch;
    const size_t columns = table.header().size();
    size_t rowNumber = 0;
    auto skip = [&](const CaseSkip& why, int64_t fid) {
        size_t& n = report.skippedByReason[why.reason];
        if (n++ < options.keepSkippedPerReason) report.skipped.push_back({rowNumber, fid, why.reason, why.detail});
    };
    while (queue.pop(batch)) {
        for (size_t r = 0; r < batch.rows(); ++r) {
            ++rowNumber;
            fields.resize(columns);
            for (size_t c = 0; c < columns; ++c) fields[c] = batch.value(r, c);
            auto duplicateOf = [&](const std::string& id) -> std::optional<std::string> {
                if (auto it = firstRowOfId.find(id); it != firstRowOfId.end())
                    return "was first used on row " + std::to_string(it->second);
                return std::nullopt;
            };
            const auto skipped = reader->read(fields, row, duplicateOf);
            report.ambiguousLocalTimes += size_t(row.ambiguousTimes);
            report.nonexistentLocalTimes += size_t(row.nonexistentTimes);
            if (skipped) {
                skip(*skipped, batch.fids[r]);
                continue;
            }
            Vec2d p = row.lonLat;
            if (toDisplay->transform(std::span<Vec2d>(&p, 1)) != 0) {
                skip({"cannot be projected", "lon " + std::to_string(row.lonLat.x) + ", lat " +
                                                 std::to_string(row.lonLat.y) + " has no place in " + options.displayCrs},
                     batch.fids[r]);
                continue;
            }
            firstRowOfId.emplace(row.id, rowNumber);
            int32_t g = EventHistory::kNone;
            if (options.grids.assigner) {
                options.grids.assigner->assign(p, {}, assigned);
                g = assigned.back();
            }
            if (g == EventHistory::kNone) ++report.outsideGrids;
            st.grid.push_back(g);
            st.points.push_back(p);
            st.reported.push_back(floorSec(row.opened.utcMillis));
            st.closedAfter.push_back(row.closed && !row.closeStatus.empty()
                                         ? secondsAfter(row.closed->utcMillis, row.opened.utcMillis,
                                                        report.closedBeforeOpened)
                                         : EventHistory::kNone);
            st.dueAfter.push_back(row.due ? secondsAfter(row.due->utcMillis, row.opened.utcMillis, report.dueBeforeOpened)
                                          : EventHistory::kNone);
            st.status.push_back(statusOf(row.closeStatus));
            st.priority.push_back(row.priority ? uint8_t(*row.priority) : EventHistory::kNoPriority);
            st.category.push_back(h.categories.add(row.category));
            st.source.push_back(h.sources.add(row.source));
            st.team.push_back(h.teams.add(row.team));
            if (weighted) {
                if (!row.weight) ++report.missingWeights;
                st.weight.push_back(float(row.weight.value_or(1.0)));
            }
            h.ids.push(row.id);
            h.titles.push(row.title);
            h.addresses.push(row.address);
        }
        for (auto& w : batch.warnings)
            if (report.warnings.size() < 5 && std::find(report.warnings.begin(), report.warnings.end(), w) ==
                                                   report.warnings.end())
                report.warnings.push_back(std::move(w));
        if (options.progress) options.progress(rowNumber);
    }
    queue.stop();
    gdalThread.join();
    if (auto error = queue.error()) return *error;
    report.rows = rowNumber;
    report.readSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // Sort by reported time (stable: ties keep the layer's order).
    const size_t n = st.reported.size();
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return st.reported[a] < st.reported[b]; });
    if (n > 0) {
        const int64_t first = st.reported[order.front()], last = st.reported[order.back()];
        h.epochSec = first - (((first % 86400) + 86400) % 86400);  // midnight UTC before the first event
        if (last - h.epochSec > std::numeric_limits<int32_t>::max())
            return Error{table.label() + ": the events span more than 68 years (first " + std::to_string(first) +
                         ", last " + std::to_string(last) + " s since 1970); narrow the source with a where filter"};
    }
    // Positions relative to the centre of their box, as floats.
    Box box;
    for (const Vec2d& p : st.points)
        box.add(p);
    h.origin = box.empty() ? Vec2d{0, 0} : box.center();
    h.x.resize(n);
    h.y.resize(n);
    h.reported.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const uint32_t o = order[i];
        h.x[i] = float(st.points[o].x - h.origin.x);
        h.y[i] = float(st.points[o].y - h.origin.y);
        h.reported[i] = int32_t(st.reported[o] - h.epochSec);
    }
    permute(st.closedAfter, order), h.closedAfter = std::move(st.closedAfter);
    permute(st.dueAfter, order), h.dueAfter = std::move(st.dueAfter);
    permute(st.status, order), h.status = std::move(st.status);
    permute(st.priority, order), h.priority = std::move(st.priority);
    permute(st.category, order), h.category = std::move(st.category);
    permute(st.source, order), h.source = std::move(st.source);
    permute(st.team, order), h.team = std::move(st.team);
    permute(st.weight, order), h.weight = std::move(st.weight);
    permute(st.grid, order), h.grid = std::move(st.grid);
    h.ids.permute(order);
    h.titles.permute(order);
    h.addresses.permute(order);

    // The grids and the finest level's index (counting sort: each grid's events stay in time order).
    h.levelNames = options.grids.levelNames;
    h.parents = options.grids.parents;
    h.gridIds = options.grids.gridIds;
    h.gridNames = options.grids.gridNames;
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
    report.events = n;
    report.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return h;
}

}  // namespace gs
