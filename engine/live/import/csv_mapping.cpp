#include "live/import/csv_mapping.hpp"

#include <set>

#include "config/checker.hpp"
#include "geo/china_offsets.hpp"
#include "geo/crs.hpp"
#include "live/import/feed_time.hpp"
#include "live/import/time_zone.hpp"

namespace gs {

namespace {

using config::Json;
using config::Object;
using config::shown;

const config::Object::Keys kMappingKeys = {
    "id",     "id_prefix", "lon",     "lat",          "x",           "y",         "crs",
    "opened", "closed",    "status",  "close_status", "time_format", "time_zone", "category",
    "title",  "address",   "grid_id", "priority",     "due",         "due_hours", "properties",
    "team",   "source",    "weight",     "closed_is_last_update"};

// The properties the converter writes from the mapping's other keys; "properties" cannot name them.
const std::set<std::string> kContractProperties = {
    "kind",       "category", "status",      "priority",         "title", "address",       "grid_id", "reported_at",
    "updated_at", "due_at",   "resolved_at", "source_closed_at", "team",  "assigned_issue", "source", "weight"};

// A lookup table of source text -> non-empty text ("values", "map", "translations").
void textTable(const Object& o, const char* key, std::map<std::string, std::string>& out) {
    o.entries(key, [&](const std::string& name, const Json& v, const std::string& path) {
        if (v.is_string() && !v.get_ref<const std::string&>().empty())
            out[name] = v.get<std::string>();
        else
            o.context().fail(path, "expected a non-empty string, got " + shown(v));
    });
}

// A key that is either a column (a string) or an object of `keys`; returns the object (absent when
// the key is absent or a string, in which case `column` holds the string).
Object columnOrObject(const Object& root, const char* key, std::string& column, Object::Keys keys,
                      const char* objectShape) {
    const Json* v = root.get(key);
    if (v && v->is_string()) {
        root.string(key, column);
        return Object(root.context(), nullptr, root.at(key), {});
    }
    if (v && !v->is_object()) {
        root.fail(key, std::string("expected a column name or ") + objectShape + ", got " + shown(*v));
        return Object(root.context(), nullptr, root.at(key), {});
    }
    return root.child(key, std::move(keys));
}

void readStatus(const Object& root, CsvFeedMapping& m) {
    const Object s = root.child("status", {"column", "values"});
    if (!s.present()) return;
    s.string("column", m.statusColumn, true);
    if (!s.has("values")) s.fail("values", "missing (required: source text -> open, resolved, closed or cancelled)");
    textTable(s, "values", m.statusValues);
    static const std::set<std::string> kStatusValues = {"open", "resolved", "closed", "cancelled"};
    for (const auto& [text, value] : m.statusValues) {
        if (!kStatusValues.count(value))
            s.fail("values." + text, "\"" + value + "\" is not open, resolved, closed or cancelled");
        else if (value != "open" && !root.has("closed"))
            root.fail("closed", "missing: status \"" + text + "\" closes a case, so a closed-time column is needed");
    }
}

void readCategory(const Object& root, CsvFeedMapping& m) {
    if (!root.has("category"))
        return root.fail("category", "missing (a column, or {\"column\", \"map\", \"default\"}); every issue needs one");
    std::string column;
    const Object c = columnOrObject(root, "category", column, {"column", "columns", "map", "default"},
                                    "{\"column\", \"map\", \"default\"}");
    if (!column.empty()) m.categoryColumns.push_back(column);
    if (!c.present()) return;
    if (c.has("column") && c.has("columns")) c.fail("columns", "give either column or columns");
    c.string("column", column);
    if (!column.empty()) m.categoryColumns.push_back(column);
    std::vector<std::string> columns;
    c.strings("columns", columns, true);
    m.categoryColumns.insert(m.categoryColumns.end(), columns.begin(), columns.end());
    textTable(c, "map", m.categoryMap);
    std::string fallback;
    c.string("default", fallback);
    if (!fallback.empty()) m.categoryDefault = fallback;
    if (m.categoryColumns.size() > 1 && m.categoryMap.empty())
        c.fail("columns", "several columns need a map (the first value found in it wins)");
    if (m.categoryColumns.empty() && !m.categoryDefault) c.fail("", "needs a column or a default");
}

void readTitle(const Object& root, CsvFeedMapping& m) {
    std::string column;
    const Object t = columnOrObject(root, "title", column, {"columns", "translations", "separator"},
                                    "{\"columns\", \"translations\", \"separator\"}");
    if (!column.empty()) m.titleColumns.push_back(column);
    if (!t.present()) return;
    if (!t.has("columns")) t.fail("columns", "missing (required: a non-empty array of column names)");
    t.strings("columns", m.titleColumns, true);
    textTable(t, "translations", m.titleTranslations);
    t.text("separator", m.titleSeparator);
}

void readPriority(const Object& root, CsvFeedMapping& m) {
    const Object p =
        columnOrObject(root, "priority", m.priorityColumn, {"column", "map", "default"}, "{\"column\", \"map\", \"default\"}");
    if (!p.present()) return;
    p.string("column", m.priorityColumn, true);
    p.entries("map", [&](const std::string& text, const Json& v, const std::string& path) {
        if (v.is_number_integer() && v.get<int64_t>() >= 1 && v.get<int64_t>() <= 3)
            m.priorityMap[text] = int(v.get<int64_t>());
        else
            p.context().fail(path, "expected 1, 2 or 3, got " + shown(v));
    });
    int fallback = 0;
    p.integer("default", fallback, 1, 3);
    if (fallback) m.priorityDefault = fallback;
}

void readCrs(const Object& root, CsvFeedMapping& m) {
    root.text("crs", m.crs);
    if (isWgs84Name(m.crs) || chinaOffsetCrs(m.crs) != ChinaOffsetCrs::None) return;
    if (auto problem = crsProblem(m.crs, false)) root.fail("crs", *problem + " (or use \"GCJ-02\" / \"BD-09\")");
}

void readTimes(const Object& root, CsvFeedMapping& m) {
    root.string("time_format", m.timeFormat);
    if (auto problem = timeFormatProblem(m.timeFormat)) root.fail("time_format", *problem);
    root.string("time_zone", m.timeZone);
    if (!m.timeZone.empty())
        if (auto zone = TimeZone::load(m.timeZone); !zone) root.fail("time_zone", zone.error().message);
}

void readMapping(const Object& root, CsvFeedMapping& m) {
    m.origin = root.context().file;
    root.string("id", m.idColumn, true);
    root.text("id_prefix", m.idPrefix);
    const bool lonLat = root.has("lon") || root.has("lat");
    const bool xy = root.has("x") || root.has("y");
    if (lonLat && xy) root.fail("x", "give either lon/lat or x/y, not both");
    root.string(xy ? "x" : "lon", m.xColumn, true);
    root.string(xy ? "y" : "lat", m.yColumn, true);
    readCrs(root, m);
    root.string("opened", m.openedColumn, true);
    root.string("closed", m.closedColumn);
    root.string("address", m.addressColumn);
    root.string("grid_id", m.gridIdColumn);
    root.string("team", m.teamColumn);
    root.string("source", m.sourceColumn);
    root.string("weight", m.weightColumn);
    readStatus(root, m);
    root.choice("close_status", m.closeStatus,
                {{"closed", std::string("closed")}, {"resolved", std::string("resolved")},
                 {"cancelled", std::string("cancelled")}},
                "close status");
    root.boolean("closed_is_last_update", m.closedIsLastUpdate);
    readTimes(root, m);
    readCategory(root, m);
    readTitle(root, m);
    readPriority(root, m);
    if (root.has("due") && root.has("due_hours")) root.fail("due_hours", "give either due or due_hours");
    root.string("due", m.dueColumn);
    double dueHours = -1;
    root.number("due_hours", dueHours, 0, 1e6);  // a million hours: 114 years
    if (dueHours >= 0) m.dueHours = dueHours;
    root.entries("properties", [&](const std::string& name, const Json& v, const std::string& path) {
        if (kContractProperties.count(name))
            return root.context().fail(path, "is a contract property the converter writes itself");
        if (!v.is_string() || v.get_ref<const std::string&>().empty())
            return root.context().fail(path, "expected a column name (a non-empty string), got " + shown(v));
        m.properties.emplace_back(name, v.get<std::string>());
    });
}

}  // namespace

bool isWgs84Name(std::string_view crs) {
    return crs.empty() || crs == "EPSG:4326" || crs == "OGC:CRS84" || crs == "WGS84" || crs == "WGS 84";
}

Result<CsvFeedMapping> parseCsvFeedMapping(std::string_view jsonText, std::string_view origin) {
    return config::readString<CsvFeedMapping>(jsonText, std::string(origin), {}, kMappingKeys, readMapping, "_");
}

Result<CsvFeedMapping> loadCsvFeedMapping(const std::filesystem::path& path) {
    return config::readFile<CsvFeedMapping>(path, "the CSV mapping", kMappingKeys, readMapping, "_");
}

}  // namespace gs
