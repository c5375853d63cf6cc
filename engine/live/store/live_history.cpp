#include "live/store/live_history.hpp"

#include <algorithm>
#include <limits>

namespace gs {
namespace {

bool timeLess(const LiveChange& c, std::int64_t t) { return c.time < t; }
bool lessTime(std::int64_t t, const LiveChange& c) { return t < c.time; }

}  // namespace

void LiveHistory::record(const LiveChange& change) {
    if (change.time < horizon_) return;
    // Messages arrive roughly in time order, so the insertion point is at or near the end.
    if (changes_.empty() || changes_.back().time <= change.time) {
        changes_.push_back(change);
        return;
    }
    const auto at = std::upper_bound(changes_.begin(), changes_.end(), change.time, lessTime);
    changes_.insert(at, change);
}

void LiveHistory::prune(std::int64_t now) {
    const std::int64_t horizon =
        now < std::numeric_limits<std::int64_t>::min() + retentionMs_ ? kNoTime : now - retentionMs_;
    if (horizon <= horizon_) return;
    horizon_ = horizon;
    while (!changes_.empty() && changes_.front().time < horizon_) changes_.pop_front();
}

Status LiveHistory::rewind(std::int64_t t, std::vector<LiveState>& states) const {
    if (t < horizon_)
        return Error{"live history: the state at " + formatRfc3339(t) + " is older than the history kept (from " +
                     formatRfc3339(horizon_) + ")"};
    for (auto it = changes_.rbegin(); it != changes_.rend() && it->time > t; ++it) {
        if (it->record < states.size()) states[it->record] = it->before;
    }
    return Status::success();
}

std::vector<LiveChange> LiveHistory::changesBetween(std::int64_t t0, std::int64_t t1) const {
    const auto first = std::lower_bound(changes_.begin(), changes_.end(), t0, timeLess);
    const auto last = std::lower_bound(first, changes_.end(), t1, timeLess);
    return std::vector<LiveChange>(first, last);
}

std::vector<LiveChange> LiveHistory::newest(std::size_t n) const {
    std::vector<LiveChange> out;
    out.reserve(std::min(n, changes_.size()));
    for (auto it = changes_.rbegin(); it != changes_.rend() && out.size() < n; ++it) out.push_back(*it);
    return out;
}

}  // namespace gs
