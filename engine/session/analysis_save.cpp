#include "session/analysis_save.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/rfc3339.hpp"
#include "history/event_history.hpp"

namespace gs {

namespace {

using Json = nlohmann::ordered_json;

// The names of the allowed keys, or nothing when all are allowed (an empty or all-true list).
Json allowedNames(const std::vector<bool>& allowed, const Dictionary& names) {
    bool all = true;
    for (size_t i = 0; i < names.size(); ++i) all = all && (i < allowed.size() && allowed[i]);
    if (allowed.empty() || all) return nullptr;
    Json out = Json::array();
    for (size_t i = 0; i < names.size() && i < allowed.size(); ++i)
        if (allowed[i]) out.push_back(names[i]);
    return out;
}

const char* methodKey(ClassMethod m) { return classMethodName(m); }

}  // namespace

Result<std::string> sceneWithAnalysis(std::string_view sceneText, const AnalysisView& v, const Camera& camera,
                                      const std::string& displayCrs) {
    Json doc = Json::parse(sceneText, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return Error{"the scene file is not a JSON object"};
    const EventHistory& h = v.history();
    const AnalysisConfig& c = v.config();
    Json& a = doc["analysis"];
    if (!a.is_object()) a = Json::object();

    a["window"] = {{"from", formatRfc3339(v.filter.fromSec * 1000)}, {"to", formatRfc3339(v.filter.toSec * 1000)}};
    Json filters = Json::object();
    if (Json cats = allowedNames(v.filter.categories, h.categories); !cats.is_null()) filters["category"] = cats;
    if (!v.filter.statuses.empty()) {
        Json st = Json::array();
        for (int k = 0; k < kEventStatusCount; ++k)
            if (size_t(k) < v.filter.statuses.size() && v.filter.statuses[size_t(k)])
                st.push_back(eventStatusName(EventStatus(k)));
        if (st.size() < size_t(kEventStatusCount)) filters["status"] = st;
    }
    if (!v.filter.priorities.empty()) {
        Json pr = Json::array();
        static const char* const kNames[] = {"none", "1", "2", "3"};
        for (size_t k = 0; k < 4 && k < v.filter.priorities.size(); ++k)
            if (v.filter.priorities[k]) pr.push_back(kNames[k]);
        if (pr.size() < 4) filters["priority"] = pr;
    }
    if (Json t = allowedNames(v.filter.teams, h.teams); !t.is_null()) filters["team"] = t;
    if (Json s = allowedNames(v.filter.sources, h.sources); !s.is_null()) filters["source"] = s;
    if (!v.filter.text.empty()) filters["search"] = v.filter.text;
    if (v.filter.gridLevel >= 0 && v.filter.grid >= 0)
        filters["grid"] = {{"level", h.levelNames[size_t(v.filter.gridLevel)]},
                           {"id", h.gridIds[size_t(v.filter.gridLevel)][size_t(v.filter.grid)]}};
    if (filters.empty()) a.erase("filters");
    else a["filters"] = filters;

    if (v.heatmapOn) {
        if (!a.contains("heatmap")) {
            const AnalysisHeatmap d;
            a["heatmap"] = {{"kernel", d.kernel}, {"radius", d.radius}, {"palette", d.palette}, {"opacity", d.opacity}};
        }
    } else {
        a.erase("heatmap");
    }
    if (v.choroplethOn) {
        Json& ch = a["choropleth"];
        if (!ch.is_object()) {
            const AnalysisChoropleth d;
            ch = {{"method", methodKey(d.method)}, {"classes", d.classes}, {"palette", d.palette}};
        }
        ch["figure"] = historyFigureName(v.figure);
        // A pinned level is saved; one that follows the zoom is left to follow it.
        if (!v.levelFollowsZoom && v.level >= 0) ch["level"] = h.levelNames[size_t(v.level)];
        else ch.erase("level");
    } else {
        a.erase("choropleth");
    }
    if (v.hexbinsOn) {
        if (!a.contains("hexbins")) a["hexbins"] = {{"size", AnalysisHexbins{}.size}};
    } else {
        a.erase("hexbins");
    }
    if (v.compare == AnalysisView::Compare::Off) {
        a.erase("compare");
    } else {
        Json& cmp = a["compare"];
        if (!cmp.is_object()) cmp = Json::object();
        const auto [from, to] = v.baselinePeriod();
        cmp["from"] = formatRfc3339(from * 1000);
        cmp["to"] = formatRfc3339(to * 1000);
        cmp["mode"] = v.compare == AnalysisView::Compare::Split   ? "split"
                      : v.compare == AnalysisView::Compare::Swipe ? "swipe"
                                                                  : "difference";
        if (v.compare == AnalysisView::Compare::Swipe) cmp["divider"] = v.divider;
        else cmp.erase("divider");
        if (!cmp.contains("palette") && c.compare) cmp["palette"] = c.compare->palette;
    }
    const Box box = camera.visibleBox();
    doc["camera"] = {{"bbox", {box.minX, box.minY, box.maxX, box.maxY}}, {"crs", displayCrs}};
    return doc.dump(2) + "\n";
}

Status saveAnalysisToScene(const std::filesystem::path& sceneFile, const AnalysisView& view, const Camera& camera,
                           const std::string& displayCrs) {
    std::ifstream in(sceneFile, std::ios::binary);
    if (!in) return Error{sceneFile.string() + ": cannot read it"};
    std::stringstream text;
    text << in.rdbuf();
    auto out = sceneWithAnalysis(text.str(), view, camera, displayCrs);
    if (!out) return Error{sceneFile.string() + ": " + out.error().message};
    const std::filesystem::path temp = sceneFile.string() + ".saving";
    {
        std::ofstream o(temp, std::ios::binary | std::ios::trunc);
        o << *out;
        if (!o.flush()) return Error{temp.string() + ": cannot write it"};
    }
    std::error_code ec;
    std::filesystem::rename(temp, sceneFile, ec);
    if (ec) return Error{sceneFile.string() + ": cannot replace it: " + ec.message()};
    return {};
}

}  // namespace gs
