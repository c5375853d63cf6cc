// Dear ImGui's draw data to the screen, with each large panel that has not changed since the last
// frame laid as its picture (render/screen_patches.hpp) instead of drawn again. A moving map
// redraws every frame, and on a software renderer the layer panel's widgets and glyphs cost
// 4 ms of each (docs/city.md); its picture, a fraction of that. A panel is compared with the
// last frame's vertex by vertex, so a hover, a new figure or a scroll redraws it at once.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/screen_patches.hpp"

namespace gs::cli {

class UiRenderer {
public:
    // Renders `data` (ImGui::GetDrawData()) into the bound framebuffer, as
    // ImGui_ImplOpenGL3_RenderDrawData does.
    void render(const ImDrawData& data);
    // Drops every picture (they are also dropped when the font texture changes).
    void invalidate();

    struct Stats {
        int drawn = 0;     // draw lists drawn, last frame
        int pictured = 0;  // of them, drawn into a picture
        int laid = 0;      // lists laid from their picture instead
    };
    const Stats& stats() const { return stats_; }

    // Lists smaller than this are drawn every frame: their picture would cost about as much.
    static constexpr int kMinVertices = 400;
    // A list is pictured once it has been the same for this many frames in a row.
    static constexpr int kStableFrames = 2;

private:
    struct Command {
        ImVec4 clip;
        ImTextureID texture;
        unsigned vtxOffset, idxOffset, count;
    };
    struct ListState {
        int id = 0;
        std::vector<ImDrawVert> vertices;
        std::vector<ImDrawIdx> indices;
        std::vector<Command> commands;
        int sameFrames = 0;
        bool pictured = false;
        bool unpicturable = false;  // its picture could not be made: drawn until it changes
        uint64_t seen = 0;  // the frame it was last in
    };
    bool sameAsBefore(const ImDrawList& list, ListState& state) const;
    bool picture(const ImDrawData& data, ImDrawList* list, ListState& state);

    std::unordered_map<std::string, ListState> lists_;  // by the owning window's name
    ScreenPatches patches_;
    Stats stats_;
    uint64_t frame_ = 0;
    int nextId_ = 0;
    unsigned fontGeneration_ = 0;
    ImTextureID fontTexture_{};
};

}  // namespace gs::cli
