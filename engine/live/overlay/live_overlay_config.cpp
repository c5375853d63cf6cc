#include "live/overlay/live_overlay_config.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/rfc3339.hpp"

namespace gs {

namespace {

using Json = nlohmann::json;

std::string shown(const Json& v) {
    std::string text = v.dump();
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// The "live" object's fields, read with the first error kept (the scene config's own style).
class Reader {
public:
    Reader(const std::string& file, std::string path) : file_(file), path_(std::move(path)) {}

    std::optional<Error> error;
    void fail(const std::string& key, const std::string& message) {
        if (!error) error = Error{file_ + ": " + path_ + (key.empty() ? "" : "." + key) + ": " + message};
    }
    bool checkObject(const Json& j, std::initializer_list<const char*> keys) {
        if (!j.is_object()) {
            fail("", "expected an object, got " + shown(j));
            return false;
        }
        for (const auto& [key, value] : j.items())
            if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; }))
                fail(key, "unknown key");
        return !error;
    }
    void string(const Json& j, const char* key, std::string& out) {
        if (!j.contains(key)) return;
        const Json& v = j[key];
        if (v.is_string() && !v.get_ref<const std::string&>().empty()) out = v.get<std::string>();
        else fail(key, "expected a non-empty string, got " + shown(v));
    }
    void boolean(const Json& j, const char* key, bool& out) {
        if (!j.contains(key)) return;
        if (j[key].is_boolean()) out = j[key].get<bool>();
        else fail(key, "expected true or false, got " + shown(j[key]));
    }
    template <class T>
    void number(const Json& j, const char* key, T& out, double lo, double hi, bool integer = false) {
        if (!j.contains(key)) return;
        const Json& v = j[key];
        if (!v.is_number() || (integer && !v.is_number_integer()))
            return fail(key, std::string("expected ") + (integer ? "an integer" : "a number") + ", got " + shown(v));
        const double d = v.get<double>();
        if (d < lo || d > hi) {
            std::ostringstream s;
            s << shown(v) << " is out of range [" << lo << ", " << hi << "]";
            return fail(key, s.str());
        }
        out = T(d);
    }

private:
    std::string file_, path_;
};

std::optional<int> parseOffset(const std::string& text) {
    // "+08:00", "-08:00", "Z"
    if (text == "Z") return 0;
    if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
    auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
    int h1 = digit(1), h2 = digit(2), m1 = digit(4), m2 = digit(5);
    if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
    int minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
    if (minutes > 18 * 60) return std::nullopt;
    return text[0] == '-' ? -minutes : minutes;
}

Result<LiveOverlayConfig> parseLive(const Json& j, const std::string& file, const std::filesystem::path& baseDir) {
    Reader r(file, "live");
    LiveOverlayConfig c;
    if (!r.checkObject(j, {"feed", "at", "utcOffset", "markers", "mode", "minMarkerSpacingPx", "minGridPx", "shrinkBelowSpacingPx", "minMarkerScale",
                           "countLevel", "countGridPx", "colorBy", "pulseSeconds", "trailMinutes", "trailPoints",
                           "overdueLabels", "legend", "shapes"}))
        return *r.error;
    r.string(j, "feed", c.feed);
    if (!c.feed.empty()) {
        std::filesystem::path p(c.feed);
        if (p.is_relative()) c.feed = (baseDir / p).lexically_normal().string();
    }
    std::string at, offset, mode;
    r.string(j, "at", at);
    if (!at.empty()) {
        c.at = parseRfc3339(at);
        if (!c.at) r.fail("at", "\"" + at + "\" is not an RFC 3339 time with offset (e.g. 2016-01-26T10:00:00-08:00)");
    }
    r.string(j, "utcOffset", offset);
    if (!offset.empty()) {
        auto minutes = parseOffset(offset);
        if (minutes) c.utcOffsetMinutes = *minutes;
        else r.fail("utcOffset", "\"" + offset + "\" is not an offset like \"+08:00\" or \"Z\"");
    }
    r.boolean(j, "markers", c.markers);
    r.string(j, "mode", mode);
    if (mode == "auto" || mode.empty()) c.mode = OverlayModeSetting::Auto;
    else if (mode == "markers") c.mode = OverlayModeSetting::Markers;
    else if (mode == "counts") c.mode = OverlayModeSetting::Counts;
    else r.fail("mode", "\"" + mode + "\" is not a mode (use \"auto\", \"markers\" or \"counts\")");
    r.number(j, "minMarkerSpacingPx", c.minMarkerSpacingPx, 0, 1000);
    r.number(j, "minGridPx", c.minGridPx, 0, 10000);
    r.number(j, "shrinkBelowSpacingPx", c.shrinkBelowSpacingPx, 0, 1000);
    r.number(j, "minMarkerScale", c.minMarkerScale, 0.05, 1);
    r.string(j, "countLevel", c.countLevel);
    r.number(j, "countGridPx", c.countGridPx, 0, 10000);
    r.number(j, "pulseSeconds", c.pulseSeconds, 0, 3600);
    r.number(j, "trailMinutes", c.trailMinutes, 0, 24 * 60);
    r.number(j, "trailPoints", c.trailPoints, 2, 256, true);
    r.number(j, "overdueLabels", c.overdueLabels, 0, 100, true);
    r.boolean(j, "legend", c.legend);
    if (j.contains("colorBy") && !r.error) {
        const Json& cb = j["colorBy"];
        Reader rc(file, "live.colorBy");
        if (rc.checkObject(cb, {"figure", "level", "method", "classes", "palette"})) {
            LiveColorBy by;
            std::string figure, method;
            rc.string(cb, "figure", figure);
            if (figure.empty()) rc.fail("figure", "missing (required; figures: " + figureNames() + ")");
            else if (auto f = figureFromName(figure)) by.figure = *f;
            else rc.fail("figure", "\"" + figure + "\" is not a live figure (figures: " + figureNames() + ")");
            rc.string(cb, "level", by.level);
            rc.string(cb, "method", method);
            if (method == "equal-interval") by.method = ClassMethod::EqualInterval;
            else if (!method.empty() && method != "quantile")
                rc.fail("method", "\"" + method + "\" is not a method (use \"quantile\" or \"equal-interval\")");
            rc.number(cb, "classes", by.classes, 1, 12, true);
            rc.string(cb, "palette", by.palette);
            c.colorBy = by;
        }
        if (rc.error) return *rc.error;
    }
    if (j.contains("shapes") && !r.error) {
        const Json& shapes = j["shapes"];
        if (!shapes.is_object()) r.fail("shapes", "expected an object of category: shape, got " + shown(shapes));
        else
            for (const auto& [category, v] : shapes.items()) {
                auto shape = v.is_string() ? shapeFromName(v.get<std::string>()) : std::nullopt;
                if (!shape) {
                    std::string names;
                    for (int s = 0; s < kMarkerShapeCount; ++s)
                        names += (s ? ", " : "") + std::string(shapeName(MarkerShape(s)));
                    r.fail("shapes." + category, shown(v) + " is not a shape (shapes: " + names + ")");
                    break;
                }
                c.shapes.emplace_back(category, *shape);
            }
    }
    if (r.error) return *r.error;
    return c;
}

}  // namespace

MarkerStyle LiveOverlayConfig::markerStyle() const {
    MarkerStyle s = MarkerStyle::defaults();
    for (const auto& [category, shape] : shapes) s.setShape(category, shape);
    return s;
}

Result<LiveOverlayConfig> parseLiveOverlayConfig(std::string_view text, const std::string& fileLabel,
                                                 const std::filesystem::path& baseDir) {
    Json j;
    try {
        j = Json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        return Error{fileLabel + ": live: " + what.substr(what.find(']') + 2)};
    }
    return parseLive(j, fileLabel, baseDir);
}

Result<SceneConfig> parseSceneConfigWithLive(std::string_view text, const std::string& fileLabel,
                                             const std::filesystem::path& baseDir,
                                             std::optional<LiveOverlayConfig>* live) {
    if (live) live->reset();
    Json j;
    try {
        j = Json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const Json::parse_error&) {
        return parseSceneConfig(text, fileLabel, baseDir);  // its message says where
    }
    if (!j.is_object() || !j.contains("live")) return parseSceneConfig(text, fileLabel, baseDir);
    auto overlay = parseLive(j["live"], fileLabel, baseDir);
    if (!overlay) return overlay.error();
    if (live) *live = std::move(*overlay);
    j.erase("live");
    return parseSceneConfig(j.dump(), fileLabel, baseDir);
}

Result<SceneConfig> loadSceneConfigWithLive(const std::filesystem::path& file,
                                            std::optional<LiveOverlayConfig>* live) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return loadSceneConfig(file);  // the scene loader's own "cannot read" message
    std::stringstream ss;
    ss << in.rdbuf();
    return parseSceneConfigWithLive(ss.str(), file.string(), file.parent_path(), live);
}

}  // namespace gs
