#include "live/store/string_pool.hpp"

#include <cassert>
#include <functional>

namespace gs {

StringPool::StringPool() : offsets_{0}, slots_(16, 0) {}

std::uint32_t StringPool::hashOf(std::string_view s) {
    const std::uint64_t h = std::hash<std::string_view>{}(s);
    return std::uint32_t(h ^ (h >> 32));
}

std::uint32_t StringPool::find(std::string_view s) const {
    const std::uint32_t h = hashOf(s);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = slots_[i];
        if (slot == 0) return kNone;
        if (hashes_[slot - 1] == h && view(slot - 1) == s) return slot - 1;
    }
}

std::uint32_t StringPool::intern(std::string_view s, bool* added) {
    const std::uint32_t h = hashOf(s);
    std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        const std::uint32_t slot = slots_[i];
        if (slot == 0) break;
        if (hashes_[slot - 1] == h && view(slot - 1) == s) {
            if (added) *added = false;
            return slot - 1;
        }
    }
    assert(size() < kNone - 1);
    const auto index = std::uint32_t(size());
    chars_.append(s);
    offsets_.push_back(chars_.size());
    hashes_.push_back(h);
    slots_[i] = index + 1;
    if (size() * 2 > slots_.size()) grow();  // keep the load factor at or under 1/2
    if (added) *added = true;
    return index;
}

void StringPool::grow() {
    std::vector<std::uint32_t> slots(slots_.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t index = 0; index < hashes_.size(); ++index) {
        std::size_t i = hashes_[index] & mask;
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = index + 1;
    }
    slots_ = std::move(slots);
}

std::size_t StringPool::memoryBytes() const {
    return chars_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) +
           hashes_.capacity() * sizeof(std::uint32_t) + slots_.capacity() * sizeof(std::uint32_t);
}

}  // namespace gs
