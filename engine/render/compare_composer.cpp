#include "render/compare_composer.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

Result<std::unique_ptr<CompareComposer>> CompareComposer::create() {
    std::unique_ptr<CompareComposer> c(new CompareComposer());
    auto program = gl::Program::build("compose");
    if (!program) return program.error();
    c->program_ = std::move(*program);
    c->vao_ = gl::VertexArray::create();  // core profile draws need one bound, even with no attributes
    return c;
}

Status CompareComposer::beginSide(int side, int width, int height) {
    if (side == 0) glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target_);
    std::optional<TextureTarget>& p = pictures_.at(size_t(side));
    if (!p || p->width() != width || p->height() != height) {
        auto t = TextureTarget::create(width, height);
        if (!t) return Error{"compare view: " + t.error().message};
        p = std::move(*t);
    }
    p->bind();
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    return {};
}

void CompareComposer::abandon() const { glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target_)); }

void CompareComposer::quad(const float dst[4], const float src[4]) {
    glUniform4f(program_.uniform("u_dst"), dst[0], dst[1], dst[2], dst[3]);
    glUniform4f(program_.uniform("u_src"), src[0], src[1], src[2], src[3]);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

// A solid rectangle, in the frame's pixels (origin top left, as the divider's place is given).
void CompareComposer::bar(int x0, int y0, int x1, int y1, int width, int height, const float rgba[4]) {
    glUniform1i(program_.uniform("u_solid"), 1);
    glUniform4f(program_.uniform("u_color"), rgba[0], rgba[1], rgba[2], rgba[3]);
    const float dst[4] = {2.0f * float(x0) / float(width) - 1.0f, 1.0f - 2.0f * float(y1) / float(height),
                          2.0f * float(x1) / float(width) - 1.0f, 1.0f - 2.0f * float(y0) / float(height)};
    const float src[4] = {0, 0, 0, 0};
    quad(dst, src);
}

void CompareComposer::compose(CompareLayout layout, int width, int height, int x0, int dividerX, float uiScale,
                              const Rgba& background) {
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target_));
    glViewport(0, 0, width, height);
    glClearColor(background.r * background.a, background.g * background.a, background.b * background.a, background.a);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_BLEND);
    program_.use();
    glBindVertexArray(vao_.id());
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(program_.uniform("u_picture"), 0);
    glUniform1i(program_.uniform("u_solid"), 0);
    // Where side 1 begins, in the frame's columns.
    const bool split = layout == CompareLayout::Split;
    const int leftWidth = split && pictures_[0] ? pictures_[0]->width() : 0;
    const int cut = split ? x0 + leftWidth : std::clamp(dividerX, 0, width);
    for (int side = 0; side < 2; ++side) {
        if (!pictures_[size_t(side)]) continue;
        const TextureTarget& p = *pictures_[size_t(side)];
        const int a = side == 0 ? (split ? x0 : 0) : cut;
        const int b = side == 0 ? cut : (split ? cut + p.width() : width);
        if (b <= a) continue;
        // Split: the side's whole picture; swipe: the same columns of its full-frame picture.
        const int sx0 = split ? 0 : a;
        const float dst[4] = {2.0f * float(a) / float(width) - 1.0f, -1.0f, 2.0f * float(b) / float(width) - 1.0f,
                              1.0f};
        const float src[4] = {float(sx0) / float(p.width()), 0.0f, float(sx0 + (b - a)) / float(p.width()), 1.0f};
        glBindTexture(GL_TEXTURE_2D, p.texture());
        quad(dst, src);
    }
    const int s = std::max(1, int(std::lround(uiScale)));
    const float dark[4] = {0.02f, 0.04f, 0.08f, 1.0f}, light[4] = {0.95f, 0.97f, 1.0f, 1.0f};
    if (layout == CompareLayout::Split) {
        bar(cut - s, 0, cut + s, height, width, height, dark);
    } else {
        // A light bar edged in dark, readable on any map, and a handle to take it by.
        bar(cut - 2 * s, 0, cut + 2 * s, height, width, height, dark);
        bar(cut - s, 0, cut + s, height, width, height, light);
        const int hx = 9 * s, hy = 24 * s, mid = height / 2;
        bar(cut - hx - s, mid - hy - s, cut + hx + s, mid + hy + s, width, height, dark);
        bar(cut - hx, mid - hy, cut + hx, mid + hy, width, height, light);
        for (int k = -1; k <= 1; k += 2)  // two grip lines
            bar(cut + k * 3 * s - (s + 1) / 2, mid - hy / 2, cut + k * 3 * s + s / 2 + 1, mid + hy / 2, width, height, dark);
    }
    glBindVertexArray(0);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

}  // namespace gs
