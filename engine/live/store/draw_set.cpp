#include "live/store/draw_set.hpp"

#include <algorithm>
#include <cassert>

namespace gs {

void DrawChanges::clear() {
    inserted.clear();
    changed.clear();
    removed.clear();
    dirty.clear();
    drawnCount = previousCount = 0;
}

void DrawSet::resize(std::size_t recordCount) {
    if (recordCount <= slots_.size()) return;
    slots_.resize(recordCount, kNoSlot);
    touchState_.resize(recordCount, 0);
}

void DrawSet::markSlot(std::uint32_t slot) {
    if (slot >= slotDirty_.size()) slotDirty_.resize(std::max<std::size_t>(slot + 1, slotDirty_.size() * 2), 0);
    if (!slotDirty_[slot]) {
        slotDirty_[slot] = 1;
        dirtySlots_.push_back(slot);
    }
}

void DrawSet::update(std::uint32_t rec, bool drawn) {
    assert(rec < slots_.size());
    std::uint32_t& slot = slots_[rec];
    if (touchState_[rec] == 0) {
        touchState_[rec] = slot == kNoSlot ? 1 : 2;
        touched_.push_back(rec);
    }
    if (drawn) {
        if (slot == kNoSlot) {
            slot = std::uint32_t(records_.size());
            records_.push_back(rec);
        }
        markSlot(slot);
    } else if (slot != kNoSlot) {
        // Swap and pop: the last record moves into the hole, which must be uploaded again.
        const std::uint32_t hole = slot;
        const std::uint32_t last = records_.back();
        records_[hole] = last;
        slots_[last] = hole;
        records_.pop_back();
        slot = kNoSlot;
        if (hole < records_.size()) markSlot(hole);
    }
}

void DrawSet::take(DrawChanges& out) {
    out.clear();
    for (std::uint32_t rec : touched_) {
        const bool was = touchState_[rec] == 2;
        const bool is = slots_[rec] != kNoSlot;
        if (was && is) out.changed.push_back(rec);
        else if (is) out.inserted.push_back(rec);
        else if (was) out.removed.push_back(rec);
        touchState_[rec] = 0;
    }
    touched_.clear();

    std::sort(dirtySlots_.begin(), dirtySlots_.end());
    const auto count = std::uint32_t(records_.size());
    for (std::uint32_t slot : dirtySlots_) {
        slotDirty_[slot] = 0;
        if (slot >= count) continue;  // cut off by a later removal: nothing to upload
        if (!out.dirty.empty() && out.dirty.back().end == slot) ++out.dirty.back().end;
        else out.dirty.push_back({slot, slot + 1});
    }
    dirtySlots_.clear();
    out.drawnCount = count;
    out.previousCount = countAtTake_;
    countAtTake_ = count;
}

}  // namespace gs
