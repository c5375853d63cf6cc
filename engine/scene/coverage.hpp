// Built-up coverage: how much of each cell of a grid over a layer is covered by its features, as
// 0..255. Where a layer's features shrink under a few pixels (a city of buildings seen whole),
// drawing this one texture instead of millions of tiny triangles keeps the city reading as a city
// (dense where it is built up, nothing vanishing) at a fraction of the cost.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "core/types.hpp"

namespace gs {

struct LoadedLayer;

// Under this many pixels across, a typical feature of a large layer gives way to its coverage: in
// the window, which must keep its frame rate while the camera moves; a snapshot, drawn once for a
// presenter's 4K picture, keeps footprints down to a pixel (kSnapshotCoveragePx).
inline constexpr double kCoveragePx = 3.0;
inline constexpr double kSnapshotCoveragePx = 1.0;

// Makes a vector's new elements without a value (default-initialized: for bytes, whatever the
// memory held) where the standard allocator would zero them. For arrays whose every element is
// written afterwards: a layer's coverage is written band by band on two threads, and zeroing it
// first on one thread touched all its fresh pages there, one after another (on this VM, whose host
// takes freed memory back, 25-40 ms of a load).
template <class T>
struct UnsetAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UnsetAllocator<U>;
    };
    UnsetAllocator() = default;
    template <class U>
    UnsetAllocator(const UnsetAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
using CoverageBytes = std::vector<uint8_t, UnsetAllocator<uint8_t>>;

struct Coverage {
    Box extent;  // display CRS; cell (0, 0) is at minX, minY (rows go up)
    int width = 0, height = 0;
    CoverageBytes alpha;  // row-major, covered fraction * 255
    // Its mipmap levels 1, 2, ... down to 1 x 1, each texel the mean of the 2 x 2 above it (the
    // last row or column of an odd side folded into the texel beside it): made here, on a loader's
    // thread, because llvmpipe's glGenerateMipmap took 170 ms of the window's start for a city.
    std::vector<CoverageBytes> mips;
    int mipWidth(size_t level) const { return std::max(1, width >> level); }
    int mipHeight(size_t level) const { return std::max(1, height >> level); }
    bool empty() const { return alpha.empty(); }
};

// The coverage of the layer's features (their areas spread over the cells their boxes overlap,
// in proportion to the overlap), in cells of about `cellSize` display units, at most maxCells a
// side (the cell grows to fit). Also a typical feature size: the median square root of the areas.
Coverage buildCoverage(const LoadedLayer& layer, double cellSize, int maxCells = 4096);
double typicalFeatureSize(const LoadedLayer& layer);
// Fills c.mips from c.alpha (buildCoverage does).
void buildCoverageMips(Coverage& c);

}  // namespace gs
