#include "live/store/grid_assigner.hpp"

#include <cassert>

namespace gs {

bool ringsContain(const std::vector<std::vector<Vec2d>>& rings, Vec2d p) {
    bool inside = false;
    for (const auto& ring : rings) {
        const size_t n = ring.size();
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            const Vec2d a = ring[i], b = ring[j];
            if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                inside = !inside;
        }
    }
    return inside;
}

int BruteForceGridAssigner::addLevel(std::vector<Grid> grids) {
    const int level = int(levels_.size());
    Level l;
    l.boxes.reserve(grids.size());
    for (size_t i = 0; i < grids.size(); ++i) {
        Box box;
        for (const auto& ring : grids[i].rings)
            for (Vec2d p : ring) box.add(p);
        l.boxes.push_back(box);
        if (!grids[i].id.empty()) byId_.emplace(grids[i].id, Ref{level, int(i)});
    }
    l.grids = std::move(grids);
    levels_.push_back(std::move(l));
    return level;
}

std::vector<BruteForceGridAssigner::Grid> BruteForceGridAssigner::uniformGrids(const Box& extent, int columns,
                                                                              int rows, std::string_view prefix) {
    assert(columns > 0 && rows > 0 && !extent.empty());
    std::vector<Grid> grids;
    grids.reserve(size_t(columns) * size_t(rows));
    const double w = extent.width() / columns, h = extent.height() / rows;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            const double x0 = extent.minX + c * w, y0 = extent.minY + r * h;
            // The last row and column end exactly on the extent, free of rounding.
            const double x1 = c + 1 == columns ? extent.maxX : x0 + w;
            const double y1 = r + 1 == rows ? extent.maxY : y0 + h;
            Grid g;
            g.id = std::string(prefix) + std::to_string(r) + "-" + std::to_string(c);
            g.rings = {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}};
            grids.push_back(std::move(g));
        }
    }
    return grids;
}

void BruteForceGridAssigner::assign(Vec2d point, std::string_view gridId, std::span<std::int32_t> grids) const {
    assert(grids.size() >= levels_.size());
    for (size_t l = 0; l < levels_.size(); ++l) {
        const Level& level = levels_[l];
        grids[l] = -1;
        for (size_t i = 0; i < level.grids.size(); ++i) {
            if (level.boxes[i].contains(point) && ringsContain(level.grids[i].rings, point)) {
                grids[l] = std::int32_t(i);
                break;
            }
        }
    }
    if (!gridId.empty()) {
        if (auto it = byId_.find(gridId); it != byId_.end()) grids[size_t(it->second.level)] = it->second.grid;
    }
}

}  // namespace gs
