#include "feature_panel.hpp"

#include <imgui.h>

#include "feature_info.hpp"
#include "ui_theme.hpp"

namespace gs::cli {

namespace {

// "北滩 › 网格 0104": the grids holding a feature, coarse to fine.
std::string ancestorPath(const FeatureInfo& info) {
    std::string path;
    for (auto it = info.ancestors.rbegin(); it != info.ancestors.rend(); ++it)
        path += (path.empty() ? "" : " › ") + it->name;
    return path;
}

}  // namespace

void drawFeatureTooltip(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                        FeatureRef hovered, Lang lang) {
    if (!hovered.valid()) return;
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    const FeatureInfo info = describeFeature(scene, indexes, hovered);
    ImGui::BeginTooltip();
    ImGui::Text("%s", featureLabel(scene, hovered).c_str());
    if (!info.id.empty() && info.id != info.name) ImGui::TextDisabled(text("feature.id"), info.id.c_str());
    ImGui::TextDisabled(text("feature.layer_fid"), info.layerTitle.c_str(), static_cast<long long>(info.fid));
    if (!info.ancestors.empty()) ImGui::TextDisabled(text("feature.in"), ancestorPath(info).c_str());
    ImGui::EndTooltip();
}

float drawFeaturePanel(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes,
                       MapInteraction& map, float top, float height, float uiScale, Lang lang) {
    if (!map.selected.valid()) return 0;
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    const FeatureInfo info = describeFeature(scene, indexes, map.selected);
    const ImGuiIO& io = ImGui::GetIO();
    const float width = uiTheme().featurePanelWidth * uiScale;
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - width, top), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
    bool open = true;
    if (!ImGui::Begin(text("feature.title"), &open, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        if (!open) map.selected = {};
        return open ? width : 0;
    }
    ImGui::TextWrapped("%s", featureLabel(scene, map.selected).c_str());
    ImGui::TextDisabled(text("feature.layer"), info.layerTitle.c_str(), info.layerId.c_str());
    ImGui::TextDisabled(text("feature.fid"), static_cast<long long>(info.fid));
    // The grids holding it, nearest first; a button selects one (a long layer title may clip).
    for (size_t i = 0; i < info.ancestors.size(); ++i) {
        const auto& a = info.ancestors[i];
        ImGui::PushID(int(i));
        if (ImGui::SmallButton(text("feature.select"))) map.selected = a.ref;
        ImGui::SameLine();
        ImGui::Text("%s %s", i == 0 ? text("feature.parent") : "      ", a.name.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", a.layerTitle.c_str());
        ImGui::PopID();
    }
    const LoadedLayer& layer = scene.layers[size_t(map.selected.layer)];
    if (size_t(map.selected.feature) < layer.bounds.size() && ImGui::Button(text("feature.zoom_to")))
        map.fit(layer.bounds[size_t(map.selected.feature)], 48 * uiScale);
    ImGui::SameLine();
    if (ImGui::Button(text("feature.clear"))) map.selected = {};
    ImGui::Separator();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY;
    if (ImGui::BeginTable("attributes", 2, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(text("feature.field"), ImGuiTableColumnFlags_WidthFixed, 130 * uiScale);
        ImGui::TableSetupColumn(text("feature.value"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < info.attributes.size(); ++i) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(info.attributes[i].first.c_str());
            ImGui::TableNextColumn();
            if (info.attributeIsNull[i]) ImGui::TextDisabled("%s", text("feature.null"));
            else ImGui::TextWrapped("%s", info.attributes[i].second.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::End();
    if (!open) map.selected = {};
    return width;
}

}  // namespace gs::cli
