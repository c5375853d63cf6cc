#include "load_overlay.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "status_bar.hpp"  // groupThousands

namespace gs::cli {

void drawLoadingOverlay(const std::string& sceneName, size_t layers, double seconds,
                        const LoadProgress& progress, float uiScale) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(520 * uiScale, 0), ImGuiCond_Always);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("##loading", nullptr, flags)) {
        ImGui::Text("加载中 Loading %s", sceneName.c_str());
        ImGui::TextDisabled("%zu layers · %.1f s", layers, seconds);
        const size_t total = progress.featuresTotal.load(), done = progress.featuresDone.load();
        char text[96];
        if (total == 0)
            std::snprintf(text, sizeof text, "打开数据源 opening sources…");
        else
            std::snprintf(text, sizeof text, "%s / %s features", groupThousands(done).c_str(),
                          groupThousands(total).c_str());
        ImGui::ProgressBar(float(progress.fraction()), ImVec2(-FLT_MIN, 0), text);
    }
    ImGui::End();
}

bool drawLoadErrorOverlay(const std::string& error, float uiScale) {
    const ImGuiIO& io = ImGui::GetIO();
    bool quit = false;
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(720 * uiScale, io.DisplaySize.x - 20), 0), ImGuiCond_Always);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("无法加载场景 Cannot load the scene", nullptr, flags)) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.5f, 0.45f, 1));
        ImGui::TextWrapped("%s", error.c_str());
        ImGui::PopStyleColor();
        ImGui::TextDisabled("Fix the config or source and start gridscope again.");
        quit = ImGui::Button("退出 Quit");
    }
    ImGui::End();
    return quit;
}

}  // namespace gs::cli
