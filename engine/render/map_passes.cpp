// MapRenderer's draw passes, each one kind of geometry: outline and line strips, coverage,
// footprint boxes, point symbols. draw() (map_renderer.cpp) orders them.
#include "render/map_renderer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstddef>
#include <vector>

#include "scene/footprint_boxes.hpp"

namespace gs {

void MapRenderer::setColor(gl::Program& p, const char* name, Rgba c) {
    glUniform4f(p.uniform(name), c.r, c.g, c.b, c.a);
}

void MapRenderer::drawStrips(const GpuStrips& strips, GLsizei count, GLuint first, bool chunked, FrameStats& stats) {
    if (count == 0) return;
    glBindVertexArray(strips.vao.id());
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_BUFFER, strips.pointsTex.id());
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_BUFFER, strips.featuresTex.id());
    glActiveTexture(GL_TEXTURE3);
    // Outlines keep no distances; any buffer texture keeps the sampler complete (it is not read).
    glBindTexture(GL_TEXTURE_BUFFER, strips.distancesTex ? strips.distancesTex.id() : strips.pointsTex.id());
    glActiveTexture(GL_TEXTURE0);
    // `first` and `count` are of points: two strip vertices each, about two triangles (those
    // touching a point off the strip have no area, see LineMesh). A chunk may begin only between
    // two points off the strip.
    GLuint at = first;
    const GLuint end = first + GLuint(count);
    if (chunked && chunkTriangles_) {
        for (uint32_t b : strips.breaks) {
            if (b <= at || b >= end) continue;
            glDrawArrays(GL_TRIANGLE_STRIP, GLint(2 * at), GLsizei(2 * (b - at)));
            throttle(2 * (b - at));
            at = b;
        }
    }
    glDrawArrays(GL_TRIANGLE_STRIP, GLint(2 * at), GLsizei(2 * (end - at)));
    throttle(2 * (end - at));
    stats.drawCalls++;
    stats.triangles += 2 * size_t(count);
}

void MapRenderer::drawPaths(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, bool casing,
                            FrameStats& stats) {
    if (casing && (s.casingWidthPx <= 0 || s.casing.a <= 0)) return;
    setCommonUniforms(lineProgram_, camera, g);
    glUniform1f(lineProgram_.uniform("u_opacity"), s.opacity);
    glUniform1i(lineProgram_.uniform("u_useUniformColor"), casing || !s.pathsByFeature);
    setColor(lineProgram_, "u_color", casing ? s.casing : s.stroke);
    glUniform1f(lineProgram_.uniform("u_halfWidthPx"), s.pathWidthPx * 0.5f + (casing ? s.casingWidthPx : 0.0f));
    // A casing is solid under a dashed line (a railway's sleepers).
    glUniform2f(lineProgram_.uniform("u_dash"), casing ? 0.0f : s.dashPx, s.gapPx);
    drawStrips(g.paths, g.paths.pointCount, 0, true, stats);
}

// Symbols and coverage are built on first use: a software renderer spends tens of milliseconds a
// program, which a snapshot of polygons alone should not pay.
bool MapRenderer::ensureProgram(gl::Program& program, const char* name) {
    if (program.id() != 0) return true;
    auto built = gl::Program::build(name);
    if (!built) {
        std::fprintf(stderr, "gridscope: %s\n", built.error().message.c_str());
        return false;
    }
    program = std::move(*built);
    return true;
}

void MapRenderer::drawCoverage(const Camera& camera, const GpuLayer& g, const LayerDrawState& s) {
    if (!g.coverage || !ensureProgram(coverageProgram_, "coverage")) return;
    coverageProgram_.use();
    glUniform2f(coverageProgram_.uniform("u_min"), float(g.coverageExtent.minX - camera.center.x),
                float(g.coverageExtent.minY - camera.center.y));
    glUniform2f(coverageProgram_.uniform("u_size"), float(g.coverageExtent.width()), float(g.coverageExtent.height()));
    glUniform2f(coverageProgram_.uniform("u_scale"), float(2.0 / (camera.unitsPerPixel * camera.width)),
                float(2.0 / (camera.unitsPerPixel * camera.height)));
    setColor(coverageProgram_, "u_color", s.coverageColor);
    glUniform1f(coverageProgram_.uniform("u_opacity"), s.opacity);
    glUniform1f(coverageProgram_.uniform("u_gain"), s.coverageGain);
    glUniform1i(coverageProgram_.uniform("u_coverage"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, g.coverage.id());
    if (g.coverageBlockVertices > 0) {
        glBindVertexArray(g.coverageBlocksVao.id());
        glDrawArrays(GL_TRIANGLES, 0, g.coverageBlockVertices);
    }
}

void MapRenderer::drawBoxes(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, uint32_t first,
                            uint32_t count, FrameStats& stats) {
    if (count == 0 || !ensureProgram(boxProgram_, "box")) return;
    boxProgram_.use();
    setCommonUniforms(boxProgram_, camera, g);
    glUniform1f(boxProgram_.uniform("u_unitsPerPixel"), float(camera.unitsPerPixel));
    glUniform1f(boxProgram_.uniform("u_opacity"), s.opacity);
    // No fill: a transparent colour table would do, but the fill is off for the whole layer.
    glUniform1f(boxProgram_.uniform("u_fillOn"), s.fill ? 1.0f : 0.0f);
    setColor(boxProgram_, "u_stroke", s.outline && s.strokeWidthPx > 0 ? s.stroke : Rgba{0, 0, 0, 0});
    glUniform1f(boxProgram_.uniform("u_halfWidthPx"), s.strokeWidthPx * 0.5f);
    glUniform1i(boxProgram_.uniform("u_boxes"), 1);
    glUniform1i(boxProgram_.uniform("u_order"), 2);
    const bool ordered = s.boxesUnder > 0 && bool(g.boxOrderTex);
    glUniform1i(boxProgram_.uniform("u_ordered"), ordered ? 1 : 0);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_BUFFER, g.boxesTex.id());
    glActiveTexture(GL_TEXTURE2);
    // An unread sampler still needs a complete texture of its type: the order, or none bound.
    glBindTexture(GL_TEXTURE_BUFFER, ordered ? g.boxOrderTex.id() : 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(g.boxVao.id());
    // In chunks, as the fills are (llvmpipe gets bounded batches).
    const uint32_t chunk = chunkTriangles_ ? uint32_t(std::max<size_t>(1, chunkTriangles_ / 2)) : count;
    for (uint32_t done = 0; done < count; done += chunk) {
        const uint32_t n = std::min(chunk, count - done);
        glDrawArrays(GL_TRIANGLES, GLint(6 * (first + done)), GLsizei(6 * n));
        throttle(2 * size_t(n));
    }
    stats.drawCalls++;
    stats.triangles += 2 * size_t(count);
}

void MapRenderer::drawSymbols(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, IndexRange range,
                              const Rgba* uniformColor, FrameStats& stats) {
    if (range.count == 0 || !ensureProgram(symbolProgram_, "symbol")) return;
    symbolProgram_.use();
    setCommonUniforms(symbolProgram_, camera, g);
    glUniform2f(symbolProgram_.uniform("u_viewport"), float(camera.width), float(camera.height));
    glUniform1f(symbolProgram_.uniform("u_radiusPx"), s.symbolSizePx * 0.5f);
    glUniform1f(symbolProgram_.uniform("u_outlineWidthPx"), s.symbolOutlineWidthPx);
    setColor(symbolProgram_, "u_outline", s.symbolOutline);
    glUniform1i(symbolProgram_.uniform("u_shape"), s.symbolShape);
    glUniform1f(symbolProgram_.uniform("u_opacity"), s.opacity);
    glUniform1i(symbolProgram_.uniform("u_useUniformColor"), uniformColor != nullptr);
    if (uniformColor) setColor(symbolProgram_, "u_color", *uniformColor);
    glBindVertexArray(g.symbolVao.id());
    if (range.first != 0) {
        // GL 3.3 has no base instance: point the instance attributes at the range instead.
        glBindBuffer(GL_ARRAY_BUFFER, g.symbolPoints.id());
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), (void*)(size_t(range.first) * sizeof(Vec2f)));
        glBindBuffer(GL_ARRAY_BUFFER, g.symbolFeatures.id());
        glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(uint32_t), (void*)(size_t(range.first) * sizeof(uint32_t)));
    }
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(range.count));
    if (range.first != 0) {
        glBindBuffer(GL_ARRAY_BUFFER, g.symbolPoints.id());
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
        glBindBuffer(GL_ARRAY_BUFFER, g.symbolFeatures.id());
        glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(uint32_t), nullptr);
    }
    stats.drawCalls++;
    stats.triangles += 2 * size_t(range.count);
}

void MapRenderer::drawFrameSymbols(const Camera& camera, FrameStats& stats) {
    if (frameSymbols_.empty()) return;
    if (!frameSymbolVao_) {
        frameSymbolVao_ = gl::VertexArray::create();
        frameSymbolPoints_ = gl::Buffer::create();
        frameSymbolFeatures_ = gl::Buffer::create();
        glBindVertexArray(frameSymbolVao_.id());
        glBindBuffer(GL_ARRAY_BUFFER, symbolCorners_.id());
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
        glBindBuffer(GL_ARRAY_BUFFER, frameSymbolPoints_.id());
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
        glVertexAttribDivisor(1, 1);
        glBindBuffer(GL_ARRAY_BUFFER, frameSymbolFeatures_.id());
        glEnableVertexAttribArray(2);
        glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(uint32_t), nullptr);
        glVertexAttribDivisor(2, 1);
        glBindVertexArray(0);
    }
    // A throwaway layer per batch: its origin and an empty colour table (the colour is uniform).
    for (const SymbolBatch& b : frameSymbols_) {
        if (b.points.empty()) continue;
        glBindBuffer(GL_ARRAY_BUFFER, frameSymbolPoints_.id());
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(b.points.size() * sizeof(Vec2f)), b.points.data(), GL_STREAM_DRAW);
        const std::vector<uint32_t> zeros(b.points.size(), 0);
        glBindBuffer(GL_ARRAY_BUFFER, frameSymbolFeatures_.id());
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(zeros.size() * sizeof(uint32_t)), zeros.data(), GL_STREAM_DRAW);
        GpuLayer layer;
        layer.origin = b.origin;
        if (!ensureProgram(symbolProgram_, "symbol")) return;
        symbolProgram_.use();
        setCommonUniforms(symbolProgram_, camera, layer);
        glUniform2f(symbolProgram_.uniform("u_viewport"), float(camera.width), float(camera.height));
        glUniform1f(symbolProgram_.uniform("u_radiusPx"), b.style.symbolSizePx * 0.5f);
        glUniform1f(symbolProgram_.uniform("u_outlineWidthPx"), b.style.symbolOutlineWidthPx);
        setColor(symbolProgram_, "u_outline", b.style.symbolOutline);
        glUniform1i(symbolProgram_.uniform("u_shape"), b.style.symbolShape);
        glUniform1f(symbolProgram_.uniform("u_opacity"), b.style.opacity);
        glUniform1i(symbolProgram_.uniform("u_useUniformColor"), 1);
        setColor(symbolProgram_, "u_color", b.color);
        glBindVertexArray(frameSymbolVao_.id());
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(b.points.size()));
        stats.drawCalls++;
        stats.triangles += 2 * b.points.size();
    }
    frameSymbols_.clear();
}

}  // namespace gs
