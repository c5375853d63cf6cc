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
#include "render/offscreen_surface.hpp"
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
    auto surface = OffscreenSurface::create(kW, kH);
    ASSERT_TRUE(surface) << surface.error().message;
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
        ASSERT_TRUE((*wall)->drawCanvas(list, kW, kH, 1, kBackground));
        const double redrawn = (*wall)->lastRedrawPixels();
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

}  // namespace
}  // namespace gs
