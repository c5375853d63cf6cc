#include "render/canvas_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

namespace gs {

Result<std::unique_ptr<CanvasRenderer>> CanvasRenderer::create() {
    std::unique_ptr<CanvasRenderer> r(new CanvasRenderer());
    for (auto [program, define] : {std::pair{&r->solid_, "#define GS_RUN_SOLID 1\n"},
                                   std::pair{&r->glyph_, "#define GS_RUN_GLYPH 1\n"},
                                   std::pair{&r->image_, "#define GS_RUN_IMAGE 1\n"}}) {
        auto built = gl::Program::build("canvas", define);
        if (!built) return built.error();
        *program = std::move(*built);
    }
    r->vao_ = gl::VertexArray::create();
    r->vbo_ = gl::Buffer::create();
    glBindVertexArray(r->vao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r->vbo_.id());
    const GLsizei stride = sizeof(CanvasVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(CanvasVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(CanvasVertex, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(CanvasVertex, color));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(CanvasVertex, aux));
    glEnableVertexAttribArray(4);
    glVertexAttribIPointer(4, 1, GL_UNSIGNED_INT, stride, (void*)offsetof(CanvasVertex, kind));
    glBindVertexArray(0);
    return r;
}

void CanvasRenderer::draw(CanvasList& list, float canvasWidth, float canvasHeight, int targetWidth, int targetHeight,
                          std::span<const GLuint> images, std::span<const Box> limits) {
    // Glyphs added this frame go up first.
    for (auto& [key, entry] : list.fonts().entries()) {
        GlyphAtlas& a = *entry.atlas;
        AtlasTexture& tex = atlases_[entry.id];
        if (!a.dirty() && tex.texture) continue;
        AtlasDirty d = a.dirtyRegion();
        if (d.resized || !tex.texture || tex.width != a.width() || tex.height != a.height())
            tex.update(a.width(), a.height(), a.pixels().data(), 0, a.height());
        else
            tex.update(a.width(), a.height(), a.pixels().data(), d.region.y0, d.region.y1);
        a.markClean();
    }
    const auto& vertices = list.vertices();
    if (vertices.empty()) return;
    glViewport(0, 0, targetWidth, targetHeight);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    const float sx = float(targetWidth) / canvasWidth, sy = float(targetHeight) / canvasHeight;
    for (gl::Program* program : {&solid_, &glyph_, &image_}) {
        program->use();
        glUniform2f(program->uniform("u_canvas"), canvasWidth, canvasHeight);
        glUniform1f(program->uniform("u_scale"), 0.5f * (sx + sy));
        glUniform1i(program->uniform("u_texture"), 0);
    }
    const gl::Program* current = &image_;  // the last one used above
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(vao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, vbo_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(vertices.size() * sizeof(CanvasVertex)), vertices.data(),
                          GL_STREAM_DRAW));
    GLuint texture = 0;
    bool textureBound = false;
    // The whole target when no limits are given.
    const Box whole{0, 0, double(targetWidth), double(targetHeight)};
    if (limits.empty()) limits = std::span<const Box>(&whole, 1);
    for (const CanvasRun& run : list.runs()) {
        if (run.count == 0) continue;
        GLuint runTexture = 0;
        if (run.kind == CanvasKind::Glyph) {
            auto it = atlases_.find(run.texture);
            if (it == atlases_.end()) continue;
            runTexture = it->second.texture.id();
        } else if (run.kind == CanvasKind::Image) {
            if (run.texture < 0 || std::size_t(run.texture) >= images.size()) continue;
            runTexture = images[std::size_t(run.texture)];
        }
        // Where the run can draw (target pixels): its clip, else the whole target, narrowed to
        // its vertices' box with a pixel of margin (antialiased edges stay inside their quads).
        int cx0 = 0, cy0 = 0, cx1 = targetWidth, cy1 = targetHeight;
        if (run.clip >= 0) {
            const Box& c = list.clips()[std::size_t(run.clip)];
            cx0 = int(std::floor(c.minX * sx)), cx1 = int(std::ceil(c.maxX * sx));
            cy0 = int(std::floor(c.minY * sy)), cy1 = int(std::ceil(c.maxY * sy));
        }
        float vx0 = vertices[run.first].x, vy0 = vertices[run.first].y, vx1 = vx0, vy1 = vy0;
        for (std::uint32_t i = run.first + 1; i < run.first + run.count; ++i) {
            vx0 = std::min(vx0, vertices[i].x), vx1 = std::max(vx1, vertices[i].x);
            vy0 = std::min(vy0, vertices[i].y), vy1 = std::max(vy1, vertices[i].y);
        }
        const int bx0 = int(std::floor(vx0 * sx)) - 1, bx1 = int(std::ceil(vx1 * sx)) + 1;
        const int by0 = int(std::floor(vy0 * sy)) - 1, by1 = int(std::ceil(vy1 * sy)) + 1;
        for (const Box& limit : limits) {
            // The scissor: the run's clip and the limit, intersected (the limit is the whole
            // target for a full redraw, so the clip alone, as always).
            const int x0 = std::max(cx0, int(limit.minX)), y0 = std::max(cy0, int(limit.minY));
            const int x1 = std::min(cx1, int(limit.maxX)), y1 = std::min(cy1, int(limit.maxY));
            if (x1 <= x0 || y1 <= y0) continue;
            // Nothing of the run's inside this rectangle: drawing it would change no pixel.
            if (bx1 <= x0 || bx0 >= x1 || by1 <= y0 || by0 >= y1) continue;
            const gl::Program* program =
                run.kind == CanvasKind::Glyph ? &glyph_ : run.kind == CanvasKind::Image ? &image_ : &solid_;
            if (program != current) {
                program->use();
                current = program;
            }
            if (run.kind == CanvasKind::Glyph || run.kind == CanvasKind::Image) {
                if (!textureBound || runTexture != texture) {
                    glBindTexture(GL_TEXTURE_2D, runTexture);
                    texture = runTexture;
                    textureBound = true;
                }
            }
            if (run.clip < 0 && limits.data() == &whole) {
                glDisable(GL_SCISSOR_TEST);
            } else {
                glEnable(GL_SCISSOR_TEST);
                glScissor(x0, targetHeight - y1, x1 - x0, y1 - y0);
            }
            glDrawArrays(GL_TRIANGLES, GLint(run.first), GLsizei(run.count));
        }
    }
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
}

}  // namespace gs
