#include "style/layer_style.hpp"

#include <algorithm>
#include <vector>

#include "assets/assets.hpp"
#include "core/color.hpp"
#include "style/classify.hpp"

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

LayerStyle defaultOverlayStyle() {
    LayerStyle style;
    style.fill = {0.96f, 0.62f, 0.04f, 1};    // #f59e0b: amber reads on the dark map and the light
    style.fillOpacity = 0.6f;
    style.stroke = {0.22f, 0.74f, 0.97f, 1};  // #38bdf8
    style.strokeWidth = 2;
    return style;
}

const config::Object::Keys& layerStyleKeys() {
    static const config::Object::Keys keys = {"visible", "fill",   "fillOpacity", "stroke",   "strokeWidth",
                                              "strokeUnit", "casing", "dash",      "symbol", "cluster", "maxScale",
                                              "opacity", "colorBy", "label"};
    return keys;
}

void readLayerStyle(const config::Object& o, LayerStyle& style) {
    o.boolean("visible", style.visible);
    o.color("fill", style.fill);
    o.number("fillOpacity", style.fillOpacity, 0, 1);
    o.color("stroke", style.stroke);
    o.choice("strokeUnit", style.strokeUnit, {{"px", WidthUnit::Pixels}, {"m", WidthUnit::Metres}}, "width unit");
    o.number("strokeWidth", style.strokeWidth, 0, style.strokeUnit == WidthUnit::Metres ? 10000 : 100);
    if (config::Object c = o.child("casing", {"color", "width"}); c.present()) {
        c.color("color", style.casing);
        c.number("width", style.casingWidth, 0, 50);
        if (!c.has("width")) style.casingWidth = 1;
    }
    if (const config::Json* d = o.get("dash")) {
        style.dash.clear();
        bool ok = d->is_array() && d->size() == 2;
        for (std::size_t i = 0; ok && i < d->size(); ++i) {
            ok = (*d)[i].is_number() && (*d)[i].get<double>() > 0 && (*d)[i].get<double>() <= 1000;
            if (ok) style.dash.push_back((*d)[i].get<float>());
        }
        if (!ok) {
            style.dash.clear();
            o.fail("dash", "expected [dash, gap] in pixels, each in (0, 1000], e.g. [6, 4], got " + config::shown(*d));
        }
    }
    if (config::Object sy = o.child("symbol", {"shape", "size", "outline", "outlineWidth"}); sy.present()) {
        sy.choice("shape", style.symbol.shape,
                  {{"circle", SymbolShape::Circle}, {"square", SymbolShape::Square},
                   {"triangle", SymbolShape::Triangle}, {"diamond", SymbolShape::Diamond}},
                  "symbol shape");
        sy.number("size", style.symbol.sizePx, 1, 200);
        sy.color("outline", style.symbol.outline);
        sy.number("outlineWidth", style.symbol.outlineWidthPx, 0, 20);
    }
    o.number("cluster", style.clusterPx, 0, 500);
    o.number("maxScale", style.maxScale, 0, 1e7);
    o.number("opacity", style.opacity, 0, 1);
    if (config::Object c = o.child("colorBy", {"field", "method", "classes", "breaks", "palette"}); c.present()) {
        c.string("field", style.colorBy.field, true);
        readClassing(c, style.colorBy.method, style.colorBy.classes, style.colorBy.breaks, 2);
        c.string("palette", style.colorBy.palette);
    }
    if (config::Object l = o.child("label", {"field", "size", "color", "halo"}); l.present()) {
        l.string("field", style.label.field, true);
        l.number("size", style.label.sizePx, 4, 200);
        l.color("color", style.label.color);
        l.color("halo", style.label.halo);
    }
}

void readClassing(const config::Object& o, ClassMethod& method, int& classes, std::vector<double>& breaks,
                  int minClasses) {
    // The first four are the names; the rest are spellings people write (jenks for natural breaks).
    o.choice("method", method,
             {{"quantile", ClassMethod::Quantile},
              {"equalInterval", ClassMethod::EqualInterval},
              {"naturalBreaks", ClassMethod::NaturalBreaks},
              {"manual", ClassMethod::Manual},
              {"equal-interval", ClassMethod::EqualInterval},
              {"equal_interval", ClassMethod::EqualInterval},
              {"natural-breaks", ClassMethod::NaturalBreaks},
              {"natural_breaks", ClassMethod::NaturalBreaks},
              {"jenks", ClassMethod::NaturalBreaks}},
             "method", 4);
    o.integer("classes", classes, minClasses, kMaxClasses);
    if (!o.context().ok()) return;
    const config::Json* b = o.get("breaks");
    if (!b) {
        if (method == ClassMethod::Manual && breaks.empty())
            o.fail("breaks", "missing (required for method \"manual\": the class edges, e.g. [0, 10, 50, 100])");
        return;
    }
    if (o.has("method") && method != ClassMethod::Manual)
        return o.fail("breaks", "only for method \"manual\" (leave out \"method\" or make it \"manual\")");
    const std::string shape = "an array of 2 to " + std::to_string(kMaxClasses + 1) + " ascending numbers (class edges)";
    if (!b->is_array() || b->size() < 2 || b->size() > std::size_t(kMaxClasses) + 1)
        return o.fail("breaks", "expected " + shape + ", got " + config::shown(*b));
    std::vector<double> edges;
    for (std::size_t i = 0; i < b->size(); ++i) {
        const config::Json& e = (*b)[i];
        if (!e.is_number())
            return o.context().fail(o.at("breaks") + "[" + std::to_string(i) + "]",
                                    "expected a number, got " + config::shown(e));
        edges.push_back(e.get<double>());
    }
    if (auto why = checkManualBreaks(edges)) return o.fail("breaks", *why);
    const int made = int(edges.size()) - 1;
    if (o.has("classes") && classes != made)
        return o.fail("classes", std::to_string(classes) + " disagrees with the " + std::to_string(made) +
                                     " classes the breaks make (leave \"classes\" out with breaks)");
    method = ClassMethod::Manual;
    classes = made;
    breaks = std::move(edges);
}

}  // namespace gs
