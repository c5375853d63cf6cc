// The scene config (JSON, see docs/ARCHITECTURE.md "Scene config") as plain structs, and the same
// structs built from command-line source lists.
//
// Reading checks everything it can without opening a source: types, ranges, colours, CRS texts
// (through PROJ), unknown keys (engine/config). Every error names the file and the JSON path, e.g.
//   scene.json: layers[1].style.fill: "#12" is not a colour (use "#rrggbb" or "#rrggbbaa")
// Field names (colorBy.field, label.field, level.*) are checked when the loader opens the source.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "config/checker.hpp"
#include "source/vector_source.hpp"
#include "style/layer_style.hpp"

namespace gs {

// Levels form the management hierarchy (polygons); buildings are footprints (polygons); a plain
// layer holds any geometry (points as symbols, lines, polygons: schools, cameras, roads, rivers);
// basemap layers come from the scene's "basemap" (OpenStreetMap data under everything else).
enum class LayerRole { Level, Buildings, Layer, Basemap };
// "level", "buildings", "layer", "basemap": as scene files and reports spell them.
const char* roleName(LayerRole role);

// How a level's features form the management hierarchy. Empty idField: the feature id (FID);
// empty parentField: the parent is the feature of the previous level containing this one.
struct LevelConfig {
    std::string idField;
    std::string nameField;
    std::string parentField;
    // Households per grid, for figures per household (the analyst's choropleth); optional.
    std::string householdsField;
    // Set for levels given on the command line: the loader picks id and name fields from the
    // source's fields once it has opened it (guessLevelFields), so no source is opened twice.
    bool guessFields = false;
    bool labelByName = false;  // then also label the level by the name field it found
};

struct LayerConfig {
    std::string id;     // unique in the scene
    std::string title;  // for legends and panels; the id when not given
    SourceSpec source;  // a relative path is already resolved against the config's folder
    LayerRole role = LayerRole::Level;
    LevelConfig level;  // for role Level only
    LayerStyle style;
};

// Where the view starts: bbox, or center + scale. Coordinates are in `crs`.
struct CameraConfig {
    std::string crs;  // the display CRS when the config gives none
    std::optional<Box> bbox;
    std::optional<Vec2d> center;
    double scale = 0;  // metres per pixel, with center
};

// One layer of a basemap style (assets/basemap/*.json): which layer of the basemap source it draws
// ("from": "lines", "polygons" or "points" find the OSM driver's layer of that name or the
// source's one layer of that kind; anything else is a layer name), which features, how.
struct BasemapRule {
    std::string id;
    std::string from;
    std::string where;
    LayerStyle style;
};

// The scene's "basemap": OpenStreetMap data read through GDAL (a raw .osm.pbf or .osm file, or the
// Shapefile/GeoPackage layers extracts come as), drawn under the grids by a style's rules. The
// loader turns the rules into layers of role Basemap (scene/basemap.hpp).
struct BasemapConfig {
    std::string source;
    std::string style = "dark";  // "dark", "light" (assets/basemap/), or a style file
    std::string crs;             // declares the source's CRS (rarely needed: OSM data is EPSG:4326)
    std::vector<BasemapRule> rules;
    std::string attribution;     // shown in the picture's corner
    std::optional<Rgba> background;  // the style's map background, used when the scene gives none
};

struct SceneConfig {
    std::string file;  // the config file, as given (empty when built from the command line)
    std::string name;
    std::string displayCrs = "EPSG:3857";
    Rgba background{0.043f, 0.071f, 0.125f, 1};  // #0b1220
    std::optional<CameraConfig> camera;          // none: fit the data
    std::vector<LayerConfig> layers;             // levels coarse to fine, in config order
    std::optional<BasemapConfig> basemap;        // none: no basemap
};

// Reads a basemap style: "dark" and "light" from assets/basemap/, else a JSON file. Errors name the
// file and JSON path.
Status readBasemapStyle(const std::string& style, BasemapConfig& out);

// The scene's keys of a scene file's root object (the file may hold more: its feeds, the live
// overlay; engine/session/scene_file reads the whole file).
const config::Object::Keys& sceneKeys();
// Reads those keys of `root` into `scene`; relative sources resolve against the file's folder.
void readScene(const config::Object& root, SceneConfig& scene);

// The attribute fields a layer's config refers to, for VectorSource::selectFields().
std::vector<std::string> fieldsUsed(const LayerConfig& layer);

// ---------------------------------------------------------------------------------------------
// From the command line (`--grids SRC[:LAYER] ... --buildings SRC[:LAYER] --src-crs CRS --crs CRS`).

// If `arg` names an existing file, it is the source. Otherwise the text after the last ':' is the
// layer ("PG:dbname=gs port=5433:tracts" reads layer tracts), unless that colon only ends a
// driver prefix ("PG:dbname=gs" is a source without a layer).
SourceSpec splitSourceArg(std::string_view arg);

struct SourceArgs {
    std::vector<std::string> grids;  // levels, coarse to fine
    std::string buildings;           // optional
    std::string srcCrs;              // declares the CRS of every source (optional)
    std::string displayCrs = "EPSG:3857";
};

// Lists a source's fields, to guess level id and name fields. The default opens the source
// (listSourceFields, source/vector_source.hpp).
using FieldLister = std::function<Result<std::vector<FieldInfo>>(const SourceSpec&)>;

// A scene with default styles. Levels get the id field among "id", "code", "geoid", "gid" and the
// name field among "name", "name_zh", "name_en", "title", "label" (then any field named *name*),
// a parent field when a level has a field named like its parent level's id field, and the finest
// level is labelled by its name field. Fails on a bad CRS or when listFields fails.
// Picks a level's id and name fields from what its source has (see LevelConfig::guessFields).
void guessLevelFields(LayerConfig& layer, const std::vector<FieldInfo>& fields);

Result<SceneConfig> sceneFromSources(const SourceArgs& args,
                                     const FieldLister& listFields = listSourceFields);

}  // namespace gs
