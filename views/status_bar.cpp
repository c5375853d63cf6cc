#include "status_bar.hpp"

#include <imgui.h>

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
    ImGui::SetNextWindowBgAlpha(0.85f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##status", nullptr, flags)) {
        ImGui::Text("要素 features %s", groupThousands(s.features).c_str());
        ImGui::SameLine(0, 18);
        ImGui::Text("顶点 vertices %s", groupThousands(s.vertices).c_str());
        ImGui::SameLine(0, 18);
        ImGui::Text("三角形 triangles %s", groupThousands(s.triangles).c_str());
        ImGui::SameLine(0, 18);
        ImGui::Text("标注 labels %zu/%zu", s.labelsPlaced, s.labelCandidates);
        ImGui::SameLine(0, 18);
        ImGui::Text("帧 frame %.2f ms", s.frameMs);
        if (s.warnings > 0) {
            ImGui::SameLine(0, 18);
            ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "提示 warnings %zu (see stderr)", s.warnings);
        }
        if (s.cursor) {
            ImGui::SameLine(0, 18);
            ImGui::TextDisabled("%s %.1f, %.1f", s.crs.c_str(), s.cursor->x, s.cursor->y);
            if (s.cursorLonLat) {
                ImGui::SameLine();
                ImGui::TextDisabled("· lon/lat %.5f, %.5f", s.cursorLonLat->x, s.cursorLonLat->y);
            }
        }
    }
    ImGui::End();
    return height;
}

}  // namespace gs::cli
