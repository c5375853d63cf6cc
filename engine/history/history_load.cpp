#include "history/history_load.hpp"

#include "history/history_builder.hpp"

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

EventStatus statusOf(const std::string& closeStatus) {
    if (closeStatus.empty()) return EventStatus::Open;
    if (closeStatus == "resolved") return EventStatus::Resolved;
    if (closeStatus == "cancelled") return EventStatus::Cancelled;
    return EventStatus::Closed;
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

    const bool weighted = !mapping.weightColumn.empty();
    HistoryBuilder builder(options.displayCrs, options.grids, weighted);
    std::unordered_map<std::string, size_t> firstRowOfId;
    std::vector<std::string_view> fields;
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
            HistoryBuilder::Event e;
            e.position = p;
            e.reportedMs = row.opened.utcMillis;
            if (row.closed && !row.closeStatus.empty()) e.closedMs = row.closed->utcMillis;
            if (row.due) e.dueMs = row.due->utcMillis;
            e.status = statusOf(row.closeStatus);
            e.priority = row.priority ? uint8_t(*row.priority) : EventHistory::kNoPriority;
            e.category = row.category;
            e.source = row.source;
            e.team = row.team;
            e.id = row.id;
            e.title = row.title;
            e.address = row.address;
            if (weighted && !row.weight) ++report.missingWeights;
            e.weight = float(row.weight.value_or(1.0));
            builder.add(e, report);
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

    auto history = builder.finish(table.label());
    if (!history) return history.error();
    const size_t n = history->size();
    report.events = n;
    report.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return history;
}

}  // namespace gs
