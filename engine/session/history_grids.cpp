#include "session/history_grids.hpp"
#include "geo/crs.hpp"

#include <cmath>
#include <cstdlib>

namespace gs {

namespace {

// Web Mercator stretches lengths by 1/cos(latitude): an area by its square.
double groundFactor(const std::string& displayCrs, Vec2d at) {
    if (!isWebMercator(displayCrs)) return 1.0;  // a projected CRS in metres
    constexpr double kEarthRadius = 6378137.0;
    const double lat = std::atan(std::sinh(at.y / kEarthRadius));
    return std::cos(lat) * std::cos(lat);
}

}  // namespace

Result<SceneHistoryGrids> historyGridsFromScene(const LoadedScene& scene) {
    SceneHistoryGrids out;
    bool anyLevel = false;
    for (const auto& layer : scene.layers) anyLevel = anyLevel || layer.isLevel();
    if (!anyLevel) return out;
    // The history hands the assigner points already in the display CRS.
    auto assigner = SceneGridAssigner::create(scene, scene.config.displayCrs);
    if (!assigner) return assigner.error();
    out.assigner = std::move(assigner).value();
    for (int level = 0; level < out.assigner->levelCount(); ++level) {
        const LoadedLayer& layer = out.assigner->level(level);
        out.grids.levelNames.push_back(layer.config.id);
        std::vector<int32_t> parents = layer.parents;
        parents.resize(layer.featureCount(), -1);
        out.grids.parents.push_back(std::move(parents));
        std::vector<std::string> ids, names;
        std::vector<double> areas, households;
        const auto nameColumn = layer.attributes.find(layer.config.level.nameField);
        const std::string& hhField = layer.config.level.householdsField;
        const auto hhColumn = hhField.empty() ? std::nullopt : layer.attributes.find(hhField);
        for (size_t g = 0; g < layer.featureCount(); ++g) {
            ids.push_back(out.assigner->gridName(level, int(g)));
            names.push_back(nameColumn ? std::string(layer.attributes.column(*nameColumn).values[g]) : std::string());
            const double a = g < layer.areas.size() ? layer.areas[g] : std::nan("");
            const Vec2d at = g < layer.labelPoints.size() ? layer.labelPoints[g] : Vec2d{0, 0};
            areas.push_back(a * groundFactor(scene.config.displayCrs, at));
            double hh = std::nan("");
            if (hhColumn && !layer.attributes.column(*hhColumn).isNull[g]) {
                const std::string text(layer.attributes.column(*hhColumn).values[g]);
                char* end = nullptr;
                const double x = std::strtod(text.c_str(), &end);
                if (end != text.c_str() && *end == 0) hh = x;
            }
            households.push_back(hh);
        }
        out.grids.gridIds.push_back(std::move(ids));
        out.grids.gridNames.push_back(std::move(names));
        out.areasM2.push_back(std::move(areas));
        out.households.push_back(std::move(households));
    }
    out.grids.assigner = out.assigner.get();
    return out;
}

}  // namespace gs
