// How a layer looks: fill, outline, colour by a field's classes, labels. Plain data, read from a
// layer's "style" object by readLayerStyle(); the defaults are the dark command-center look.
#pragma once

#include <cstddef>
#include <string>

#include "config/checker.hpp"
#include "core/types.hpp"

namespace gs {

enum class ClassMethod { Quantile, EqualInterval };

// Colour by a numeric field's classes; inactive while `field` is empty.
struct ColorBy {
    std::string field;
    ClassMethod method = ClassMethod::Quantile;
    int classes = 5;
    std::string palette = "YlOrRd";  // a palette name from engine/style
};

// Labels at each feature's label point; none while `field` is empty.
struct LabelStyle {
    std::string field;
    float sizePx = 13;
    Rgba color{1, 1, 1, 1};
    Rgba halo{0.043f, 0.071f, 0.125f, 1};  // the default background, so labels read on any fill
};

struct LayerStyle {
    bool visible = true;
    Rgba fill;
    float fillOpacity = 0.35f;
    Rgba stroke;
    float strokeWidth = 1;  // pixels
    float opacity = 1;      // of the whole layer
    ColorBy colorBy;
    LabelStyle label;
};

// Defaults of the dark command-center look (assets/layer_styles.json, read on first use;
// loadLayerStyleDefaults() reads it at start and reports a bad file): level `index` of `count`
// (0 = coarsest) gets a thicker, lighter outline the coarser it is; buildings are grey.
Status loadLayerStyleDefaults();
LayerStyle defaultLevelStyle(std::size_t index, std::size_t count);
LayerStyle defaultBuildingsStyle();

// A layer's "style" object over `style` (which holds the defaults); absent: nothing changes.
void readLayerStyle(const config::Object& o, LayerStyle& style);

}  // namespace gs
