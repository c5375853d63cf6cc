#include "live/store/order_statistics.hpp"

#include <algorithm>
#include <cassert>

namespace gs {

std::size_t OrderStatistics::chunkFor(std::int64_t value) const {
    // Chunks are ordered and each is sorted: binary search on the chunks' last values.
    std::size_t lo = 0, hi = chunks_.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (chunks_[mid].back() < value) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void OrderStatistics::insert(std::int64_t value) {
    ++size_;
    if (chunks_.empty()) {
        chunks_.emplace_back();
        chunks_.back().reserve(kChunk);
        chunks_.back().push_back(value);
        return;
    }
    std::size_t c = chunkFor(value);
    if (c == chunks_.size()) c = chunks_.size() - 1;  // larger than everything: the last chunk
    auto& chunk = chunks_[c];
    chunk.insert(std::upper_bound(chunk.begin(), chunk.end(), value), value);
    if (chunk.size() >= 2 * kChunk) {
        std::vector<std::int64_t> upper(chunk.begin() + std::ptrdiff_t(kChunk), chunk.end());
        chunk.resize(kChunk);
        chunks_.insert(chunks_.begin() + std::ptrdiff_t(c + 1), std::move(upper));
    }
}

bool OrderStatistics::erase(std::int64_t value) {
    const std::size_t c = chunkFor(value);
    if (c == chunks_.size()) return false;
    auto& chunk = chunks_[c];
    const auto it = std::lower_bound(chunk.begin(), chunk.end(), value);
    if (it == chunk.end() || *it != value) return false;
    chunk.erase(it);
    --size_;
    if (chunk.empty()) chunks_.erase(chunks_.begin() + std::ptrdiff_t(c));
    return true;
}

std::int64_t OrderStatistics::nth(std::size_t k) const {
    assert(k < size_);
    for (const auto& chunk : chunks_) {
        if (k < chunk.size()) return chunk[k];
        k -= chunk.size();
    }
    assert(false);
    return 0;
}

std::optional<std::int64_t> OrderStatistics::median() const {
    if (size_ == 0) return std::nullopt;
    if (size_ % 2 == 1) return nth(size_ / 2);
    const std::int64_t a = nth(size_ / 2 - 1), b = nth(size_ / 2);
    return a + (b - a) / 2;
}

}  // namespace gs
