// The drawn set: the records the map shows as markers, packed densely in slots 0..count-1 so the
// renderer keeps one vertex buffer and patches sub-ranges of it instead of rebuilding it.
//
// A record entering takes the next slot; one leaving is replaced by the last slot's record (swap
// and pop), so the set stays dense. Between two take() calls the set remembers which records
// entered, changed or left, and which slots hold different content than the GPU has.
#pragma once

#include <cstdint>
#include <vector>

namespace gs {

struct SlotRange {
    std::uint32_t begin = 0, end = 0;  // [begin, end)
    friend bool operator==(const SlotRange&, const SlotRange&) = default;
};

// What changed in the drawn set since the previous batch. Record indices are the store's.
struct DrawChanges {
    std::vector<std::uint32_t> inserted;  // not drawn before, drawn now
    std::vector<std::uint32_t> changed;   // drawn before and now, with new content
    std::vector<std::uint32_t> removed;   // drawn before, not now
    std::vector<SlotRange> dirty;         // slots to upload again, ascending, merged, all < drawnCount
    std::uint32_t drawnCount = 0;         // slots to draw now (the buffer may shrink to this)
    std::uint32_t previousCount = 0;      // slots drawn before the batch
    bool empty() const { return inserted.empty() && changed.empty() && removed.empty(); }
    void clear();
};

class DrawSet {
public:
    static constexpr std::uint32_t kNoSlot = 0xffffffffu;

    // Makes room for record indices < count (records are never removed, only added).
    void resize(std::size_t recordCount);
    // A record's content changed (or it is new); `drawn` says whether it is drawn now.
    void update(std::uint32_t rec, bool drawn);

    std::uint32_t count() const { return std::uint32_t(records_.size()); }
    std::uint32_t recordAt(std::uint32_t slot) const { return records_[slot]; }
    std::uint32_t slotOf(std::uint32_t rec) const { return slots_[rec]; }

    // Hands over the changes since the last call (reusing `out`'s buffers) and starts afresh.
    void take(DrawChanges& out);

private:
    void markSlot(std::uint32_t slot);

    std::vector<std::uint32_t> records_;  // slot -> record
    std::vector<std::uint32_t> slots_;    // record -> slot or kNoSlot
    // Changes since the last take(): each touched record once, with whether it was drawn then.
    std::vector<std::uint32_t> touched_;
    std::vector<std::uint8_t> touchState_;  // per record: 0 untouched, 1 was hidden, 2 was drawn
    std::vector<std::uint32_t> dirtySlots_;
    std::vector<std::uint8_t> slotDirty_;
    std::uint32_t countAtTake_ = 0;
};

}  // namespace gs
