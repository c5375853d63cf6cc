// Interned strings: each distinct string gets a dense index, its bytes stored once in one arena.
//
// The live store interns a million ids this way (kind byte + id): an open-addressing table of
// 32-bit indices and one character buffer, about 30 bytes per id beyond the id's own bytes, against
// ~100 for an unordered_map<std::string, ...> node. Strings are never removed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gs {

class StringPool {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    StringPool();

    // The index of `s`, or kNone.
    std::uint32_t find(std::string_view s) const;
    // The index of `s`, added if new; `added` says which.
    std::uint32_t intern(std::string_view s, bool* added = nullptr);

    std::string_view view(std::uint32_t index) const {
        return std::string_view(chars_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
    }
    std::size_t size() const { return offsets_.size() - 1; }
    std::size_t memoryBytes() const;

private:
    static std::uint32_t hashOf(std::string_view s);
    void grow();

    std::string chars_;                     // every string, back to back
    std::vector<std::uint64_t> offsets_;    // size() + 1 offsets into chars_
    std::vector<std::uint32_t> hashes_;     // per string, to skip most comparisons
    std::vector<std::uint32_t> slots_;      // index + 1, or 0 for an empty slot; size is a power of 2
};

}  // namespace gs
