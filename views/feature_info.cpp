#include "feature_info.hpp"

#include <cassert>

namespace gs::cli {

namespace {

std::string fieldValue(const LoadedLayer& layer, const std::string& field, size_t feature) {
    if (field.empty()) return {};
    auto column = layer.attributes.find(field);
    if (!column) return {};
    const auto& c = layer.attributes.column(*column);
    return feature < c.values.size() ? c.values[feature] : std::string();
}

std::string titleOf(const LoadedLayer& layer) {
    return layer.config.title.empty() ? layer.config.id : layer.config.title;
}

}  // namespace

int parentLevelOf(const LoadedScene& scene, size_t layer) {
    if (layer >= scene.layers.size() || !scene.layers[layer].isLevel()) return -1;
    for (size_t i = layer; i-- > 0;)
        if (scene.layers[i].isLevel()) return int(i);
    return -1;
}

std::string featureLabel(const LoadedScene& scene, FeatureRef ref) {
    assert(ref.valid() && size_t(ref.layer) < scene.layers.size());
    const LoadedLayer& layer = scene.layers[size_t(ref.layer)];
    const size_t f = size_t(ref.feature);
    if (std::string n = fieldValue(layer, layer.config.level.nameField, f); !n.empty()) return n;
    if (std::string id = fieldValue(layer, layer.config.level.idField, f); !id.empty()) return id;
    return "fid " + std::to_string(f < layer.fids.size() ? layer.fids[f] : int64_t(f));
}

FeatureInfo describeFeature(const LoadedScene& scene, FeatureRef ref) {
    assert(ref.valid() && size_t(ref.layer) < scene.layers.size());
    const LoadedLayer& layer = scene.layers[size_t(ref.layer)];
    const size_t f = size_t(ref.feature);
    assert(f < layer.featureCount());
    FeatureInfo info;
    info.layerId = layer.config.id;
    info.layerTitle = titleOf(layer);
    info.fid = layer.fids[f];
    if (layer.isLevel()) {
        info.id = fieldValue(layer, layer.config.level.idField, f);
        info.name = fieldValue(layer, layer.config.level.nameField, f);
    }
    const int parentLayer = parentLevelOf(scene, size_t(ref.layer));
    if (parentLayer >= 0 && f < layer.parents.size() && layer.parents[f] >= 0) {
        info.parent = {parentLayer, layer.parents[f]};
        info.parentLayerTitle = titleOf(scene.layers[size_t(parentLayer)]);
        info.parentName = featureLabel(scene, info.parent);
    }
    for (size_t c = 0; c < layer.attributes.columnCount(); ++c) {
        const auto& column = layer.attributes.column(c);
        const bool isNull = f < column.isNull.size() && column.isNull[f];
        info.attributes.emplace_back(column.name, f < column.values.size() ? column.values[f] : "");
        info.attributeIsNull.push_back(isNull);
    }
    return info;
}

}  // namespace gs::cli
