#include "wall/wall_layout.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "core/rfc3339.hpp"

namespace gs {

namespace {

using Json = nlohmann::json;

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

// Keeps the first error, naming the file and the JSON path, and lets parsing go on with defaults.
struct Context {
    std::string file;
    std::optional<Error> error;
    void fail(const std::string& path, const std::string& message) {
        if (!error) error = Error{file + ": " + (path.empty() ? "" : path + ": ") + message};
    }
};

template <class T>
void take(Context& cx, const Json& obj, const char* key, const std::string& path, T& out) {
    auto it = obj.find(key);
    if (it == obj.end()) return;
    try {
        out = it->get<T>();
    } catch (const Json::exception&) {
        cx.fail(path.empty() ? std::string(key) : path + "." + key,
                "has the wrong type (" + std::string(it->type_name()) + ")");
    }
}

void checkKeys(Context& cx, const Json& obj, const std::string& path, std::initializer_list<const char*> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool ok = false;
        for (const char* k : known) ok = ok || it.key() == k;
        if (!ok) {
            std::string list;
            for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            cx.fail(path, "unknown key \"" + it.key() + "\" (known: " + list + ")");
        }
    }
}

std::string resolve(const std::string& path, const std::filesystem::path& baseDir) {
    if (path.empty()) return path;
    std::filesystem::path p(path);
    return p.is_absolute() ? path : (baseDir / p).lexically_normal().string();
}

void parsePanel(Context& cx, const Json& j, const std::string& path, const WallLayout& layout, PanelConfig& p) {
    if (!j.is_object()) return cx.fail(path, "must be an object");
    checkKeys(cx, j, path, {"id", "type", "rect", "title", "by", "figures"});
    std::string type;
    take(cx, j, "type", path, type);
    bool known = false;
    for (const auto& k : kPanelKinds)
        if (type == k.name) p.kind = k.kind, known = true;
    if (!known) {
        std::string list;
        for (const auto& k : kPanelKinds) list += (list.empty() ? "" : ", ") + std::string(k.name);
        return cx.fail(path + ".type", "\"" + type + "\" is not a panel type (" + list + ")");
    }
    p.id = type;
    take(cx, j, "id", path, p.id);
    take(cx, j, "title", path, p.title);
    std::vector<double> rect;
    take(cx, j, "rect", path, rect);
    if (rect.size() != 4 || rect[2] <= 0 || rect[3] <= 0)
        return cx.fail(path + ".rect", "must be [x, y, width, height] in canvas pixels, width and height > 0");
    p.x = float(rect[0]), p.y = float(rect[1]), p.w = float(rect[2]), p.h = float(rect[3]);
    if (p.x < 0 || p.y < 0 || p.x + p.w > float(layout.width) + 0.5f || p.y + p.h > float(layout.height) + 0.5f)
        cx.fail(path + ".rect", "reaches outside the " + std::to_string(layout.width) + "x" +
                                    std::to_string(layout.height) + " canvas");
    std::string by = "overdue";
    take(cx, j, "by", path, by);
    if (by == "overdue") p.rankBy = RankingBy::Overdue;
    else if (by == "response") p.rankBy = RankingBy::Response;
    else cx.fail(path + ".by", "\"" + by + "\" is not a ranking (overdue, response)");
    take(cx, j, "figures", path, p.figures);
    for (const auto& f : p.figures)
        if (!kKpiNames.count(f))
            cx.fail(path + ".figures", "\"" + f +
                                           "\" is not a figure (open, overdue, new_today, resolved_today, "
                                           "resolution_rate, median_response, volunteers_on_duty)");
}

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
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded()) return Error{fileLabel + ": not valid JSON"};
    if (!j.is_object()) return Error{fileLabel + ": the layout must be a JSON object"};
    Context cx{fileLabel, std::nullopt};
    WallLayout l;
    l.file = fileLabel;
    checkKeys(cx, j, "", {"name", "canvas", "wall", "scene", "lang", "public", "min_count", "feed_silent_seconds",
                          "clock", "panels", "tour"});
    take(cx, j, "name", "", l.name);
    std::vector<int> canvas;
    take(cx, j, "canvas", "", canvas);
    if (canvas.size() != 2 || canvas[0] < 64 || canvas[1] < 64 || canvas[0] > 16384 || canvas[1] > 16384)
        cx.fail("canvas", "must be [width, height] in pixels, each 64..16384");
    else
        l.width = canvas[0], l.height = canvas[1];
    if (auto w = j.find("wall"); w != j.end()) {
        if (!w->is_object()) {
            cx.fail("wall", "must be an object {\"columns\", \"rows\", \"bezel\"}");
        } else {
            checkKeys(cx, *w, "wall", {"columns", "rows", "bezel"});
            take(cx, *w, "columns", "wall", l.outputs.columns);
            take(cx, *w, "rows", "wall", l.outputs.rows);
            std::vector<float> bezel;
            take(cx, *w, "bezel", "wall", bezel);
            if (!bezel.empty() && bezel.size() != 2) cx.fail("wall.bezel", "must be [x, y] in canvas pixels");
            if (bezel.size() == 2) l.outputs.bezelX = bezel[0], l.outputs.bezelY = bezel[1];
            if (l.outputs.columns < 1 || l.outputs.rows < 1 || l.outputs.columns > 16 || l.outputs.rows > 16)
                cx.fail("wall", "columns and rows must be 1..16");
            if (l.outputs.bezelX < 0 || l.outputs.bezelY < 0) cx.fail("wall.bezel", "must not be negative");
        }
    }
    take(cx, j, "scene", "", l.scene);
    if (l.scene.empty()) cx.fail("scene", "is required: the scene config drawn in the map panel");
    l.scene = resolve(l.scene, baseDir);
    take(cx, j, "lang", "", l.lang);
    if (l.lang != "zh" && l.lang != "en") cx.fail("lang", "\"" + l.lang + "\" is not a language (zh, en)");
    take(cx, j, "public", "", l.isPublic);
    take(cx, j, "min_count", "", l.minCount);
    if (l.minCount < 1 || l.minCount > 1000) cx.fail("min_count", "must be 1..1000");
    take(cx, j, "feed_silent_seconds", "", l.feedSilentSeconds);
    if (l.feedSilentSeconds <= 0) cx.fail("feed_silent_seconds", "must be > 0");
    std::string clock;
    take(cx, j, "clock", "", clock);
    if (!clock.empty()) {
        l.clock = parseRfc3339(clock);
        if (!l.clock) cx.fail("clock", "\"" + clock + "\" is not an RFC 3339 time with offset");
    }
    auto panels = j.find("panels");
    if (panels == j.end() || !panels->is_array() || panels->empty()) {
        cx.fail("panels", "must be a non-empty array of panels");
    } else {
        std::set<std::string> ids;
        for (std::size_t i = 0; i < panels->size(); ++i) {
            PanelConfig p;
            const std::string path = "panels[" + std::to_string(i) + "]";
            parsePanel(cx, (*panels)[i], path, l, p);
            if (!ids.insert(p.id).second) cx.fail(path + ".id", "\"" + p.id + "\" is used twice");
            l.panels.push_back(std::move(p));
        }
    }
    if (auto t = j.find("tour"); t != j.end()) {
        if (!t->is_object()) {
            cx.fail("tour", "must be an object {\"stops\", \"alert_seconds\", \"alert_width_m\"}");
        } else {
            checkKeys(cx, *t, "tour", {"stops", "alert_seconds", "alert_width_m"});
            take(cx, *t, "alert_seconds", "tour", l.alertSeconds);
            take(cx, *t, "alert_width_m", "tour", l.alertWidthMeters);
            if (l.alertSeconds <= 0) cx.fail("tour.alert_seconds", "must be > 0");
            if (l.alertWidthMeters <= 0) cx.fail("tour.alert_width_m", "must be > 0");
            auto stops = t->find("stops");
            if (stops != t->end() && !stops->is_array()) cx.fail("tour.stops", "must be an array");
            if (stops != t->end() && stops->is_array())
                for (std::size_t i = 0; i < stops->size(); ++i) {
                    const Json& s = (*stops)[i];
                    const std::string path = "tour.stops[" + std::to_string(i) + "]";
                    if (!s.is_object()) {
                        cx.fail(path, "must be an object");
                        continue;
                    }
                    checkKeys(cx, s, path, {"name", "center", "width_m", "seconds", "layers", "panels"});
                    TourStopConfig stop;
                    take(cx, s, "name", path, stop.name);
                    std::vector<double> c;
                    take(cx, s, "center", path, c);
                    if (c.size() != 2 || c[0] < -180 || c[0] > 180 || c[1] < -85 || c[1] > 85)
                        cx.fail(path + ".center", "must be [longitude, latitude] in degrees (WGS 84)");
                    else
                        stop.lon = c[0], stop.lat = c[1];
                    take(cx, s, "width_m", path, stop.widthMeters);
                    take(cx, s, "seconds", path, stop.seconds);
                    if (stop.widthMeters <= 0) cx.fail(path + ".width_m", "must be > 0");
                    if (stop.seconds <= 0) cx.fail(path + ".seconds", "must be > 0");
                    take(cx, s, "layers", path, stop.layers);
                    take(cx, s, "panels", path, stop.panels);
                    for (const auto& id : stop.panels)
                        if (!l.panel(id)) cx.fail(path + ".panels", "no panel \"" + id + "\" in the layout");
                    l.tour.push_back(std::move(stop));
                }
        }
    }
    if (cx.error) return *cx.error;
    return l;
}

Result<WallLayout> loadWallLayout(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot read the wall layout (no such file or no permission)"};
    std::stringstream text;
    text << in.rdbuf();
    return parseWallLayout(text.str(), file.string(), file.parent_path());
}

}  // namespace gs
