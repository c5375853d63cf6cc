// The mapping of a CSV of cases onto the live-feed contract: which column holds what, how times and
// coordinates are written, how source values become the contract's categories, statuses and
// priorities. Read with the shared configuration checker (engine/config): every error names the
// file and the JSON path; an unknown key is an error with the closest known key; keys starting with
// "_" are comments ("_about": "...").
//
//   "id": column, "id_prefix": text                          required / optional
//   "lon", "lat": columns  (or "x", "y")                     required
//   "crs": "EPSG:4326" (default), "GCJ-02", "BD-09" or any CRS PROJ reads; converted to WGS 84
//        (a point outside the CRS's domain, found by transforming back, is "coordinates out of range")
//   "opened": column (required), "closed": column
//   "status": {"column": c, "values": {"Open": "open", "Closed": "closed", ...}}
//        values are open | resolved | closed | cancelled; without "status", a row is closed when
//        its closed time is set, and the close message takes "close_status" (default "closed")
//   "closed_is_last_update": true  the closed column is the case's last update, which open cases
//        have too (Boston's Open311 export): read as the closed time only for a closed status
//   "time_format": "iso8601" (default) or a strftime subset: %Y %m %d %H %M %S (with an optional
//        fraction) %z %F %T %%; "time_zone": an IANA name ("America/Los_Angeles"), "UTC" or a
//        fixed offset ("+08:00"); without it every time must carry its own offset
//   "category": column | {"column": c, "map": {source text: key}, "default": key}, or "columns":
//        [c, ...] instead of "column": the first of their values found in the map gives the key
//   "title": column | {"columns": [c, ...], "translations": {source text: text}, "separator": " · "}
//        the first non-empty value is the source text; the first value with a translation gives
//        the translated text; the title is "translated · source" (either alone if the other is
//        missing)
//   "address", "grid_id": columns
//   "priority": column | {"column": c, "map": {text: 1..3}, "default": 1..3}
//   "due": column, or "due_hours": hours after the opened time (0..1,000,000)
//   "team", "source": columns (the team that handles a case; where it came from: hotline, app...)
//   "weight": column, a number >= 0 (the analyst's heatmap can weigh events by it)
//   "properties": {property name: column}                    copied as text when not empty
// `feed from-csv` writes team as the contract's "team" and source and weight as properties; the
// analyst's history (engine/history) keeps them as columns to filter and weigh by.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace gs {

struct CsvFeedMapping {
    std::string origin;  // the mapping file, for messages

    std::string idColumn, idPrefix;
    std::string xColumn, yColumn;  // lon/lat or x/y
    std::string crs;               // empty: WGS 84 lon/lat
    std::string openedColumn, closedColumn;

    std::string statusColumn;
    std::map<std::string, std::string> statusValues;  // source text -> open|resolved|closed|cancelled
    std::string closeStatus = "closed";
    bool closedIsLastUpdate = false;

    std::string timeFormat = "iso8601";
    std::string timeZone;  // empty: times carry their own offsets

    std::vector<std::string> categoryColumns;  // with a map: the first value found in it wins
    std::map<std::string, std::string> categoryMap;
    std::optional<std::string> categoryDefault;

    std::vector<std::string> titleColumns;
    std::map<std::string, std::string> titleTranslations;
    std::string titleSeparator = " · ";

    std::string addressColumn, gridIdColumn;

    std::string priorityColumn;
    std::map<std::string, int> priorityMap;
    std::optional<int> priorityDefault;

    std::string dueColumn;
    std::optional<double> dueHours;

    std::string teamColumn, sourceColumn, weightColumn;

    std::vector<std::pair<std::string, std::string>> properties;  // property name, column
};

// `origin` names the text in messages (usually the file name). The time zone and the CRS are
// checked here, so a bad one is an error with its JSON path before any row is read.
Result<CsvFeedMapping> parseCsvFeedMapping(std::string_view jsonText, std::string_view origin);
Result<CsvFeedMapping> loadCsvFeedMapping(const std::filesystem::path& path);

// The mapping's names for WGS 84 lon/lat (no conversion needed): "" (the default), "EPSG:4326",
// "OGC:CRS84", "WGS84", "WGS 84".
bool isWgs84Name(std::string_view crs);

}  // namespace gs
