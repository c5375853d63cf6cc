// The scene config: a good config with its defaults, every kind of bad field named by its JSON
// path, and scenes built from command-line source lists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/color.hpp"
#include "session/scene_file.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

using namespace gs;

namespace {

const std::string kShared = GRIDSCOPE_SHARED_DATA;

// The example of docs/ARCHITECTURE.md.
constexpr const char* kDemo = R"({
  "name": "Demo district",
  "crs": "EPSG:3857",
  "background": "#0b1220",
  "camera": {"bbox": [-122.42, 37.78, -122.40, 37.80], "crs": "EPSG:4326"},
  "layers": [
    {
      "id": "neighborhoods", "title": "街道 Neighborhoods",
      "source": "demo.gpkg", "layer": "neighborhoods",
      "where": "nhood <> ''",
      "crs": "EPSG:4326",
      "role": "level",
      "level": {"id": "nhood", "name": "name_zh"},
      "style": {"visible": true, "fill": "#1e3a5f", "fillOpacity": 0.6, "stroke": "#7fb3ff",
                "strokeWidth": 2.0, "opacity": 1.0,
                "colorBy": {"field": "shape_area", "method": "quantile", "classes": 5, "palette": "YlOrRd"},
                "label": {"field": "name_zh", "size": 16, "color": "#ffffff", "halo": "#000000"}}
    },
    {
      "id": "tracts", "source": "demo.gpkg", "layer": "tracts", "role": "level",
      "level": {"id": "geoid", "name": "tractce10", "parent": "nhood"}
    },
    {"id": "buildings", "source": "demo.gpkg", "layer": "buildings", "role": "buildings"}
  ]
})";

SceneConfig parseOk(std::string_view json) {
    auto scene = parseSceneConfig(json, "scene.json", "/maps");
    EXPECT_TRUE(scene.ok()) << (scene.ok() ? "" : scene.error().message);
    return scene.ok() ? std::move(scene).value() : SceneConfig{};
}

// The error for the demo config with `from` replaced by `to` (the first occurrence).
std::string errorWith(const std::string& from, const std::string& to) {
    std::string json = kDemo;
    size_t at = json.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) json.replace(at, from.size(), to);
    auto scene = parseSceneConfig(json, "scene.json", "/maps");
    EXPECT_FALSE(scene.ok()) << "accepted: " << to;
    return scene.ok() ? "" : scene.error().message;
}

bool sameColor(Rgba a, Rgba b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }
bool sameColor(Rgba a, const char* hex) { return sameColor(a, *parseColor(hex)); }

}  // namespace

TEST(SceneConfig, ParsesTheArchitectureExample) {
    SceneConfig scene = parseOk(kDemo);
    EXPECT_EQ(scene.name, "Demo district");
    EXPECT_EQ(scene.file, "scene.json");
    EXPECT_EQ(scene.displayCrs, "EPSG:3857");
    EXPECT_TRUE(sameColor(scene.background, "#0b1220"));
    ASSERT_TRUE(scene.camera.has_value());
    EXPECT_EQ(scene.camera->crs, "EPSG:4326");
    EXPECT_DOUBLE_EQ(scene.camera->bbox->maxY, 37.80);
    ASSERT_EQ(scene.layers.size(), 3u);

    const LayerConfig& hoods = scene.layers[0];
    EXPECT_EQ(hoods.title, "街道 Neighborhoods");
    EXPECT_EQ(hoods.source.source, "/maps/demo.gpkg");  // resolved against the config's folder
    EXPECT_EQ(hoods.source.where, "nhood <> ''");
    EXPECT_EQ(hoods.source.crs, "EPSG:4326");
    EXPECT_EQ(hoods.level.idField, "nhood");
    EXPECT_FLOAT_EQ(hoods.style.fillOpacity, 0.6f);
    EXPECT_TRUE(sameColor(hoods.style.stroke, "#7fb3ff"));
    EXPECT_EQ(hoods.style.colorBy.method, ClassMethod::Quantile);
    EXPECT_FLOAT_EQ(hoods.style.label.sizePx, 16);
    EXPECT_TRUE(sameColor(hoods.style.label.halo, "#000000"));
    EXPECT_EQ(fieldsUsed(hoods), (std::vector<std::string>{"nhood", "name_zh", "shape_area"}));

    // Defaults: the finer level a thinner outline than the coarser, buildings grey.
    const LayerConfig& tracts = scene.layers[1];
    EXPECT_EQ(tracts.title, "tracts");
    EXPECT_EQ(tracts.level.parentField, "nhood");
    EXPECT_TRUE(tracts.style.visible);
    EXPECT_LT(tracts.style.strokeWidth, defaultLevelStyle(0, 2).strokeWidth);
    EXPECT_TRUE(tracts.style.colorBy.field.empty());
    EXPECT_TRUE(tracts.style.label.field.empty());
    EXPECT_EQ(scene.layers[2].role, LayerRole::Buildings);
    EXPECT_TRUE(sameColor(scene.layers[2].style.fill, "#4b5563"));
}

TEST(SceneConfig, MinimalConfigGetsDefaults) {
    SceneConfig scene = parseOk(R"({"layers": [{"source": "grid.geojson"},
                                               {"source": "PG:dbname=gs:blocks", "role": "buildings"}]})");
    EXPECT_EQ(scene.displayCrs, "EPSG:3857");
    EXPECT_FALSE(scene.camera.has_value());
    EXPECT_EQ(scene.layers[0].id, "grid");  // from the file name
    EXPECT_EQ(scene.layers[0].role, LayerRole::Level);
    EXPECT_EQ(scene.layers[0].source.source, "/maps/grid.geojson");
    EXPECT_EQ(scene.layers[1].source.source, "PG:dbname=gs:blocks");  // connection strings as given
    EXPECT_TRUE(sameColor(scene.layers[0].style.fill, "#1e3a5f"));

    SceneConfig center =
        parseOk(R"({"crs": "EPSG:4547", "camera": {"center": [500000, 2489000], "scale": 2.5},
                                     "layers": [{"source": "/abs/grid.gpkg", "layer": "grid"}]})");
    EXPECT_EQ(center.camera->crs, "EPSG:4547");
    EXPECT_DOUBLE_EQ(center.camera->scale, 2.5);
    EXPECT_EQ(center.layers[0].source.source, "/abs/grid.gpkg");
}

TEST(SceneConfig, BadFieldsNameTheirJsonPath) {
    EXPECT_EQ(errorWith(R"("fill": "#1e3a5f")", R"("fill": "#12")"),
              R"(scene.json: layers[0].style.fill: "#12" is not a colour (use "#rrggbb" or "#rrggbbaa"))");
    EXPECT_EQ(errorWith(R"("fillOpacity": 0.6)", R"("fillOpacity": 1.5)"),
              "scene.json: layers[0].style.fillOpacity: 1.5 is out of range [0, 1]");
    EXPECT_EQ(errorWith(R"("strokeWidth": 2.0)", R"("strokeWidth": "2")"),
              R"(scene.json: layers[0].style.strokeWidth: expected a number, got "2")");
    EXPECT_EQ(errorWith(R"("visible": true)", R"("visible": 1)"),
              "scene.json: layers[0].style.visible: expected true or false, got 1");
    EXPECT_EQ(errorWith(R"("classes": 5)", R"("classes": 5.5)"),
              "scene.json: layers[0].style.colorBy.classes: expected an integer, got 5.5");
    EXPECT_EQ(errorWith(R"("method": "quantile")", R"("method": "kmeans")"),
              R"(scene.json: layers[0].style.colorBy.method: "kmeans" is not a method )"
              R"((use "quantile", "equalInterval", "naturalBreaks" or "manual"))");
    EXPECT_EQ(errorWith(R"("method": "quantile")", R"("method": "naturalBreak")"),
              R"(scene.json: layers[0].style.colorBy.method: "naturalBreak" is not a method (did you mean "naturalBreaks"?))");
    EXPECT_EQ(errorWith(R"("method": "quantile", "classes": 5)", R"("method": "manual", "breaks": [0, 9, 3])"),
              "scene.json: layers[0].style.colorBy.breaks: edge 2 (3) is not above edge 1 (9): edges must ascend");
    EXPECT_EQ(errorWith(R"("field": "name_zh", "size")", R"("size")"),
              "scene.json: layers[0].style.label.field: missing (required)");
    EXPECT_EQ(errorWith(R"("role": "buildings")", R"("role": "roads")"),
              R"(scene.json: layers[2].role: "roads" is not a role (use "level", "buildings" or "layer"))");
    EXPECT_EQ(errorWith(R"("role": "buildings")", R"("role": "buildings", "level": {"id": "x"})"),
              R"(scene.json: layers[2].level: only a layer with role "level" has level fields)");
    EXPECT_EQ(errorWith(R"("level": {"id": "nhood",)", R"("level": {"parent": "x", "id": "nhood",)"),
              "scene.json: layers[0].level.parent: the first level has no parent level");
    EXPECT_EQ(errorWith(R"("id": "tracts", "source": "demo.gpkg",)", R"("id": "tracts",)"),
              "scene.json: layers[1].source: missing (required)");
    EXPECT_EQ(
        errorWith(R"("id": "tracts")", R"("id": "neighborhoods")"),
        R"(scene.json: layers[1].id: "neighborhoods" is the id of an earlier layer too; give each layer its own "id")");
    EXPECT_EQ(errorWith(R"("layer": "tracts")", R"("layer": "tracts", "sql": "SELECT 1")"),
              "scene.json: layers[1].sql: give either layer or sql, not both");
    EXPECT_EQ(errorWith(R"("crs": "EPSG:4326",)", R"("crs": "EPSG:0",)"),
              R"(scene.json: layers[0].crs: CRS "EPSG:0" is not known to PROJ (proj_create: crs not found))");
    EXPECT_EQ(
        errorWith(R"("crs": "EPSG:3857")", R"("crs": "EPSG:4326")"),
        R"(scene.json: crs: "EPSG:4326" is geographic (degrees); the display needs a projected CRS such as EPSG:3857)");
    EXPECT_EQ(errorWith(R"("background": "#0b1220")", R"("background": 11)"),
              R"(scene.json: background: 11 is not a colour (use "#rrggbb" or "#rrggbbaa"))");
}

// "lang": the language of the scene's screens, also given to its live overlay (legend, labels).
TEST(SceneConfig, LangIsReadAndGivenToTheLiveOverlay) {
    std::string json = kDemo;
    json.replace(json.find(R"("name": "Demo district")"), 23,
                 R"("name": "Demo district", "lang": "en", "live": {"mode": "markers"})");
    auto file = parseSceneFile(json, "scene.json", "/maps");
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_EQ(file->lang, Lang::En);
    ASSERT_TRUE(file->live.has_value());
    EXPECT_EQ(file->live->lang, Lang::En);
    auto plain = parseSceneFile(kDemo, "scene.json", "/maps");
    ASSERT_TRUE(plain.ok());
    EXPECT_FALSE(plain->lang.has_value());
    EXPECT_EQ(errorWith(R"("name": "Demo district")", R"("name": "Demo district", "lang": "fr")"),
              R"(scene.json: lang: "fr" is not a language (use "zh" or "en"))");
}

TEST(SceneConfig, UnknownKeysAreErrorsWithSuggestions) {
    EXPECT_EQ(errorWith(R"("fill": "#1e3a5f")", R"("fil": "#1e3a5f")"),
              R"(scene.json: layers[0].style.fil: unknown key (did you mean "fill"?))");
    EXPECT_EQ(errorWith(R"("strokeWidth")", R"("strokewidth")"),
              R"(scene.json: layers[0].style.strokewidth: unknown key (did you mean "strokeWidth"?))");
    EXPECT_EQ(errorWith(R"("name": "Demo district")", R"("title": "Demo")"),
              "scene.json: title: unknown key (known: name, crs, background, camera, layers, basemap, feeds, live, lang, analysis)");
}

TEST(SceneConfig, CameraAndLayersShape) {
    EXPECT_EQ(errorWith("[-122.42, 37.78, -122.40, 37.80]", "[-122.40, 37.78, -122.42, 37.80]"),
              "scene.json: camera.bbox: expected [minx, miny, maxx, maxy] with min < max");
    EXPECT_EQ(errorWith("[-122.42, 37.78, -122.40, 37.80]", "[1, 2, 3]"),
              "scene.json: camera.bbox: expected an array of 4 numbers, got [1,2,3]");
    EXPECT_EQ(errorWith(R"("crs": "EPSG:4326"},)", R"("crs": "EPSG:4326", "center": [0, 0], "scale": 1},)"),
              "scene.json: camera.center: give either bbox or center, not both");
    auto noScale = parseSceneConfig(R"({"camera": {"center": [0, 0]}, "layers": [{"source": "a.gpkg"}]})",
                                    "s.json", "/");
    ASSERT_FALSE(noScale.ok());
    EXPECT_EQ(noScale.error().message,
              "s.json: camera.scale: missing (center needs a scale, in metres per pixel)");
    auto notAnObject = parseSceneConfig("[]", "s.json", "/");
    ASSERT_FALSE(notAnObject.ok());
    EXPECT_EQ(notAnObject.error().message, "s.json: expected an object, got []");
    auto noLayers = parseSceneConfig(R"({"name": "x", "layers": []})", "s.json", "/");
    ASSERT_FALSE(noLayers.ok());
    EXPECT_EQ(noLayers.error().message, "s.json: layers: expected a non-empty array of layers, got []");
    auto notObject = parseSceneConfig(R"({"layers": ["a.gpkg"]})", "s.json", "/");
    ASSERT_FALSE(notObject.ok());
    EXPECT_EQ(notObject.error().message, R"(s.json: layers[0]: expected an object, got "a.gpkg")");
}

TEST(SceneConfig, SyntaxErrorsAndFiles) {
    auto syntax = parseSceneConfig("{\n  \"name\": \"x\",\n  \"layers\": [\n}", "s.json", "/");
    ASSERT_FALSE(syntax.ok());
    EXPECT_EQ(syntax.error().message.rfind("s.json: parse error at line 4, column 1", 0), 0u)
        << syntax.error().message;

    auto missing = loadSceneConfig("/nonexistent/scene.json");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "/nonexistent/scene.json: cannot read the scene config (no such file or no permission)");

    auto dir = std::filesystem::temp_directory_path() / "gridscope_scene_config_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "scene.json") << R"({"layers": [{"source": "../data/grid.gpkg"}]})";
    auto loaded = loadSceneConfig(dir / "scene.json");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loaded->layers[0].source.source, (dir.parent_path() / "data/grid.gpkg").string());
    std::filesystem::remove_all(dir);
}

TEST(SceneConfig, Colours) {
    Rgba c = *parseColor("#ff800080");
    EXPECT_FLOAT_EQ(c.r, 1);
    EXPECT_FLOAT_EQ(c.g, 128 / 255.f);
    EXPECT_FLOAT_EQ(c.a, 128 / 255.f);
    EXPECT_FLOAT_EQ(parseColor("#0B1220")->a, 1);
    for (const char* bad : {"", "#12", "0b1220", "#0b122", "#0b1220f", "#gg0000", "red"})
        EXPECT_FALSE(parseColor(bad).has_value()) << bad;
}

TEST(SceneFromSources, SplitsSourceArguments) {
    auto split = [](const char* arg) {
        SourceSpec s = splitSourceArg(arg);
        return s.source + "|" + s.layer;
    };
    EXPECT_EQ(split("PG:dbname=gs port=5433:tracts"), "PG:dbname=gs port=5433|tracts");
    EXPECT_EQ(split("PG:dbname=gs"), "PG:dbname=gs|");
    EXPECT_EQ(split("data/city.gpkg:grids"), "data/city.gpkg|grids");
    EXPECT_EQ(split("data/city.gpkg"), "data/city.gpkg|");
    const std::string existing = kShared + "/sf/tracts.geojson";
    EXPECT_EQ(split(existing.c_str()), existing + "|");
}

TEST(SceneFromSources, LevelsGetDistinctDefaultsAndGuessedFields) {
    // A fake field lister: no files needed.
    FieldLister fields = [](const SourceSpec& s) -> Result<std::vector<FieldInfo>> {
        if (s.layer == "streets")
            return std::vector<FieldInfo>{{"CODE", FieldType::String}, {"Name", FieldType::String}};
        if (s.layer == "grids")
            return std::vector<FieldInfo>{{"grid_id", FieldType::Integer},
                                          {"code", FieldType::String},
                                          {"grid_name", FieldType::String}};
        return Error{s.source + ": no such file"};
    };
    SourceArgs args;
    args.grids = {"city.gpkg:streets", "city.gpkg:grids"};
    args.buildings = "city.gpkg:buildings";
    args.srcCrs = "EPSG:4490";
    args.displayCrs = "EPSG:4547";
    auto scene = sceneFromSources(args, fields);
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    EXPECT_EQ(scene->displayCrs, "EPSG:4547");
    ASSERT_EQ(scene->layers.size(), 3u);
    const LayerConfig &streets = scene->layers[0], &grids = scene->layers[1];
    EXPECT_EQ(streets.id, "streets");
    EXPECT_EQ(streets.source.crs, "EPSG:4490");
    EXPECT_EQ(streets.level.idField, "CODE");
    EXPECT_EQ(streets.level.nameField, "Name");
    EXPECT_TRUE(streets.style.label.field.empty());  // only the finest level is labelled
    EXPECT_GT(streets.style.strokeWidth, grids.style.strokeWidth);
    EXPECT_FALSE(sameColor(streets.style.stroke, grids.style.stroke));
    EXPECT_EQ(grids.level.idField, "code");
    EXPECT_EQ(grids.level.nameField, "grid_name");
    EXPECT_EQ(grids.style.label.field, "grid_name");
    EXPECT_EQ(scene->layers[2].role, LayerRole::Buildings);

    args.grids.push_back("missing.gpkg:x");
    EXPECT_EQ(sceneFromSources(args, fields).error().message, "missing.gpkg: no such file");
    args.displayCrs = "EPSG:4326";
    EXPECT_EQ(
        sceneFromSources(args, fields).error().message,
        R"(--crs: "EPSG:4326" is geographic (degrees); the display needs a projected CRS such as EPSG:3857)");
    EXPECT_FALSE(sceneFromSources(SourceArgs{}, fields).ok());
}

TEST(SceneFromSources, RealSanFranciscoLevels) {
    SourceArgs args;
    args.grids = {kShared + "/sf/neighborhoods.geojson", kShared + "/sf/tracts.geojson"};
    args.buildings = kShared + "/sf/buildings.gpkg:buildings";
    auto scene = sceneFromSources(args);
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    EXPECT_EQ(scene->layers[0].id, "neighborhoods");
    EXPECT_EQ(scene->layers[1].level.idField, "geoid");
    EXPECT_EQ(scene->layers[2].source.layer, "buildings");
}
