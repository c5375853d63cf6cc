#include "render/map_renderer.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>

#include "geometry/outline.hpp"
#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

constexpr int kColorRow = 1024;  // features per row of the colour table (matches the shaders)
constexpr size_t kSoftwareChunkTriangles = 16384;

template <class T>
void uploadBuffer(gl::Buffer& buf, GLenum target, const std::vector<T>& data) {
    buf = gl::Buffer::create();
    glBindBuffer(target, buf.id());
    GL_CHECK(glBufferData(target, GLsizeiptr(data.size() * sizeof(T)), data.data(), GL_STATIC_DRAW));
}

// A buffer texture over a fresh buffer holding `data`: the line shader pulls outline points
// from these by index (GL 3.1 core; no vertex attributes involved).
template <class T>
void uploadBufferTexture(gl::Buffer& buf, gl::Texture& tex, GLenum format, const std::vector<T>& data) {
    uploadBuffer(buf, GL_TEXTURE_BUFFER, data);
    tex = gl::Texture::create();
    glBindTexture(GL_TEXTURE_BUFFER, tex.id());
    GL_CHECK(glTexBuffer(GL_TEXTURE_BUFFER, format, buf.id()));
    glBindTexture(GL_TEXTURE_BUFFER, 0);
}

void setColor(gl::Program& p, const char* name, Rgba c) {
    glUniform4f(p.uniform(name), c.r, c.g, c.b, c.a);
}

}  // namespace

Result<std::unique_ptr<MapRenderer>> MapRenderer::create() {
    std::unique_ptr<MapRenderer> r(new MapRenderer());
    auto fill = gl::Program::build("fill");
    if (!fill) return fill.error();
    auto line = gl::Program::build("line");
    if (!line) return line.error();
    auto screen = gl::Program::build("screen");
    if (!screen) return screen.error();
    r->fillProgram_ = std::move(*fill);
    r->lineProgram_ = std::move(*line);
    r->screenProgram_ = std::move(*screen);

    // A software rasterizer (Mesa's llvmpipe) bins a whole frame before it draws it: about 400 bytes
    // a triangle, up to four 36 MB scenes in flight. Submitting big layers in chunks of bounded
    // work keeps that to a few megabytes, at no cost in time (setup and rasterization still
    // overlap). A GPU needs none of it.
    if (const char* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER))) {
        std::string renderer = name;
        if (renderer.find("llvmpipe") != std::string::npos || renderer.find("softpipe") != std::string::npos)
            r->chunkTriangles_ = kSoftwareChunkTriangles;
    }

    r->screenVao_ = gl::VertexArray::create();
    r->screenVbo_ = gl::Buffer::create();
    glBindVertexArray(r->screenVao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r->screenVbo_.id());
    const GLsizei stride = sizeof(ScreenVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(ScreenVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(ScreenVertex, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(ScreenVertex, color));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(ScreenVertex, halo));
    glBindVertexArray(0);

    return r;
}

Result<int> MapRenderer::addLayer(LoadedLayer& layer, bool releaseMeshes) {
    auto release = [releaseMeshes](auto& array) {
        if (releaseMeshes) std::remove_reference_t<decltype(array)>().swap(array);
    };
    GLint maxTexels = 0;
    glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &maxTexels);
    if (layer.outline.points.size() > size_t(maxTexels))
        return Error{"layer \"" + layer.config.id + "\": " + std::to_string(layer.outline.points.size()) +
                     " outline points, more than this GL's buffer textures hold (" +
                     std::to_string(maxTexels) + "); use a coarser level of detail"};
    auto g = std::make_unique<GpuLayer>();
    g->origin = layer.origin;
    g->featureCount = layer.featureCount();
    g->fillRanges = layer.fillRanges;
    g->lineRanges = layer.lineRanges;

    g->fillVao = gl::VertexArray::create();
    glBindVertexArray(g->fillVao.id());
    uploadBuffer(g->fillVbo, GL_ARRAY_BUFFER, layer.fill.vertices);
    release(layer.fill.vertices);
    uploadBuffer(g->fillIbo, GL_ELEMENT_ARRAY_BUFFER, layer.fill.indices);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(FillVertex), (void*)offsetof(FillVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, sizeof(FillVertex), (void*)offsetof(FillVertex, feature));
    g->fillIndexCount = GLsizei(layer.fill.indices.size());
    release(layer.fill.indices);

    g->lineVao = gl::VertexArray::create();
    glBindVertexArray(g->lineVao.id());
    uploadBuffer(g->lineIbo, GL_ELEMENT_ARRAY_BUFFER, layer.outline.indices);
    // Chunks of the outline end after a restart, never inside a ring's strip.
    const auto& idx = layer.outline.indices;
    for (size_t at = kSoftwareChunkTriangles; at < idx.size(); at += kSoftwareChunkTriangles) {
        while (at < idx.size() && idx[at - 1] != kStripRestart) ++at;
        if (at < idx.size()) g->lineBreaks.push_back(uint32_t(at));
    }
    g->lineIndexCount = GLsizei(layer.outline.indices.size());
    release(layer.outline.indices);
    glBindVertexArray(0);
    uploadBufferTexture(g->linePoints, g->linePointsTex, GL_RG32F, layer.outline.points);
    release(layer.outline.points);
    uploadBufferTexture(g->lineFeatures, g->lineFeaturesTex, GL_R32UI, layer.outline.features);
    release(layer.outline.features);

    g->colors = gl::Texture::create();
    glBindTexture(GL_TEXTURE_2D, g->colors.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    layers_.push_back(std::move(g));
    int handle = int(layers_.size()) - 1;
    std::vector<uint32_t> grey(layer.featureCount(), 0xff808080u);
    setFillColors(handle, grey);
    return handle;
}

void MapRenderer::clearLayers() { layers_.clear(); }

void MapRenderer::warmUp() {
    // A framebuffer of the snapshot's format (RGBA8) but tiny: touching the real 4K target now,
    // while the scene loads, would add its 33 MB to the load's peak memory.
    constexpr int kSize = 64;
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    auto fbo = gl::Framebuffer::create();
    auto color = gl::Renderbuffer::create();
    glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
    glBindRenderbuffer(GL_RENDERBUFFER, color.id());
    GL_CHECK(glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, kSize, kSize));
    GL_CHECK(glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color.id()));

    // A 10 x 10 square (one feature), meshed as the loader meshes a polygon.
    static const Vec2d kSquare[] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
    static const uint32_t kRingEnds[] = {5};
    const PolygonView square{kSquare, kRingEnds};
    LoadedLayer layer;
    layer.config.id = "warm-up";
    layer.fids = {0};
    if (appendFill(square, {0, 0}, 0, layer.fill)) {
        layer.fillRanges.push_back({0, uint32_t(layer.fill.indices.size())});
        layer.lineRanges.push_back({0, appendOutline(square, {0, 0}, 0, layer.outline)});
        if (auto handle = addLayer(layer)) {
            Camera camera;
            camera.setViewport(kSize, kSize);
            camera.fit(Box{-5, -5, 15, 15});
            LayerDrawState state;
            state.layer = *handle;
            state.hovered = 0;
            state.selected = 0;
            draw(camera, Rgba{0, 0, 0, 0}, std::span(&state, 1), ScreenBatch{});
            glFinish();  // the variants are compiled at draw time; wait so the buffers can go
            layers_.pop_back();
        }
    }
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
}

void MapRenderer::throttle() {
    if (!chunkTriangles_) return;
    // Wait for the chunk before the one just submitted, so at most two are queued: the driver
    // sets up one while it rasterizes the other, and neither grows without bound.
    gl::Fence fence = gl::Fence::create();
    if (pending_) glClientWaitSync(pending_.id(), GL_SYNC_FLUSH_COMMANDS_BIT, GLuint64(10) * 1000 * 1000 * 1000);
    pending_ = std::move(fence);  // deletes the one waited for
}

MapRenderer::~MapRenderer() = default;

void MapRenderer::setFillColors(int layer, std::span<const uint32_t> colors) {
    GpuLayer& g = *layers_.at(size_t(layer));
    size_t n = std::max<size_t>(g.featureCount, 1);
    int rows = int((n + kColorRow - 1) / kColorRow);
    std::vector<uint32_t> table(size_t(rows) * kColorRow, 0);
    std::copy_n(colors.begin(), std::min(colors.size(), table.size()), table.begin());
    glBindTexture(GL_TEXTURE_2D, g.colors.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColorRow, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                          table.data()));
}

void MapRenderer::updateAtlas(int atlas, int width, int height, const uint8_t* texels, int y0, int y1) {
    if (atlas < 0) return;
    if (size_t(atlas) >= atlases_.size()) atlases_.resize(size_t(atlas) + 1);
    atlases_[size_t(atlas)].update(width, height, texels, y0, y1);
}

void MapRenderer::setCommonUniforms(gl::Program& p, const Camera& c, const GpuLayer& l) {
    // Offsets are computed in double and only then narrowed: that keeps precision at 1e7 m.
    glUniform2f(p.uniform("u_offset"), float(l.origin.x - c.center.x), float(l.origin.y - c.center.y));
    glUniform2f(p.uniform("u_scale"), float(2.0 / (c.unitsPerPixel * c.width)),
                float(2.0 / (c.unitsPerPixel * c.height)));
    glUniform1i(p.uniform("u_colors"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, l.colors.id());
}

FrameStats MapRenderer::draw(const Camera& camera, Rgba bg, std::span<const LayerDrawState> states,
                             const ScreenBatch& overlay) {
    FrameStats stats;
    glViewport(0, 0, camera.width, camera.height);
    glClearColor(bg.r * bg.a, bg.g * bg.a, bg.b * bg.a, bg.a);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    auto drawRange = [&](GLsizei count, GLuint first) {
        if (count == 0) return;
        const GLsizei chunk = chunkTriangles_ ? GLsizei(chunkTriangles_ * 3) : count;
        for (GLsizei done = 0; done < count; done += chunk) {
            glDrawElements(GL_TRIANGLES, std::min(chunk, count - done), GL_UNSIGNED_INT,
                           (void*)(size_t(first + done) * sizeof(uint32_t)));
            throttle();
        }
        stats.drawCalls++;
        stats.triangles += size_t(count) / 3;
    };
    // Outline strips: about two triangles per index (restarts and the two opening indices of
    // each ring draw none, which the count below ignores).
    // `breaks`: where a chunk may end (after a restart), or nothing to draw in one call.
    auto drawStrips = [&](GLsizei count, GLuint first, const std::vector<uint32_t>* breaks) {
        if (count == 0) return;
        GLuint at = first;
        const GLuint end = first + GLuint(count);
        if (breaks && chunkTriangles_) {
            for (uint32_t b : *breaks) {
                if (b <= at || b >= end) continue;
                glDrawElements(GL_TRIANGLE_STRIP, GLsizei(b - at), GL_UNSIGNED_INT, (void*)(size_t(at) * sizeof(uint32_t)));
                throttle();
                at = b;
            }
        }
        glDrawElements(GL_TRIANGLE_STRIP, GLsizei(end - at), GL_UNSIGNED_INT, (void*)(size_t(at) * sizeof(uint32_t)));
        throttle();
        stats.drawCalls++;
        stats.triangles += size_t(count);
    };
    auto bindOutline = [&](const GpuLayer& g) {
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_BUFFER, g.linePointsTex.id());
        glActiveTexture(GL_TEXTURE2);
        glBindTexture(GL_TEXTURE_BUFFER, g.lineFeaturesTex.id());
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(g.lineVao.id());
    };
    auto layerOf = [&](const LayerDrawState& s) -> GpuLayer* {
        if (!s.visible || s.layer < 0 || size_t(s.layer) >= layers_.size()) return nullptr;
        return layers_[size_t(s.layer)].get();
    };

    // Fills, coarse to fine, each followed by its hover highlight.
    fillProgram_.use();
    for (const auto& s : states) {
        GpuLayer* g = layerOf(s);
        if (!g || !s.fill) continue;
        setCommonUniforms(fillProgram_, camera, *g);
        glUniform1f(fillProgram_.uniform("u_opacity"), s.opacity);
        glUniform1i(fillProgram_.uniform("u_useUniformColor"), 0);
        glBindVertexArray(g->fillVao.id());
        drawRange(g->fillIndexCount, 0);
        if (s.hovered >= 0 && size_t(s.hovered) < g->fillRanges.size()) {
            glUniform1i(fillProgram_.uniform("u_useUniformColor"), 1);
            glUniform1f(fillProgram_.uniform("u_opacity"), 1.0f);
            setColor(fillProgram_, "u_color", s.hoverColor);
            const auto& r = g->fillRanges[size_t(s.hovered)];
            drawRange(GLsizei(r.count), r.first);
        }
    }

    // Outlines, fine to coarse; the selection outline last so nothing covers it.
    lineProgram_.use();
    glUniform2f(lineProgram_.uniform("u_pixelToClip"), 2.0f / camera.width, 2.0f / camera.height);
    glUniform1i(lineProgram_.uniform("u_points"), 1);
    glUniform1i(lineProgram_.uniform("u_features"), 2);
    glEnable(GL_PRIMITIVE_RESTART);
    glPrimitiveRestartIndex(kStripRestart);
    for (auto it = states.rbegin(); it != states.rend(); ++it) {
        GpuLayer* g = layerOf(*it);
        if (!g || !it->outline || it->strokeWidthPx <= 0) continue;
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), it->opacity);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", it->stroke);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), it->strokeWidthPx * 0.5f);
        bindOutline(*g);
        drawStrips(g->lineIndexCount, 0, &g->lineBreaks);
    }
    for (const auto& s : states) {
        GpuLayer* g = layerOf(s);
        if (!g || s.selected < 0 || size_t(s.selected) >= g->lineRanges.size()) continue;
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), 1.0f);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", s.selectColor);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), std::max(2.0f, s.strokeWidthPx * 1.5f));
        const auto& r = g->lineRanges[size_t(s.selected)];
        bindOutline(*g);
        drawStrips(GLsizei(r.count), r.first, nullptr);
    }

    glDisable(GL_PRIMITIVE_RESTART);
    pending_.reset();

    stats.drawCalls += drawScreen(camera, overlay);
    glBindVertexArray(0);
    return stats;
}

std::size_t MapRenderer::drawScreen(const Camera& camera, const ScreenBatch& overlay) {
    std::size_t calls = 0;
    if (!overlay.empty()) {
        screenProgram_.use();
        glUniform2f(screenProgram_.uniform("u_viewport"), float(camera.width), float(camera.height));
        glUniform1i(screenProgram_.uniform("u_atlas"), 0);
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(screenVao_.id());
        glBindBuffer(GL_ARRAY_BUFFER, screenVbo_.id());
        const auto& v = overlay.vertices();
        GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(v.size() * sizeof(ScreenVertex)), v.data(),
                              GL_STREAM_DRAW));
        for (const auto& run : overlay.runs()) {
            // Solid-only runs still need a complete sampler: any atlas will do.
            const AtlasTexture* a = nullptr;
            if (run.atlas >= 0 && size_t(run.atlas) < atlases_.size()) a = &atlases_[size_t(run.atlas)];
            else if (!atlases_.empty()) a = &atlases_[0];
            if (!a && run.atlas >= 0) continue;
            glBindTexture(GL_TEXTURE_2D, a ? a->texture.id() : 0);
            glDrawArrays(GL_TRIANGLES, GLint(run.first), GLsizei(run.count));
            ++calls;
        }
    }
    glBindVertexArray(0);
    return calls;
}

}  // namespace gs
