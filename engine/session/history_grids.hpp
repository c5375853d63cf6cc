// A scene's management levels as the analyst's history needs them: the grid assigner (points in
// the display CRS), the levels' names, parents and ids, and each grid's area on the ground.
#pragma once

#include <memory>
#include <vector>

#include "core/result.hpp"
#include "history/history_load.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "scene/loader.hpp"

namespace gs {

struct SceneHistoryGrids {
    std::unique_ptr<SceneGridAssigner> assigner;  // must outlive the loading; keep with `grids`
    HistoryGrids grids;
    std::vector<std::vector<double>> areasM2;  // [level][grid], on the ground
    // [level][grid] from the level's "households" field; NaN where unknown (no field, no number).
    std::vector<std::vector<double>> households;
};

// Empty (no levels) for a scene without levels. The scene must outlive the result.
Result<SceneHistoryGrids> historyGridsFromScene(const LoadedScene& scene);

}  // namespace gs
