#include "style/layer_style.hpp"

#include <algorithm>

#include "core/color.hpp"

namespace gs {

LayerStyle defaultLevelStyle(std::size_t index, std::size_t count) {
    // Light cyan for the coarsest outline down to a deeper sky blue for the finest.
    static const char* const kStrokes[] = {"#a5f3fc", "#67e8f9", "#22d3ee", "#38bdf8"};
    const std::size_t fromFinest = count > index ? count - 1 - index : 0;
    LayerStyle style;
    style.fill = *parseColor("#1e3a5f");
    style.fillOpacity = index == 0 ? 0.35f : 0.15f;  // stacked levels must not turn opaque
    style.stroke = *parseColor(kStrokes[std::min<std::size_t>(index, 3)]);
    style.strokeWidth = 1.0f + 0.75f * static_cast<float>(std::min<std::size_t>(fromFinest, 3));
    return style;
}

LayerStyle defaultBuildingsStyle() {
    LayerStyle style;
    style.fill = *parseColor("#4b5563");
    style.fillOpacity = 0.85f;
    style.stroke = *parseColor("#9ca3af");
    style.strokeWidth = 0.5f;
    return style;
}

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
