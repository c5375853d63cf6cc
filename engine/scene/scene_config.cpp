#include "scene/scene_config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "geo/china_offsets.hpp"
#include "geo/crs.hpp"
#include "core/rfc3339.hpp"
#include "live/feed/mqtt_url.hpp"

namespace gs {

namespace {

using Json = nlohmann::json;

// Parsing keeps the first error and carries on with defaults, so the code reads as a plain walk
// over the config instead of a check after every field.
struct Context {
    std::string file;
    std::optional<Error> error;
    void fail(const std::string& path, const std::string& message) {
        if (!error) error = Error{file + ": " + (path.empty() ? "" : path + ": ") + message};
    }
};

std::string shown(const Json& value) {
    std::string text = value.dump();
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// Why `text` cannot be the CRS it is meant to be, if it cannot.
std::optional<std::string> crsProblem(const std::string& text, bool projected) {
    auto info = describeCrs(text);
    if (!info) return info.error().message;
    if (projected && info->geographic)
        return "\"" + text +
               "\" is geographic (degrees); the display needs a projected CRS such as EPSG:3857";
    return std::nullopt;
}

size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                               diagonal + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// One JSON object at a path. Rejects keys it does not know (a typo must not silently fall back to
// a default) and reads typed, range-checked values into the fields they belong to.
class Object {
public:
    Object(Context& ctx, const Json* json, std::string path, std::initializer_list<const char*> keys)
        : ctx_(ctx), json_(json), path_(std::move(path)) {
        if (!json_) return;
        if (!json_->is_object()) {
            ctx_.fail(path_, "expected an object, got " + shown(*json_));
            json_ = nullptr;
            return;
        }
        for (const auto& [key, value] : json_->items()) {
            if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) != keys.end())
                continue;
            std::string hint;
            for (const char* known : keys)
                if (editDistance(key, known) <= std::max<size_t>(1, key.size() / 3))
                    hint = std::string(" (did you mean \"") + known + "\"?)";
            ctx_.fail(at(key), "unknown key" + hint);
        }
    }

    bool present() const { return json_ != nullptr; }
    bool has(const char* key) const { return json_ && json_->contains(key); }
    const Json* get(const char* key) const { return has(key) ? &(*json_)[key] : nullptr; }
    std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    Object child(const char* key, std::initializer_list<const char*> keys) const {
        return Object(ctx_, get(key), at(key), keys);
    }

    void string(const char* key, std::string& out, bool required = false) const {
        if (const Json* v = get(key)) {
            if (v->is_string() && !v->get_ref<const std::string&>().empty())
                out = v->get<std::string>();
            else
                ctx_.fail(at(key), "expected a non-empty string, got " + shown(*v));
        } else if (required) {
            ctx_.fail(at(key), "missing (required)");
        }
    }
    template <class T>
    void number(const char* key, T& out, double min, double max) const {
        const Json* v = get(key);
        if (!v) return;
        if (!v->is_number()) return ctx_.fail(at(key), "expected a number, got " + shown(*v));
        double d = v->get<double>();
        if (d < min || d > max) {
            std::ostringstream range;
            range << " is out of range [" << min << ", " << max << "]";
            return ctx_.fail(at(key), shown(*v) + range.str());
        }
        out = static_cast<T>(d);
    }
    void integer(const char* key, int& out, int min, int max) const {
        const Json* v = get(key);
        if (v && !v->is_number_integer()) return ctx_.fail(at(key), "expected an integer, got " + shown(*v));
        number(key, out, min, max);
    }
    void boolean(const char* key, bool& out) const {
        if (const Json* v = get(key)) {
            if (v->is_boolean())
                out = v->get<bool>();
            else
                ctx_.fail(at(key), "expected true or false, got " + shown(*v));
        }
    }
    void color(const char* key, Rgba& out) const {
        const Json* v = get(key);
        if (!v) return;
        auto rgba = v->is_string() ? parseColor(v->get<std::string>()) : std::nullopt;
        if (rgba)
            out = *rgba;
        else
            ctx_.fail(at(key), shown(*v) + " is not a colour (use \"#rrggbb\" or \"#rrggbbaa\")");
    }
    // A CRS PROJ can read; `projected` additionally rejects lon/lat CRSs (for the display).
    void crs(const char* key, std::string& out, bool projected = false) const {
        std::string text;
        string(key, text);
        if (text.empty()) return;
        if (auto problem = crsProblem(text, projected)) return ctx_.fail(at(key), *problem);
        out = text;
    }
    // An array of exactly n numbers.
    std::optional<std::vector<double>> numbers(const char* key, size_t n) const {
        const Json* v = get(key);
        if (!v) return std::nullopt;
        if (v->is_array() && v->size() == n &&
            std::all_of(v->begin(), v->end(), [](auto& e) { return e.is_number(); }))
            return v->get<std::vector<double>>();
        ctx_.fail(at(key), "expected an array of " + std::to_string(n) + " numbers, got " + shown(*v));
        return std::nullopt;
    }
    Context& context() const { return ctx_; }
    const std::string& path() const { return path_; }

private:
    Context& ctx_;
    const Json* json_;
    std::string path_;
};

void parseStyle(const Object& o, LayerStyle& style) {
    o.boolean("visible", style.visible);
    o.color("fill", style.fill);
    o.number("fillOpacity", style.fillOpacity, 0, 1);
    o.color("stroke", style.stroke);
    o.number("strokeWidth", style.strokeWidth, 0, 100);
    o.number("opacity", style.opacity, 0, 1);
    if (Object c = o.child("colorBy", {"field", "method", "classes", "palette"}); c.present()) {
        c.string("field", style.colorBy.field, true);
        std::string method;
        c.string("method", method);
        if (method == "quantile")
            style.colorBy.method = ClassMethod::Quantile;
        else if (method == "equalInterval" || method == "equal-interval" || method == "equal_interval")
            style.colorBy.method = ClassMethod::EqualInterval;
        else if (!method.empty())
            c.context().fail(c.at("method"),
                             "\"" + method + "\" is not a method (use \"quantile\" or \"equalInterval\")");
        c.integer("classes", style.colorBy.classes, 2, 12);
        c.string("palette", style.colorBy.palette);
    }
    if (Object l = o.child("label", {"field", "size", "color", "halo"}); l.present()) {
        l.string("field", style.label.field, true);
        l.number("size", style.label.sizePx, 4, 200);
        l.color("color", style.label.color);
        l.color("halo", style.label.halo);
    }
}

void parseCamera(const Object& o, const std::string& displayCrs, CameraConfig& camera) {
    camera.crs = displayCrs;
    o.crs("crs", camera.crs);
    if (auto box = o.numbers("bbox", 4)) {
        Box b{(*box)[0], (*box)[1], (*box)[2], (*box)[3]};
        if (b.minX < b.maxX && b.minY < b.maxY)
            camera.bbox = b;
        else
            o.context().fail(o.at("bbox"), "expected [minx, miny, maxx, maxy] with min < max");
    }
    if (auto center = o.numbers("center", 2)) camera.center = Vec2d{(*center)[0], (*center)[1]};
    o.number("scale", camera.scale, 1e-9, 1e9);
    if (camera.bbox && camera.center)
        o.context().fail(o.at("center"), "give either bbox or center, not both");
    else if (camera.center && !o.has("scale"))
        o.context().fail(o.at("scale"), "missing (center needs a scale, in metres per pixel)");
    else if (!camera.center && o.has("scale"))
        o.context().fail(o.at("scale"), "a scale needs a center");
    else if (!camera.bbox && !camera.center)
        o.context().fail(o.path(), "give a bbox, or a center and a scale");
}

std::string resolveSource(const std::string& source, const std::filesystem::path& baseDir) {
    if (isConnectionString(source) || std::filesystem::path(source).is_absolute()) return source;
    return (baseDir / source).lexically_normal().string();
}

std::string resolvePath(const std::string& path, const std::filesystem::path& baseDir) {
    if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (baseDir / path).lexically_normal().string();
}

// What every feed source has: a name, its coordinates' CRS and range, its queue.
void parseFeedCommon(const Object& o, FeedConfig& feed) {
    o.string("id", feed.id);
    std::string crs;
    o.string("crs", crs);
    if (!crs.empty()) {
        if (chinaOffsetCrs(crs) != ChinaOffsetCrs::None)
            feed.crs = crs;
        else if (auto problem = crsProblem(crs, false))
            o.context().fail(o.at("crs"), *problem + " (or use \"GCJ-02\" / \"BD-09\")");
        else
            feed.crs = crs;
    }
    if (auto range = o.numbers("valid_range", 4)) {
        Box b{(*range)[0], (*range)[1], (*range)[2], (*range)[3]};
        if (b.minX < b.maxX && b.minY < b.maxY)
            feed.validRange = b;
        else
            o.context().fail(o.at("valid_range"), "expected [minx, miny, maxx, maxy] with min < max");
    }
    int capacity = int(feed.queue.capacity);
    o.integer("queue_capacity", capacity, 1, 1 << 24);
    feed.queue.capacity = size_t(capacity);
    std::string overflow;
    o.string("overflow", overflow);
    if (overflow == "block")
        feed.queue.policy = OverflowPolicy::Block;
    else if (overflow == "drop_oldest")
        feed.queue.policy = OverflowPolicy::DropOldest;
    else if (!overflow.empty())
        o.context().fail(o.at("overflow"), "\"" + overflow + "\" is not a policy (use \"drop_oldest\" or \"block\")");
}

void parseMqttFeed(const Object& o, const std::filesystem::path& baseDir, FeedConfig& feed) {
    o.string("url", feed.url, true);
    if (!feed.url.empty())
        if (auto endpoint = parseMqttUrl(feed.url); !endpoint) o.context().fail(o.at("url"), endpoint.error().message);
    const Json* topics = o.get("topics");
    if (!topics) {
        o.context().fail(o.at("topics"), "missing (required: an array of topic filters)");
    } else if (!topics->is_array() || topics->empty()) {
        o.context().fail(o.at("topics"), "expected a non-empty array of topic filters, got " + shown(*topics));
    } else {
        for (size_t i = 0; i < topics->size(); ++i) {
            const std::string at = o.at("topics") + "[" + std::to_string(i) + "]";
            const Json& t = (*topics)[i];
            if (!t.is_string()) {
                o.context().fail(at, "expected a topic filter (a string), got " + shown(t));
            } else if (std::string problem = topicFilterProblem(t.get<std::string>()); !problem.empty()) {
                o.context().fail(at, shown(t) + ": " + problem);
            } else {
                feed.topics.push_back(t.get<std::string>());
            }
        }
    }
    o.string("client_id", feed.clientId);
    if (feed.clientId.size() > 65535) o.context().fail(o.at("client_id"), "longer than 65535 bytes");
    o.integer("qos", feed.qos, 0, 2);
    o.string("user", feed.user);
    o.string("password_env", feed.passwordEnv);
    o.string("password_file", feed.passwordFile);
    feed.passwordFile = resolvePath(feed.passwordFile, baseDir);
    if (!feed.passwordEnv.empty() && !feed.passwordFile.empty())
        o.context().fail(o.at("password_file"), "give either password_env or password_file, not both");
    if ((!feed.passwordEnv.empty() || !feed.passwordFile.empty()) && feed.user.empty())
        o.context().fail(o.at("user"), "missing (a password needs a user)");
    o.string("ca_file", feed.caFile);
    feed.caFile = resolvePath(feed.caFile, baseDir);
    o.integer("keepalive", feed.keepalive, 5, 65535);
}

void parseFeeds(Context& ctx, const Json* feeds, const std::filesystem::path& baseDir, std::vector<FeedConfig>& out) {
    if (!feeds) return;
    if (!feeds->is_array()) return ctx.fail("feeds", "expected an array of feed sources, got " + shown(*feeds));
    for (size_t i = 0; !ctx.error && i < feeds->size(); ++i) {
        const std::string path = "feeds[" + std::to_string(i) + "]";
        const Json& j = (*feeds)[i];
        if (!j.is_object()) return ctx.fail(path, "expected an object, got " + shown(j));
        const Json* type = j.contains("type") ? &j["type"] : nullptr;
        FeedConfig feed;
        if (type && *type == "file") {
            Object o(ctx, &j, path,
                     {"type", "id", "crs", "valid_range", "queue_capacity", "overflow", "path", "speed", "rate", "loop",
                      "from"});
            feed.type = FeedType::File;
            parseFeedCommon(o, feed);
            o.string("path", feed.path, true);
            feed.path = resolvePath(feed.path, baseDir);
            o.number("speed", feed.speed, 0, 1e9);
            o.number("rate", feed.rate, 0, 1e9);
            o.boolean("loop", feed.loop);
            std::string from;
            o.string("from", from);
            if (!from.empty()) {
                feed.from = parseRfc3339(from);
                if (!feed.from)
                    o.context().fail(o.at("from"), "\"" + from + "\" is not an RFC 3339 time with offset "
                                                   "(e.g. 2016-01-05T09:00:00-08:00)");
            }
        } else if (type && *type == "mqtt") {
            Object o(ctx, &j, path,
                     {"type", "id", "crs", "valid_range", "queue_capacity", "overflow", "url", "topics", "client_id",
                      "qos", "user", "password_env", "password_file", "ca_file", "keepalive"});
            feed.type = FeedType::Mqtt;
            parseFeedCommon(o, feed);
            parseMqttFeed(o, baseDir, feed);
        } else {
            ctx.fail(path + ".type", type ? shown(*type) + " is not a feed type (use \"file\" or \"mqtt\")"
                                          : "missing (required: \"file\" or \"mqtt\")");
        }
        out.push_back(std::move(feed));
    }
}

// An id for a layer that has none: its layer name, else its file's stem.
std::string defaultId(const SourceSpec& spec) {
    if (!spec.layer.empty()) return spec.layer;
    std::string stem = std::filesystem::path(spec.source).stem().string();
    return stem.empty() ? "layer" : stem;
}

}  // namespace

std::optional<Rgba> parseColor(std::string_view text) {
    if ((text.size() != 7 && text.size() != 9) || text[0] != '#') return std::nullopt;
    float channels[4] = {0, 0, 0, 1};
    for (size_t i = 1, c = 0; i < text.size(); i += 2, ++c) {
        if (!std::isxdigit(static_cast<unsigned char>(text[i])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 1])))
            return std::nullopt;
        channels[c] = std::stoi(std::string(text.substr(i, 2)), nullptr, 16) / 255.0f;
    }
    return Rgba{channels[0], channels[1], channels[2], channels[3]};
}

LayerStyle defaultLevelStyle(size_t index, size_t count) {
    // Light cyan for the coarsest outline down to a deeper sky blue for the finest.
    static const char* const kStrokes[] = {"#a5f3fc", "#67e8f9", "#22d3ee", "#38bdf8"};
    const size_t fromFinest = count > index ? count - 1 - index : 0;
    LayerStyle style;
    style.fill = *parseColor("#1e3a5f");
    style.fillOpacity = index == 0 ? 0.35f : 0.15f;  // stacked levels must not turn opaque
    style.stroke = *parseColor(kStrokes[std::min<size_t>(index, 3)]);
    style.strokeWidth = 1.0f + 0.75f * static_cast<float>(std::min<size_t>(fromFinest, 3));
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

std::vector<std::string> fieldsUsed(const LayerConfig& layer) {
    std::vector<std::string> fields;
    for (const std::string* f : {&layer.level.idField, &layer.level.nameField, &layer.level.parentField,
                                 &layer.style.colorBy.field, &layer.style.label.field})
        if (!f->empty() && std::find(fields.begin(), fields.end(), *f) == fields.end()) fields.push_back(*f);
    return fields;
}

Result<SceneConfig> parseSceneConfig(std::string_view text, const std::string& fileLabel,
                                     const std::filesystem::path& baseDir) {
    Json json;
    try {
        json = Json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
        std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line 3, ..."
        return Error{fileLabel + ": " + what.substr(what.find(']') + 2)};
    }
    Context ctx{fileLabel, std::nullopt};
    SceneConfig scene;
    scene.file = fileLabel;
    // "live" (the overlays' look, engine/live/live_overlay_config.hpp) is checked by
    // loadSceneConfigWithLive, which every command that draws or runs the live feed uses; a
    // command that only needs the layers (e.g. feed check --config) accepts the key as it is.
    Object root(ctx, &json, "", {"name", "crs", "background", "camera", "layers", "feeds", "live"});
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
            return !l.is_object() || !l.contains("role") || l["role"] != "buildings";
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
        layer.source.source = resolveSource(layer.source.source, baseDir);

        std::string role = "level";
        o.string("role", role);
        if (role == "buildings")
            layer.role = LayerRole::Buildings;
        else if (role != "level")
            ctx.fail(o.at("role"), "\"" + role + "\" is not a role (use \"level\" or \"buildings\")");
        const size_t levelIndex =
            std::count_if(scene.layers.begin(), scene.layers.end(),
                          [](const LayerConfig& l) { return l.role == LayerRole::Level; });
        if (Object level = o.child("level", {"id", "name", "parent"}); level.present()) {
            if (layer.role != LayerRole::Level)
                ctx.fail(o.at("level"), "only a layer with role \"level\" has level fields");
            level.string("id", layer.level.idField);
            level.string("name", layer.level.nameField);
            level.string("parent", layer.level.parentField);
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

        layer.style = layer.role == LayerRole::Level ? defaultLevelStyle(levelIndex, levelCount)
                                                     : defaultBuildingsStyle();
        parseStyle(o.child("style", {"visible", "fill", "fillOpacity", "stroke", "strokeWidth", "opacity",
                                     "colorBy", "label"}),
                   layer.style);
        scene.layers.push_back(std::move(layer));
    }
    if (!ctx.error) parseFeeds(ctx, root.get("feeds"), baseDir, scene.feeds);
    if (ctx.error) return *ctx.error;
    return scene;
}

Result<SceneConfig> loadSceneConfig(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot read the scene config (no such file or no permission)"};
    std::stringstream text;
    text << in.rdbuf();
    return parseSceneConfig(text.str(), file.string(), file.parent_path());
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

Result<std::vector<FieldInfo>> listSourceFields(const SourceSpec& spec) {
    auto source = VectorSource::open(spec);
    if (!source) return source.error();
    return source->fields();
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
