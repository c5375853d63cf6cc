#include "ui_font.hpp"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <filesystem>

#include "assets/strings.hpp"
#include "text/font.hpp"

namespace gs::cli {

namespace {

// In NotoSansCJK-*.ttc the faces are JP, KR, SC, TC, HK: face 2 has the simplified Chinese forms.
constexpr int kSimplifiedChineseFace = 2;

// Must outlive the atlas build (ImGui keeps a pointer to the ranges).
ImVector<ImWchar> glyphRanges;
// What the atlas was last built with: the same ranges at the same size need no new build.
UiFontResult built;
float builtPixelSize = 0;

}  // namespace

UiFontResult buildUiFont(float pixelSize, const std::vector<std::string>& texts) {
    ImGuiIO& io = ImGui::GetIO();
    UiFontResult result;
    auto path = Font::findDefaultPath();
    if (!path) {
        result.problem = path.error().message;
    } else if (std::error_code ec; !std::filesystem::is_regular_file(*path, ec)) {
        result.problem = "font file '" + *path + "' is missing";
    } else {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
        // Every character of the panels' words (the string table, both languages) and marks.
        for (Lang lang : {Lang::Zh, Lang::En})
            for (std::string_view t : allTexts(lang)) builder.AddText(t.data(), t.data() + t.size());
        builder.AddText("●—…›");
        for (const auto& t : texts) builder.AddText(t.c_str(), t.c_str() + t.size());
        ImVector<ImWchar> ranges;
        builder.BuildRanges(&ranges);
        if (built.cjk && builtPixelSize == pixelSize && ranges.Size == glyphRanges.Size &&
            std::equal(ranges.begin(), ranges.end(), glyphRanges.begin())) {
            UiFontResult same = built;
            same.rebuilt = false;
            return same;
        }
        io.Fonts->Clear();
        glyphRanges.swap(ranges);
        ImFontConfig config;
        config.FontNo = kSimplifiedChineseFace;
        // Thousands of CJK glyphs: no horizontal oversampling keeps the atlas (and start-up) small.
        config.OversampleH = 1;
        config.OversampleV = 1;
        config.PixelSnapH = true;
        if (io.Fonts->AddFontFromFileTTF(path->c_str(), pixelSize, &config, glyphRanges.Data) &&
            io.Fonts->Build()) {
            result.cjk = true;
            result.glyphs = io.Fonts->Fonts[0]->Glyphs.Size;
            built = result;
            builtPixelSize = pixelSize;
            return result;
        }
        result.problem = "Dear ImGui could not read '" + *path + "' (face 2)";
    }
    io.Fonts->Clear();
    built = UiFontResult{};
    ImFontConfig config;
    config.SizePixels = pixelSize;
    io.Fonts->AddFontDefault(&config);
    io.Fonts->Build();
    return result;
}

namespace {
unsigned fontGeneration = 0;
}

void refreshUiFontTexture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ++fontGeneration;
}

unsigned uiFontGeneration() { return fontGeneration; }

}  // namespace gs::cli
