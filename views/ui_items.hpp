// Where the panels drew their widgets, under stable names, for the window's input scripts
// (views/script_driver): "analysis.slider", "analysis.category.sanitation", "analysis.breadcrumb.0".
// A panel calls recordUiItem(name) right after a widget; while no script runs that is one branch.
// The script looks items up after a frame is drawn, so it clicks what that frame showed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gs::cli {

struct UiItem {
    std::string name;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the part that takes the mouse, window pixels (ImGui's coordinates)
    // The part of it not clipped away (scrolled out of its panel, off the window); empty when hidden.
    float clipX0 = 0, clipY0 = 0, clipX1 = 0, clipY1 = 0;
    int frame = 0;  // Dear ImGui's frame count when it was drawn
    bool visible() const { return clipX1 > clipX0 && clipY1 > clipY0; }
};

// Off by default; the window turns it on when it runs a script.
void enableUiItems(bool on);
bool uiItemsEnabled();
// The last ImGui item, under `name` (a later item of the same frame with the same name wins).
void recordUiItem(std::string_view name);
// The same under prefix + suffix ("analysis.category." + a key), joined only while enabled.
void recordUiItem(std::string_view prefix, std::string_view suffix);
// Items drawn in the current (last complete) frame.
const UiItem* findUiItem(std::string_view name);
std::vector<std::string> uiItemNames();

}  // namespace gs::cli
