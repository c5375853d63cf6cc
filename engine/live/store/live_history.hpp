// Every change the live store applied, for a configurable span of time, as compact before/after
// records ordered by the time of the change (the message's updated_at). Answers "what changed in
// [t0, t1)" and, by undoing the changes after T from the current state, "what was the state at T".
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "live/store/live_record.hpp"

namespace gs {

struct LiveChange {
    std::int64_t time = 0;      // updated_at of the message applied
    std::uint32_t record = 0;   // the store's record index
    LiveState before, after;
};

class LiveHistory {
public:
    explicit LiveHistory(std::int64_t retentionMs) : retentionMs_(retentionMs) {}

    // Records a change; changes older than the horizon are not kept (they can no longer matter to
    // a question the history accepts). Changes of one record come in non-decreasing time order.
    void record(const LiveChange& change);

    // Forgets changes older than now - retention; the horizon never moves back.
    void prune(std::int64_t now);

    // The earliest time the history can answer for: state at T needs every change after T.
    std::int64_t horizon() const { return horizon_; }

    // Rewinds `states` (indexed by record, holding the current state) to time t: every change after
    // t is undone, newest first. An error when t is before the horizon.
    Status rewind(std::int64_t t, std::vector<LiveState>& states) const;

    // Changes with time in [t0, t1), in time order.
    std::vector<LiveChange> changesBetween(std::int64_t t0, std::int64_t t1) const;
    // The `n` latest changes (by time), newest first: the feed panel's list of events.
    std::vector<LiveChange> newest(std::size_t n) const;

    std::size_t size() const { return changes_.size(); }
    std::int64_t retentionMs() const { return retentionMs_; }

private:
    std::deque<LiveChange> changes_;  // sorted by time; equal times in the order applied
    std::int64_t retentionMs_;
    std::int64_t horizon_ = kNoTime;
};

}  // namespace gs
