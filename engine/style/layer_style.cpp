#include "style/layer_style.hpp"

#include <algorithm>
#include <vector>

#include "assets/assets.hpp"
#include "core/color.hpp"

namespace gs {

namespace {

struct LayerDefaults {
    Rgba levelFill;
    float levelFillOpacityCoarsest = 0, levelFillOpacity = 0;
    std::vector<Rgba> levelStrokes;
    float levelStrokeWidth = 0, levelStrokeWidthStep = 0;
    LayerStyle buildings;
};

// assets/layer_styles.json.
Result<LayerDefaults> readDefaults() {
    return assets::read<LayerDefaults>(
        "layer_styles.json", "the default layer styles", {"level", "buildings"},
        [](const config::Object& root, LayerDefaults& d) {
            const config::Object level = root.child(
                "level", {"fill", "fillOpacityCoarsest", "fillOpacity", "strokes", "strokeWidth", "strokeWidthStep"});
            const config::Object buildings = root.child("buildings", {"fill", "fillOpacity", "stroke", "strokeWidth"});
            for (const auto* o : {&level, &buildings})
                if (!o->present()) return root.fail(o == &level ? "level" : "buildings", "missing (required)");
            for (const char* key : {"fill", "fillOpacityCoarsest", "fillOpacity", "strokes", "strokeWidth", "strokeWidthStep"})
                if (!level.has(key)) return level.fail(key, "missing (required)");
            for (const char* key : {"fill", "fillOpacity", "stroke", "strokeWidth"})
                if (!buildings.has(key)) return buildings.fail(key, "missing (required)");
            level.color("fill", d.levelFill);
            level.number("fillOpacityCoarsest", d.levelFillOpacityCoarsest, 0, 1);
            level.number("fillOpacity", d.levelFillOpacity, 0, 1);
            std::vector<std::string> strokes;
            level.strings("strokes", strokes, true);
            for (std::size_t i = 0; i < strokes.size(); ++i) {
                auto c = parseColor(strokes[i]);
                if (!c)
                    return root.context().fail(level.at("strokes") + "[" + std::to_string(i) + "]",
                                               "\"" + strokes[i] + "\" is not a colour (use \"#rrggbb\" or \"#rrggbbaa\")");
                d.levelStrokes.push_back(*c);
            }
            level.number("strokeWidth", d.levelStrokeWidth, 0, 100);
            level.number("strokeWidthStep", d.levelStrokeWidthStep, 0, 100);
            buildings.color("fill", d.buildings.fill);
            buildings.number("fillOpacity", d.buildings.fillOpacity, 0, 1);
            buildings.color("stroke", d.buildings.stroke);
            buildings.number("strokeWidth", d.buildings.strokeWidth, 0, 100);
        });
}

const Result<LayerDefaults>& defaultsResult() {
    static const Result<LayerDefaults> d = readDefaults();
    return d;
}

const LayerDefaults& defaults() {
    if (!defaultsResult()) assets::fail(defaultsResult().error());
    return defaultsResult().value();
}

}  // namespace

Status loadLayerStyleDefaults() {
    if (!defaultsResult()) return defaultsResult().error();
    return {};
}

LayerStyle defaultLevelStyle(std::size_t index, std::size_t count) {
    const LayerDefaults& d = defaults();
    const std::size_t last = d.levelStrokes.size() - 1;
    const std::size_t fromFinest = count > index ? count - 1 - index : 0;
    LayerStyle style;
    style.fill = d.levelFill;
    style.fillOpacity = index == 0 ? d.levelFillOpacityCoarsest : d.levelFillOpacity;
    style.stroke = d.levelStrokes[std::min(index, last)];
    style.strokeWidth = d.levelStrokeWidth + d.levelStrokeWidthStep * static_cast<float>(std::min(fromFinest, last));
    return style;
}

LayerStyle defaultBuildingsStyle() { return defaults().buildings; }

void readLayerStyle(const config::Object& o, LayerStyle& style) {
    o.boolean("visible", style.visible);
    o.color("fill", style.fill);
    o.number("fillOpacity", style.fillOpacity, 0, 1);
    o.color("stroke", style.stroke);
    o.number("strokeWidth", style.strokeWidth, 0, 100);
    o.number("opacity", style.opacity, 0, 1);
    if (config::Object c = o.child("colorBy", {"field", "method", "classes", "palette"}); c.present()) {
        c.string("field", style.colorBy.field, true);
        c.choice("method", style.colorBy.method,
                 {{"quantile", ClassMethod::Quantile},
                  {"equalInterval", ClassMethod::EqualInterval},
                  {"equal-interval", ClassMethod::EqualInterval},
                  {"equal_interval", ClassMethod::EqualInterval}},
                 "method", 2);
        c.integer("classes", style.colorBy.classes, 2, 12);
        c.string("palette", style.colorBy.palette);
    }
    if (config::Object l = o.child("label", {"field", "size", "color", "halo"}); l.present()) {
        l.string("field", style.label.field, true);
        l.number("size", style.label.sizePx, 4, 200);
        l.color("color", style.label.color);
        l.color("halo", style.label.halo);
    }
}

}  // namespace gs
