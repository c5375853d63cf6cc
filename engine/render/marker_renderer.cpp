#include "render/marker_renderer.hpp"

#include <algorithm>
#include <cstddef>

namespace gs {

Result<std::unique_ptr<MarkerRenderer>> MarkerRenderer::create() {
    std::unique_ptr<MarkerRenderer> r(new MarkerRenderer());
    auto marker = gl::Program::build("marker");
    if (!marker) return marker.error();
    auto dense = gl::Program::build("marker", "#define GS_DENSE 1\n");
    if (!dense) return dense.error();
    auto trail = gl::Program::build("trail");
    if (!trail) return trail.error();
    auto screen = gl::Program::build("screen");
    if (!screen) return screen.error();
    r->markerProgram_ = std::move(*marker);
    r->denseProgram_ = std::move(*dense);
    r->trailProgram_ = std::move(*trail);
    r->screenProgram_ = std::move(*screen);

    const float corners[8] = {-1, -1, 1, -1, -1, 1, 1, 1};  // a triangle strip
    r->corners_ = gl::Buffer::create();
    glBindBuffer(GL_ARRAY_BUFFER, r->corners_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW));

    r->slots_ = gl::Buffer::create();
    r->transient_ = gl::Buffer::create();
    r->slotsVao_ = gl::VertexArray::create();
    r->transientVao_ = gl::VertexArray::create();
    r->setupInstanceVao(r->slotsVao_, r->slots_);
    // The dense variant reads the same buffer as plain vertices: one point each, no instancing
    // (llvmpipe runs its vertex stage per instance, but in large batches for plain vertices).
    r->slotPointsVao_ = gl::VertexArray::create();
    r->setupInstanceVao(r->slotPointsVao_, r->slots_, /*perVertex=*/true);
    r->setupInstanceVao(r->transientVao_, r->transient_);
    r->transientPointsVao_ = gl::VertexArray::create();
    r->setupInstanceVao(r->transientPointsVao_, r->transient_, /*perVertex=*/true);

    r->trails_ = gl::Buffer::create();
    r->trailsVao_ = gl::VertexArray::create();
    glBindVertexArray(r->trailsVao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r->trails_.id());
    const GLsizei ts = sizeof(TrailVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, ts, (void*)offsetof(TrailVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, ts, (void*)offsetof(TrailVertex, nx));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, ts, (void*)offsetof(TrailVertex, side));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, ts, (void*)offsetof(TrailVertex, color));

    r->screen_ = gl::Buffer::create();
    r->screenVao_ = gl::VertexArray::create();
    glBindVertexArray(r->screenVao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r->screen_.id());
    const GLsizei ss = sizeof(ScreenVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, ss, (void*)offsetof(ScreenVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, ss, (void*)offsetof(ScreenVertex, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, ss, (void*)offsetof(ScreenVertex, color));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, ss, (void*)offsetof(ScreenVertex, halo));
    glBindVertexArray(0);
    return r;
}

void MarkerRenderer::setupInstanceVao(gl::VertexArray& vao, const gl::Buffer& instances, bool perVertex) {
    glBindVertexArray(vao.id());
    if (perVertex) {
        glDisableVertexAttribArray(0);  // the corner is unused: a point
    } else {
        glBindBuffer(GL_ARRAY_BUFFER, corners_.id());
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    }
    glBindBuffer(GL_ARRAY_BUFFER, instances.id());
    const GLsizei s = sizeof(MarkerInstance);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, s, (void*)offsetof(MarkerInstance, x));
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_INT, s, (void*)offsetof(MarkerInstance, appearSec));
    glEnableVertexAttribArray(3);
    glVertexAttribIPointer(3, 1, GL_INT, s, (void*)offsetof(MarkerInstance, dueSec));
    glEnableVertexAttribArray(4);
    glVertexAttribIPointer(4, 4, GL_UNSIGNED_BYTE, s, (void*)offsetof(MarkerInstance, shape));
    for (GLuint a = 1; a <= 4; ++a) glVertexAttribDivisor(a, perVertex ? 0 : 1);
    glBindVertexArray(0);
}

void MarkerRenderer::allocate(std::uint32_t capacity) {
    glBindBuffer(GL_ARRAY_BUFFER, slots_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(std::size_t(capacity) * sizeof(MarkerInstance)), nullptr,
                          GL_DYNAMIC_DRAW));
    capacity_ = capacity;
}

void MarkerRenderer::upload(std::uint32_t first, std::span<const MarkerInstance> instances) {
    if (instances.empty()) return;
    glBindBuffer(GL_ARRAY_BUFFER, slots_.id());
    GL_CHECK(glBufferSubData(GL_ARRAY_BUFFER, GLintptr(std::size_t(first) * sizeof(MarkerInstance)),
                             GLsizeiptr(instances.size_bytes()), instances.data()));
}

bool MarkerRenderer::hasAtlas(int atlas, int width, int height) const {
    return atlas >= 0 && std::size_t(atlas) < atlases_.size() && atlases_[std::size_t(atlas)].texture &&
           atlases_[std::size_t(atlas)].width == width && atlases_[std::size_t(atlas)].height == height;
}

void MarkerRenderer::updateAtlas(int atlas, int width, int height, const std::uint8_t* texels, int y0, int y1) {
    if (atlas < 0) return;
    if (std::size_t(atlas) >= atlases_.size()) atlases_.resize(std::size_t(atlas) + 1);
    atlases_[std::size_t(atlas)].update(width, height, texels, y0, y1);
}

void MarkerRenderer::setMarkerUniforms(gl::Program& p, const Camera& c, const MarkerUniforms& u) {
    p.use();
    // The offset is taken in double and only then narrowed, as the map's layers do.
    glUniform2f(p.uniform("u_offset"), float(u.origin.x - c.center.x), float(u.origin.y - c.center.y));
    glUniform2f(p.uniform("u_scale"), float(2.0 / (c.unitsPerPixel * c.width)), float(2.0 / (c.unitsPerPixel * c.height)));
    glUniform2f(p.uniform("u_viewport"), float(c.width), float(c.height));
    glUniform1i(p.uniform("u_nowSec"), u.clock.sec);
    glUniform1f(p.uniform("u_nowFrac"), u.clock.frac);
    glUniform1f(p.uniform("u_pulseSeconds"), u.pulseSeconds);
    glUniform1f(p.uniform("u_uiScale"), u.uiScale);
    if (u.palette) glUniform4fv(p.uniform("u_palette"), kMarkerPaletteSize, &(*u.palette)[0].r);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_DEPTH_TEST);
    glViewport(0, 0, c.width, c.height);
}

int MarkerRenderer::drawSlots(const Camera& camera, const MarkerUniforms& u, std::uint32_t count, bool dense) {
    count = std::min(count, capacity_);
    if (count == 0) return 0;
    setMarkerUniforms(dense ? denseProgram_ : markerProgram_, camera, u);
    if (dense) {
        glBindVertexArray(slotPointsVao_.id());
        glEnable(GL_PROGRAM_POINT_SIZE);
        glDrawArrays(GL_POINTS, 0, GLsizei(count));
        glDisable(GL_PROGRAM_POINT_SIZE);
    } else {
        glBindVertexArray(slotsVao_.id());
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(count));
    }
    glBindVertexArray(0);
    return 1;
}

int MarkerRenderer::drawTransient(const Camera& camera, const MarkerUniforms& u,
                                  std::span<const MarkerInstance> instances) {
    if (instances.empty()) return 0;
    setMarkerUniforms(markerProgram_, camera, u);
    glBindBuffer(GL_ARRAY_BUFFER, transient_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(instances.size_bytes()), instances.data(), GL_STREAM_DRAW));
    glBindVertexArray(transientVao_.id());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(instances.size()));
    glBindVertexArray(0);
    return 1;
}

int MarkerRenderer::drawPointRuns(const Camera& camera, const MarkerUniforms& u,
                                  std::span<const MarkerInstance> points, std::span<const PointRun> runs,
                                  std::span<const TrailVertex> trails, float trailHalfWidthPx, GLuint restoreFrom) {
    if (runs.empty()) return 0;
    GLint target = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    if (!points.empty()) {
        glBindBuffer(GL_ARRAY_BUFFER, transient_.id());
        GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(points.size_bytes()), points.data(), GL_STREAM_DRAW));
    }
    if (!trails.empty()) {
        glBindBuffer(GL_ARRAY_BUFFER, trails_.id());
        GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(trails.size_bytes()), trails.data(), GL_STREAM_DRAW));
    }
    // The rectangles are disjoint, so each pass may cover all of them before the next: the map's
    // picture back under each, then the trails, then the markers touching each, in slot order.
    int calls = 0;
    glEnable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, restoreFrom);
    for (const PointRun& r : runs) {
        glScissor(r.x, r.y, r.w, r.h);
        glBlitFramebuffer(r.x, r.y, r.x + r.w, r.y + r.h, r.x, r.y, r.x + r.w, r.y + r.h, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
    }
    if (!trails.empty()) {
        gl::Program& p = trailProgram_;
        p.use();
        glUniform2f(p.uniform("u_offset"), float(u.origin.x - camera.center.x), float(u.origin.y - camera.center.y));
        glUniform2f(p.uniform("u_scale"), float(2.0 / (camera.unitsPerPixel * camera.width)),
                    float(2.0 / (camera.unitsPerPixel * camera.height)));
        glUniform2f(p.uniform("u_viewport"), float(camera.width), float(camera.height));
        glUniform1f(p.uniform("u_halfWidthPx"), trailHalfWidthPx);
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glBindVertexArray(trailsVao_.id());
        for (const PointRun& r : runs) {
            glScissor(r.x, r.y, r.w, r.h);
            glDrawArrays(GL_TRIANGLES, 0, GLsizei(trails.size()));
            ++calls;
        }
    }
    setMarkerUniforms(denseProgram_, camera, u);
    glBindVertexArray(transientPointsVao_.id());
    glEnable(GL_PROGRAM_POINT_SIZE);
    for (const PointRun& r : runs) {
        if (r.count == 0) continue;
        glScissor(r.x, r.y, r.w, r.h);
        glDrawArrays(GL_POINTS, GLint(r.first), GLsizei(r.count));
        ++calls;
    }
    glDisable(GL_PROGRAM_POINT_SIZE);
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(target));
    return calls;
}

int MarkerRenderer::drawTrails(const Camera& c, const MarkerUniforms& u, std::span<const TrailVertex> vertices,
                               float halfWidthPx) {
    if (vertices.empty()) return 0;
    gl::Program& p = trailProgram_;
    p.use();
    glUniform2f(p.uniform("u_offset"), float(u.origin.x - c.center.x), float(u.origin.y - c.center.y));
    glUniform2f(p.uniform("u_scale"), float(2.0 / (c.unitsPerPixel * c.width)), float(2.0 / (c.unitsPerPixel * c.height)));
    glUniform2f(p.uniform("u_viewport"), float(c.width), float(c.height));
    glUniform1f(p.uniform("u_halfWidthPx"), halfWidthPx);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glBindBuffer(GL_ARRAY_BUFFER, trails_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(vertices.size_bytes()), vertices.data(), GL_STREAM_DRAW));
    glBindVertexArray(trailsVao_.id());
    glDrawArrays(GL_TRIANGLES, 0, GLsizei(vertices.size()));
    glBindVertexArray(0);
    return 1;
}

int MarkerRenderer::drawScreen(const Camera& camera, const ScreenBatch& batch) {
    if (batch.empty()) return 0;
    gl::Program& p = screenProgram_;
    p.use();
    glUniform2f(p.uniform("u_viewport"), float(camera.width), float(camera.height));
    glUniform1i(p.uniform("u_atlas"), 0);
    glActiveTexture(GL_TEXTURE0);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glBindVertexArray(screenVao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, screen_.id());
    const auto& v = batch.vertices();
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(v.size() * sizeof(ScreenVertex)), v.data(), GL_STREAM_DRAW));
    int calls = 0;
    for (const auto& run : batch.runs()) {
        // Solid runs still need a complete sampler: any atlas will do.
        const AtlasTexture* a = nullptr;
        if (run.atlas >= 0 && std::size_t(run.atlas) < atlases_.size() && atlases_[std::size_t(run.atlas)].texture)
            a = &atlases_[std::size_t(run.atlas)];
        else if (!atlases_.empty() && atlases_[0].texture)
            a = &atlases_[0];
        if (!a && run.atlas >= 0) continue;
        glBindTexture(GL_TEXTURE_2D, a ? a->texture.id() : 0);
        glDrawArrays(GL_TRIANGLES, GLint(run.first), GLsizei(run.count));
        ++calls;
    }
    glBindVertexArray(0);
    return calls;
}

}  // namespace gs
