#include "layer_panel.hpp"

#include <imgui.h>

#include <algorithm>

#include "style/palette.hpp"
#include "ui_theme.hpp"

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

void drawLegend(const Legend& legend, Lang lang, float uiScale) {
    ImGui::TextDisabled(tr(lang, "layers.legend").data(), legend.title.c_str());
    const float swatch = uiTheme().legendSwatchPx * uiScale;
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
    if (legend.noData > 0) ImGui::TextDisabled(tr(lang, "layers.no_data").data(), legend.noData);
    if (legend.outOfRange > 0) ImGui::TextDisabled(tr(lang, "layers.out_of_range").data(), legend.outOfRange);
}

// The widgets of one layer; true when its colours must be evaluated again.
bool drawLayer(LoadedLayer& layer, size_t index, const SceneRenderer& renderer,
               LayerPanelState& state, float uiScale) {
    LayerStyle& st = layer.config.style;
    const Lang lang = state.lang;
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    bool restyle = false;
    ImGui::Checkbox(text("layers.visible"), &st.visible);
    ImGui::SameLine();
    ImGui::TextDisabled(text("layers.features"), layer.featureCount());

    restyle |= editColor(text("layers.fill"), st.fill);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    restyle |= ImGui::SliderFloat("##fillOpacity", &st.fillOpacity, 0, 1, text("layers.fill_opacity"));
    editColor(text("layers.stroke"), st.stroke);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderFloat("##strokeWidth", &st.strokeWidth, 0, 8, text("layers.stroke_width"));
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderFloat("##opacity", &st.opacity, 0, 1, text("layers.opacity"));

    ColorBy& cb = st.colorBy;
    const auto& fields = state.numericFields[index];
    if (fields.empty()) {
        ImGui::TextDisabled("%s", text("layers.no_numeric_fields"));
    } else {
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        restyle |= comboOfStrings(text("layers.colour_by"), cb.field, fields, text("layers.none"));
    }
    if (!cb.field.empty()) {
        // Manual breaks come from the scene file; the panel offers them only when it has some.
        const ClassMethod order[] = {ClassMethod::Quantile, ClassMethod::EqualInterval, ClassMethod::NaturalBreaks,
                                     ClassMethod::Manual};
        const char* methods[] = {text("layers.quantile"), text("layers.equal_interval"), text("layers.natural_breaks"),
                                 text("layers.manual")};
        const int offered = cb.breaks.empty() ? 3 : 4;
        int method = int(std::find(order, order + 4, cb.method) - order);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (ImGui::Combo(text("layers.method"), &method, methods, offered)) {
            cb.method = order[method];
            restyle = true;
        }
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (cb.method != ClassMethod::Manual) restyle |= ImGui::SliderInt(text("layers.classes"), &cb.classes, 2, 9);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        restyle |= comboOfStrings(text("layers.palette"), cb.palette, state.palettes);
    }
    if (!state.errors[index].empty())
        ImGui::TextColored(uiTheme().styleError, "%s", state.errors[index].c_str());
    if (const auto& legend = renderer.legend(index); legend && !cb.field.empty())
        drawLegend(*legend, lang, uiScale);
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
    const UiTheme& theme = uiTheme();
    auto text = [lang = state.lang](const char* key) { return tr(lang, key).data(); };
    ImGui::SetNextWindowSize(ImVec2(theme.layerPanelWidth * uiScale, height), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSizeConstraints(ImVec2(theme.layerPanelMinWidth * uiScale, height),
                                        ImVec2(theme.layerPanelMaxWidth * uiScale, height));
    state.width = 0;
    if (!ImGui::Begin(text("layers.title"), nullptr, ImGuiWindowFlags_NoMove)) {
        ImGui::End();
        return;
    }
    state.width = ImGui::GetWindowWidth();
    if (!scene.config.name.empty()) ImGui::TextWrapped("%s", scene.config.name.c_str());
    ImGui::TextDisabled("%s", scene.config.displayCrs.c_str());

    if (ImGui::CollapsingHeader(text("layers.view"), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::Checkbox(text("layers.labels"), &map.labels);
        ImGui::SameLine();
        ImGui::Checkbox(text("layers.legend_on_map"), &state.legendOnMap);
        if (ImGui::Button(text("layers.fit"))) map.fitScene();
        ImGui::TextDisabled("%s", text("layers.keys"));
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
