#include "feature_info.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace gs::cli {

namespace {

std::string fieldValue(const LoadedLayer& layer, const std::string& field, size_t feature) {
    if (field.empty()) return {};
    auto column = layer.attributes.find(field);
    if (!column) return {};
    const auto& c = layer.attributes.column(*column);
    return feature < c.values.size() ? std::string(c.values[feature]) : std::string();
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

Vec2d interiorPoint(const LoadedLayer& layer, size_t feature) {
    if (feature < layer.labelPoints.size()) return layer.labelPoints[feature];
    if (feature < layer.fillRanges.size()) {
        const IndexRange r = layer.fillRanges[feature];
        const auto& v = layer.outline.points;  // the fill's vertices
        const auto& idx = layer.fill.indices;
        double best = -1;
        Vec2d point;
        const size_t end = std::min<size_t>(size_t(r.first) + r.count, idx.size());
        for (size_t i = r.first; i + 3 <= end; i += 3) {
            const Vec2f &a = v[idx[i]], &b = v[idx[i + 1]], &c = v[idx[i + 2]];
            const double area = std::abs(double(b.x - a.x) * (c.y - a.y) - double(c.x - a.x) * (b.y - a.y));
            if (area > best) {
                best = area;
                point = {layer.origin.x + (double(a.x) + b.x + c.x) / 3, layer.origin.y + (double(a.y) + b.y + c.y) / 3};
            }
        }
        if (best >= 0) return point;
    }
    return feature < layer.bounds.size() ? layer.bounds[feature].center() : Vec2d{};
}

FeatureInfo describeFeature(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                            FeatureRef ref) {
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

    // The first ancestor: a level's parent as the loader linked it; for anything else the finest
    // level whose polygon holds the feature.
    FeatureRef up;
    if (layer.isLevel()) {
        const int parentLayer = parentLevelOf(scene, size_t(ref.layer));
        if (parentLayer >= 0 && f < layer.parents.size() && layer.parents[f] >= 0)
            up = {parentLayer, layer.parents[f]};
    } else {
        const Vec2d p = interiorPoint(layer, f);
        for (size_t i = scene.layers.size(); i-- > 0 && !up.valid();) {
            if (!scene.layers[i].isLevel() || i >= indexes.size() || indexes[i].empty()) continue;
            if (int g = indexes[i].pick(scene.layers[i], p); g >= 0) up = {int(i), g};
        }
    }
    while (up.valid() && info.ancestors.size() < scene.layers.size()) {
        const LoadedLayer& l = scene.layers[size_t(up.layer)];
        info.ancestors.push_back({up, titleOf(l), featureLabel(scene, up)});
        const int parentLayer = parentLevelOf(scene, size_t(up.layer));
        const int32_t parent = size_t(up.feature) < l.parents.size() ? l.parents[size_t(up.feature)] : -1;
        up = parentLayer >= 0 && parent >= 0 ? FeatureRef{parentLayer, parent} : FeatureRef{};
    }

    for (size_t c = 0; c < layer.attributes.columnCount(); ++c) {
        const auto& column = layer.attributes.column(c);
        const bool isNull = f < column.isNull.size() && column.isNull[f];
        info.attributes.emplace_back(column.name, f < column.values.size() ? std::string(column.values[f]) : std::string());
        info.attributeIsNull.push_back(isNull);
    }
    return info;
}

}  // namespace gs::cli
