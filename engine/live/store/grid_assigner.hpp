// Which grid a live point falls in, at each management level (e.g. street/community above, grid
// below). The live store calls it when a thing appears or moves; the engine's spatial index plugs
// in behind the same interface. BruteForceGridAssigner is the reference for tests and benchmarks.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.hpp"

namespace gs {

class GridAssigner {
public:
    virtual ~GridAssigner() = default;

    virtual int levelCount() const = 0;
    virtual int gridCount(int level) const = 0;

    // Writes, for each level, the index of the grid containing `point` or -1 when it is in none
    // (such things are counted as unassigned, never dropped). `point` is in the feed's CRS: an
    // implementation over display-CRS polygons converts it first. `gridId` is the sender's own
    // grid_id (may be empty); an implementation that knows it may prefer it over the point.
    virtual void assign(Vec2d point, std::string_view gridId, std::span<std::int32_t> grids) const = 0;
};

// Tests every polygon of every level (after a bounding-box check). Fine for a few hundred grids.
class BruteForceGridAssigner : public GridAssigner {
public:
    struct Grid {
        std::string id;                       // matched against a message's grid_id
        std::vector<std::vector<Vec2d>> rings;  // outer ring(s) and holes, even-odd rule
    };

    // Adds the next (finer) level; returns its index.
    int addLevel(std::vector<Grid> grids);

    // A columns x rows level of equal rectangles over `extent`, ids "<prefix><row>-<column>",
    // grid index row * columns + column (row 0 at minY).
    static std::vector<Grid> uniformGrids(const Box& extent, int columns, int rows, std::string_view prefix);

    int levelCount() const override { return int(levels_.size()); }
    int gridCount(int level) const override { return int(levels_[size_t(level)].grids.size()); }

    // Point in polygon at every level; then a sender's grid_id that names a grid of some level
    // overrides that level's answer (the sender knows its own grid better than a boundary does).
    void assign(Vec2d point, std::string_view gridId, std::span<std::int32_t> grids) const override;

private:
    struct Level {
        std::vector<Grid> grids;
        std::vector<Box> boxes;
    };
    struct IdHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Ref {
        int level, grid;
    };
    std::vector<Level> levels_;
    std::unordered_map<std::string, Ref, IdHash, std::equal_to<>> byId_;
};

// Even-odd point in polygon over all rings; points on an edge may fall either way.
bool ringsContain(const std::vector<std::vector<Vec2d>>& rings, Vec2d p);

}  // namespace gs
