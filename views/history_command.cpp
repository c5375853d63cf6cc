// `gridscope history`: load a history through a mapping, keep a time window and filters, print the
// totals and the leading grids, and export each grid's figures and the kept events as CSV.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/rfc3339.hpp"
#include "analysis/density.hpp"
#include "analysis/density_geotiff.hpp"
#include "geo/transformer.hpp"
#include "history/history_figures.hpp"
#include "history/history_from_feed.hpp"
#include "history/history_load.hpp"
#include "scene_setup.hpp"
#include "session/history_grids.hpp"
#include "geo/crs.hpp"

namespace gs::cli {

namespace {

// RFC 3339, or a date alone as UTC midnight.
Result<int64_t> parseWhen(const std::string& flag, const std::string& text) {
    std::string t = text;
    if (t.size() == 10) t += "T00:00:00Z";
    auto ms = parseRfc3339(t);
    if (!ms) return Error{"history: " + flag + ": \"" + text + "\" is not a time (RFC 3339, or YYYY-MM-DD)"};
    return *ms / 1000 - ((*ms % 1000 != 0) && (*ms < 0));
}

// The keys a filter keeps, by index in `dict`; a key the history lacks is an error listing those
// it has (a typo must not silently keep nothing).

Result<EventFilter> filterOf(const HistoryOptions& o, const EventHistory& h) {
    EventFilter f;
    if (!o.from.empty()) {
        auto t = parseWhen("--from", o.from);
        if (!t) return t.error();
        f.fromSec = *t;
    }
    if (!o.to.empty()) {
        auto t = parseWhen("--to", o.to);
        if (!t) return t.error();
        f.toSec = *t;
    } else {
        f.toSec = h.timeSpan().second + 1;  // states as of the last report
    }
    if (f.toSec <= f.fromSec) return Error{"history: --to must be after --from"};
    auto cats = filterKeys("history: --category", o.categories, h.categories);
    auto teams = filterKeys("history: --team", o.teams, h.teams);
    auto sources = filterKeys("history: --source", o.sources, h.sources);
    if (!cats) return cats.error();
    if (!teams) return teams.error();
    if (!sources) return sources.error();
    f.categories = *cats, f.teams = *teams, f.sources = *sources;
    if (!o.statuses.empty()) {
        f.statuses.assign(kEventStatusCount, false);
        for (const auto& s : o.statuses) {
            int found = -1;
            for (int k = 0; k < kEventStatusCount; ++k)
                if (s == eventStatusName(EventStatus(k))) found = k;
            if (found < 0) return Error{"history: --status \"" + s + "\" is not open, resolved, closed or cancelled"};
            f.statuses[size_t(found)] = true;
        }
    }
    if (!o.priorities.empty()) {
        f.priorities.assign(4, false);
        for (const auto& p : o.priorities) {
            if (p == "none") f.priorities[0] = true;
            else if (p == "1" || p == "2" || p == "3") f.priorities[size_t(p[0] - '0')] = true;
            else return Error{"history: --priority \"" + p + "\" is not 1, 2, 3 or none"};
        }
    }
    f.text = o.search;
    return f;
}

std::string csvField(std::string_view v) {
    if (v.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(v);
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string number(double v, int decimals) {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// UTF-8 with a byte-order mark: Excel (a Chinese one included) then reads it as UTF-8, not GBK.
Result<std::ofstream> openCsv(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out) return Error{"history: cannot write " + path};
    out << "\xEF\xBB\xBF";
    return out;
}

// per_household is empty where the level gives no households (its "households" field).
const HistoryFigure kFigures[] = {HistoryFigure::Count, HistoryFigure::PerKm2, HistoryFigure::PerHousehold,
                                  HistoryFigure::OverdueShare, HistoryFigure::MedianResponseHours,
                                  HistoryFigure::ResolutionRate};

// The kept events' density as a GeoTIFF: positions from the display CRS to the GeoTIFF's, the grid
// covering them (grown by the radius, as QGIS's KDE), the exact kernel sum (analysis/density).
Status exportDensity(const EventHistory& h, const std::vector<uint32_t>& rows, const HistoryOptions& o) {
    const std::string crs = o.densityCrs.empty() ? h.displayCrs : o.densityCrs;
    auto toTif = Transformer::create(h.displayCrs, crs);
    if (!toTif) return Error{"history: --density-crs: " + toTif.error().message};
    std::vector<Vec2d> points;
    std::vector<float> weights;
    points.reserve(rows.size());
    for (uint32_t i : rows) points.push_back(h.position(i));
    (void)toTif->transform(points);
    Box box;
    size_t kept = 0;
    for (size_t k = 0; k < points.size(); ++k) {
        if (!std::isfinite(points[k].x) || !std::isfinite(points[k].y)) continue;
        points[kept] = points[k];
        if (!h.weight.empty()) weights.push_back(h.weight[rows[k]]);
        box.add(points[kept++]);
    }
    points.resize(kept);
    if (points.empty()) return Error{"history: --density-tif: the window and filters keep no event"};
    const bool mercator = isWebMercator(crs);
    const double unitsPerMetre = mercator ? webMercatorUnitsPerMetre(box.center().y) : 1.0;
    const DensityGrid grid = densityGridCovering(box, o.pixel, o.radius, crs, unitsPerMetre);
    if (grid.pixelCount() > 400'000'000)
        return Error{"history: --density-tif: " + std::to_string(grid.width) + "x" + std::to_string(grid.height) +
                     " pixels is too many; give a larger --pixel"};
    DensityOptions d;
    d.kernel = *parseDensityKernel(o.kernel);
    d.radiusMetres = o.radius;
    auto values = computeDensity(points, weights, grid, d);
    if (!values) return Error{"history: --density-tif: " + values.error().message};
    if (Status s = writeDensityGeoTiff(grid, *values, o.densityTif); !s) return s;
    const DensityPeak peak = densityPeak(*values);
    std::fprintf(stderr, "%s: %dx%d pixels of %g m, %s kernel of %g m, %zu events, peak %.1f events/km²\n",
                 o.densityTif.c_str(), grid.width, grid.height, o.pixel, o.kernel.c_str(), o.radius, points.size(),
                 double(peak.value));
    return {};
}

}  // namespace

int runHistory(const Options& options) {
    const HistoryOptions& o = options.history;
    const bool recording = isFeedRecording(o.source);
    if (!recording && o.mapping.empty()) return reportBad(Error{"history: give SOURCE and --mapping MAP.json"});
    CsvFeedMapping mapping;
    if (!recording) {
        auto m = loadCsvFeedMapping(o.mapping);
        if (!m) return reportBad(m.error());
        mapping = std::move(*m);
    }

    // The grids: a scene's levels (--config, --grids), or none.
    std::optional<LoadedScene> scene;
    SceneHistoryGrids grids;
    std::string displayCrs = options.displayCrs.empty() ? "EPSG:3857" : options.displayCrs;
    if (!options.configPath.empty() || !options.grids.empty()) {
        auto file = sceneFromOptions(options);
        if (!file) return reportBad(file.error());
        LoadOptions load;
        load.keepBuildingGeometry = false;
        auto loaded = loadScene(file->scene, load);
        if (!loaded) return reportBad(loaded.error());
        reportSkipped(*loaded);
        scene = std::move(*loaded);
        displayCrs = scene->config.displayCrs;
        auto g = historyGridsFromScene(*scene);
        if (!g) return reportBad(g.error());
        grids = std::move(*g);
    }

    HistoryLoadOptions load;
    load.source.source = gdalPath(o.source);  // a .csv.gz is read in place
    load.source.layer = o.layer;
    load.source.where = o.where;
    load.source.crs = options.srcCrs;
    load.mapping = mapping;
    load.displayCrs = displayCrs;
    load.grids = grids.grids;
    HistoryLoadReport report;
    Result<EventHistory> history = Error{""};
    if (recording) {
        FeedHistoryOptions feed;
        feed.path = o.source;
        feed.displayCrs = displayCrs;
        feed.grids = grids.grids;
        if (!options.srcCrs.empty()) feed.feedCrs = options.srcCrs;
        history = loadHistoryFromFeed(feed, report);
    } else {
        history = loadHistory(load, report);
    }
    if (!history) return reportBad(history.error());
    const EventHistory& h = *history;

    auto filter = filterOf(o, h);
    if (!filter) return reportBad(filter.error());
    const int level = o.level >= 0 ? o.level : h.levelCount() - 1;
    if (h.levelCount() > 0 && level >= h.levelCount())
        return reportBad(Error{"history: --level " + std::to_string(o.level) + ": the grids have levels 0.." +
                               std::to_string(h.levelCount() - 1)});
    const std::vector<uint32_t> rows = selectEvents(h, *filter);
    const HistoryGridFigures fig = gridFigures(h, rows, filter->toSec, level);
    auto area = [&](size_t g) { return level < int(grids.areasM2.size()) ? grids.areasM2[size_t(level)][g] : std::nan(""); };
    auto households = [&](size_t g) {
        return level < int(grids.households.size()) ? grids.households[size_t(level)][g] : std::nan("");
    };

    // Grids by count, for the summary.
    std::vector<size_t> byCount(fig.count.size());
    for (size_t g = 0; g < byCount.size(); ++g) byCount[g] = g;
    std::stable_sort(byCount.begin(), byCount.end(), [&](size_t a, size_t b) { return fig.count[a] > fig.count[b]; });
    const auto [first, last] = h.timeSpan();

    if (!o.figuresCsv.empty()) {
        auto out = openCsv(o.figuresCsv);
        if (!out) return reportBad(out.error());
        *out << "level,grid,name";
        for (HistoryFigure f : kFigures) *out << "," << historyFigureName(f);
        *out << "\n";
        for (size_t g = 0; g < fig.count.size(); ++g) {
            *out << csvField(h.levelNames[size_t(level)]) << "," << csvField(h.gridIds[size_t(level)][g]) << ","
                 << csvField(h.gridNames[size_t(level)][g]);
            for (HistoryFigure f : kFigures)
                *out << "," << number(fig.value(f, g, area(g), households(g)), f == HistoryFigure::Count ? 0 : 4);
            *out << "\n";
        }
        if (!*out) return reportFailure(Error{"history: cannot write " + o.figuresCsv});
    }
    if (!o.eventsCsv.empty()) {
        auto out = openCsv(o.eventsCsv);
        if (!out) return reportBad(out.error());
        *out << "id,reported_at,closed_at,status,category,priority,team,source,grid,x,y,title,address\n";
        for (uint32_t i : rows) {
            const int32_t g = h.levelCount() ? h.gridAt(i, level) : EventHistory::kNone;
            const Vec2d p = h.position(i);
            *out << csvField(h.ids[i]) << "," << formatRfc3339(h.reportedSec(i) * 1000) << ","
                 << (h.closedAfter[i] == EventHistory::kNone ? "" : formatRfc3339((h.reportedSec(i) + h.closedAfter[i]) * 1000))
                 << "," << eventStatusName(h.status[i]) << "," << csvField(h.categories[h.category[i]]) << ","
                 << (h.priority[i] ? std::to_string(h.priority[i]) : "") << "," << csvField(h.teams[h.team[i]]) << ","
                 << csvField(h.sources[h.source[i]]) << ","
                 << (g >= 0 ? csvField(h.gridIds[size_t(level)][size_t(g)]) : "") << "," << number(p.x, 2) << ","
                 << number(p.y, 2) << "," << csvField(h.titles[i]) << "," << csvField(h.addresses[i]) << "\n";
        }
        if (!*out) return reportFailure(Error{"history: cannot write " + o.eventsCsv});
    }

    // The load's summary once the options are known to be good (a bad one is the only line).
    std::fprintf(stderr, "%s\n", report.summary().c_str());
    if (!o.densityTif.empty())
        if (Status st = exportDensity(h, rows, o); !st) return reportBad(st.error());

    if (options.json) {
        nlohmann::json j;
        j["source"] = report.sourceLabel;
        j["rows"] = report.rows;
        j["events"] = report.events;
        j["skipped"] = report.skippedByReason;
        j["bytesPerEvent"] = h.bytesPerEvent();
        j["textBytes"] = h.textBytes();
        j["loadSeconds"] = report.totalSeconds;
        j["first"] = h.size() ? formatRfc3339(first * 1000) : "";
        j["last"] = h.size() ? formatRfc3339(last * 1000) : "";
        j["window"] = {{"from", o.from}, {"to", formatRfc3339(filter->toSec * 1000)}};
        j["kept"] = rows.size();
        j["outsideGrids"] = fig.outside;
        auto& gj = j["grids"] = nlohmann::json::array();
        for (size_t g = 0; g < fig.count.size(); ++g) {
            nlohmann::json row{{"id", h.gridIds[size_t(level)][g]}, {"name", h.gridNames[size_t(level)][g]}};
            for (HistoryFigure f : kFigures) {
                const double v = fig.value(f, g, area(g), std::nan(""));
                row[historyFigureName(f)] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
            }
            gj.push_back(std::move(row));
        }
        if (h.levelCount()) j["level"] = h.levelNames[size_t(level)];
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::printf("%zu events, %s .. %s; %.1f bytes an event (%.1f MB), text %.1f MB apart; loaded in %.2f s\n", h.size(),
                h.size() ? formatRfc3339(first * 1000).c_str() : "-", h.size() ? formatRfc3339(last * 1000).c_str() : "-",
                h.bytesPerEvent(), double(h.analysisBytes()) / 1e6, double(h.textBytes()) / 1e6, report.totalSeconds);
    std::printf("kept by the window and filters: %zu events", rows.size());
    if (h.levelCount()) std::printf(" (%u in no %s)", fig.outside, h.levelNames[size_t(level)].c_str());
    std::printf("\n");
    if (h.levelCount() > 0 && o.top > 0) {
        std::printf("%-24s %8s %10s %9s %12s %9s\n", h.levelNames[size_t(level)].c_str(), "count", "per_km2", "overdue",
                    "median_resp_h", "resolved");
        for (size_t k = 0; k < byCount.size() && k < size_t(o.top); ++k) {
            const size_t g = byCount[k];
            const std::string& name = h.gridNames[size_t(level)][g];
            std::printf("%-24s %8u %10s %9s %12s %9s\n", (name.empty() ? h.gridIds[size_t(level)][g] : name).c_str(), fig.count[g],
                        number(fig.value(HistoryFigure::PerKm2, g, area(g), 0), 1).c_str(),
                        number(fig.value(HistoryFigure::OverdueShare, g, 0, 0), 3).c_str(),
                        number(fig.medianResponseHours[g], 1).c_str(),
                        number(fig.value(HistoryFigure::ResolutionRate, g, 0, 0), 3).c_str());
        }
    }
    return 0;
}

}  // namespace gs::cli
