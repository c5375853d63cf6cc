#include "ui_items.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the last item's interactive rectangle (a slider's frame without its label)

#include <algorithm>

namespace gs::cli {

namespace {

bool enabled = false;
std::vector<UiItem> items;  // of the frames since the last lookup; stale ones are skipped by frame

}  // namespace

void enableUiItems(bool on) {
    enabled = on;
    items.clear();
}

bool uiItemsEnabled() { return enabled; }

void recordUiItem(std::string_view name) {
    if (!enabled) return;
    const ImGuiContext& g = *GImGui;
    const int frame = ImGui::GetFrameCount();
    // Forget earlier frames' items as soon as a new frame records its first.
    if (!items.empty() && items.front().frame != frame) items.clear();
    const ImRect r = g.LastItemData.NavRect;
    ImRect clip = g.CurrentWindow ? g.CurrentWindow->ClipRect : r;
    clip.ClipWithFull(r);
    UiItem item{std::string(name), r.Min.x, r.Min.y, r.Max.x, r.Max.y, clip.Min.x, clip.Min.y, clip.Max.x,
                clip.Max.y, frame};
    auto same = std::find_if(items.begin(), items.end(), [&](const UiItem& i) { return i.name == name; });
    if (same != items.end()) *same = std::move(item);
    else items.push_back(std::move(item));
}

void recordUiItem(std::string_view prefix, std::string_view suffix) {
    if (enabled) recordUiItem(std::string(prefix) + std::string(suffix));
}

const UiItem* findUiItem(std::string_view name) {
    const int frame = ImGui::GetFrameCount();
    for (const UiItem& i : items)
        if (i.frame == frame && i.name == name) return &i;
    return nullptr;
}

std::vector<std::string> uiItemNames() {
    const int frame = ImGui::GetFrameCount();
    std::vector<std::string> out;
    for (const UiItem& i : items)
        if (i.frame == frame) out.push_back(i.name);
    return out;
}

}  // namespace gs::cli
