// What the window says about one feature (tooltip and the "要素 Feature" panel): its layer, fid,
// id and name fields, the parent grid it belongs to and every attribute. Plain data, no UI.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "render/scene_renderer.hpp"  // FeatureRef
#include "scene/feature_index.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

struct FeatureInfo {
    std::string layerId;
    std::string layerTitle;  // the title, or the id when there is none
    int64_t fid = 0;
    std::string id;    // the level's id field, empty when it has none
    std::string name;  // the level's name field, empty when it has none
    // The grids it belongs to, nearest first: a tract's neighbourhood, or for a building the
    // finest grid holding it, then that grid's parent, and so on up.
    struct Ancestor {
        FeatureRef ref;
        std::string layerTitle;
        std::string name;  // its name (or id, or fid when it has neither)
    };
    std::vector<Ancestor> ancestors;
    std::vector<std::pair<std::string, std::string>> attributes;  // name, value ("" for null)
    std::vector<bool> attributeIsNull;
};

// `ref` must be valid for `scene`; `indexes` (one per layer) find the grid holding a building.
FeatureInfo describeFeature(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                            FeatureRef ref);

// A one-line label for a feature: its name, else its id, else "fid N".
std::string featureLabel(const LoadedScene& scene, FeatureRef ref);

// A point inside the feature: its label point, else the centre of its largest fill triangle,
// else the centre of its box.
Vec2d interiorPoint(const LoadedLayer& layer, size_t feature);

// The index of the level above layer `layer` (the previous level in config order), or -1.
int parentLevelOf(const LoadedScene& scene, size_t layer);

}  // namespace gs::cli
