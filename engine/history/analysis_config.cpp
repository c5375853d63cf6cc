#include "history/analysis_config.hpp"

namespace gs {

const config::Object::Keys& analysisKeys() {
    static const config::Object::Keys keys = {"history", "window", "filters", "heatmap", "choropleth", "hexbins", "compare"};
    return keys;
}

namespace {

void readHeatmap(const config::Object& o, AnalysisHeatmap& h) {
    o.choice("kernel", h.kernel,
             {{"quartic", std::string("quartic")}, {"epanechnikov", std::string("epanechnikov")},
              {"gaussian", std::string("gaussian")}},
             "kernel");
    o.number("radius", h.radius, 1e-3, 1e7);
    std::string unit;
    o.choice("radiusUnit", unit, {{"m", std::string("m")}, {"px", std::string("px")}}, "radius unit");
    h.radiusPixels = unit == "px";
    std::string scale;
    o.choice("scale", scale, {{"linear", std::string("linear")}, {"log", std::string("log")}}, "scale");
    h.logScale = scale == "log";
    o.number("decades", h.decades, 0.5, 12);
    o.number("max", h.max, 0, 1e12);
    o.string("palette", h.palette);
    o.number("opacity", h.opacity, 0, 1);
}

void readChoropleth(const config::Object& o, AnalysisChoropleth& c) {
    o.string("level", c.level);
    o.choice("figure", c.figure,
             {{"count", HistoryFigure::Count},
              {"per_km2", HistoryFigure::PerKm2},
              {"per_household", HistoryFigure::PerHousehold},
              {"overdue_share", HistoryFigure::OverdueShare},
              {"median_response_hours", HistoryFigure::MedianResponseHours},
              {"resolution_rate", HistoryFigure::ResolutionRate}},
             "figure");
    readClassing(o, c.method, c.classes, c.breaks, 2);
    o.string("palette", c.palette);
}

void readHexbins(const config::Object& o, AnalysisHexbins& x) {
    if (!o.has("size")) o.fail("size", "missing: the cells' size in metres (centre to centre)");
    o.number("size", x.size, 1, 1e6);
    std::string value;
    o.choice("value", value, {{"count", std::string("count")}, {"weight", std::string("weight")}}, "value");
    x.weight = value == "weight";
    readClassing(o, x.method, x.classes, x.breaks, 2);
    o.string("palette", x.palette);
    o.number("opacity", x.opacity, 0, 1);
}

}  // namespace

void readAnalysis(const config::Object& o, AnalysisConfig& a) {
    if (config::Object h = o.child("history", {"source", "layer", "where", "mapping"}); h.present()) {
        // "live": the scene's own live store, read again as messages arrive.
        std::string raw;
        h.text("source", raw);
        a.liveHistory = raw == "live";
        if (!a.liveHistory) h.path("source", a.source.source, true);
        h.text("layer", a.source.layer);
        h.text("where", a.source.where);
        h.path("mapping", a.mappingPath);
        const std::string& s = a.source.source;
        const bool recording = s.ends_with(".ndjson") || s.ends_with(".jsonl") || s.ends_with(".geojsonl");
        if (!recording && !a.liveHistory && a.mappingPath.empty() && h.has("source"))
            h.fail("mapping", "missing: which field holds what (a recorded feed, .ndjson, needs none)");
        a.source.source = gdalPath(s);
    } else {
        o.fail("history", "missing: {\"source\": events, \"mapping\": mapping.json}");
    }
    if (config::Object w = o.child("window", {"from", "to"}); w.present()) {
        w.time("from", a.fromMs);
        w.time("to", a.toMs);
        if (a.fromMs && a.toMs && *a.toMs <= *a.fromMs) w.fail("to", "must be after \"from\"");
    }
    if (config::Object f = o.child("filters", {"category", "status", "priority", "team", "source", "search", "grid"});
        f.present()) {
        f.strings("category", a.categories);
        f.strings("status", a.statuses);
        for (const auto& s : a.statuses)
            if (s != "open" && s != "resolved" && s != "closed" && s != "cancelled")
                f.fail("status", "\"" + s + "\" is not open, resolved, closed or cancelled");
        f.strings("priority", a.priorities);
        for (const auto& p : a.priorities)
            if (p != "1" && p != "2" && p != "3" && p != "none")
                f.fail("priority", "\"" + p + "\" is not \"1\", \"2\", \"3\" or \"none\"");
        f.strings("team", a.teams);
        f.strings("source", a.sources);
        f.text("search", a.search);
        if (config::Object g = f.child("grid", {"level", "id"}); g.present()) {
            g.text("level", a.gridLevel);
            g.text("id", a.gridId);
            if (a.gridLevel.empty()) g.fail("level", "missing: the level layer's id");
            if (a.gridId.empty()) g.fail("id", "missing: the grid's id (its level id field's value)");
        }
    }
    if (config::Object h = o.child("heatmap", {"kernel", "radius", "radiusUnit", "scale", "decades", "max", "palette",
                                               "opacity"});
        h.present())
        readHeatmap(h, a.heatmap.emplace());
    if (config::Object c = o.child("choropleth", {"level", "figure", "method", "classes", "breaks", "palette"});
        c.present())
        readChoropleth(c, a.choropleth.emplace());
    if (config::Object x = o.child("hexbins", {"size", "value", "method", "classes", "breaks", "palette", "opacity"});
        x.present())
        readHexbins(x, a.hexbins.emplace());
    if (config::Object c = o.child("compare", {"from", "to", "palette", "mode", "divider"}); c.present()) {
        AnalysisCompare& cmp = a.compare.emplace();
        c.time("from", cmp.fromMs);
        c.time("to", cmp.toMs);
        if (!cmp.fromMs) c.fail("from", "missing: the baseline period's start");
        if (!cmp.toMs) c.fail("to", "missing: the baseline period's end");
        if (cmp.fromMs && cmp.toMs && *cmp.toMs <= *cmp.fromMs) c.fail("to", "must be after \"from\"");
        c.string("palette", cmp.palette);
        c.choice("mode", cmp.mode,
                 {{"difference", CompareMode::Difference}, {"split", CompareMode::Split}, {"swipe", CompareMode::Swipe}},
                 "compare mode");
        c.number("divider", cmp.divider, 0, 1);
        if (cmp.mode == CompareMode::Difference && !a.choropleth)
            c.fail("", "needs a \"choropleth\": the difference is of its figure");
        if (cmp.mode != CompareMode::Difference && !a.choropleth && !a.heatmap && !a.hexbins)
            c.fail("", "needs a \"choropleth\", \"heatmap\" or \"hexbins\" to show for both periods");
    }
}

}  // namespace gs
