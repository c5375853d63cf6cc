#include "render/wall_renderer.hpp"

#include <cmath>

namespace gs {

Result<std::unique_ptr<WallRenderer>> WallRenderer::create() {
    std::unique_ptr<WallRenderer> r(new WallRenderer());
    auto map = SceneRenderer::create();
    if (!map) return map.error();
    r->map_ = std::move(*map);
    auto canvas = CanvasRenderer::create();
    if (!canvas) return canvas.error();
    r->canvas_ = std::move(*canvas);
    return r;
}

WallRenderer::~WallRenderer() = default;

Result<RenderStats> WallRenderer::drawMap(int image, const Camera& camera, const ViewState& view) {
    auto it = maps_.find(image);
    if (it == maps_.end() || it->second.width() != camera.width || it->second.height() != camera.height) {
        auto t = TextureTarget::create(camera.width, camera.height);
        if (!t) return t.error();
        maps_.erase(image);
        it = maps_.emplace(image, std::move(*t)).first;
    }
    // The framebuffer bound now is the one the canvas goes to (a snapshot's): keep it bound after.
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    it->second.bind();
    RenderStats stats = map_->render(camera, view);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
    if (images_.size() <= std::size_t(image)) images_.resize(std::size_t(image) + 1, 0);
    images_[std::size_t(image)] = it->second.texture();
    return stats;
}

Status WallRenderer::drawCanvas(CanvasList& list, int canvasWidth, int canvasHeight, float scale, bool toBound) {
    const int w = std::max(1, int(std::lround(float(canvasWidth) * scale)));
    const int h = std::max(1, int(std::lround(float(canvasHeight) * scale)));
    if (!toBound) {
        if (!wall_ || wall_->width() != w || wall_->height() != h) {
            auto t = TextureTarget::create(w, h);
            if (!t) return t.error();
            wall_ = std::make_unique<TextureTarget>(std::move(*t));
        }
        wall_->bind();
    }
    scale_ = scale;
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    canvas_->draw(list, float(canvasWidth), float(canvasHeight), w, h, images_);
    return {};
}

void WallRenderer::present(std::span<const OutputViewport> outputs, int windowWidth, int windowHeight) {
    if (!wall_) return;
    if (!readFbo_) {
        readFbo_ = gl::Framebuffer::create();
        readTexture_ = 0;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, readFbo_.id());
    if (readTexture_ != wall_->texture()) {
        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, wall_->texture(), 0);
        readTexture_ = wall_->texture();
    }
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glViewport(0, 0, windowWidth, windowHeight);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    for (const OutputViewport& o : outputs) {
        // Canvas pixels to the picture's, and y down to GL's y up, on both sides.
        const int srcX0 = int(std::lround(o.canvas.minX * scale_)), srcX1 = int(std::lround(o.canvas.maxX * scale_));
        const int srcY0 = wall_->height() - int(std::lround(o.canvas.maxY * scale_));
        const int srcY1 = wall_->height() - int(std::lround(o.canvas.minY * scale_));
        const int dstY0 = windowHeight - (o.y + o.height), dstY1 = windowHeight - o.y;
        const bool same = srcX1 - srcX0 == o.width && srcY1 - srcY0 == o.height;
        glBlitFramebuffer(srcX0, srcY0, srcX1, srcY1, o.x, dstY0, o.x + o.width, dstY1, GL_COLOR_BUFFER_BIT,
                          same ? GL_NEAREST : GL_LINEAR);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
}

}  // namespace gs
