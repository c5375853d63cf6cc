#include "layer_panel.hpp"

#include <imgui.h>

#include "style/palette.hpp"

namespace gs::cli {

namespace {

// Rgba keeps alpha apart from the three colour channels ImGui edits.
bool editColor(const char* label, Rgba& c) {
    float rgb[3] = {c.r, c.g, c.b};
    if (!ImGui::ColorEdit3(label, rgb, ImGuiColorEditFlags_NoInputs)) return false;
    c.r = rgb[0];
    c.g = rgb[1];
    c.b = rgb[2];
    return true;
}

bool comboOfStrings(const char* label, std::string& value, const std::vector<std::string>& items,
                    const char* noneLabel = nullptr) {
    bool changed = false;
    const char* preview = value.empty() && noneLabel ? noneLabel : value.c_str();
    if (ImGui::BeginCombo(label, preview)) {
        if (noneLabel && ImGui::Selectable(noneLabel, value.empty())) {
            changed = !value.empty();
            value.clear();
        }
        for (const auto& item : items) {
            if (ImGui::Selectable(item.c_str(), item == value) && item != value) {
                value = item;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

void drawLegend(const Legend& legend, float uiScale) {
    ImGui::TextDisabled("图例 Legend · %s", legend.title.c_str());
    const float swatch = 14 * uiScale;
    const ImGuiColorEditFlags flags =
        ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker | ImGuiColorEditFlags_NoDragDrop;
    for (size_t k = 0; k < legend.entries.size(); ++k) {
        const LegendEntry& e = legend.entries[k];
        ImGui::PushID(int(k));
        ImGui::ColorButton("##swatch", ImVec4(e.color.r, e.color.g, e.color.b, 1), flags,
                           ImVec2(swatch * 1.6f, swatch));
        ImGui::SameLine();
        ImGui::Text("%s", e.label.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("(%zu)", e.count);
        ImGui::PopID();
    }
    if (legend.noData > 0) ImGui::TextDisabled("无数据 no data: %zu", legend.noData);
}

// The widgets of one layer; true when its colours must be evaluated again.
bool drawLayer(LoadedLayer& layer, size_t index, const SceneRenderer& renderer,
               LayerPanelState& state, float uiScale) {
    LayerStyle& st = layer.config.style;
    bool restyle = false;
    ImGui::Checkbox("显示 Visible", &st.visible);
    ImGui::SameLine();
    ImGui::TextDisabled("%zu features", layer.featureCount());

    restyle |= editColor("填充 Fill", st.fill);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    restyle |= ImGui::SliderFloat("##fillOpacity", &st.fillOpacity, 0, 1, "填充不透明度 %.2f");
    editColor("描边 Stroke", st.stroke);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderFloat("##strokeWidth", &st.strokeWidth, 0, 8, "描边宽度 width %.1f px");
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderFloat("##opacity", &st.opacity, 0, 1, "图层不透明度 opacity %.2f");

    ColorBy& cb = st.colorBy;
    const auto& fields = state.numericFields[index];
    if (fields.empty()) {
        ImGui::TextDisabled("分级 colour by: no numeric fields");
    } else {
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        restyle |= comboOfStrings("分级 Colour by", cb.field, fields, "(无 none)");
    }
    if (!cb.field.empty()) {
        int method = cb.method == ClassMethod::Quantile ? 0 : 1;
        const char* methods[] = {"分位数 Quantile", "等间距 Equal interval"};
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (ImGui::Combo("方法 Method", &method, methods, 2)) {
            cb.method = method == 0 ? ClassMethod::Quantile : ClassMethod::EqualInterval;
            restyle = true;
        }
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        restyle |= ImGui::SliderInt("类别 Classes", &cb.classes, 2, 9);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        restyle |= comboOfStrings("色板 Palette", cb.palette, state.palettes);
    }
    if (!state.errors[index].empty())
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", state.errors[index].c_str());
    if (const auto& legend = renderer.legend(index); legend && !cb.field.empty())
        drawLegend(*legend, uiScale);
    return restyle;
}

}  // namespace

void LayerPanelState::attach(const LoadedScene& scene) {
    numericFields.clear();
    for (const auto& layer : scene.layers) numericFields.push_back(layer.attributes.numericColumns());
    palettes = paletteNames();
    errors.assign(scene.layers.size(), {});
    restyle.assign(scene.layers.size(), false);
}

void drawLayerPanel(LoadedScene& scene, const SceneRenderer& renderer, LayerPanelState& state,
                    MapInteraction& map, float height, float uiScale) {
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(340 * uiScale, height), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSizeConstraints(ImVec2(240 * uiScale, height), ImVec2(720 * uiScale, height));
    state.width = 0;
    if (!ImGui::Begin("图层 Layers", nullptr, ImGuiWindowFlags_NoMove)) {
        ImGui::End();
        return;
    }
    state.width = ImGui::GetWindowWidth();
    if (!scene.config.name.empty()) ImGui::TextWrapped("%s", scene.config.name.c_str());
    ImGui::TextDisabled("%s", scene.config.displayCrs.c_str());

    if (ImGui::CollapsingHeader("视图 View", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::Checkbox("标注 Labels (L)", &map.labels);
        ImGui::SameLine();
        ImGui::Checkbox("地图图例 Legend on map", &state.legendOnMap);
        if (ImGui::Button("全图 Fit to extent (F)")) map.fitScene();
        ImGui::TextDisabled("drag: pan · wheel: zoom · arrows/WASD · +/- · Esc");
    }
    for (size_t i = 0; i < scene.layers.size(); ++i) {
        LoadedLayer& layer = scene.layers[i];
        ImGui::PushID(int(i));
        const std::string& title = layer.config.title.empty() ? layer.config.id : layer.config.title;
        if (ImGui::CollapsingHeader((title + "###layer").c_str(), ImGuiTreeNodeFlags_DefaultOpen))
            if (drawLayer(layer, i, renderer, state, uiScale)) state.restyle[i] = true;
        ImGui::PopID();
    }
    ImGui::End();
}

}  // namespace gs::cli
