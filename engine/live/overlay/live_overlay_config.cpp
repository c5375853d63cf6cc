#include "live/overlay/live_overlay_config.hpp"

#include "core/rfc3339.hpp"

namespace gs {

namespace {

using config::Json;
using config::Object;
using config::shown;

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

void readColorBy(const Object& cb, LiveColorBy& by) {
    std::string figure;
    cb.string("figure", figure);
    if (figure.empty())
        cb.fail("figure", "missing (required; figures: " + figureNames() + ")");
    else if (auto f = figureFromName(figure))
        by.figure = *f;
    else
        cb.fail("figure", "\"" + figure + "\" is not a live figure (figures: " + figureNames() + ")");
    cb.string("level", by.level);
    readClassing(cb, by.method, by.classes, by.breaks, 1);
    cb.string("palette", by.palette);
}

void readShapes(const Object& o, std::vector<std::pair<std::string, MarkerShape>>& out) {
    const Json* shapes = o.get("shapes");
    if (!shapes) return;
    if (!shapes->is_object()) return o.fail("shapes", "expected an object of category: shape, got " + shown(*shapes));
    for (const auto& [category, v] : shapes->items()) {
        auto shape = v.is_string() ? shapeFromName(v.get<std::string>()) : std::nullopt;
        if (!shape) {
            std::string names;
            for (int s = 0; s < kMarkerShapeCount; ++s) names += (s ? ", " : "") + std::string(shapeName(MarkerShape(s)));
            return o.fail("shapes." + category, shown(v) + " is not a shape (shapes: " + names + ")");
        }
        out.emplace_back(category, *shape);
    }
}

}  // namespace

MarkerStyle LiveOverlayConfig::markerStyle() const {
    MarkerStyle s = MarkerStyle::defaults();
    for (const auto& [category, shape] : shapes) s.setShape(category, shape);
    return s;
}

const config::Object::Keys& liveOverlayKeys() {
    static const config::Object::Keys keys = {
        "feed",      "at",          "utcOffset",   "markers",      "mode",          "minMarkerSpacingPx",
        "minGridPx", "shrinkBelowSpacingPx", "minMarkerScale", "countLevel", "countGridPx", "colorBy",
        "pulseSeconds", "trailMinutes", "trailPoints", "overdueLabels", "legend",    "shapes"};
    return keys;
}

void readLiveOverlay(const Object& o, LiveOverlayConfig& c) {
    o.path("feed", c.feed);
    o.time("at", c.at);
    std::string offset;
    o.string("utcOffset", offset);
    if (!offset.empty()) {
        if (auto minutes = parseOffset(offset))
            c.utcOffsetMinutes = *minutes;
        else
            o.fail("utcOffset", "\"" + offset + "\" is not an offset like \"+08:00\" or \"Z\"");
    }
    o.boolean("markers", c.markers);
    o.choice("mode", c.mode,
             {{"auto", OverlayModeSetting::Auto}, {"markers", OverlayModeSetting::Markers},
              {"counts", OverlayModeSetting::Counts}},
             "mode");
    o.number("minMarkerSpacingPx", c.minMarkerSpacingPx, 0, 1000);
    o.number("minGridPx", c.minGridPx, 0, 10000);
    o.number("shrinkBelowSpacingPx", c.shrinkBelowSpacingPx, 0, 1000);
    o.number("minMarkerScale", c.minMarkerScale, 0.05, 1);
    o.string("countLevel", c.countLevel);
    o.number("countGridPx", c.countGridPx, 0, 10000);
    o.number("pulseSeconds", c.pulseSeconds, 0, 3600);
    o.number("trailMinutes", c.trailMinutes, 0, 24 * 60);
    o.integer("trailPoints", c.trailPoints, 2, 256);
    o.integer("overdueLabels", c.overdueLabels, 0, 100);
    o.boolean("legend", c.legend);
    if (Object cb = o.child("colorBy", {"figure", "level", "method", "classes", "breaks", "palette"}); cb.present())
        readColorBy(cb, c.colorBy.emplace());
    readShapes(o, c.shapes);
}

Result<LiveOverlayConfig> parseLiveOverlayConfig(std::string_view text, const std::string& fileLabel,
                                                 const std::filesystem::path& baseDir) {
    auto json = config::parseJson(text, fileLabel + ": live");
    if (!json) return json.error();
    config::Context ctx{fileLabel, baseDir, std::nullopt};
    Object o(ctx, &*json, "live", liveOverlayKeys());
    LiveOverlayConfig c;
    if (o.present()) readLiveOverlay(o, c);
    if (ctx.error) return *ctx.error;
    return c;
}

}  // namespace gs
