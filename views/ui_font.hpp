// Dear ImGui's font: Noto Sans CJK SC (from Debian's fonts-noto-cjk), so Chinese layer titles and
// field values show, with Dear ImGui's built-in font as the fallback when it cannot be loaded.
#pragma once

#include <string>
#include <vector>

namespace gs::cli {

struct UiFontResult {
    bool cjk = false;      // false: the built-in Latin-only font is in use
    std::string problem;   // why the CJK font could not be used (empty when it is)
    int glyphs = 0;
    bool rebuilt = true;   // false: the atlas already had every character at this size (kept as it was)
};

// Rebuilds ImGui's font atlas at `pixelSize` with the common simplified Chinese characters plus
// every character of `texts` (scene name, layer titles, attribute values); keeps the atlas as it
// is when it was built at this size with the same characters (about 0.1 s saved). Call between
// frames; when the OpenGL3 backend already made its font texture and the atlas was rebuilt, call
// refreshUiFontTexture() after.
UiFontResult buildUiFont(float pixelSize, const std::vector<std::string>& texts);
void refreshUiFontTexture();
// Counts the font textures made by refreshUiFontTexture(): pictures of text drawn with an older
// one are stale (views/ui_renderer.hpp).
unsigned uiFontGeneration();

}  // namespace gs::cli
