// A sorted multiset of 64-bit values with a cheap median, for per-grid response times.
//
// Values live in sorted chunks of at most 2 * kChunk elements, so an insert or erase moves at most
// a few kilobytes whatever the count (a plain sorted vector moves half of everything), and the
// median walks chunk sizes only. Two heaps cannot erase an arbitrary value, which a reopened issue
// needs. Grows by splitting a chunk; an emptied chunk is dropped.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace gs {

class OrderStatistics {
public:
    void insert(std::int64_t value);
    // Removes one occurrence; false when the value is not present (a programmer error upstream).
    bool erase(std::int64_t value);

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // The k-th smallest value (0-based), k < size().
    std::int64_t nth(std::size_t k) const;
    // The median; the mean of the two middle values (rounded down) for an even count.
    std::optional<std::int64_t> median() const;

    void clear() { chunks_.clear(); size_ = 0; }

private:
    static constexpr std::size_t kChunk = 256;
    std::size_t chunkFor(std::int64_t value) const;  // first chunk whose last value >= value

    std::vector<std::vector<std::int64_t>> chunks_;
    std::size_t size_ = 0;
};

}  // namespace gs
