#include "live/store/threshold_counter.hpp"

#include <algorithm>

namespace gs {

bool ThresholdCounter::add(std::int64_t key, std::uint32_t record, std::uint32_t version) {
    ++live_;
    const Entry e{key, record, version};
    if (key < threshold_) {
        pushBelow(e);
        return true;
    }
    pushAbove(e);
    return false;
}

void ThresholdCounter::pushAbove(const Entry& e) {
    above_.push_back(e);
    std::push_heap(above_.begin(), above_.end(), aboveLess);
}

void ThresholdCounter::pushBelow(const Entry& e) {
    below_.push_back(e);
    std::push_heap(below_.begin(), below_.end(), belowLess);
}

ThresholdCounter::Entry ThresholdCounter::popAbove() {
    std::pop_heap(above_.begin(), above_.end(), aboveLess);
    const Entry e = above_.back();
    above_.pop_back();
    return e;
}

ThresholdCounter::Entry ThresholdCounter::popBelow() {
    std::pop_heap(below_.begin(), below_.end(), belowLess);
    const Entry e = below_.back();
    below_.pop_back();
    return e;
}

}  // namespace gs
