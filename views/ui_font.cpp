#include "ui_font.hpp"

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include <filesystem>

#include "text/font.hpp"

namespace gs::cli {

namespace {

// In NotoSansCJK-*.ttc the faces are JP, KR, SC, TC, HK: face 2 has the simplified Chinese forms.
constexpr int kSimplifiedChineseFace = 2;

// Must outlive the atlas build (ImGui keeps a pointer to the ranges).
ImVector<ImWchar> glyphRanges;

}  // namespace

UiFontResult buildUiFont(float pixelSize, const std::vector<std::string>& texts) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    UiFontResult result;
    auto path = Font::findDefaultPath();
    if (!path) {
        result.problem = path.error().message;
    } else if (std::error_code ec; !std::filesystem::is_regular_file(*path, ec)) {
        result.problem = "font file '" + *path + "' is missing";
    } else {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
        builder.AddText("图层街道网格建筑要素分级图例视图标注显示填充描边透明度宽度分位数等间距无色板类别加载中父级属性帧顶点三角形");
        // The live panel's words and marks (views/feed_panel.cpp).
        builder.AddText("实时时钟数据源账目收到应用过期重复拒收最近全区在办超近小新增今日办结响应中位志愿者岗最新事件●—…");
        for (const auto& t : texts) builder.AddText(t.c_str(), t.c_str() + t.size());
        glyphRanges.clear();
        builder.BuildRanges(&glyphRanges);
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
            return result;
        }
        result.problem = "Dear ImGui could not read '" + *path + "' (face 2)";
        io.Fonts->Clear();
    }
    ImFontConfig config;
    config.SizePixels = pixelSize;
    io.Fonts->AddFontDefault(&config);
    io.Fonts->Build();
    return result;
}

void refreshUiFontTexture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace gs::cli
