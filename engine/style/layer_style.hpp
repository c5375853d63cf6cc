// How a layer looks: fill, outline, colour by a field's classes, labels. Plain data, read from a
// layer's "style" object by readLayerStyle(); the defaults are the dark command-center look.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/checker.hpp"
#include "core/types.hpp"

namespace gs {

// The most classes a colour-by makes (palettes stay readable up to it).
inline constexpr int kMaxClasses = 12;

// How values are cut into classes (style/classify.hpp tells each method's edges).
enum class ClassMethod { Quantile, EqualInterval, NaturalBreaks, Manual };

// Colour by a numeric field's classes; inactive while `field` is empty.
struct ColorBy {
    std::string field;
    ClassMethod method = ClassMethod::Quantile;
    int classes = 5;                 // asked for; Manual: breaks.size() - 1
    std::vector<double> breaks;      // Manual's class edges, ascending
    std::string palette = "YlOrRd";  // a palette name from engine/style
};

// Labels at each feature's label point; none while `field` is empty.
struct LabelStyle {
    std::string field;
    float sizePx = 13;
    Rgba color{1, 1, 1, 1};
    Rgba halo{0.043f, 0.071f, 0.125f, 1};  // the default background, so labels read on any fill
};

// How a line's width is given: pixels on screen, or metres on the ground (it follows the zoom).
enum class WidthUnit { Pixels, Metres };

// Point features' symbol; its colour is the fill (or the colour-by class).
enum class SymbolShape { Circle, Square, Triangle, Diamond };
struct SymbolStyle {
    SymbolShape shape = SymbolShape::Circle;
    float sizePx = 9;                         // diameter
    Rgba outline{0.043f, 0.071f, 0.125f, 1};  // the default background: symbols stand out on any map
    float outlineWidthPx = 1.5f;
};

struct LayerStyle {
    bool visible = true;
    Rgba fill;
    float fillOpacity = 0.35f;
    Rgba stroke;
    float strokeWidth = 1;  // polygon outlines and lines, in strokeUnit
    WidthUnit strokeUnit = WidthUnit::Pixels;
    // Lines only: a casing drawn under the line, `casingWidth` pixels wider on each side (roads);
    // none while casingWidth is 0.
    Rgba casing{0.043f, 0.071f, 0.125f, 1};
    float casingWidth = 0;
    // Dashes of lines: [dash, gap] in pixels; empty is solid.
    std::vector<float> dash;
    SymbolStyle symbol;
    // Points closer than this many pixels on screen gather into one symbol with their count; 0:
    // every point drawn (at a city's zoom, thousands of cameras or schools would be a smear).
    float clusterPx = 0;
    // Hidden when the view shows more metres per pixel than this (zoomed out past it); 0: always.
    // Minor roads and small points give way at city scale.
    double maxScale = 0;
    float opacity = 1;  // of the whole layer
    ColorBy colorBy;
    LabelStyle label;
};

// Defaults of the dark command-center look (assets/layer_styles.json, read on first use;
// loadLayerStyleDefaults() reads it at start and reports a bad file): level `index` of `count`
// (0 = coarsest) gets a thicker, lighter outline the coarser it is; buildings are grey.
Status loadLayerStyleDefaults();
LayerStyle defaultLevelStyle(std::size_t index, std::size_t count);
LayerStyle defaultBuildingsStyle();
// Layers other than levels and buildings (points, lines, polygons of any kind).
LayerStyle defaultOverlayStyle();

// The keys readLayerStyle() reads.
const config::Object::Keys& layerStyleKeys();

// A layer's "style" object over `style` (which holds the defaults); absent: nothing changes.
void readLayerStyle(const config::Object& o, LayerStyle& style);

// The classing keys of a colorBy object (a layer's, the live overlay's): "method" (quantile,
// equalInterval, naturalBreaks, manual), "classes" (minClasses..12) and "breaks" (manual edges,
// ascending: "breaks" alone means manual). Errors name the key: a method with a did-you-mean,
// breaks with another method, manual without breaks, classes that disagree with the breaks.
void readClassing(const config::Object& o, ClassMethod& method, int& classes, std::vector<double>& breaks,
                  int minClasses);

}  // namespace gs
