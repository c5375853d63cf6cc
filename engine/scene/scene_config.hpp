// The scene config (JSON, see docs/ARCHITECTURE.md "Scene config") as plain structs, and the same
// structs built from command-line source lists.
//
// Parsing checks everything it can without opening a source: types, ranges, colours, CRS texts
// (through PROJ), unknown keys. Every error names the file and the JSON path, e.g.
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
#include "live/feed/feed_queue.hpp"
#include "source/vector_source.hpp"

namespace gs {

enum class LayerRole { Level, Buildings };
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

// How a level's features form the management hierarchy. Empty idField: the feature id (FID);
// empty parentField: the parent is the feature of the previous level containing this one.
struct LevelConfig {
    std::string idField;
    std::string nameField;
    std::string parentField;
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

// A live feed source (docs/live-feed.md, "Transports"). Relative paths are already resolved
// against the config's folder. Credentials are not read here: LiveFeed reads password_env and
// password_file when it makes the source.
enum class FeedType { File, Mqtt };
struct FeedConfig {
    FeedType type = FeedType::File;
    std::string id;                 // shown in the feed panel; empty: the path, or the URL and topics
    std::string crs;                // the points' CRS: empty (WGS 84), "GCJ-02", "BD-09" or a PROJ CRS
    std::optional<Box> validRange;  // overrides the CRS's range (in the source CRS)
    FeedQueueOptions queue;
    // type "file"
    std::string path;
    double speed = 1;   // feed seconds per second; 0 as fast as possible
    double rate = 0;    // > 0: messages per second, whatever their times
    bool loop = false;
    std::optional<std::int64_t> from;  // replay from this feed time: earlier messages go at once
    // type "mqtt"
    std::string url;                  // checked: mqtt://HOST[:PORT] or mqtts://...
    std::vector<std::string> topics;  // checked filters
    std::string clientId;             // empty: "gridscope-feed<index>-<host name>"
    int qos = 1;
    std::string user, passwordEnv, passwordFile, caFile;
    int keepalive = 30;               // seconds
};

struct SceneConfig {
    std::string file;  // the config file, as given (empty when built from the command line)
    std::string name;
    std::string displayCrs = "EPSG:3857";
    Rgba background{0.043f, 0.071f, 0.125f, 1};  // #0b1220
    std::optional<CameraConfig> camera;          // none: fit the data
    std::vector<LayerConfig> layers;             // levels coarse to fine, in config order
    std::vector<FeedConfig> feeds;               // live feed sources; several may run at once
};

Result<SceneConfig> loadSceneConfig(const std::filesystem::path& file);
// `fileLabel` prefixes messages; relative sources are resolved against `baseDir`.
Result<SceneConfig> parseSceneConfig(std::string_view json, const std::string& fileLabel,
                                     const std::filesystem::path& baseDir);

// "#rrggbb" or "#rrggbbaa" (hex digits in either case).
std::optional<Rgba> parseColor(std::string_view text);

// Defaults of the dark command-center look: level `index` of `count` (0 = coarsest) gets a
// thicker, lighter outline the coarser it is; buildings are grey.
LayerStyle defaultLevelStyle(size_t index, size_t count);
LayerStyle defaultBuildingsStyle();

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

// Lists a source's fields, to guess level id and name fields. The default opens the source.
using FieldLister = std::function<Result<std::vector<FieldInfo>>(const SourceSpec&)>;
Result<std::vector<FieldInfo>> listSourceFields(const SourceSpec& spec);

// A scene with default styles. Levels get the id field among "id", "code", "geoid", "gid" and the
// name field among "name", "name_zh", "name_en", "title", "label" (then any field named *name*),
// a parent field when a level has a field named like its parent level's id field, and the finest
// level is labelled by its name field. Fails on a bad CRS or when listFields fails.
// Picks a level's id and name fields from what its source has (see LevelConfig::guessFields).
void guessLevelFields(LayerConfig& layer, const std::vector<FieldInfo>& fields);

Result<SceneConfig> sceneFromSources(const SourceArgs& args,
                                     const FieldLister& listFields = listSourceFields);

}  // namespace gs
