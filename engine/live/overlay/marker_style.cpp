#include "live/overlay/marker_style.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "assets/assets.hpp"
#include "core/color.hpp"

namespace gs {

namespace {

constexpr std::array<std::string_view, kMarkerShapeCount> kShapeNames = {
    "circle", "square", "triangle", "diamond", "hexagon", "pentagon", "cross", "triangle_down", "donut", "star",
};

// assets/markers.json.
Result<MarkerStyle> readMarkerStyle() {
    static const config::Object::Keys kKeys = {
        "categories", "otherShape", "volunteerShape", "prioritySizePx", "volunteerSizePx", "statusColors",
        "teamColors", "badge", "badgeOpacity", "badgeOverdue", "overdueRing", "pulseRing", "outline",
        "outlineOpacity", "busyRing"};
    return assets::read<MarkerStyle>("markers.json", "the marker styles", kKeys, [](const config::Object& root,
                                                                                     MarkerStyle& s) {
        for (const auto& key : kKeys)
            if (!root.has(key.c_str())) return root.fail(key, "missing (required)");
        auto shape = [&](const config::Object& o, const char* key, MarkerShape& out) {
            std::string name;
            o.string(key, name, true);
            if (name.empty()) return;
            if (auto sh = shapeFromName(name)) out = *sh;
            else {
                std::vector<std::string> names;
                for (auto n : kShapeNames) names.emplace_back(n);
                o.fail(key, "\"" + name + "\" is not a shape (use " + config::Object::alternatives(names) + ")");
            }
        };
        root.array("categories", "categories", true, true, [&](const config::Json& json, const std::string& path) {
            const config::Object c(root.context(), &json, path, {"category", "shape"});
            std::string category;
            MarkerShape sh = MarkerShape::Circle;
            c.string("category", category, true);
            shape(c, "shape", sh);
            if (!root.context().ok()) return;
            for (const auto& [name, known] : s.categoryShapes)
                if (name == category) return c.fail("category", "\"" + category + "\" is listed twice");
            s.categoryShapes.emplace_back(category, sh);
        });
        shape(root, "otherShape", s.otherShape);
        shape(root, "volunteerShape", s.volunteerShape);
        if (auto sizes = root.numbers("prioritySizePx", 3, "must be [priority 1, 2, 3] in pixels")) {
            for (std::size_t i = 0; i < 3; ++i) {
                if ((*sizes)[i] < 1 || (*sizes)[i] > 255 || (*sizes)[i] != std::floor((*sizes)[i]))
                    return root.context().fail(root.at("prioritySizePx") + "[" + std::to_string(i) + "]",
                                               "a size is a whole number of pixels from 1 to 255");
                s.prioritySizePx[i] = std::uint8_t((*sizes)[i]);
            }
        }
        root.integer("volunteerSizePx", s.volunteerSizePx, 1, 255);
        const char* const kStatuses[] = {"reported", "assigned", "in_progress", "resolved", "closed", "cancelled"};
        const config::Object statuses =
            root.child("statusColors", config::Object::Keys(std::begin(kStatuses), std::end(kStatuses)));
        for (int i = 0; i < 6; ++i) {
            if (statuses.present() && !statuses.has(kStatuses[i])) return statuses.fail(kStatuses[i], "missing (required)");
            statuses.color(kStatuses[i], s.palette[std::size_t(kStatusColor0 + i)]);
        }
        std::vector<std::string> teams;
        root.strings("teamColors", teams, true);
        if (!root.context().ok()) return;
        if (teams.size() != std::size_t(kTeamColorCount))
            return root.fail("teamColors", "expected " + std::to_string(kTeamColorCount) + " colours, got " +
                                               std::to_string(teams.size()));
        for (std::size_t i = 0; i < teams.size(); ++i) {
            auto c = parseColor(teams[i]);
            if (!c)
                return root.context().fail(root.at("teamColors") + "[" + std::to_string(i) + "]",
                                           "\"" + teams[i] + "\" is not a colour (use \"#rrggbb\" or \"#rrggbbaa\")");
            s.palette[kTeamColor0 + i] = *c;
        }
        auto color = [&](const char* key, std::uint8_t index, const char* opacityKey = nullptr) {
            Rgba c;
            root.color(key, c);
            if (opacityKey) root.number(opacityKey, c.a, 0, 1);
            s.palette[index] = c;
        };
        color("badge", kBadgeColor, "badgeOpacity");
        color("badgeOverdue", kBadgeOverdueColor);
        color("overdueRing", kOverdueColor);
        color("pulseRing", kPulseColor);
        color("outline", kOutlineColor, "outlineOpacity");
        color("busyRing", kBusyColor);
    });
}

const Result<MarkerStyle>& defaultsResult() {
    static const Result<MarkerStyle> s = readMarkerStyle();
    return s;
}

}  // namespace

std::string_view shapeName(MarkerShape shape) { return kShapeNames[std::size_t(shape)]; }

std::optional<MarkerShape> shapeFromName(std::string_view name) {
    for (int i = 0; i < kMarkerShapeCount; ++i)
        if (kShapeNames[std::size_t(i)] == name) return MarkerShape(i);
    return std::nullopt;
}

Status loadMarkerStyles() {
    if (!defaultsResult()) return defaultsResult().error();
    return {};
}

MarkerStyle MarkerStyle::defaults() {
    if (!defaultsResult()) assets::fail(defaultsResult().error());
    return defaultsResult().value();
}

MarkerShape MarkerStyle::shapeFor(std::string_view category) const {
    for (const auto& [name, shape] : categoryShapes)
        if (name == category) return shape;
    return otherShape;
}

std::uint8_t MarkerStyle::sizeFor(int priority) const {
    if (priority < 1 || priority > 3) priority = 3;
    return prioritySizePx[std::size_t(priority - 1)];
}

void MarkerStyle::setShape(std::string_view category, MarkerShape shape) {
    for (auto& [name, s] : categoryShapes)
        if (name == category) { s = shape; return; }
    categoryShapes.emplace_back(std::string(category), shape);
}

std::string categoryTitle(Lang lang, std::string_view category) {
    if (auto title = findText(lang, "legend_category." + std::string(category))) return std::string(*title);
    return std::string(category);
}

}  // namespace gs
