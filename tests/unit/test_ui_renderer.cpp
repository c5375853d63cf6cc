// The window's panels laid from pictures (views/ui_renderer.hpp): a panel unchanged for a few
// frames is laid as its picture and looks as it does drawn; a changed one is drawn again at once;
// a new font texture drops every picture. Dear ImGui's OpenGL3 backend on a headless context, into
// a texture over a two-coloured background (the picture is laid "over" whatever is under it).
#include <gtest/gtest.h>

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include <cstdlib>
#include <memory>

#include "gl_pixels.hpp"
#include "platform/headless_context.hpp"
#include "render/texture_target.hpp"
#include "ui_font.hpp"
#include "ui_renderer.hpp"

namespace gs::cli {
namespace {

constexpr int kW = 400, kH = 300;

class UiRendererTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto ctx = HeadlessContext::create();
        if (!ctx) GTEST_SKIP() << "no headless GL context: " << ctx.error().message;
        context_ = std::move(*ctx);
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        ASSERT_TRUE(ImGui_ImplOpenGL3_Init("#version 330 core"));
        auto target = TextureTarget::create(kW, kH);
        ASSERT_TRUE(target) << target.error().message;
        target_.emplace(std::move(*target));
        // ImGui settles windows over their first frames.
        for (int i = 0; i < 4; ++i) buildFrame(false);
    }
    void TearDown() override {
        if (!context_) return;
        renderer_.reset();
        target_.reset();
        ImGui_ImplOpenGL3_Shutdown();
        ImGui::DestroyContext();
    }

    // A panel of text and widgets (well over UiRenderer::kMinVertices) and a small window.
    static void buildFrame(bool changed) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(kW, kH);
        io.DeltaTime = 1.0f / 60;
        ImGui_ImplOpenGL3_NewFrame();
        ImGui::NewFrame();
        const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings;
        ImGui::SetNextWindowPos(ImVec2(10, 20));
        ImGui::SetNextWindowSize(ImVec2(230, 260));
        ImGui::Begin("Layers", nullptr, fixed);
        for (int i = 0; i < 10; ++i) ImGui::Text("Layer %d: %s", i, changed && i == 4 ? "hidden" : "buildings");
        static float opacity = 0.6f;
        ImGui::SliderFloat("opacity", &opacity, 0, 1);
        static bool visible = true;
        ImGui::Checkbox("visible", &visible);
        ImGui::End();
        ImGui::SetNextWindowPos(ImVec2(260, 240));
        ImGui::Begin("Status", nullptr, fixed | ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::Text("12 ms");
        ImGui::End();
        ImGui::Render();
    }

    // The background, then the frame's UI: through the UiRenderer, or drawn straight.
    std::vector<std::uint8_t> draw(bool throughRenderer) {
        target_->bind();
        glDisable(GL_SCISSOR_TEST);
        glClearColor(0.1f, 0.3f, 0.5f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        glEnable(GL_SCISSOR_TEST);
        glScissor(0, 0, kW, kH / 2);  // the lower half another colour
        glClearColor(0.9f, 0.8f, 0.2f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        glDisable(GL_SCISSOR_TEST);
        if (throughRenderer) renderer_->render(*ImGui::GetDrawData());
        else ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        target_->bind();
        return test::readBoundPixels(kW, kH);
    }

    static int maxDifference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
        int most = 0;
        for (size_t i = 0; i < a.size() && i < b.size(); ++i) most = std::max(most, std::abs(int(a[i]) - int(b[i])));
        return a.size() == b.size() ? most : 256;
    }

    std::unique_ptr<HeadlessContext> context_;
    std::optional<TextureTarget> target_;
    std::unique_ptr<UiRenderer> renderer_ = std::make_unique<UiRenderer>();
};

TEST_F(UiRendererTest, APanelTheSameFrameAfterFrameIsLaidFromItsPictureAndLooksAsDrawn) {
    int laidFrames = 0;
    for (int frame = 0; frame < 5; ++frame) {
        buildFrame(false);
        const auto straight = draw(false);
        const auto through = draw(true);
        // The small window stays under kMinVertices: drawn every frame.
        EXPECT_GE(renderer_->stats().drawn, 1) << "frame " << frame;
        if (frame < UiRenderer::kStableFrames) EXPECT_EQ(renderer_->stats().laid, 0) << "frame " << frame;
        laidFrames += renderer_->stats().laid;
        // Premultiplied "over" in 8 bits: a rounding step at most.
        EXPECT_LE(maxDifference(straight, through), 1) << "frame " << frame << ", "
                                                      << test::differingPixels(straight, through) << " pixels differ";
    }
    // Pictured on the frame it had been the same for kStableFrames, laid from then on.
    EXPECT_EQ(laidFrames, 5 - UiRenderer::kStableFrames);
}

TEST_F(UiRendererTest, AChangedPanelIsDrawnAgainNotItsOldPicture) {
    for (int frame = 0; frame < 4; ++frame) {
        buildFrame(false);
        draw(true);
    }
    ASSERT_EQ(renderer_->stats().laid, 1);
    const auto before = draw(true);
    buildFrame(true);  // one line of the panel says something else
    const auto straight = draw(false);
    const auto through = draw(true);
    EXPECT_EQ(renderer_->stats().laid, 0);
    EXPECT_GT(test::differingPixels(before, straight), 0u) << "the change shows nowhere: the test proves nothing";
    EXPECT_LE(maxDifference(straight, through), 1) << test::differingPixels(straight, through) << " pixels differ";
    // Unchanged again: pictured anew after kStableFrames.
    int laid = 0;
    for (int frame = 0; frame < 4; ++frame) {
        buildFrame(true);
        draw(true);
        laid += renderer_->stats().laid;
    }
    EXPECT_EQ(laid, 4 - UiRenderer::kStableFrames + 1);
}

TEST_F(UiRendererTest, ANewFontTextureDropsEveryPicture) {
    for (int frame = 0; frame < 4; ++frame) {
        buildFrame(false);
        draw(true);
    }
    ASSERT_EQ(renderer_->stats().laid, 1);
    refreshUiFontTexture();  // the atlas rebuilt (new characters): old pictures show old glyphs
    buildFrame(false);
    const auto straight = draw(false);
    const auto through = draw(true);
    EXPECT_EQ(renderer_->stats().laid, 0);
    EXPECT_LE(maxDifference(straight, through), 1);
}

}  // namespace
}  // namespace gs::cli
