#include "scene/hierarchy.hpp"

#include <unordered_map>

#include "scene/feature_index.hpp"

namespace gs {

namespace {

void linkByField(const LoadedLayer& parent, LoadedLayer& child, std::vector<std::string>& warnings) {
    auto pid = parent.attributes.find(parent.config.level.idField);
    auto cpf = child.attributes.find(child.config.level.parentField);
    if (!pid || !cpf) {
        warnings.push_back("layer \"" + child.config.id + "\": cannot link to \"" + parent.config.id +
                           "\": field \"" + (!pid ? parent.config.level.idField : child.config.level.parentField) +
                           "\" is missing");
        return;
    }
    std::unordered_map<std::string, int32_t> byId;
    const auto& ids = parent.attributes.column(*pid).values;
    for (size_t i = 0; i < ids.size(); ++i) byId.emplace(ids[i], int32_t(i));
    const auto& refs = child.attributes.column(*cpf).values;
    for (size_t i = 0; i < refs.size(); ++i) {
        auto it = byId.find(std::string(refs[i]));
        child.parents[i] = it == byId.end() ? -1 : it->second;
    }
}

void linkByContainment(const LoadedLayer& parent, LoadedLayer& child) {
    FeatureIndex index(parent);
    for (size_t i = 0; i < child.featureCount(); ++i) {
        Vec2d p = i < child.labelPoints.size() ? child.labelPoints[i] : child.bounds[i].center();
        child.parents[i] = index.pick(parent, p);
    }
}

}  // namespace

void linkLevels(std::vector<LoadedLayer>& layers, std::vector<std::string>& warnings) {
    const LoadedLayer* parent = nullptr;
    for (LoadedLayer& layer : layers) {
        if (!layer.isLevel()) continue;
        layer.parents.assign(layer.featureCount(), -1);
        if (parent) {
            if (!layer.config.level.parentField.empty())
                linkByField(*parent, layer, warnings);
            else
                linkByContainment(*parent, layer);
            size_t orphans = 0;
            std::string examples;
            for (size_t i = 0; i < layer.parents.size(); ++i) {
                if (layer.parents[i] >= 0) continue;
                if (++orphans <= 5) examples += (examples.empty() ? "" : ", ") + std::to_string(layer.fids[i]);
            }
            if (orphans)
                warnings.push_back("layer \"" + layer.config.id + "\": " + std::to_string(orphans) +
                                   " features have no parent in \"" + parent->config.id +
                                   "\" (fids " + examples + (orphans > 5 ? ", ..." : "") + ")");
        }
        parent = &layer;
    }
}

}  // namespace gs
