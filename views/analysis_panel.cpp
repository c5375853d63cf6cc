#include "analysis_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "core/rfc3339.hpp"
#include "style/layer_colors.hpp"
#include "ui_items.hpp"
#include "ui_theme.hpp"

namespace gs::cli {

namespace {

constexpr int64_t kDay = 86400;
// Window lengths by kind (the numbers views/window_state and scripts know them by); the list shows
// them in kWindowOrder. 5 is a range brushed on the timeline (its own length).
const int64_t kWindowSeconds[] = {kDay, 7 * kDay, 30 * kDay, 365 * kDay, 0, -1, 3600};
const char* const kWindowKeys[] = {"analysis.panel.window_day",   "analysis.panel.window_week",
                                   "analysis.panel.window_month", "analysis.panel.window_year",
                                   "analysis.panel.window_all",   "analysis.panel.window_brushed",
                                   "analysis.panel.window_hour"};
constexpr int kBrushed = 5;
const int kWindowOrder[] = {6, 0, 1, 2, 3, 4};
const char* const kWindowItems[] = {"day", "week", "month", "year", "all", "brushed", "hour"};  // scripts' names
// Playback speeds: window time a second, from real time to a month; the list shows kSpeedOrder.
const int64_t kSpeedSeconds[] = {kDay, 7 * kDay, 30 * kDay, 1, 3600};
const char* const kSpeedKeys[] = {"analysis.panel.speed_day", "analysis.panel.speed_week",
                                  "analysis.panel.speed_month", "analysis.panel.speed_realtime",
                                  "analysis.panel.speed_hour"};
const char* const kSpeedItems[] = {"day", "week", "month", "realtime", "hour"};
const int kSpeedOrder[] = {3, 4, 0, 1, 2};
const HistoryFigure kFigures[] = {HistoryFigure::Count, HistoryFigure::PerKm2, HistoryFigure::PerHousehold,
                                  HistoryFigure::OverdueShare, HistoryFigure::MedianResponseHours,
                                  HistoryFigure::ResolutionRate};

// A window kind's length: the list's, or a brushed range's own.
int64_t windowSeconds(const AnalysisView& v, int kind) {
    return kind == kBrushed ? v.filter.toSec - v.filter.fromSec : kWindowSeconds[kind];
}

// The window [from, from + length) placed at `from`, clamped to the history.
void placeWindow(AnalysisView& v, int kind, int64_t from) {
    const auto [first, last] = v.history().timeSpan();
    const int64_t start = first - (((first % kDay) + kDay) % kDay);
    const int64_t length = windowSeconds(v, kind);
    if (length == 0) {
        v.filter.fromSec = start;
        v.filter.toSec = last + 1;
        return;
    }
    from = std::clamp<int64_t>(from, start, std::max(start, last + 1 - length));
    v.filter.fromSec = from;
    v.filter.toSec = from + length;
}

// A key typed this frame while no text field has the keyboard (Dear ImGui 1.86 has no named keys
// for brackets; the typed characters serve every layout).
bool typed(ImWchar c) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == c) return true;
    return false;
}

}  // namespace

void drawAnalysisPanel(AnalysisView& v, AnalysisPanelState& st, FeatureRef selected, float x, float y,
                       float maxHeight, float scale, double now) {
    const Lang lang = st.lang;
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    const EventHistory& h = v.history();
    bool changed = false;
    ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(uiTheme().layerPanelWidth * scale, 0),
                                        ImVec2(uiTheme().layerPanelWidth * scale * 1.4f, maxHeight));
    ImGui::Begin(text("analysis.panel.title"), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
    ImGui::TextUnformatted(trFormat(lang, "analysis.panel.events", formatCount((long long)h.size()).c_str(),
                                    formatCount((long long)v.kept()).c_str())
                               .c_str());

    // Time: the window's length, its start, play.
    const auto [first, last] = h.timeSpan();
    if (st.windowKind < 0) {  // the nearest length to the scene's window
        const int64_t length = v.filter.toSec - v.filter.fromSec;
        st.windowKind = length > 2 * 365 * kDay ? 4 : length >= 360 * kDay ? 3 : length >= 28 * kDay ? 2
                        : length >= 7 * kDay ? 1 : length >= kDay ? 0 : 6;
    }
    int kind = st.windowKind;
    if (ImGui::BeginCombo(text("analysis.panel.window"), text(kWindowKeys[kind]))) {
        for (int k : kWindowOrder) {
            if (ImGui::Selectable(text(kWindowKeys[k]), k == kind)) kind = k;
            recordUiItem("analysis.window.", kWindowItems[k]);
        }
        ImGui::EndCombo();
    }
    recordUiItem("analysis.window");
    if (kind != st.windowKind) {
        st.windowKind = kind;
        placeWindow(v, kind, v.filter.fromSec);
        changed = true;
    }
    if (windowSeconds(v, kind) > 0 && last > first) {
        const int days = int((last - first) / kDay);
        int day = int((v.filter.fromSec - first) / kDay);
        const std::string from = formatRfc3339(v.filter.fromSec * 1000).substr(0, 10);
        if (ImGui::SliderInt(text("analysis.panel.from"), &day, 0, days, from.c_str())) {
            placeWindow(v, kind, first + int64_t(day) * kDay);
            changed = true;
        }
        recordUiItem("analysis.slider");
        const bool toggle =
            ImGui::Button(st.playing ? text("analysis.panel.pause") : text("analysis.panel.play")) || typed(' ');
        recordUiItem("analysis.play");
        if (toggle) {
            st.playing = !st.playing;
            st.playClock = now;
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (ImGui::BeginCombo("##speed", text(kSpeedKeys[st.speedKind]))) {
            for (int k : kSpeedOrder) {
                if (ImGui::Selectable(text(kSpeedKeys[k]), k == st.speedKind)) st.speedKind = k;
                recordUiItem("analysis.speed.", kSpeedItems[k]);
            }
            ImGui::EndCombo();
        }
        recordUiItem("analysis.speed");
        int step = typed('[') ? -1 : typed(']') ? 1 : 0;
        if (st.playing && now - st.playClock >= 1.0) {
            st.playClock = now;
            step = 1;
            if (v.filter.toSec > last) st.playing = false;  // the end of the history
        }
        if (step != 0) {
            placeWindow(v, kind, v.filter.fromSec + step * kSpeedSeconds[st.speedKind]);
            changed = true;
        }
    }

    // Where: breadcrumbs from the whole area down to the grid drilled into; the selected grid of a
    // level (clicked on the map) can be drilled into.
    if (h.levelCount() > 0) {
        ImGui::Separator();
        if (ImGui::SmallButton(text("analysis.panel.all_area"))) {
            v.filter.gridLevel = -1;
            v.filter.grid = -1;
            st.zoomTo = Box{};  // empty: the whole scene
            changed = true;
        }
        recordUiItem("analysis.breadcrumb.0");
        if (v.filter.grid >= 0) {
            std::vector<std::pair<int, int32_t>> chain;
            for (int l = v.filter.gridLevel; l >= 0; --l) {
                const int32_t g = l == v.filter.gridLevel ? v.filter.grid : h.parents[size_t(l + 1)][size_t(chain.back().second)];
                if (g < 0) break;
                chain.push_back({l, g});
            }
            for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
                ImGui::SameLine();
                ImGui::TextUnformatted(">");
                ImGui::SameLine();
                const std::string label = v.gridLabel(it->first, it->second) + "##crumb" + std::to_string(it->first);
                if (ImGui::SmallButton(label.c_str()) && it->first != v.filter.gridLevel) {
                    v.filter.gridLevel = it->first;
                    v.filter.grid = it->second;
                    st.zoomTo = v.gridBounds(it->first, it->second);
                    changed = true;
                }
                recordUiItem("analysis.breadcrumb.", std::to_string(it - chain.rbegin() + 1));
            }
        }
        const int level = selected.valid() ? v.levelOfLayer(size_t(selected.layer)) : -1;
        if (level >= 0 && !(v.filter.gridLevel == level && v.filter.grid == selected.feature)) {
            const std::string label =
                trFormat(lang, "analysis.panel.drill", v.gridLabel(level, selected.feature).c_str());
            if (ImGui::Button(label.c_str())) {
                v.filter.gridLevel = level;
                v.filter.grid = selected.feature;
                st.zoomTo = v.gridBounds(level, selected.feature);
                changed = true;
            }
            recordUiItem("analysis.drill");
        }
    }

    // Categories, each with the events it keeps under the other filters.
    ImGui::Separator();
    ImGui::TextUnformatted(text("analysis.panel.categories"));
    const auto& counts = v.categoryCounts();
    if (v.filter.categories.size() < h.categories.size()) v.filter.categories.resize(h.categories.size(), true);
    for (size_t c = 0; c < h.categories.size(); ++c) {
        bool on = v.filter.categories[c];
        const std::string label = categoryName(lang, h.categories[c]) + " (" +
                                  formatCount((long long)(c < counts.size() ? counts[c] : 0)) + ")##" + std::to_string(c);
        if (ImGui::Checkbox(label.c_str(), &on)) {
            v.filter.categories[c] = on;
            changed = true;
        }
        recordUiItem("analysis.category.", h.categories[c]);
    }

    // Teams and sources, when the history has them, each with the events it keeps under the others.
    auto keyBoxes = [&](const char* title, const Dictionary& keys, std::vector<bool>& allowed,
                        const std::vector<std::size_t>& counts, const char* item) {
        if (keys.size() < 2) return;
        ImGui::Separator();
        ImGui::TextUnformatted(text(title));
        if (allowed.size() < keys.size()) allowed.assign(keys.size(), true);
        // A city has dozens of teams: at most kKeyRows rows shown, the rest scrolled to.
        constexpr size_t kKeyRows = 8;
        const float rows = float(std::min(keys.size(), kKeyRows));
        ImGui::BeginChild(item, ImVec2(0, rows * ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y),
                          false);
        for (size_t k = 0; k < keys.size(); ++k) {
            bool on = allowed[k];
            const std::string label = (keys[k].empty() ? std::string("-") : keys[k]) + " (" +
                                      formatCount((long long)(k < counts.size() ? counts[k] : 0)) + ")##" + item +
                                      std::to_string(k);
            if (ImGui::Checkbox(label.c_str(), &on)) {
                allowed[k] = on;
                changed = true;
            }
            recordUiItem(item, keys[k]);
        }
        ImGui::EndChild();
    };
    keyBoxes("analysis.panel.teams", h.teams, v.filter.teams, v.teamCounts(), "analysis.team.");
    keyBoxes("analysis.panel.sources", h.sources, v.filter.sources, v.sourceCounts(), "analysis.source.");

    // Statuses, each with the events it keeps under the other filters; a text search.
    ImGui::Separator();
    ImGui::TextUnformatted(text("analysis.panel.statuses"));
    if (v.filter.statuses.size() < size_t(kEventStatusCount)) v.filter.statuses.assign(kEventStatusCount, true);
    const auto& sc = v.statusCounts();
    for (int k = 0; k < kEventStatusCount; ++k) {
        bool on = v.filter.statuses[size_t(k)];
        const std::string key = std::string("analysis.status.") + eventStatusName(EventStatus(k));
        const std::string label = std::string(tr(lang, key)) + " (" +
                                  formatCount((long long)(size_t(k) < sc.size() ? sc[size_t(k)] : 0)) + ")##s" +
                                  std::to_string(k);
        if (k > 0) ImGui::SameLine();
        if (ImGui::Checkbox(label.c_str(), &on)) {
            v.filter.statuses[size_t(k)] = on;
            changed = true;
        }
        recordUiItem("analysis.status.", eventStatusName(EventStatus(k)));
    }
    ImGui::TextUnformatted(text("analysis.panel.priorities"));
    if (v.filter.priorities.size() < 4) v.filter.priorities.assign(4, true);
    const auto& pc = v.priorityCounts();
    static const char* const kPriorityKeys[] = {"analysis.panel.priority_none", "analysis.panel.priority_1",
                                                "analysis.panel.priority_2", "analysis.panel.priority_3"};
    for (int k = 1; k <= 4; ++k) {
        const int p = k % 4;  // 1, 2, 3, then none
        bool on = v.filter.priorities[size_t(p)];
        const std::string label = std::string(tr(lang, kPriorityKeys[p])) + " (" +
                                  formatCount((long long)(size_t(p) < pc.size() ? pc[size_t(p)] : 0)) + ")##p" +
                                  std::to_string(p);
        if (k > 1) ImGui::SameLine();
        if (ImGui::Checkbox(label.c_str(), &on)) {
            v.filter.priorities[size_t(p)] = on;
            changed = true;
        }
        recordUiItem("analysis.priority.", p == 0 ? std::string("none") : std::to_string(p));
    }
    char search[128];
    std::snprintf(search, sizeof search, "%s", v.filter.text.c_str());
    if (ImGui::InputText(text("analysis.panel.search"), search, sizeof search)) {
        v.filter.text = search;
        changed = true;
    }
    recordUiItem("analysis.search");

    // The linked charts: events over time (click to move the window there), response times, the
    // grids ranked by the figure.
    if (ImGui::CollapsingHeader(text("analysis.panel.charts"), ImGuiTreeNodeFlags_DefaultOpen)) {
        const auto& tl = v.timeline();
        if (!tl.counts.empty()) {
            ImGui::TextUnformatted(text(tl.bucketSec > kDay ? "analysis.panel.timeline_weeks" : "analysis.panel.timeline_days"));
            const float w = ImGui::GetContentRegionAvail().x;
            const ImVec2 at = ImGui::GetCursorScreenPos();
            ImGui::PlotHistogram("##timeline", tl.counts.data(), int(tl.counts.size()), 0, nullptr, 0.0f, FLT_MAX,
                                 ImVec2(w, 60 * scale));
            recordUiItem("analysis.timeline");
            // The window, drawn over the bars.
            const float x0 = at.x + w * float(tl.windowFirst) / float(tl.counts.size());
            const float x1 = at.x + w * float(tl.windowLast + 1) / float(tl.counts.size());
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, at.y), ImVec2(x1, at.y + 60 * scale),
                                                      IM_COL32(79, 195, 247, 70));
            // A click moves the window there; a drag brushes a range, which becomes the window.
            const ImGuiIO& io = ImGui::GetIO();
            auto timeAt = [&](float px) {
                const float t = std::clamp((px - at.x) / std::max(1.0f, w), 0.0f, 1.0f);
                return tl.firstSec + int64_t(std::lround(t * float(tl.counts.size()))) * tl.bucketSec;
            };
            if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(0)) {
                st.brushing = true;
                st.brushFromX = io.MousePos.x;
            }
            if (st.brushing) {
                const float a = std::clamp(std::min(st.brushFromX, io.MousePos.x), at.x, at.x + w);
                const float b = std::clamp(std::max(st.brushFromX, io.MousePos.x), at.x, at.x + w);
                ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a, at.y), ImVec2(b, at.y + 60 * scale),
                                                          IM_COL32(255, 202, 40, 90));
                if (!io.MouseDown[0]) {
                    st.brushing = false;
                    if (b - a < 4 * scale) {
                        if (windowSeconds(v, st.windowKind) > 0) placeWindow(v, st.windowKind, timeAt(io.MousePos.x));
                    } else {
                        v.filter.fromSec = timeAt(a);
                        v.filter.toSec = std::max(timeAt(b), v.filter.fromSec + tl.bucketSec);
                        st.windowKind = kBrushed;
                    }
                    changed = true;
                }
            }
        }
        const auto& rb = v.responseBins();
        if (!rb.empty()) {
            ImGui::TextUnformatted(text("analysis.panel.response"));
            ImGui::PlotHistogram("##response", rb.data(), int(rb.size()), 0, nullptr, 0.0f, FLT_MAX,
                                 ImVec2(ImGui::GetContentRegionAvail().x, 50 * scale));
            ImGui::TextDisabled("%s", text("analysis.panel.response_bins"));
        }
        const auto& ranking = v.ranking();
        if (!ranking.empty() && v.rankingLevel() >= 0) {
            ImGui::TextUnformatted(text("analysis.panel.ranking"));
            for (size_t k = 0; k < ranking.size() && k < 8; ++k)
                ImGui::Text("%zu. %s  %s", k + 1, v.gridLabel(v.rankingLevel(), ranking[k].grid).c_str(),
                            formatNumber(ranking[k].value).c_str());
        }
    }

    // What the map shows.
    ImGui::Separator();
    ImGui::TextUnformatted(text("analysis.panel.show"));
    if (ImGui::Checkbox(text("analysis.panel.heatmap"), &v.heatmapOn)) changed = true;
    recordUiItem("analysis.heatmap");
    if (ImGui::Checkbox(text("analysis.panel.choropleth"), &v.choroplethOn)) changed = true;
    recordUiItem("analysis.choropleth");
    if (ImGui::Checkbox(text("analysis.panel.hexbins"), &v.hexbinsOn)) changed = true;
    recordUiItem("analysis.hexbins");
    {
        // Compare with the baseline period: a difference map, or both periods split or swiped.
        static const char* const kCompareKeys[] = {"analysis.panel.compare_off", "analysis.panel.compare",
                                                   "analysis.panel.compare_split", "analysis.panel.compare_swipe"};
        int mode = int(v.compare);
        if (ImGui::BeginCombo(text("analysis.panel.compare_mode"), text(kCompareKeys[mode]))) {
            for (int k = 0; k < 4; ++k) {
                const bool usable = k != 1 || v.choroplethOn;  // a difference is of the choropleth's figure
                if (usable && ImGui::Selectable(text(kCompareKeys[k]), k == mode) && k != mode) {
                    v.compare = AnalysisView::Compare(k);
                    changed = true;
                }
                static const char* const kCompareItems[] = {"off", "difference", "split", "swipe"};
                if (usable) recordUiItem("analysis.compare.", kCompareItems[k]);
            }
            ImGui::EndCombo();
        }
        recordUiItem("analysis.compare");
        if (v.compare != AnalysisView::Compare::Off) ImGui::TextDisabled("%s", v.sideCaption(0).c_str());
        if (v.compare == AnalysisView::Compare::Swipe) {
            float d = float(v.divider);
            if (ImGui::SliderFloat("##divider", &d, 0.0f, 1.0f, "%.2f")) v.divider = d;
        }
    }
    if (v.choroplethOn && h.levelCount() > 1) {
        ImGui::Checkbox(text("analysis.panel.follow_zoom"), &v.levelFollowsZoom);
        const std::string current = v.level >= 0 ? h.levelNames[size_t(v.level)] : std::string();
        if (ImGui::BeginCombo(text("analysis.panel.level"), current.c_str())) {
            for (int l = 0; l < h.levelCount(); ++l)
                if (ImGui::Selectable(h.levelNames[size_t(l)].c_str(), l == v.level) && l != v.level) {
                    v.level = l;
                    v.levelFollowsZoom = false;  // picked by hand: pinned
                    changed = true;
                }
            ImGui::EndCombo();
        }
    }
    if (v.choroplethOn) {
        const std::string current(tr(lang, std::string("analysis.") + historyFigureName(v.figure)));
        if (ImGui::BeginCombo(text("analysis.panel.figure"), current.c_str())) {
            for (HistoryFigure f : kFigures) {
                if (f == HistoryFigure::PerHousehold && !v.levelHasHouseholds()) continue;  // no field for it
                const std::string name(tr(lang, std::string("analysis.") + historyFigureName(f)));
                if (ImGui::Selectable(name.c_str(), f == v.figure)) {
                    v.figure = f;
                    changed = true;
                }
            }
            ImGui::EndCombo();
        }
    }
    if (changed) {
        if (Status s = v.apply(); !s) std::fprintf(stderr, "gridscope: analysis: %s\n", s.error().message.c_str());
    }
    ImGui::TextDisabled(text("analysis.panel.applied"), v.lastApplyMs());
    // Ctrl+S as well (GLFW's key code for S is its letter, the index ImGui 1.86 keeps keys by).
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::Button(text("analysis.panel.save")) || (io.KeyCtrl && ImGui::IsKeyPressed('S', false)))
        st.saveRequested = true;
    recordUiItem("analysis.save");
    if (!st.saveMessage.empty()) ImGui::TextWrapped("%s", st.saveMessage.c_str());
    st.width = ImGui::GetWindowWidth();
    st.height = ImGui::GetWindowHeight();
    ImGui::End();
}

}  // namespace gs::cli
