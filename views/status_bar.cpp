#include "status_bar.hpp"

#include <imgui.h>

#include "ui_theme.hpp"

namespace gs::cli {

std::string groupThousands(size_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

float drawStatusBar(const StatusFigures& s) {
    const ImGuiIO& io = ImGui::GetIO();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float height = ImGui::GetFontSize() + style.WindowPadding.y * 2;
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height), ImGuiCond_Always);
    const UiTheme& theme = uiTheme();
    const float spacing = theme.statusBarSpacing;
    auto text = [lang = s.lang](const char* key) { return tr(lang, key).data(); };
    ImGui::SetNextWindowBgAlpha(theme.statusBarBgAlpha);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##status", nullptr, flags)) {
        ImGui::Text(text("status_bar.features"), groupThousands(s.features).c_str());
        ImGui::SameLine(0, spacing);
        ImGui::Text(text("status_bar.vertices"), groupThousands(s.vertices).c_str());
        ImGui::SameLine(0, spacing);
        ImGui::Text(text("status_bar.triangles"), groupThousands(s.triangles).c_str());
        ImGui::SameLine(0, spacing);
        ImGui::Text(text("status_bar.labels"), s.labelsPlaced, s.labelCandidates);
        ImGui::SameLine(0, spacing);
        ImGui::Text(text("status_bar.frame"), s.frameMs);
        if (s.warnings > 0) {
            ImGui::SameLine(0, spacing);
            ImGui::TextColored(theme.warning, text("status_bar.warnings"), s.warnings);
        }
        if (s.cursor) {
            ImGui::SameLine(0, spacing);
            ImGui::TextDisabled("%s %.1f, %.1f", s.crs.c_str(), s.cursor->x, s.cursor->y);
            if (s.cursorLonLat) {
                ImGui::SameLine();
                ImGui::TextDisabled(text("status_bar.lon_lat"), s.cursorLonLat->x, s.cursorLonLat->y);
            }
        }
    }
    ImGui::End();
    return height;
}

}  // namespace gs::cli
