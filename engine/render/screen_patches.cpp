#include "render/screen_patches.hpp"

namespace gs {

Status ScreenPatches::begin(int id, Rect rect) {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &savedFramebuffer_);
    glGetIntegerv(GL_VIEWPORT, savedViewport_);
    auto it = patches_.find(id);
    if (it == patches_.end() || it->second.target.width() != rect.width || it->second.target.height() != rect.height) {
        auto target = TextureTarget::create(rect.width, rect.height);
        if (!target) {
            patches_.erase(id);
            return target.error();
        }
        // One texel a pixel: no filtering needed, none wanted.
        glBindTexture(GL_TEXTURE_2D, target->texture());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindTexture(GL_TEXTURE_2D, 0);
        it = patches_.insert_or_assign(id, Patch{std::move(*target), rect}).first;
    }
    it->second.rect = rect;
    it->second.target.bind();
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    return Status::success();
}

void ScreenPatches::end() {
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(savedFramebuffer_));
    glViewport(savedViewport_[0], savedViewport_[1], savedViewport_[2], savedViewport_[3]);
}

bool ScreenPatches::draw(int id, int frameWidth, int frameHeight) {
    auto it = patches_.find(id);
    if (it == patches_.end() || frameWidth <= 0 || frameHeight <= 0) return false;
    if (!quads_.usable()) return false;
    const Rect& r = it->second.rect;
    const float w = float(frameWidth), h = float(frameHeight);
    // GL's rows run bottom-up: the rectangle's top row is frameHeight - y.
    const float x0 = float(r.x), x1 = float(r.x + r.width);
    const float y0 = h - float(r.y + r.height), y1 = h - float(r.y);
    glViewport(0, 0, frameWidth, frameHeight);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    quads_.begin();
    quads_.draw(it->second.target.texture(), 2 * x0 / w - 1, 2 * y0 / h - 1, 2 * x1 / w - 1, 2 * y1 / h - 1);
    quads_.end();
    return true;
}

}  // namespace gs
