// The wall's picture is redrawn only where its panels changed (WallRenderer::drawCanvas): groups
// are matched to the last frame's in order, and a group that changed, appeared or went marks its
// box. Every frame must equal the same canvas drawn from scratch, whatever came and went.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>

#include "render/canvas.hpp"
#include "render/gl.hpp"
#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/wall_renderer.hpp"

namespace gs {
namespace {

constexpr int kW = 400, kH = 240;
const Rgba kBackground{0.02f, 0.04f, 0.08f, 1};

std::vector<uint8_t> readPicture(const WallRenderer& r) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, r.pictureFramebuffer());
    return test::readBoundPixels(kW, kH);
}

Box box(double x0, double y0, double x1, double y1) {
    Box b;
    b.add(x0, y0);
    b.add(x1, y1);
    return b;
}

void panel(CanvasList& l, const Box& b, Rgba color, const char* label) {
    l.beginGroup(b);
    l.roundedRect(b, 6, color);
    TextStyle t;
    t.size = 14;
    l.text(label, {float(b.minX + 8), float(b.minY + 20)}, t);
    l.endGroup();
}

// A group of one plain rectangle, translucent: consecutive plates are one run of the list.
void plate(CanvasList& l, const Box& b, Rgba color) {
    l.beginGroup(b);
    color.a = 0.7f;
    l.rect(b, color);
    l.endGroup();
}

TEST(WallRedraw, PartialRedrawsEqualTheWholeCanvas) {
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    auto wall = WallRenderer::create();
    ASSERT_TRUE(wall) << wall.error().message;
    CanvasList list((*wall)->fonts(), 1);

    const Rgba blue{0.1f, 0.3f, 0.7f, 1}, green{0.1f, 0.6f, 0.3f, 1}, red{0.8f, 0.15f, 0.1f, 0.9f},
        amber{0.9f, 0.6f, 0.1f, 0.8f};
    // Each step is a whole canvas, as the wall builds one every frame.
    const std::vector<std::pair<const char*, std::function<void(CanvasList&)>>> steps = {
        {"first", [&](CanvasList& l) {
             panel(l, box(10, 10, 190, 150), blue, "KPI");
             panel(l, box(120, 60, 300, 200), red, "alert");  // a card over both panels
             panel(l, box(210, 10, 390, 150), green, "ranking");
         }},
        {"the card goes", [&](CanvasList& l) {
             panel(l, box(10, 10, 190, 150), blue, "KPI");
             panel(l, box(210, 10, 390, 150), green, "ranking");
         }},
        {"a card comes elsewhere", [&](CanvasList& l) {
             panel(l, box(10, 10, 190, 150), blue, "KPI");
             panel(l, box(210, 10, 390, 150), green, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
         }},
        {"a group in between", [&](CanvasList& l) {
             panel(l, box(10, 10, 190, 150), blue, "KPI");
             panel(l, box(150, 40, 250, 120), amber, "banner");
             panel(l, box(210, 10, 390, 150), green, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
         }},
        {"a panel recoloured", [&](CanvasList& l) {
             panel(l, box(10, 10, 190, 150), blue, "KPI");
             panel(l, box(150, 40, 250, 120), amber, "banner");
             panel(l, box(210, 10, 390, 150), blue, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
         }},
        {"nothing changed", [&](CanvasList& l) {
             panel(l, box(10, 10, 190, 150), blue, "KPI");
             panel(l, box(150, 40, 250, 120), amber, "banner");
             panel(l, box(210, 10, 390, 150), blue, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
         }},
        {"the first group goes", [&](CanvasList& l) {
             panel(l, box(150, 40, 250, 120), amber, "banner");
             panel(l, box(210, 10, 390, 150), blue, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
         }},
        // Two rectangles redrawn in one frame, apart, under runs of every kind: the list is drawn
        // once over both (run by run), which must equal drawing it rectangle by rectangle.
        {"two in the corners", [&](CanvasList& l) {
             panel(l, box(150, 40, 250, 120), amber, "banner");
             panel(l, box(210, 10, 390, 150), blue, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
             panel(l, box(4, 150, 56, 236), green, "a");
             panel(l, box(300, 170, 396, 236), green, "b");
             plate(l, box(4, 4, 50, 40), blue);  // one run of solid quads across both corners
             plate(l, box(350, 200, 396, 236), blue);
         }},
        {"both corners change at once", [&](CanvasList& l) {
             panel(l, box(150, 40, 250, 120), amber, "banner");
             panel(l, box(210, 10, 390, 150), blue, "ranking");
             panel(l, box(60, 100, 260, 230), red, "alert");
             panel(l, box(4, 150, 56, 236), amber, "a!");
             panel(l, box(300, 170, 396, 236), blue, "b!");
             plate(l, box(4, 4, 50, 40), amber);
             plate(l, box(350, 200, 396, 236), green);
         }},
    };
    std::vector<uint8_t> previous;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        list.reset(1);
        steps[i].second(list);
        // What the wall asks before it decides whether a moving map waits a frame: the same
        // pixels the draw then redraws (the whole picture for the first).
        const double pending = (*wall)->pendingRedrawPixels(list, kW, kH, 1);
        ASSERT_TRUE((*wall)->drawCanvas(list, kW, kH, 1, kBackground));
        const double redrawn = (*wall)->lastRedrawPixels();
        EXPECT_EQ(pending, redrawn) << "step " << i << ": " << steps[i].first;
        EXPECT_EQ((*wall)->pendingRedrawPixels(list, kW, kH, 1), 0.0) << "step " << i << ": drawn, nothing pending";
        const auto partial = readPicture(**wall);

        auto fresh = WallRenderer::create();  // its first frame is drawn whole
        ASSERT_TRUE(fresh) << fresh.error().message;
        CanvasList again((*fresh)->fonts(), 1);
        steps[i].second(again);
        ASSERT_TRUE((*fresh)->drawCanvas(again, kW, kH, 1, kBackground));
        EXPECT_EQ((*fresh)->lastRedrawPixels(), double(kW) * kH);
        const auto whole = readPicture(**fresh);

        EXPECT_EQ(test::differingPixels(partial, whole), 0u) << "step " << i << ": " << steps[i].first;
        if (i == 0) {
            previous = partial;
            continue;
        }
        EXPECT_LT(redrawn, 0.8 * kW * kH) << "step " << i << ": " << steps[i].first << " redrew the wall";
        if (std::string(steps[i].first) == "nothing changed") EXPECT_EQ(redrawn, 0.0);
        else EXPECT_GT(test::differingPixels(partial, previous), 0u) << "step " << i << " changed nothing";
        previous = partial;
    }
}

// Quads carry their kind: small boxes, lines and text of one atlas are one run (one GL state), so
// a panel costs a software rasterizer one copy of the fragment state per atlas, not per change of
// kind. A large untextured quad (a background) stays out of glyph runs, whose program reads the
// atlas on every fragment. A picture has a run of its own; a clip starts another.
TEST(WallRedraw, RunsChangeOnlyWithTheTextureTheClipAndLargeBackgrounds) {
    CanvasFonts fonts;
    CanvasList l(fonts, 1);
    TextStyle t;
    t.size = 14;
    l.roundedRect(box(10, 10, 190, 150), 6, {0.1f, 0.3f, 0.7f, 1});  // 25,200 px²: large
    l.text("KPI", {18, 30}, t);
    l.line({10, 40}, {190, 40}, 2, {1, 1, 1, 1});
    l.rect(box(10, 50, 100, 60), {1, 0, 0, 1});
    l.text("42", {18, 80}, t);
    l.image(box(200, 10, 300, 100), 0);
    l.rect(box(200, 110, 300, 120), {0, 1, 0, 1});
    l.text("7", {210, 118}, t);
    l.rect(box(200, 130, 400, 300), {0.2f, 0.2f, 0.2f, 1});  // large, after a glyph run
    l.rect(box(200, 130, 210, 140), {1, 1, 1, 1});            // small: joins it
    l.pushClip(box(0, 0, 50, 50));
    l.rect(box(0, 0, 100, 100), {0, 0, 1, 1});
    l.popClip();
    if (fonts.error()) GTEST_SKIP() << "no font: " << fonts.error()->message;
    const auto& runs = l.runs();
    ASSERT_EQ(runs.size(), 6u);
    EXPECT_EQ(runs[0].kind, CanvasKind::Solid);  // the background alone
    EXPECT_EQ(runs[0].count, 7u * 6);  // a rounded rectangle: fill, two sides, four corners
    EXPECT_TRUE(runs[0].large);
    EXPECT_EQ(runs[1].kind, CanvasKind::Glyph);  // the text, the line, the rect, the text
    EXPECT_EQ(runs[2].kind, CanvasKind::Image);
    EXPECT_EQ(runs[3].kind, CanvasKind::Glyph);  // a small rect, then text: one run
    EXPECT_EQ(runs[4].kind, CanvasKind::Solid);  // the large rect and the small one after it
    EXPECT_EQ(runs[4].count, 12u);
    EXPECT_EQ(runs[4].clip, -1);
    EXPECT_EQ(runs[5].clip, 0);
    std::uint32_t glyphs = 0, solids = 0;
    for (std::uint32_t i = runs[1].first; i < runs[1].first + runs[1].count; ++i) {
        glyphs += l.vertices()[i].kind == std::uint32_t(CanvasKind::Glyph);
        solids += l.vertices()[i].kind != std::uint32_t(CanvasKind::Glyph);
    }
    EXPECT_EQ(glyphs, 6u * 5);  // "KPI" and "42"
    EXPECT_GT(solids, 0u);
    EXPECT_EQ(l.vertices()[runs[2].first].kind, std::uint32_t(CanvasKind::Image));
}

}  // namespace
}  // namespace gs
