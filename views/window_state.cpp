#include "window_state.hpp"

#include <algorithm>

#include "core/rfc3339.hpp"
#include "ui_items.hpp"

namespace gs::cli {

namespace {

using Json = nlohmann::json;

const char* const kWindowLengths[] = {"day", "week", "month", "year", "all", "brushed", "hour"};
const char* const kSpeeds[] = {"day", "week", "month", "realtime", "hour"};
const char* const kPriorities[] = {"none", "1", "2", "3"};

Json boxJson(const Box& b) { return Json::array({b.minX, b.minY, b.maxX, b.maxY}); }

// A box of the display CRS in lon/lat (its edges sampled: right for any projection).
Json lonLatBox(const Box& b, const Transformer* t) {
    if (!t) return nullptr;
    auto r = t->transformBounds(b);
    return r ? boxJson(*r) : Json(nullptr);
}

Json gridJson(const AnalysisView& v, int level, int32_t grid) {
    const EventHistory& h = v.history();
    return {{"level", h.levelNames[size_t(level)]},
            {"grid", h.gridIds[size_t(level)][size_t(grid)]},
            {"name", v.gridLabel(level, grid)}};
}

Json cameraJson(const MapInteraction& map, const Transformer* toLonLat) {
    const Camera& c = map.camera;
    const ScreenInsets& in = map.insets;
    Box free;
    free.add(c.screenToWorld({in.left, in.top}));
    free.add(c.screenToWorld({c.width - in.right, c.height - in.bottom}));
    return {{"center", Json::array({c.center.x, c.center.y})},
            {"units_per_pixel", c.unitsPerPixel},
            {"viewport", Json::array({c.width, c.height})},
            {"insets", Json::array({in.left, in.right, in.top, in.bottom})},
            {"box", lonLatBox(c.visibleBox(), toLonLat)},
            {"free_box", lonLatBox(free, toLonLat)},
            {"box_display", boxJson(c.visibleBox())},
            {"free_box_display", boxJson(free)}};
}

Json analysisJson(const AnalysisView& v, const AnalysisPanelState* panel) {
    const EventHistory& h = v.history();
    const EventFilter& f = v.filter;
    Json time = {{"from", formatRfc3339(f.fromSec * 1000)},
                 {"to", formatRfc3339(f.toSec * 1000)},
                 {"from_sec", f.fromSec},
                 {"to_sec", f.toSec}};
    if (panel) {
        time["length"] = panel->windowKind >= 0 && panel->windowKind < 7 ? Json(kWindowLengths[panel->windowKind])
                                                                         : Json(nullptr);
        time["speed"] = kSpeeds[std::clamp(panel->speedKind, 0, 4)];
        time["playing"] = panel->playing;
    }
    Json categories = Json::array(), statuses = Json::array(), priorities = Json::array();
    Json categoryCounts = Json::object(), statusCounts = Json::object(), priorityCounts = Json::object();
    for (size_t c = 0; c < h.categories.size(); ++c) {
        if (f.keepsKey(f.categories, c)) categories.push_back(h.categories[c]);
        categoryCounts[h.categories[c]] = c < v.categoryCounts().size() ? v.categoryCounts()[c] : 0;
    }
    for (int k = 0; k < kEventStatusCount; ++k) {
        const char* name = eventStatusName(EventStatus(k));
        if (f.keepsKey(f.statuses, size_t(k))) statuses.push_back(name);
        statusCounts[name] = size_t(k) < v.statusCounts().size() ? v.statusCounts()[size_t(k)] : 0;
    }
    for (int p = 0; p < 4; ++p) {
        if (f.keepsKey(f.priorities, size_t(p))) priorities.push_back(kPriorities[p]);
        priorityCounts[kPriorities[p]] = size_t(p) < v.priorityCounts().size() ? v.priorityCounts()[size_t(p)] : 0;
    }
    // Teams and sources (histories whose mapping gives them): kept ones and each one's count.
    Json teams = Json::array(), sources = Json::array(), teamCounts = Json::object(), sourceCounts = Json::object();
    for (size_t k = 0; k < h.teams.size(); ++k) {
        if (f.keepsKey(f.teams, k)) teams.push_back(h.teams[k]);
        teamCounts[h.teams[k]] = k < v.teamCounts().size() ? v.teamCounts()[k] : 0;
    }
    for (size_t k = 0; k < h.sources.size(); ++k) {
        if (f.keepsKey(f.sources, k)) sources.push_back(h.sources[k]);
        sourceCounts[h.sources[k]] = k < v.sourceCounts().size() ? v.sourceCounts()[k] : 0;
    }
    Json crumbs = Json::array();
    for (const auto& [level, grid] : drillChain(v)) crumbs.push_back(gridJson(v, level, grid));
    return {{"events", h.size()},
            {"kept", v.kept()},
            {"time", time},
            {"filters", {{"categories", categories}, {"statuses", statuses}, {"priorities", priorities},
                         {"teams", teams}, {"sources", sources}, {"search", f.text}}},
            {"team_counts", teamCounts},
            {"source_counts", sourceCounts},
            {"category_counts", categoryCounts},
            {"status_counts", statusCounts},
            {"priority_counts", priorityCounts},
            {"level", v.level >= 0 && v.level < h.levelCount() ? Json(h.levelNames[size_t(v.level)]) : Json(nullptr)},
            {"level_follows_zoom", v.levelFollowsZoom},
            {"figure", historyFigureName(v.figure)},
            {"heatmap", v.heatmapOn},
            {"choropleth", v.choroplethOn},
            {"hexbins", v.hexbinsOn},
            {"compare", v.compare == AnalysisView::Compare::Off          ? "off"
                        : v.compare == AnalysisView::Compare::Difference ? "difference"
                        : v.compare == AnalysisView::Compare::Split      ? "split"
                                                                         : "swipe"},
            {"divider", v.divider},
            {"drill", f.grid >= 0 && f.gridLevel >= 0 ? gridJson(v, f.gridLevel, f.grid) : Json(nullptr)},
            {"breadcrumbs", crumbs}};
}

}  // namespace

std::vector<std::pair<int, int32_t>> drillChain(const AnalysisView& v) {
    const EventHistory& h = v.history();
    std::vector<std::pair<int, int32_t>> chain;
    if (v.filter.grid < 0 || v.filter.gridLevel < 0) return chain;
    for (int l = v.filter.gridLevel; l >= 0; --l) {
        const int32_t g =
            l == v.filter.gridLevel ? v.filter.grid : h.parents[size_t(l + 1)][size_t(chain.back().second)];
        if (g < 0) break;
        chain.push_back({l, g});
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
}

Json windowState(const WindowStateSources& s) {
    Json j;
    j["frame"] = s.frame;
    j["camera"] = cameraJson(*s.map, s.toLonLat);
    Json selected = nullptr;
    if (const FeatureRef r = s.map->selected; r.valid() && size_t(r.layer) < s.scene->layers.size()) {
        selected = {{"layer", s.scene->layers[size_t(r.layer)].config.id}, {"feature", r.feature}};
        const int level = s.analysis ? s.analysis->levelOfLayer(size_t(r.layer)) : -1;
        if (level >= 0) selected.update(gridJson(*s.analysis, level, r.feature));
    }
    j["selected"] = selected;
    j["analysis"] = s.analysis ? analysisJson(*s.analysis, s.panel) : Json(nullptr);
    j["ui_items"] = uiItemNames();
    return j;
}

}  // namespace gs::cli
