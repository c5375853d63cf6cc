// Which members have a time key below a moving threshold: the machinery behind the live figures
// that depend on the clock (overdue = due_at < now, new in the last hour, resolved today).
//
// Members sit in two heaps, "above" (min-heap) and "below" (max-heap); moving the threshold moves
// only the members that cross it, in either direction, and reports each crossing through a
// callback, so per-grid counts stay incremental however the clock moves. Removal is lazy: an entry
// carries its record's version and a stale one is dropped when it surfaces; the heaps are rebuilt
// when stale entries outnumber live ones, so memory stays proportional to the members.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace gs {

class ThresholdCounter {
public:
    struct Entry {
        std::int64_t key;
        std::uint32_t record;
        std::uint32_t version;
    };

    std::int64_t threshold() const { return threshold_; }

    // Adds a member; true when it is below the threshold at once (the caller counts it then).
    bool add(std::int64_t key, std::uint32_t record, std::uint32_t version);
    // Called by the owner when a member's record changed version (its entry is now stale).
    void dropped() { --live_; }

    // Moves the threshold. `isCurrent(record, version)` tells a live entry from a stale one;
    // `crossed(record, +1)` when a member goes below, `crossed(record, -1)` when it goes back above.
    template <class IsCurrent, class Crossed>
    void setThreshold(std::int64_t threshold, IsCurrent&& isCurrent, Crossed&& crossed);

    // Drops stale entries when they outnumber live ones (call now and then, e.g. once a frame).
    template <class IsCurrent>
    void compact(IsCurrent&& isCurrent);

    std::size_t liveCount() const { return live_; }
    std::size_t entryCount() const { return above_.size() + below_.size(); }

private:
    static bool aboveLess(const Entry& a, const Entry& b) { return a.key > b.key; }  // min-heap
    static bool belowLess(const Entry& a, const Entry& b) { return a.key < b.key; }  // max-heap
    void pushAbove(const Entry& e);
    void pushBelow(const Entry& e);
    Entry popAbove();
    Entry popBelow();

    std::vector<Entry> above_, below_;
    std::int64_t threshold_ = std::numeric_limits<std::int64_t>::min();  // nothing is below it
    std::size_t live_ = 0;
};

template <class IsCurrent, class Crossed>
void ThresholdCounter::setThreshold(std::int64_t threshold, IsCurrent&& isCurrent, Crossed&& crossed) {
    threshold_ = threshold;
    while (!above_.empty() && above_.front().key < threshold) {
        const Entry e = popAbove();
        if (!isCurrent(e.record, e.version)) continue;
        pushBelow(e);
        crossed(e.record, +1);
    }
    while (!below_.empty() && below_.front().key >= threshold) {
        const Entry e = popBelow();
        if (!isCurrent(e.record, e.version)) continue;
        pushAbove(e);
        crossed(e.record, -1);
    }
}

template <class IsCurrent>
void ThresholdCounter::compact(IsCurrent&& isCurrent) {
    if (entryCount() < 1024 || entryCount() < 2 * live_) return;
    auto filter = [&](std::vector<Entry>& heap, bool (*less)(const Entry&, const Entry&)) {
        std::erase_if(heap, [&](const Entry& e) { return !isCurrent(e.record, e.version); });
        std::make_heap(heap.begin(), heap.end(), less);
    };
    filter(above_, aboveLess);
    filter(below_, belowLess);
}

}  // namespace gs
