#include "history/event_history.hpp"

#include <algorithm>

namespace gs {

const char* eventStatusName(EventStatus s) {
    switch (s) {
    case EventStatus::Open: return "open";
    case EventStatus::Resolved: return "resolved";
    case EventStatus::Closed: return "closed";
    case EventStatus::Cancelled: return "cancelled";
    }
    return "?";
}

uint16_t Dictionary::add(std::string_view text) {
    // Dictionaries hold tens of keys: a scan beats a hash map here and keeps the order of arrival.
    for (size_t i = 0; i < texts_.size(); ++i)
        if (texts_[i] == text) return uint16_t(i);
    texts_.emplace_back(text);
    return uint16_t(texts_.size() - 1);
}

int Dictionary::find(std::string_view text) const {
    for (size_t i = 0; i < texts_.size(); ++i)
        if (texts_[i] == text) return int(i);
    return -1;
}

int32_t EventHistory::ancestor(int32_t g, int level) const {
    const int finest = levelCount() - 1;
    for (int l = finest; l > level && g != kNone; --l) g = parents[size_t(l)][size_t(g)];
    return g;
}

int32_t EventHistory::gridAt(size_t i, int level) const { return ancestor(grid[i], level); }

std::pair<size_t, size_t> EventHistory::rowsReportedIn(int64_t fromSec, int64_t toSec) const {
    auto rel = [&](int64_t t) {
        const int64_t r = t - epochSec;
        return int32_t(std::clamp<int64_t>(r, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()));
    };
    if (toSec <= fromSec) return {0, 0};
    const auto b = std::lower_bound(reported.begin(), reported.end(), rel(fromSec));
    // toSec beyond int32 range clamps to the last second, which is then included: add one row's worth.
    const auto e = toSec - epochSec > std::numeric_limits<int32_t>::max()
                       ? reported.end()
                       : std::lower_bound(b, reported.end(), rel(toSec));
    return {size_t(b - reported.begin()), size_t(e - reported.begin())};
}

std::pair<int64_t, int64_t> EventHistory::timeSpan() const {
    if (reported.empty()) return {0, 0};
    return {epochSec + reported.front(), epochSec + reported.back()};
}

size_t EventHistory::analysisBytes() const {
    auto bytes = [](const auto& v) { return v.size() * sizeof(v[0]); };
    return bytes(x) + bytes(y) + bytes(reported) + bytes(closedAfter) + bytes(dueAfter) + bytes(status) +
           bytes(priority) + bytes(category) + bytes(source) + bytes(team) + bytes(weight) + bytes(grid) +
           bytes(gridStart) + bytes(gridEvents);
}

size_t EventHistory::textBytes() const { return ids.bytes() + titles.bytes() + addresses.bytes(); }

}  // namespace gs
