#include "live/store/scene_grid_assigner.hpp"

#include <algorithm>

namespace gs {

Result<std::unique_ptr<SceneGridAssigner>> SceneGridAssigner::create(const LoadedScene& scene,
                                                                    const std::string& feedCrs) {
    std::unique_ptr<SceneGridAssigner> a(new SceneGridAssigner());
    for (const LoadedLayer& layer : scene.layers) {
        if (!layer.isLevel()) continue;
        if (layer.geometry.featureCount() != layer.featureCount())
            return Error{"layer \"" + layer.config.id + "\" was loaded without its geometry"};
        const int level = int(a->levels_.size());
        a->levels_.push_back(&layer);
        a->indexes_.emplace_back(layer);
        if (auto col = layer.attributes.find(layer.config.level.idField)) {
            const auto& ids = layer.attributes.column(*col).values;
            for (size_t f = 0; f < ids.size(); ++f) a->byId_.emplace(ids[f], std::make_pair(level, int(f)));
        }
    }
    if (a->levels_.empty()) return Error{"the scene has no management level to assign points to"};
    auto t = Transformer::create(feedCrs, scene.config.displayCrs);
    if (!t) return t.error();
    a->toDisplay_ = std::make_unique<Transformer>(std::move(*t));
    return a;
}

void SceneGridAssigner::assign(Vec2d point, std::string_view gridId, std::span<std::int32_t> grids) const {
    Vec2d p = point;
    // Not thread-safe (PROJ context): the store calls this from the one thread that applies batches.
    bool finite = toDisplay_->transform(std::span<Vec2d>(&p, 1)) == 0;
    for (size_t l = 0; l < levels_.size() && l < grids.size(); ++l)
        grids[l] = finite ? indexes_[l].pick(*levels_[l], p) : -1;
    if (!gridId.empty()) {
        auto it = byId_.find(std::string(gridId));
        if (it != byId_.end() && size_t(it->second.first) < grids.size()) grids[size_t(it->second.first)] = it->second.second;
    }
}

std::string SceneGridAssigner::gridName(int level, int grid) const {
    const LoadedLayer& l = *levels_[size_t(level)];
    if (auto col = l.attributes.find(l.config.level.idField)) return std::string(l.attributes.column(*col).values[size_t(grid)]);
    return std::to_string(l.fids[size_t(grid)]);
}

Result<SceneLiveStore> makeSceneLiveStore(const LoadedScene& scene, const StoreOptions& options) {
    SceneLiveStore out;
    if (std::any_of(scene.layers.begin(), scene.layers.end(), [](const LoadedLayer& l) { return l.isLevel(); })) {
        auto a = SceneGridAssigner::create(scene);
        if (!a) return Error{"live: " + a.error().message};
        out.assigner = std::move(*a);
    }
    out.store = std::make_unique<LiveStore>(options, out.assigner.get());
    return out;
}

}  // namespace gs
