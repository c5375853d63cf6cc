// The wall layout: the four shipped layouts parse with the values they declare, every kind of bad
// field is one message "FILE: path.key: what", and the scene path is resolved against the layout's
// folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "wall/wall_layout.hpp"

namespace gs {
namespace {

using nlohmann::json;

const std::filesystem::path kSource = GRIDSCOPE_SOURCE_DIR;

// A small good layout; the error tests break one thing in it at a time.
json goodLayout() {
    return json::parse(R"({
      "name": "测试屏",
      "canvas": [1920, 1080],
      "scene": "../demo.json",
      "lang": "en",
      "panels": [
        {"id": "map", "type": "map", "rect": [0, 0, 1200, 1080]},
        {"id": "kpis", "type": "kpis", "rect": [1200, 0, 720, 540], "figures": ["open", "overdue"]},
        {"id": "rank", "type": "ranking", "by": "response", "rect": [1200, 540, 720, 540]}
      ],
      "tour": {"stops": [{"name": "A", "center": [-122.4, 37.79], "width_m": 2000, "seconds": 10,
                          "panels": ["kpis"]}]}
    })");
}

// The error message of parsing `j` as "L.json" in /layouts/wall, or "(parsed)".
std::string errorOf(const std::string& text) {
    auto r = parseWallLayout(text, "L.json", "/layouts/wall");
    return r ? "(parsed)" : r.error().message;
}
std::string errorOf(const json& j) { return errorOf(j.dump()); }

TEST(WallLayout, ShippedLayoutsParse) {
    struct Expect {
        const char* file;
        int width, height, columns, rows;
        std::size_t panels, stops;
        bool isPublic;
    };
    const Expect expect[] = {
        {"wall-1920x1080.json", 1920, 1080, 1, 1, 8, 3, false},
        {"wall-3840x1080.json", 3840, 1080, 2, 1, 11, 4, false},
        {"wall-7680x2160.json", 7680, 2160, 4, 2, 12, 4, false},
        {"wall-public-1920x1080.json", 1920, 1080, 1, 1, 8, 3, true},
    };
    const std::string scene = (kSource / "data" / "demo.json").lexically_normal().string();
    for (const auto& e : expect) {
        SCOPED_TRACE(e.file);
        auto l = loadWallLayout(kSource / "data" / "wall" / e.file);
        ASSERT_TRUE(l) << l.error().message;
        EXPECT_EQ(l->width, e.width);
        EXPECT_EQ(l->height, e.height);
        EXPECT_EQ(l->outputs.columns, e.columns);
        EXPECT_EQ(l->outputs.rows, e.rows);
        EXPECT_EQ(l->panels.size(), e.panels);
        EXPECT_EQ(l->tour.size(), e.stops);
        EXPECT_EQ(l->isPublic, e.isPublic);
        EXPECT_EQ(l->lang, "zh");
        EXPECT_EQ(l->minCount, 5);
        // "../demo.json" from data/wall/ is data/demo.json, absolute.
        EXPECT_EQ(l->scene, scene);
        EXPECT_TRUE(std::filesystem::exists(l->scene));
        ASSERT_NE(l->panel("map"), nullptr);
        EXPECT_EQ(l->panel("map")->kind, PanelKind::Map);
        EXPECT_EQ(l->panel("nope"), nullptr);
    }
}

TEST(WallLayout, GoodLayoutValues) {
    auto l = parseWallLayout(goodLayout().dump(), "L.json", "/layouts/wall");
    ASSERT_TRUE(l) << l.error().message;
    EXPECT_EQ(l->file, "L.json");
    EXPECT_EQ(l->name, "测试屏");
    EXPECT_EQ(l->lang, "en");
    EXPECT_FALSE(l->isPublic);
    EXPECT_FALSE(l->clock.has_value());
    ASSERT_EQ(l->panels.size(), 3u);
    EXPECT_EQ(l->panels[1].kind, PanelKind::Kpis);
    EXPECT_EQ(l->panels[1].x, 1200.f);
    EXPECT_EQ(l->panels[1].h, 540.f);
    EXPECT_EQ(l->panels[1].figures, (std::vector<std::string>{"open", "overdue"}));
    EXPECT_EQ(l->panels[2].rankBy, RankingBy::Response);
    ASSERT_EQ(l->tour.size(), 1u);
    EXPECT_DOUBLE_EQ(l->tour[0].lon, -122.4);
    EXPECT_DOUBLE_EQ(l->tour[0].widthMeters, 2000);
    EXPECT_EQ(l->tour[0].panels, (std::vector<std::string>{"kpis"}));
    EXPECT_EQ(panelKindName(PanelKind::FeedHealth), "feed_health");
}

TEST(WallLayout, SceneResolvedAgainstTheLayoutsFolder) {
    auto l = parseWallLayout(goodLayout().dump(), "L.json", "/layouts/wall");
    ASSERT_TRUE(l) << l.error().message;
    EXPECT_EQ(l->scene, "/layouts/demo.json");
    json j = goodLayout();
    j["scene"] = "scenes/a.json";
    l = parseWallLayout(j.dump(), "L.json", "/layouts/wall");
    ASSERT_TRUE(l) << l.error().message;
    EXPECT_EQ(l->scene, "/layouts/wall/scenes/a.json");
    j["scene"] = "/abs/scene.json";  // an absolute path stays
    l = parseWallLayout(j.dump(), "L.json", "/layouts/wall");
    ASSERT_TRUE(l) << l.error().message;
    EXPECT_EQ(l->scene, "/abs/scene.json");
}

TEST(WallLayout, NotJson) {
    EXPECT_EQ(errorOf(std::string("{\"canvas\": [1920, 1080],")).rfind("L.json: parse error at line 1", 0), 0u);
    EXPECT_EQ(errorOf(std::string("[1, 2]")), "L.json: expected an object, got [1,2]");
}

TEST(WallLayout, UnknownKeyIsNamed) {
    json j = goodLayout();
    j["panles"] = json::array();
    EXPECT_EQ(errorOf(j), "L.json: panles: unknown key (did you mean \"panels\"?)");
    j = goodLayout();
    j["colour"] = "red";  // nothing close: the known keys are listed
    EXPECT_EQ(errorOf(j), "L.json: colour: unknown key (known: name, canvas, wall, scene, lang, public, "
                          "min_count, feed_silent_seconds, clock, panels, tour)");
    j = goodLayout();
    j["panels"][1]["titel"] = "x";
    EXPECT_EQ(errorOf(j), "L.json: panels[1].titel: unknown key (did you mean \"title\"?)");
    j = goodLayout();
    j["tour"]["stops"][0]["zoom"] = 3;
    EXPECT_EQ(errorOf(j).rfind("L.json: tour.stops[0].zoom: unknown key", 0), 0u) << errorOf(j);
}

TEST(WallLayout, RectOutsideTheCanvas) {
    json j = goodLayout();
    j["panels"][1]["rect"] = {1200, 0, 721, 540};  // one pixel past the right edge
    EXPECT_EQ(errorOf(j), "L.json: panels[1].rect: reaches outside the 1920x1080 canvas");
    j["panels"][1]["rect"] = {1200, -1, 720, 540};
    EXPECT_EQ(errorOf(j), "L.json: panels[1].rect: reaches outside the 1920x1080 canvas");
    j["panels"][1]["rect"] = {1200, 0, 720};
    EXPECT_EQ(errorOf(j),
              "L.json: panels[1].rect: must be [x, y, width, height] in canvas pixels, width and height > 0");
    j["panels"][1]["rect"] = {1200, 0, 720, 1080};  // exactly to the bottom edge is inside
    EXPECT_EQ(errorOf(j), "(parsed)");
}

TEST(WallLayout, DuplicatePanelId) {
    json j = goodLayout();
    j["panels"][2]["id"] = "map";
    EXPECT_EQ(errorOf(j), "L.json: panels[2].id: \"map\" is used twice");
    // A panel without an id is named by its type: two of a type need ids.
    j = goodLayout();
    j["panels"][2] = {{"type", "kpis"}, {"rect", {1200, 540, 720, 540}}};
    j["panels"][1].erase("id");
    j["tour"]["stops"][0].erase("panels");
    EXPECT_EQ(errorOf(j), "L.json: panels[2].id: \"kpis\" is used twice");
}

TEST(WallLayout, UnknownPanelTypeListsKnownOnes) {
    json j = goodLayout();
    j["panels"][0]["type"] = "chart";
    EXPECT_EQ(errorOf(j), "L.json: panels[0].type: \"chart\" is not a panel type (title, clock, map, kpis, "
                          "hourly, categories, statuses, ranking, ticker, alert, feed_health)");
}

TEST(WallLayout, BadLang) {
    json j = goodLayout();
    j["lang"] = "fr";
    EXPECT_EQ(errorOf(j), "L.json: lang: \"fr\" is not a language (zh, en)");
    j = goodLayout();
    j["panels"][0]["title"] = 7;  // a wrong type is named by its path too
    EXPECT_EQ(errorOf(j), "L.json: panels[0].title: expected a string, got 7");
}

TEST(WallLayout, WrongTypeAtTheTopLevelNamesTheKey) {
    json j = goodLayout();
    j["lang"] = 7;
    EXPECT_EQ(errorOf(j), "L.json: lang: expected a non-empty string, got 7");
}

TEST(WallLayout, TourStopNamingAnUnknownPanel) {
    json j = goodLayout();
    j["tour"]["stops"][0]["panels"] = {"kpis", "nope"};
    EXPECT_EQ(errorOf(j), "L.json: tour.stops[0].panels: no panel \"nope\" in the layout");
}

TEST(WallLayout, MissingScene) {
    json j = goodLayout();
    j.erase("scene");
    EXPECT_EQ(errorOf(j), "L.json: scene: is required: the scene config drawn in the map panel");
    j["scene"] = "";
    EXPECT_EQ(errorOf(j), "L.json: scene: is required: the scene config drawn in the map panel");
}

TEST(WallLayout, OtherBadFields) {
    json j = goodLayout();
    j["canvas"] = {32, 1080};
    EXPECT_EQ(errorOf(j), "L.json: canvas: must be [width, height] in pixels, each 64..16384");
    j = goodLayout();
    j["panels"] = json::array();
    EXPECT_EQ(errorOf(j), "L.json: panels: expected a non-empty array of panels, got []");
    j = goodLayout();
    j["clock"] = "yesterday";
    EXPECT_EQ(errorOf(j).rfind("L.json: clock: \"yesterday\" is not an RFC 3339 time with offset", 0), 0u);
    j = goodLayout();
    j["wall"] = {{"columns", 17}};
    EXPECT_EQ(errorOf(j), "L.json: wall.columns: 17 is out of range [1, 16]");
    j = goodLayout();
    j["panels"][1]["figures"] = {"open", "busy"};
    EXPECT_EQ(errorOf(j).rfind("L.json: panels[1].figures: \"busy\" is not a figure", 0), 0u) << errorOf(j);
}

TEST(WallLayout, MissingFileNamesIt) {
    auto l = loadWallLayout("/no/such/wall.json");
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error().message, "/no/such/wall.json: cannot read the wall layout (no such file or no permission)");
}

}  // namespace
}  // namespace gs
