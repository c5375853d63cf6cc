#include "history/history_from_feed.hpp"

#include <chrono>
#include <fstream>
#include <span>
#include <unordered_map>

#include "geo/transformer.hpp"
#include "history/history_builder.hpp"
#include "live/feed/message.hpp"

namespace gs {

namespace {

bool endsWith(const std::string& s, const char* tail) {
    const std::string t(tail);
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// An issue as the recording leaves it.
struct Issue {
    LiveMessage last;
    std::optional<Vec2d> point;
    int64_t firstUpdate = kNoTime;
    int64_t closedAt = kNoTime;  // the update that first moved it to resolved/closed
    size_t line = 0;
};

}  // namespace

bool isFeedRecording(const std::string& path) {
    return endsWith(path, ".ndjson") || endsWith(path, ".jsonl") || endsWith(path, ".geojsonl");
}

HistoryBuilder::Event issueEvent(const LiveMessage& last, int64_t firstUpdate, int64_t closedAt) {
    HistoryBuilder::Event e;
    e.reportedMs = last.reportedAt != kNoTime ? last.reportedAt : firstUpdate;
    switch (last.issueStatus()) {
    case IssueStatus::Resolved: e.status = EventStatus::Resolved; break;
    case IssueStatus::Closed: e.status = EventStatus::Closed; break;
    case IssueStatus::Cancelled: e.status = EventStatus::Cancelled; break;
    default: e.status = EventStatus::Open;
    }
    if (e.status == EventStatus::Resolved || e.status == EventStatus::Closed)
        e.closedMs = last.resolvedAt != kNoTime ? last.resolvedAt : (closedAt != kNoTime ? closedAt : last.updatedAt);
    else if (e.status == EventStatus::Cancelled)
        e.closedMs = last.updatedAt;
    if (last.dueAt != kNoTime) e.dueMs = last.dueAt;
    e.priority = uint8_t(last.priority);
    e.category = last.category;
    e.team = last.team;
    e.id = last.id;
    e.title = last.title;
    e.address = last.address;
    return e;
}

Result<EventHistory> loadHistoryFromFeed(const FeedHistoryOptions& o, HistoryLoadReport& report) {
    const auto t0 = std::chrono::steady_clock::now();
    report = {};
    report.sourceLabel = o.path;
    std::ifstream in(o.path, std::ios::binary);
    if (!in) return Error{o.path + ": cannot open the recording"};
    auto toDisplay = Transformer::create(o.feedCrs, o.displayCrs);
    if (!toDisplay) return Error{o.path + ": " + toDisplay.error().message};

    std::unordered_map<std::string, Issue> issues;
    std::vector<std::string> order;  // ids in the order they first appeared
    LiveMessage m;
    std::string line;
    size_t lineNumber = 0;
    auto skip = [&](const std::string& reason, const std::string& detail) {
        size_t& n = report.skippedByReason[reason];
        if (n++ < o.keepSkippedPerReason) report.skipped.push_back({lineNumber, int64_t(lineNumber), reason, detail});
    };
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        ++report.rows;
        if (auto rejected = parseMessageInto(line, ParseOptions{}, m)) {
            skip(std::string("rejected: ") + std::string(reasonName(rejected->reason)), rejected->detail);
            continue;
        }
        if (m.kind != LiveKind::Issue) {
            skip("a volunteer, not an event", "id \"" + m.id + "\"");
            continue;
        }
        auto [it, fresh] = issues.try_emplace(m.id);
        Issue& is = it->second;
        if (fresh) order.push_back(m.id);
        if (is.firstUpdate == kNoTime || m.updatedAt < is.firstUpdate) is.firstUpdate = m.updatedAt;
        const bool closing = m.issueStatus() == IssueStatus::Resolved || m.issueStatus() == IssueStatus::Closed;
        if (closing && (is.closedAt == kNoTime || m.updatedAt < is.closedAt)) is.closedAt = m.updatedAt;
        if (fresh || m.updatedAt > is.last.updatedAt ||
            (m.updatedAt == is.last.updatedAt && m.status > is.last.status)) {
            if (m.point) is.point = m.point;
            else if (!is.point) is.point = std::nullopt;
            is.last = m;
            is.line = lineNumber;
        } else if (!is.point && m.point) {
            is.point = m.point;
        }
    }
    if (in.bad()) return Error{o.path + ": read error"};

    HistoryBuilder builder(o.displayCrs, o.grids, false);
    for (const std::string& id : order) {
        const Issue& is = issues.at(id);
        lineNumber = is.line;
        if (!is.point) {
            skip("no position", "issue \"" + id + "\" never had a geometry");
            continue;
        }
        Vec2d p = *is.point;
        if (toDisplay->transform(std::span<Vec2d>(&p, 1)) != 0) {
            skip("cannot be projected", "issue \"" + id + "\" has no place in " + o.displayCrs);
            continue;
        }
        HistoryBuilder::Event e = issueEvent(is.last, is.firstUpdate, is.closedAt);
        e.position = p;
        e.id = id;
        builder.add(e, report);
    }
    auto h = builder.finish(o.path);
    if (!h) return h.error();
    report.events = h->size();
    report.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return h;
}

}  // namespace gs
