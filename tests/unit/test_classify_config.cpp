// Classing in the scene's and the live overlay's colorBy: methods by name with did-you-mean
// errors, manual breaks and their checks, and legends that count values outside the breaks.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "config/checker.hpp"
#include "live/overlay/live_colors.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "source/attribute_table.hpp"
#include "style/classify.hpp"
#include "style/layer_colors.hpp"
#include "style/layer_style.hpp"

using namespace gs;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A style object's colorBy, read as a scene's layer would be; the error, or empty.
std::string readColorBy(const std::string& colorBy, ColorBy* out = nullptr) {
    auto style = config::readString<LayerStyle>(R"({"colorBy": )" + colorBy + "}", "s.json", ".", {"colorBy"},
                                                [](const config::Object& o, LayerStyle& s) { readLayerStyle(o, s); });
    if (!style) return style.error().message;
    if (out) *out = style->colorBy;
    return "";
}

}  // namespace

TEST(ClassifyConfig, MethodsAndBreaks) {
    ColorBy cb;
    EXPECT_EQ(readColorBy(R"({"field": "f", "method": "naturalBreaks", "classes": 7})", &cb), "");
    EXPECT_EQ(cb.method, ClassMethod::NaturalBreaks);
    EXPECT_EQ(cb.classes, 7);
    for (const char* spelling : {"natural_breaks", "natural-breaks", "jenks"}) {
        EXPECT_EQ(readColorBy(std::string(R"({"field": "f", "method": ")") + spelling + "\"}", &cb), "");
        EXPECT_EQ(cb.method, ClassMethod::NaturalBreaks) << spelling;
    }
    EXPECT_EQ(readColorBy(R"({"field": "f", "method": "manual", "breaks": [0, 10, 50.5, 100]})", &cb), "");
    EXPECT_EQ(cb.method, ClassMethod::Manual);
    EXPECT_EQ(cb.breaks, (std::vector<double>{0, 10, 50.5, 100}));
    EXPECT_EQ(cb.classes, 3);
    // Breaks alone mean manual.
    EXPECT_EQ(readColorBy(R"({"field": "f", "breaks": [1, 2, 3], "classes": 2})", &cb), "");
    EXPECT_EQ(cb.method, ClassMethod::Manual);
}

TEST(ClassifyConfig, ErrorsNameTheKey) {
    EXPECT_EQ(readColorBy(R"({"field": "f", "method": "natural"})"),
              R"(s.json: colorBy.method: "natural" is not a method (did you mean "naturalBreaks"?))");
    EXPECT_EQ(readColorBy(R"({"field": "f", "method": "jenk"})"),
              R"(s.json: colorBy.method: "jenk" is not a method (did you mean "jenks"?))");
    EXPECT_EQ(readColorBy(R"({"field": "f", "method": "manual"})"),
              R"(s.json: colorBy.breaks: missing (required for method "manual": the class edges, e.g. [0, 10, 50, 100]))");
    EXPECT_EQ(readColorBy(R"({"field": "f", "method": "quantile", "breaks": [0, 1]})"),
              R"(s.json: colorBy.breaks: only for method "manual" (leave out "method" or make it "manual"))");
    EXPECT_EQ(readColorBy(R"({"field": "f", "breaks": [0]})"),
              "s.json: colorBy.breaks: expected an array of 2 to 13 ascending numbers (class edges), got [0]");
    EXPECT_EQ(readColorBy(R"({"field": "f", "breaks": 5})"),
              "s.json: colorBy.breaks: expected an array of 2 to 13 ascending numbers (class edges), got 5");
    EXPECT_EQ(readColorBy(R"({"field": "f", "breaks": [0, "10", 20]})"),
              R"(s.json: colorBy.breaks[1]: expected a number, got "10")");
    EXPECT_EQ(readColorBy(R"({"field": "f", "breaks": [0, 10, 10]})"),
              "s.json: colorBy.breaks: edge 2 (10) is not above edge 1 (10): edges must ascend");
    EXPECT_EQ(readColorBy(R"({"field": "f", "breaks": [0, 10, 20], "classes": 5})"),
              R"(s.json: colorBy.classes: 5 disagrees with the 2 classes the breaks make (leave "classes" out with breaks))");
    EXPECT_EQ(readColorBy(R"({"field": "f", "brakes": [0, 10]})"),
              R"(s.json: colorBy.brakes: unknown key (did you mean "breaks"?))");
}

TEST(ClassifyConfig, LegendCountsOutsideManualBreaks) {
    AttributeTable table;
    table.addColumn("n", FieldType::Real);
    auto& column = table.column(0);
    for (const char* v : {"-5", "0", "3", "10", "40", "250", ""}) {
        column.values.emplace_back(v);
        column.isNull.push_back(*v ? 0 : 1);
    }
    LayerStyle style;
    style.colorBy.field = "n";
    style.colorBy.method = ClassMethod::Manual;
    style.colorBy.breaks = {0, 10, 100};
    auto colors = evaluateLayerColors("grids", style, table, 7);
    ASSERT_TRUE(colors) << colors.error().message;
    ASSERT_EQ(colors->legend.entries.size(), 2u);
    EXPECT_EQ(colors->legend.entries[0].label, "0 – 10");
    EXPECT_EQ(colors->legend.entries[0].count, 3u);  // 0, 3, 10
    EXPECT_EQ(colors->legend.entries[1].count, 1u);  // 40
    EXPECT_EQ(colors->legend.outOfRange, 2u);        // -5, 250
    EXPECT_EQ(colors->legend.noData, 1u);
    EXPECT_EQ(colors->fill[0], colors->fill[6]);  // out of range: the plain fill, as no data
    style.colorBy.breaks = {10, 0};
    auto bad = evaluateLayerColors("grids", style, table, 7);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message,
              "layer \"grids\": colorBy breaks: edge 1 (0) is not above edge 0 (10): edges must ascend");
}

TEST(ClassifyConfig, LiveColorByTakesTheSameClassing) {
    auto c = parseLiveOverlayConfig(R"({"colorBy": {"figure": "overdue", "breaks": [0, 1, 5, 20]}})", "scene.json", ".");
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_TRUE(c->colorBy);
    EXPECT_EQ(c->colorBy->method, ClassMethod::Manual);
    EXPECT_EQ(c->colorBy->breaks, (std::vector<double>{0, 1, 5, 20}));
    LayerStyle style;
    auto colors = liveLayerColors("grids", style, *c->colorBy, std::vector<double>{0, 1, 2, 30, kNaN}, Lang::En);
    ASSERT_TRUE(colors) << colors.error().message;
    ASSERT_EQ(colors->legend.entries.size(), 3u);
    EXPECT_EQ(colors->legend.entries[0].count, 2u);  // 0 and 1: "0 – 1" holds its upper bound
    EXPECT_EQ(colors->legend.entries[1].count, 1u);
    EXPECT_EQ(colors->legend.outOfRange, 1u);
    EXPECT_EQ(colors->legend.noData, 1u);
    auto natural = parseLiveOverlayConfig(R"({"colorBy": {"figure": "open", "method": "jenks"}})", "scene.json", ".");
    ASSERT_TRUE(natural);
    EXPECT_EQ(natural->colorBy->method, ClassMethod::NaturalBreaks);
    auto typo = parseLiveOverlayConfig(R"({"colorBy": {"figure": "open", "method": "equal_intervals"}})", "scene.json", ".");
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().message,
              R"(scene.json: live.colorBy.method: "equal_intervals" is not a method (did you mean "equal_interval"?))");
}
