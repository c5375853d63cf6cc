#include "text/label_placer.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace gs {
namespace {

// Bounds on the bucket grid: cells much smaller than a label make each insert touch many cells;
// a cap on the count keeps clearing the grid each frame cheap on a 4K wall display.
constexpr double kMinCellSize = 8;
constexpr int kMaxCells = 8192;

bool inside(const Box& box, const Box& viewport) {
    // Written so that NaN coordinates fail every comparison and are rejected.
    return box.minX >= viewport.minX && box.maxX <= viewport.maxX && box.minY >= viewport.minY &&
           box.maxY <= viewport.maxY;
}

// Maps a priority to a 32-bit key that sorts ascending in descending priority: the float's bit
// pattern, sign-folded so it orders like the number, then inverted. Rounding to float keeps the
// order (it is monotonic); priorities it merges get equal keys and are told apart after the sort.
uint32_t descendingKey(double priority) {
    float rounded = static_cast<float>(priority);
    if (rounded == 0) rounded = 0;  // -0 and +0 are one priority
    uint32_t bits;
    std::memcpy(&bits, &rounded, sizeof bits);
    bits = (bits >> 31) ? ~bits : bits | 0x80000000u;
    return ~bits;
}

}  // namespace

const std::vector<uint32_t>& LabelPlacer::place(std::span<const LabelCandidate> candidates,
                                                const LabelPlacerOptions& options,
                                                const std::unordered_set<uint64_t>* previouslyPlaced) {
    assert(options.padding >= 0 && options.stabilityBoost > 0);
    assert(std::isfinite(options.viewport.width() * options.viewport.height()));
    accepted_.clear();
    ranked_.clear();
    if (options.viewport.empty() || candidates.empty()) return accepted_;

    // Candidates off screen never reach the sort: when zoomed in, most of a layer's labels are.
    double sizeSum = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const LabelCandidate& c = candidates[i];
        const Box box = c.box();
        if (!(c.width >= 0 && c.height >= 0) || !inside(box, options.viewport)) continue;
        double priority = std::isnan(c.priority) ? -std::numeric_limits<double>::infinity() : c.priority;
        if (previouslyPlaced && previouslyPlaced->contains(c.id))
            priority = priority >= 0 ? priority * options.stabilityBoost
                                     : priority / options.stabilityBoost;
        ranked_.push_back({descendingKey(priority), static_cast<uint32_t>(i), priority,
                           {box.minX, box.minY, box.maxX, box.maxY}});
        sizeSum += std::max(c.width, c.height);
    }
    if (ranked_.empty()) return accepted_;
    sortRanked(candidates);

    resetGrid(options.viewport, sizeSum / static_cast<double>(ranked_.size()) + options.padding);
    const double pad = options.padding;
    for (const Ranked& r : ranked_) {
        const Rect& box = r.box;
        if (collides({box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad})) continue;
        insert(box);
        accepted_.push_back(r.index);
    }
    return accepted_;
}

// Orders ranked_ by priority, then id, then input index: a total order, so the result is
// deterministic, and ids come before indices so that shuffling the input changes nothing.
// An LSD radix sort on the 32-bit key, because a comparison sort of 10,000 doubles alone takes
// about half of the millisecond budget (mispredicted branches); runs of equal keys (ties, rare
// with areas as priorities) are then put in full order by a comparison sort.
void LabelPlacer::sortRanked(std::span<const LabelCandidate> candidates) {
    // Three passes of 11 bits: fewer moves of the 48-byte rows than four passes of 8.
    constexpr int kBits = 11, kDigits = 3;
    constexpr uint32_t kMask = (1u << kBits) - 1;
    std::array<std::array<uint32_t, 1u << kBits>, kDigits> counts{};
    for (const Ranked& r : ranked_)
        for (int d = 0; d < kDigits; ++d) ++counts[d][(r.key >> (kBits * d)) & kMask];
    scratch_.resize(ranked_.size());
    for (int d = 0; d < kDigits; ++d) {
        auto& count = counts[d];
        // Priorities of one magnitude share their high bits; such a pass would move nothing.
        if (count[(ranked_.front().key >> (kBits * d)) & kMask] == ranked_.size()) continue;
        uint32_t offset = 0;
        for (uint32_t& n : count) offset += std::exchange(n, offset);
        for (const Ranked& r : ranked_) scratch_[count[(r.key >> (kBits * d)) & kMask]++] = r;
        ranked_.swap(scratch_);
    }

    const auto before = [&](const Ranked& a, const Ranked& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        const uint64_t idA = candidates[a.index].id, idB = candidates[b.index].id;
        return idA != idB ? idA < idB : a.index < b.index;
    };
    for (size_t first = 0; first < ranked_.size();) {
        size_t last = first + 1;
        while (last < ranked_.size() && ranked_[last].key == ranked_[first].key) ++last;
        if (last - first > 1) std::sort(ranked_.begin() + first, ranked_.begin() + last, before);
        first = last;
    }
}

std::unordered_set<uint64_t> LabelPlacer::placedIds(std::span<const LabelCandidate> candidates) const {
    std::unordered_set<uint64_t> ids;
    ids.reserve(accepted_.size());
    for (uint32_t index : accepted_) {
        assert(index < candidates.size());
        ids.insert(candidates[index].id);
    }
    return ids;
}

// Cells about one label in size: a label then touches a few cells, and a cell holds a few labels
// (accepted labels do not overlap, so a cell's count is bounded by area).
void LabelPlacer::resetGrid(const Box& viewport, double typicalSize) {
    const double area = viewport.width() * viewport.height();
    cellSize_ = std::max({typicalSize, kMinCellSize, std::sqrt(area / kMaxCells)});
    inverseCell_ = 1 / cellSize_;
    originX_ = viewport.minX;
    originY_ = viewport.minY;
    columns_ = std::max(1, static_cast<int>(std::ceil(viewport.width() / cellSize_)));
    rows_ = std::max(1, static_cast<int>(std::ceil(viewport.height() / cellSize_)));
    const size_t count = static_cast<size_t>(columns_) * rows_;
    if (cells_.size() < count) cells_.resize(count);
    for (size_t i = 0; i < count; ++i) cells_[i].clear();  // keeps each cell's capacity
}

// The cells a rectangle touches, clamped to the grid (a padded box may reach past the viewport;
// nothing is stored out there). Clamped before the cast, so truncation is flooring.
LabelPlacer::CellSpan LabelPlacer::cellSpan(const Rect& rect) const {
    const auto bucket = [this](double v, double origin, int count) {
        return static_cast<int>(std::clamp((v - origin) * inverseCell_, 0.0, count - 1.0));
    };
    return {bucket(rect.x0, originX_, columns_), bucket(rect.y0, originY_, rows_),
            bucket(rect.x1, originX_, columns_), bucket(rect.y1, originY_, rows_)};
}

bool LabelPlacer::collides(const Rect& padded) const {
    const CellSpan s = cellSpan(padded);
    for (int r = s.r0; r <= s.r1; ++r)
        for (int c = s.c0; c <= s.c1; ++c)
            for (const Rect& b : cells_[static_cast<size_t>(r) * columns_ + c]) {
                // Strict: boxes exactly `padding` apart are allowed to touch the margin.
                if (padded.x0 < b.x1 && padded.x1 > b.x0 && padded.y0 < b.y1 && padded.y1 > b.y0)
                    return true;
            }
    return false;
}

// A copy of the box in every cell it touches: a test then reads one contiguous array per cell.
void LabelPlacer::insert(const Rect& box) {
    const CellSpan s = cellSpan(box);
    for (int r = s.r0; r <= s.r1; ++r)
        for (int c = s.c0; c <= s.c1; ++c) cells_[static_cast<size_t>(r) * columns_ + c].push_back(box);
}

}  // namespace gs
