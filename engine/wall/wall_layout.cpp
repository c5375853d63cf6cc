#include "wall/wall_layout.hpp"

#include <set>

#include "config/checker.hpp"

namespace gs {

namespace {

struct PanelKindName {
    PanelKind kind;
    const char* name;
};
constexpr PanelKindName kPanelKinds[] = {
    {PanelKind::Title, "title"},       {PanelKind::Clock, "clock"},         {PanelKind::Map, "map"},
    {PanelKind::Kpis, "kpis"},         {PanelKind::Hourly, "hourly"},       {PanelKind::Categories, "categories"},
    {PanelKind::Statuses, "statuses"}, {PanelKind::Ranking, "ranking"},     {PanelKind::Ticker, "ticker"},
    {PanelKind::Alert, "alert"},       {PanelKind::FeedHealth, "feed_health"},
};

const std::set<std::string> kKpiNames = {"open", "overdue", "new_today", "resolved_today", "resolution_rate",
                                         "median_response", "volunteers_on_duty"};

using config::Object;

void readPanel(const Object& o, const WallLayout& layout, PanelConfig& p) {
    std::string type;
    o.string("type", type);
    bool known = false;
    for (const auto& k : kPanelKinds)
        if (type == k.name) p.kind = k.kind, known = true;
    if (!known) {
        std::string list;
        for (const auto& k : kPanelKinds) list += (list.empty() ? "" : ", ") + std::string(k.name);
        return o.fail("type", "\"" + type + "\" is not a panel type (" + list + ")");
    }
    p.id = type;
    o.string("id", p.id);
    o.text("title", p.title);
    const char* rectShape = "must be [x, y, width, height] in canvas pixels, width and height > 0";
    auto rect = o.get("rect") ? o.numbers("rect", 4, rectShape) : std::nullopt;
    if (!rect || (*rect)[2] <= 0 || (*rect)[3] <= 0) return o.fail("rect", rectShape);
    p.x = float((*rect)[0]), p.y = float((*rect)[1]), p.w = float((*rect)[2]), p.h = float((*rect)[3]);
    if (p.x < 0 || p.y < 0 || p.x + p.w > float(layout.width) + 0.5f || p.y + p.h > float(layout.height) + 0.5f)
        o.fail("rect", "reaches outside the " + std::to_string(layout.width) + "x" + std::to_string(layout.height) +
                           " canvas");
    std::string by = "overdue";
    o.string("by", by);
    if (by == "overdue") p.rankBy = RankingBy::Overdue;
    else if (by == "response") p.rankBy = RankingBy::Response;
    else o.fail("by", "\"" + by + "\" is not a ranking (overdue, response)");
    o.strings("figures", p.figures);
    for (const auto& f : p.figures)
        if (!kKpiNames.count(f))
            o.fail("figures", "\"" + f +
                                  "\" is not a figure (open, overdue, new_today, resolved_today, "
                                  "resolution_rate, median_response, volunteers_on_duty)");
}

void readTourStop(const Object& o, const WallLayout& l, TourStopConfig& stop) {
    o.text("name", stop.name);
    const char* centerShape = "must be [longitude, latitude] in degrees (WGS 84)";
    auto c = o.get("center") ? o.numbers("center", 2, centerShape) : std::nullopt;
    if (!c || (*c)[0] < -180 || (*c)[0] > 180 || (*c)[1] < -85 || (*c)[1] > 85)
        o.fail("center", centerShape);
    else
        stop.lon = (*c)[0], stop.lat = (*c)[1];
    o.number("width_m", stop.widthMeters, 1e-9, 1e9);
    o.number("seconds", stop.seconds, 1e-9, 1e9);
    o.strings("layers", stop.layers);
    o.strings("panels", stop.panels);
    for (const auto& id : stop.panels)
        if (!l.panel(id)) o.fail("panels", "no panel \"" + id + "\" in the layout");
}

void readLayout(const Object& root, WallLayout& l) {
    config::Context& cx = root.context();
    l.file = cx.file;
    root.text("name", l.name);
    const char* canvasShape = "must be [width, height] in pixels, each 64..16384";
    auto canvas = root.get("canvas") ? root.numbers("canvas", 2, canvasShape) : std::nullopt;
    if (!canvas || (*canvas)[0] < 64 || (*canvas)[1] < 64 || (*canvas)[0] > 16384 || (*canvas)[1] > 16384)
        root.fail("canvas", canvasShape);
    else
        l.width = int((*canvas)[0]), l.height = int((*canvas)[1]);
    if (Object w = root.child("wall", {"columns", "rows", "bezel"}); w.present()) {
        w.integer("columns", l.outputs.columns, 1, 16);
        w.integer("rows", l.outputs.rows, 1, 16);
        if (auto bezel = w.get("bezel") ? w.numbers("bezel", 2, "must be [x, y] in canvas pixels") : std::nullopt) {
            l.outputs.bezelX = float((*bezel)[0]), l.outputs.bezelY = float((*bezel)[1]);
            if (l.outputs.bezelX < 0 || l.outputs.bezelY < 0) w.fail("bezel", "must not be negative");
        }
    }
    root.text("scene", l.scene);
    l.scene = cx.resolve(l.scene);
    if (l.scene.empty()) root.fail("scene", "is required: the scene config drawn in the map panel");
    root.string("lang", l.lang);
    if (l.lang != "zh" && l.lang != "en") root.fail("lang", "\"" + l.lang + "\" is not a language (zh, en)");
    root.boolean("public", l.isPublic);
    root.integer("min_count", l.minCount, 1, 1000);
    root.number("feed_silent_seconds", l.feedSilentSeconds, 1e-9, 1e9);
    root.time("clock", l.clock);
    std::set<std::string> ids;
    root.array("panels", "panels", true, true, [&](const config::Json& j, const std::string& path) {
        PanelConfig p;
        Object o(cx, &j, path, {"id", "type", "rect", "title", "by", "figures"});
        if (!o.present()) return;
        readPanel(o, l, p);
        if (!ids.insert(p.id).second) cx.fail(path + ".id", "\"" + p.id + "\" is used twice");
        l.panels.push_back(std::move(p));
    });
    if (Object t = root.child("tour", {"stops", "alert_seconds", "alert_width_m"}); t.present()) {
        t.number("alert_seconds", l.alertSeconds, 1e-9, 1e9);
        t.number("alert_width_m", l.alertWidthMeters, 1e-9, 1e9);
        t.array("stops", "tour stops", false, false, [&](const config::Json& j, const std::string& path) {
            Object o(cx, &j, path, {"name", "center", "width_m", "seconds", "layers", "panels"});
            if (!o.present()) return;
            TourStopConfig stop;
            readTourStop(o, l, stop);
            l.tour.push_back(std::move(stop));
        });
    }
}

const config::Object::Keys kLayoutKeys = {"name",  "canvas", "wall",   "scene", "lang", "public", "min_count",
                                          "feed_silent_seconds", "clock", "panels", "tour"};

}  // namespace

std::string_view panelKindName(PanelKind kind) {
    for (const auto& k : kPanelKinds)
        if (k.kind == kind) return k.name;
    return "?";
}

const PanelConfig* WallLayout::panel(std::string_view id) const {
    for (const auto& p : panels)
        if (p.id == id) return &p;
    return nullptr;
}

Result<WallLayout> parseWallLayout(std::string_view text, const std::string& fileLabel,
                                   const std::filesystem::path& baseDir) {
    return config::readString<WallLayout>(text, fileLabel, baseDir, kLayoutKeys, readLayout);
}

Result<WallLayout> loadWallLayout(const std::filesystem::path& file) {
    return config::readFile<WallLayout>(file, "the wall layout", kLayoutKeys, readLayout);
}

}  // namespace gs
