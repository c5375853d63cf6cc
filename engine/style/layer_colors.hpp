// Evaluates a layer's style against its attributes: one fill colour per feature and, for a
// colour-by attribute, the legend that explains them. Pure data in, data out.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "source/attribute_table.hpp"
#include "style/layer_style.hpp"
#include "style/classify.hpp"

namespace gs {

struct LegendEntry {
    Rgba color;
    std::string label;  // e.g. "1,200 – 3,400"
    size_t count = 0;   // features in the class
};

struct Legend {
    std::string title;
    std::vector<LegendEntry> entries;
    size_t noData = 0;      // features without a value, drawn in the layer's plain fill
    size_t outOfRange = 0;  // features whose value lies outside manual breaks, drawn so too
};

struct LayerColors {
    std::vector<uint32_t> fill;  // packRgba8, one per feature
    bool hasLegend = false;
    Legend legend;
};

// Fails, naming the layer and field, when colour-by names a missing or non-numeric field or an
// unknown palette.
Result<LayerColors> evaluateLayerColors(const std::string& layerId, const LayerStyle& style,
                                        const AttributeTable& attributes, size_t featureCount);

std::string formatNumber(double v);

}  // namespace gs
