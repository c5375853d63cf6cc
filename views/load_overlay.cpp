#include "load_overlay.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "status_bar.hpp"  // groupThousands
#include "ui_theme.hpp"

namespace gs::cli {

void drawLoadingOverlay(const std::string& sceneName, size_t layers, double seconds,
                        const LoadProgress& progress, float uiScale, Lang lang) {
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(uiTheme().loadingWidth * uiScale, 0), ImGuiCond_Always);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("##loading", nullptr, flags)) {
        ImGui::Text(text("load.loading"), sceneName.c_str());
        ImGui::TextDisabled(text("load.layers"), layers, seconds);
        const size_t total = progress.featuresTotal.load(), done = progress.featuresDone.load();
        const std::string bar = total == 0 ? std::string(text("load.opening"))
                                           : trFormat(lang, "load.progress", groupThousands(done).c_str(),
                                                      groupThousands(total).c_str());
        ImGui::ProgressBar(float(progress.fraction()), ImVec2(-FLT_MIN, 0), bar.c_str());
    }
    ImGui::End();
}

bool drawLoadErrorOverlay(const std::string& error, float uiScale, Lang lang) {
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    const ImGuiIO& io = ImGui::GetIO();
    bool quit = false;
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(uiTheme().loadErrorWidth * uiScale, io.DisplaySize.x - 20), 0), ImGuiCond_Always);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin(text("load.cannot_load"), nullptr, flags)) {
        ImGui::PushStyleColor(ImGuiCol_Text, uiTheme().loadError);
        ImGui::TextWrapped("%s", error.c_str());
        ImGui::PopStyleColor();
        ImGui::TextDisabled("%s", text("load.fix"));
        quit = ImGui::Button(text("load.quit"));
    }
    ImGui::End();
    return quit;
}

}  // namespace gs::cli
