// Grid assignment against a loaded scene's management levels: a feed point (WGS 84 lon/lat) is
// projected to the display CRS and looked up in each level's spatial index. A sender's grid_id
// names a grid by its level id field and wins at that level.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "geo/transformer.hpp"
#include "live/store/grid_assigner.hpp"
#include "live/store/live_store.hpp"
#include "scene/feature_index.hpp"
#include "scene/loader.hpp"

namespace gs {

class SceneGridAssigner : public GridAssigner {
public:
    // `scene` must keep its level geometry (LoadOptions defaults) and outlive the assigner.
    static Result<std::unique_ptr<SceneGridAssigner>> create(const LoadedScene& scene,
                                                            const std::string& feedCrs = "EPSG:4326");

    int levelCount() const override { return int(levels_.size()); }
    int gridCount(int level) const override { return int(levels_[size_t(level)]->featureCount()); }
    void assign(Vec2d point, std::string_view gridId, std::span<std::int32_t> grids) const override;

    const LoadedLayer& level(int i) const { return *levels_[size_t(i)]; }
    // The grid's id (level id field) or, without one, its fid.
    std::string gridName(int level, int grid) const;

private:
    SceneGridAssigner() = default;
    std::vector<const LoadedLayer*> levels_;
    std::vector<FeatureIndex> indexes_;
    std::unordered_map<std::string, std::pair<int, int>> byId_;
    std::unique_ptr<Transformer> toDisplay_;
};

// A live store whose points land in the scene's level grids (no assignment when the scene has no
// levels). The assigner must outlive the store: keep them together.
struct SceneLiveStore {
    std::unique_ptr<SceneGridAssigner> assigner;
    std::unique_ptr<LiveStore> store;
};
Result<SceneLiveStore> makeSceneLiveStore(const LoadedScene& scene, const StoreOptions& options);

}  // namespace gs
