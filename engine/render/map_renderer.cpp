#include "render/map_renderer.hpp"

#include <algorithm>
#include <cstddef>

#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

constexpr int kColorRow = 1024;  // features per row of the colour table (matches the shaders)

template <class T>
void uploadBuffer(gl::Buffer& buf, GLenum target, const std::vector<T>& data) {
    buf = gl::Buffer::create();
    glBindBuffer(target, buf.id());
    glBufferData(target, GLsizeiptr(data.size() * sizeof(T)), data.data(), GL_STATIC_DRAW);
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

int MapRenderer::addLayer(const LoadedLayer& layer) {
    auto g = std::make_unique<GpuLayer>();
    g->origin = layer.origin;
    g->featureCount = layer.featureCount();
    g->fillRanges = layer.fillRanges;
    g->lineRanges = layer.lineRanges;

    g->fillVao = gl::VertexArray::create();
    glBindVertexArray(g->fillVao.id());
    uploadBuffer(g->fillVbo, GL_ARRAY_BUFFER, layer.fill.vertices);
    uploadBuffer(g->fillIbo, GL_ELEMENT_ARRAY_BUFFER, layer.fill.indices);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(FillVertex), (void*)offsetof(FillVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, sizeof(FillVertex), (void*)offsetof(FillVertex, feature));
    g->fillIndexCount = GLsizei(layer.fill.indices.size());

    g->lineVao = gl::VertexArray::create();
    glBindVertexArray(g->lineVao.id());
    uploadBuffer(g->lineVbo, GL_ARRAY_BUFFER, layer.outline.vertices);
    uploadBuffer(g->lineIbo, GL_ELEMENT_ARRAY_BUFFER, layer.outline.indices);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(LineVertex), (void*)offsetof(LineVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(LineVertex), (void*)offsetof(LineVertex, extrudeX));
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(LineVertex), (void*)offsetof(LineVertex, feature));
    g->lineIndexCount = GLsizei(layer.outline.indices.size());
    glBindVertexArray(0);

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

void MapRenderer::setFillColors(int layer, std::span<const uint32_t> colors) {
    GpuLayer& g = *layers_.at(size_t(layer));
    size_t n = std::max<size_t>(g.featureCount, 1);
    int rows = int((n + kColorRow - 1) / kColorRow);
    std::vector<uint32_t> table(size_t(rows) * kColorRow, 0);
    std::copy_n(colors.begin(), std::min(colors.size(), table.size()), table.begin());
    glBindTexture(GL_TEXTURE_2D, g.colors.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColorRow, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 table.data());
}

void MapRenderer::updateAtlas(int atlas, int width, int height, const uint8_t* texels, int y0, int y1) {
    if (atlas < 0) return;
    if (size_t(atlas) >= atlases_.size()) atlases_.resize(size_t(atlas) + 1);
    Atlas& a = atlases_[size_t(atlas)];
    if (!a.texture) {
        a.texture = gl::Texture::create();
        glBindTexture(GL_TEXTURE_2D, a.texture.id());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }
    glBindTexture(GL_TEXTURE_2D, a.texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (width != a.width || height != a.height) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RG8, width, height, 0, GL_RG, GL_UNSIGNED_BYTE, texels);
        a.width = width;
        a.height = height;
        return;
    }
    y0 = std::clamp(y0, 0, height);
    y1 = std::clamp(y1, y0, height);
    if (y1 > y0)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, width, y1 - y0, GL_RG, GL_UNSIGNED_BYTE,
                        texels + size_t(y0) * width * 2);
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
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    auto drawRange = [&](GLsizei count, GLuint first) {
        if (count == 0) return;
        glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT, (void*)(size_t(first) * sizeof(uint32_t)));
        stats.drawCalls++;
        stats.triangles += size_t(count) / 3;
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
    for (auto it = states.rbegin(); it != states.rend(); ++it) {
        GpuLayer* g = layerOf(*it);
        if (!g || !it->outline || it->strokeWidthPx <= 0) continue;
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), it->opacity);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", it->stroke);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), it->strokeWidthPx * 0.5f);
        glBindVertexArray(g->lineVao.id());
        drawRange(g->lineIndexCount, 0);
    }
    for (const auto& s : states) {
        GpuLayer* g = layerOf(s);
        if (!g || s.selected < 0 || size_t(s.selected) >= g->lineRanges.size()) continue;
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), 1.0f);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", s.selectColor);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), std::max(2.0f, s.strokeWidthPx * 1.5f));
        glBindVertexArray(g->lineVao.id());
        const auto& r = g->lineRanges[size_t(s.selected)];
        drawRange(GLsizei(r.count), r.first);
    }

    if (!overlay.empty()) {
        screenProgram_.use();
        glUniform2f(screenProgram_.uniform("u_viewport"), float(camera.width), float(camera.height));
        glUniform1i(screenProgram_.uniform("u_atlas"), 0);
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(screenVao_.id());
        glBindBuffer(GL_ARRAY_BUFFER, screenVbo_.id());
        const auto& v = overlay.vertices();
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(v.size() * sizeof(ScreenVertex)), v.data(),
                     GL_STREAM_DRAW);
        for (const auto& run : overlay.runs()) {
            // Solid-only runs still need a complete sampler: any atlas will do.
            const Atlas* a = nullptr;
            if (run.atlas >= 0 && size_t(run.atlas) < atlases_.size()) a = &atlases_[size_t(run.atlas)];
            else if (!atlases_.empty()) a = &atlases_[0];
            if (!a && run.atlas >= 0) continue;
            glBindTexture(GL_TEXTURE_2D, a ? a->texture.id() : 0);
            glDrawArrays(GL_TRIANGLES, GLint(run.first), GLsizei(run.count));
            stats.drawCalls++;
        }
    }
    glBindVertexArray(0);
    return stats;
}

}  // namespace gs
