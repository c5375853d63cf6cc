#include "scene/scene_config.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "assets/assets.hpp"
#include "geo/crs.hpp"

namespace gs {

namespace {

using config::Json;
using config::Object;
using config::shown;

void parseCamera(const Object& o, const std::string& displayCrs, CameraConfig& camera) {
    camera.crs = displayCrs;
    o.crs("crs", camera.crs);
    camera.bbox = o.box("bbox");
    if (auto center = o.numbers("center", 2)) camera.center = Vec2d{(*center)[0], (*center)[1]};
    o.number("scale", camera.scale, 1e-9, 1e9);
    if (camera.bbox && camera.center)
        o.fail("center", "give either bbox or center, not both");
    else if (camera.center && !o.has("scale"))
        o.fail("scale", "missing (center needs a scale, in metres per pixel)");
    else if (!camera.center && o.has("scale"))
        o.fail("scale", "a scale needs a center");
    else if (!camera.bbox && !camera.center)
        o.fail("", "give a bbox, or a center and a scale");
}

std::string resolveSource(const std::string& source, const std::filesystem::path& baseDir) {
    if (isConnectionString(source) || std::filesystem::path(source).is_absolute()) return source;
    return (baseDir / source).lexically_normal().string();
}

// An id for a layer that has none: its layer name, else its file's stem.
std::string defaultId(const SourceSpec& spec) {
    if (!spec.layer.empty()) return spec.layer;
    std::string stem = std::filesystem::path(spec.source).stem().string();
    return stem.empty() ? "layer" : stem;
}

}  // namespace

const char* roleName(LayerRole role) {
    switch (role) {
    case LayerRole::Level: return "level";
    case LayerRole::Buildings: return "buildings";
    case LayerRole::Layer: return "layer";
    case LayerRole::Basemap: return "basemap";
    }
    return "level";
}

std::vector<std::string> fieldsUsed(const LayerConfig& layer) {
    std::vector<std::string> fields;
    for (const std::string* f : {&layer.level.idField, &layer.level.nameField, &layer.level.parentField,
                                 &layer.level.householdsField, &layer.style.colorBy.field, &layer.style.label.field})
        if (!f->empty() && std::find(fields.begin(), fields.end(), *f) == fields.end()) fields.push_back(*f);
    return fields;
}

const config::Object::Keys& sceneKeys() {
    static const config::Object::Keys keys = {"name", "crs", "background", "camera", "layers", "basemap"};
    return keys;
}

void readScene(const Object& root, SceneConfig& scene) {
    config::Context& ctx = root.context();
    scene.file = ctx.file;
    root.string("name", scene.name);
    root.crs("crs", scene.displayCrs, /*projected=*/true);
    root.color("background", scene.background);
    if (Object camera = root.child("camera", {"bbox", "crs", "center", "scale"}); camera.present())
        parseCamera(camera, scene.displayCrs, scene.camera.emplace());

    const Json* layers = root.get("layers");
    if (!layers || !layers->is_array() || layers->empty())
        ctx.fail("layers", layers ? "expected a non-empty array of layers, got " + shown(*layers)
                                  : "missing (required)");
    // Default styles depend on a level's rank among the levels, so count them first.
    const size_t levelCount =
        ctx.error ? 0 : std::count_if(layers->begin(), layers->end(), [](const Json& l) {
            return !l.is_object() || !l.contains("role") || l["role"] == "level";
        });
    std::set<std::string> ids;
    for (size_t i = 0; !ctx.error && i < layers->size(); ++i) {
        const std::string path = "layers[" + std::to_string(i) + "]";
        Object o(ctx, &(*layers)[i], path,
                 {"id", "title", "source", "layer", "where", "sql", "crs", "role", "level", "style"});
        LayerConfig layer;
        o.string("source", layer.source.source, true);
        o.string("layer", layer.source.layer);
        o.string("where", layer.source.where);
        o.string("sql", layer.source.sql);
        o.crs("crs", layer.source.crs);
        if (!layer.source.layer.empty() && !layer.source.sql.empty())
            ctx.fail(o.at("sql"), "give either layer or sql, not both");
        layer.source.source = resolveSource(layer.source.source, ctx.baseDir);

        std::string role = "level";
        o.string("role", role);
        if (role == "buildings")
            layer.role = LayerRole::Buildings;
        else if (role == "layer")
            layer.role = LayerRole::Layer;
        else if (role != "level")
            ctx.fail(o.at("role"), "\"" + role + "\" is not a role (use \"level\", \"buildings\" or \"layer\")");
        const size_t levelIndex =
            std::count_if(scene.layers.begin(), scene.layers.end(),
                          [](const LayerConfig& l) { return l.role == LayerRole::Level; });
        if (Object level = o.child("level", {"id", "name", "parent", "households"}); level.present()) {
            if (layer.role != LayerRole::Level)
                ctx.fail(o.at("level"), "only a layer with role \"level\" has level fields");
            level.string("id", layer.level.idField);
            level.string("name", layer.level.nameField);
            level.string("parent", layer.level.parentField);
            level.string("households", layer.level.householdsField);
            if (!layer.level.parentField.empty() && levelIndex == 0)
                ctx.fail(level.at("parent"), "the first level has no parent level");
        }

        layer.id = defaultId(layer.source);
        o.string("id", layer.id);
        if (!ids.insert(layer.id).second)
            ctx.fail(o.at("id"), "\"" + layer.id +
                                     "\" is the id of an earlier layer too; give each layer its own \"id\"");
        layer.title = layer.id;
        o.string("title", layer.title);

        layer.style = layer.role == LayerRole::Level       ? defaultLevelStyle(levelIndex, levelCount)
                      : layer.role == LayerRole::Buildings ? defaultBuildingsStyle()
                                                           : defaultOverlayStyle();
        readLayerStyle(o.child("style", layerStyleKeys()), layer.style);
        scene.layers.push_back(std::move(layer));
    }

    if (Object b = root.child("basemap", {"source", "style", "crs"}); b.present() && !ctx.error) {
        BasemapConfig& basemap = scene.basemap.emplace();
        b.string("source", basemap.source, true);
        basemap.source = resolveSource(basemap.source, ctx.baseDir);
        b.crs("crs", basemap.crs);
        b.string("style", basemap.style);
        if (basemap.style != "dark" && basemap.style != "light") b.path("style", basemap.style);
        if (!ctx.error) {
            if (Status st = readBasemapStyle(basemap.style, basemap); !st) ctx.fail(b.at("style"), st.error().message);
        }
        if (!ctx.error && !root.has("background") && basemap.background) scene.background = *basemap.background;
    }
}

Status readBasemapStyle(const std::string& style, BasemapConfig& out) {
    const bool builtIn = style == "dark" || style == "light";
    auto read = [&](const Object& root, BasemapConfig& b) {
        config::Context& ctx = root.context();
        root.string("attribution", b.attribution);
        Rgba background;
        if (root.has("background")) {
            root.color("background", background);
            b.background = background;
        }
        const Json* layers = root.get("layers");
        if (!layers || !layers->is_array() || layers->empty())
            return ctx.fail("layers", "expected a non-empty array of basemap layers");
        std::set<std::string> ids;
        for (size_t i = 0; !ctx.error && i < layers->size(); ++i) {
            Object o(ctx, &(*layers)[i], "layers[" + std::to_string(i) + "]", {"id", "from", "where", "style"});
            BasemapRule rule;
            o.string("id", rule.id, true);
            o.string("from", rule.from, true);
            o.string("where", rule.where);
            if (!rule.id.empty() && !ids.insert(rule.id).second) o.fail("id", "\"" + rule.id + "\" is used twice");
            rule.style = defaultOverlayStyle();
            rule.style.fillOpacity = 1;
            readLayerStyle(o.child("style", layerStyleKeys()), rule.style);
            b.rules.push_back(std::move(rule));
        }
    };
    auto r = builtIn ? assets::read<BasemapConfig>("basemap/" + style + ".json", "the " + style + " basemap style",
                                                   {"attribution", "background", "layers"}, read)
                     : config::readFile<BasemapConfig>(style, "the basemap style", {"attribution", "background", "layers"},
                                                       read);
    if (!r) return r.error();
    out.rules = std::move(r->rules);
    out.attribution = std::move(r->attribution);
    out.background = r->background;
    return {};
}

// ---------------------------------------------------------------------------------------------

SourceSpec splitSourceArg(std::string_view arg) {
    SourceSpec spec;
    spec.source = std::string(arg);
    std::error_code ec;
    const size_t colon = arg.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || std::filesystem::exists(spec.source, ec))
        return spec;
    // The only colon ends a driver prefix: "PG:dbname=gs" names no layer.
    if (arg.find(':') == colon && isConnectionString(arg)) return spec;
    spec.source = std::string(arg.substr(0, colon));
    spec.layer = std::string(arg.substr(colon + 1));
    return spec;
}

namespace {

// The first field whose name is one of `names` (any case), else one containing `fallback`.
std::string findField(const std::vector<FieldInfo>& fields, std::initializer_list<const char*> names,
                      const char* fallback = nullptr) {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    };
    for (const char* name : names)
        for (const FieldInfo& f : fields)
            if (lower(f.name) == name) return f.name;
    if (fallback)
        for (const FieldInfo& f : fields)
            if (f.type == FieldType::String && lower(f.name).find(fallback) != std::string::npos)
                return f.name;
    return {};
}

}  // namespace

void guessLevelFields(LayerConfig& layer, const std::vector<FieldInfo>& fields) {
    if (!layer.level.guessFields) return;
    layer.level.idField = findField(fields, {"id", "code", "geoid", "gid"});
    layer.level.nameField = findField(fields, {"name", "name_zh", "name_en", "title", "label"}, "name");
    if (layer.level.labelByName) layer.style.label.field = layer.level.nameField;
    layer.level.guessFields = false;
}

Result<SceneConfig> sceneFromSources(const SourceArgs& args, const FieldLister& listFields) {
    if (args.grids.empty() && args.buildings.empty())
        return Error{
            "no layers: give --grids SRC[:LAYER] (levels, coarse to fine) and/or --buildings SRC[:LAYER]"};
    SceneConfig scene;
    scene.name = "gridscope";
    scene.displayCrs = args.displayCrs;
    if (auto problem = crsProblem(args.displayCrs, /*projected=*/true)) return Error{"--crs: " + *problem};
    if (!args.srcCrs.empty())
        if (auto problem = crsProblem(args.srcCrs, false)) return Error{"--src-crs: " + *problem};

    std::set<std::string> ids;
    auto addLayer = [&](const std::string& arg, LayerRole role, size_t index) -> Status {
        LayerConfig layer;
        layer.source = splitSourceArg(arg);
        layer.source.crs = args.srcCrs;
        layer.role = role;
        layer.id = defaultId(layer.source);
        for (int n = 2; !ids.insert(layer.id).second; ++n)
            layer.id = defaultId(layer.source) + "_" + std::to_string(n);
        layer.title = layer.id;
        if (role == LayerRole::Buildings) {
            layer.style = defaultBuildingsStyle();
        } else {
            layer.style = defaultLevelStyle(index, args.grids.size());
            if (!listFields) {
                // Fields are guessed by the loader when it opens the source; parents by containment.
                layer.level.guessFields = true;
                layer.level.labelByName = index + 1 == args.grids.size();
                scene.layers.push_back(std::move(layer));
                return {};
            }
            auto fields = listFields(layer.source);
            if (!fields) return fields.error();
            layer.level.idField = findField(*fields, {"id", "code", "geoid", "gid"});
            layer.level.nameField =
                findField(*fields, {"name", "name_zh", "name_en", "title", "label"}, "name");
            // A field named like the parent level's id links to it; otherwise containment does.
            const LayerConfig* parent = index > 0 ? &scene.layers.back() : nullptr;
            if (parent && !parent->level.idField.empty() && parent->level.idField != layer.level.idField) {
                for (const FieldInfo& f : *fields)
                    if (f.name == parent->level.idField) layer.level.parentField = f.name;
            }
            if (index + 1 == args.grids.size()) layer.style.label.field = layer.level.nameField;
        }
        scene.layers.push_back(std::move(layer));
        return {};
    };
    for (size_t i = 0; i < args.grids.size(); ++i)
        if (Status s = addLayer(args.grids[i], LayerRole::Level, i); !s) return s.error();
    if (!args.buildings.empty())
        if (Status s = addLayer(args.buildings, LayerRole::Buildings, 0); !s) return s.error();
    return scene;
}

}  // namespace gs
