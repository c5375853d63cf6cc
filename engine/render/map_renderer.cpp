#include "render/map_renderer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <string>
#include <chrono>

#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

void setColor(gl::Program& p, const char* name, Rgba c) {
    glUniform4f(p.uniform(name), c.r, c.g, c.b, c.a);
}

// Four corners of the symbol quad, drawn as a strip.
constexpr float kCorners[] = {-1, -1, 1, -1, -1, 1, 1, 1};

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

    r->symbolCorners_ = gl::Buffer::create();
    glBindBuffer(GL_ARRAY_BUFFER, r->symbolCorners_.id());
    glBufferData(GL_ARRAY_BUFFER, sizeof(kCorners), kCorners, GL_STATIC_DRAW);
    r->coverageVao_ = gl::VertexArray::create();
    glBindVertexArray(r->coverageVao_.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(0);
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

void MapRenderer::throttle() {
    if (!chunkTriangles_) return;
    // Wait for the chunk before the one just submitted, so at most two are queued: the driver
    // sets up one while it rasterizes the other, and neither grows without bound.
    gl::Fence fence = gl::Fence::create();
    if (pending_) glClientWaitSync(pending_.id(), GL_SYNC_FLUSH_COMMANDS_BIT, GLuint64(10) * 1000 * 1000 * 1000);
    pending_ = std::move(fence);  // deletes the one waited for
}

MapRenderer::~MapRenderer() = default;

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
    // About two triangles per index (restarts and the two opening indices of each ring draw none,
    // which the count ignores). A chunk may end only after a restart.
    GLuint at = first;
    const GLuint end = first + GLuint(count);
    if (chunked && chunkTriangles_) {
        for (uint32_t b : strips.breaks) {
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
    drawStrips(g.paths, g.paths.indexCount, 0, true, stats);
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
    glBindVertexArray(coverageVao_.id());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

void MapRenderer::drawBoxes(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, uint32_t first,
                            uint32_t count, FrameStats& stats) {
    if (count == 0 || !ensureProgram(boxProgram_, "box")) return;
    boxProgram_.use();
    setCommonUniforms(boxProgram_, camera, g);
    glUniform1f(boxProgram_.uniform("u_unitsPerPixel"), float(camera.unitsPerPixel));
    glUniform1i(boxProgram_.uniform("u_firstFeature"), GLint(first));
    glUniform1f(boxProgram_.uniform("u_opacity"), s.opacity);
    // No fill: a transparent colour table would do, but the fill is off for the whole layer.
    glUniform1f(boxProgram_.uniform("u_fillOn"), s.fill ? 1.0f : 0.0f);
    setColor(boxProgram_, "u_stroke", s.outline && s.strokeWidthPx > 0 ? s.stroke : Rgba{0, 0, 0, 0});
    glUniform1f(boxProgram_.uniform("u_halfWidthPx"), s.strokeWidthPx * 0.5f);
    glBindVertexArray(g.boxVao.id());
    glBindBuffer(GL_ARRAY_BUFFER, g.boxes.id());
    pointBoxAttributes(first);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(count));
    throttle();
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

FrameStats MapRenderer::draw(const Camera& camera, Rgba bg, std::span<const LayerDrawState> states,
                             const ScreenBatch& overlay) {
    FrameStats stats;
    // GRIDSCOPE_PASS_TIMES=1: each pass's time on stderr, a glFinish after each (docs/city.md).
    static const bool prof = std::getenv("GRIDSCOPE_PASS_TIMES") != nullptr;
    auto t0 = std::chrono::steady_clock::now();
    auto lap = [&](const char* what) {
        if (!prof) return;
        glFinish();
        auto t = std::chrono::steady_clock::now();
        std::fprintf(stderr, "%s %.2f ms  ", what, std::chrono::duration<double, std::milli>(t - t0).count());
        t0 = t;
    };
    glViewport(0, 0, camera.width, camera.height);
    glClearColor(bg.r * bg.a, bg.g * bg.a, bg.b * bg.a, bg.a);
    glClear(GL_COLOR_BUFFER_BIT);
    lap("clear");
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
    auto layerOf = [&](const LayerDrawState& s) -> GpuLayer* {
        if (!s.visible || s.layer < 0 || size_t(s.layer) >= layers_.size()) return nullptr;
        return layers_[size_t(s.layer)].get();
    };
    auto hasPaths = [&](const LayerDrawState& s) {
        const GpuLayer* g = layerOf(s);
        return g && g->paths.indexCount > 0 && s.pathWidthPx > 0;
    };
    // The runs of a layer in view, merged where consecutive: calls draw(first, count) per range.
    Box view = camera.visibleBox();
    const double margin = 4 * camera.unitsPerPixel;  // outlines and antialiasing reach past a box
    view = Box{view.minX - margin, view.minY - margin, view.maxX + margin, view.maxY + margin};
    auto forVisibleRuns = [&](const GpuMesh& g, IndexRange Run::*range, auto&& draw) {
        uint32_t first = 0, count = 0;
        for (const Run& run : g.runs) {
            const IndexRange& r = run.*range;
            if (r.count == 0 || !run.bounds.intersects(view)) continue;
            if (count > 0 && first + count == r.first) {
                count += r.count;
                continue;
            }
            if (count > 0) draw(first, count);
            first = r.first;
            count = r.count;
        }
        if (count > 0) draw(first, count);
    };
    auto drawFill = [&](const LayerDrawState& s) {
        GpuLayer* g = layerOf(s);
        if (!g) return;
        const bool boxes = s.boxes && g->boxCount > 0;  // fill and outline in one pass
        if (boxes && (s.fill || (s.outline && s.strokeWidthPx > 0))) {
            forVisibleRuns(g->mesh, &Run::features,
                           [&](uint32_t first, uint32_t count) { drawBoxes(camera, *g, s, first, count, stats); });
        }
        if (!s.fill) return;
        if (s.coverage && g->coverage) return drawCoverage(camera, *g, s);
        fillProgram_.use();
        setCommonUniforms(fillProgram_, camera, *g);
        if (!boxes) {
            const GpuMesh& mesh = g->meshFor(camera.unitsPerPixel);
            glUniform1f(fillProgram_.uniform("u_opacity"), s.opacity);
            glUniform1i(fillProgram_.uniform("u_useUniformColor"), 0);
            glBindVertexArray(mesh.fillVao.id());
            forVisibleRuns(mesh, &Run::fill, [&](uint32_t first, uint32_t count) { drawRange(GLsizei(count), first); });
        }
        glBindVertexArray(g->mesh.fillVao.id());  // the highlight is the feature's full shape
        if (s.hovered >= 0 && size_t(s.hovered) < g->fillRanges.size()) {
            glUniform1i(fillProgram_.uniform("u_useUniformColor"), 1);
            glUniform1f(fillProgram_.uniform("u_opacity"), 1.0f);
            setColor(fillProgram_, "u_color", s.hoverColor);
            const auto& r = g->fillRanges[size_t(s.hovered)];
            drawRange(GLsizei(r.count), r.first);
        }
    };
    auto useLineProgram = [&] {
        lineProgram_.use();
        glUniform2f(lineProgram_.uniform("u_pixelToClip"), 2.0f / camera.width, 2.0f / camera.height);
        glUniform1i(lineProgram_.uniform("u_points"), 1);
        glUniform1i(lineProgram_.uniform("u_features"), 2);
        glUniform1i(lineProgram_.uniform("u_distances"), 3);
        glUniform1f(lineProgram_.uniform("u_unitsPerPixel"), float(camera.unitsPerPixel));
        glUniform2f(lineProgram_.uniform("u_dash"), 0.0f, 0.0f);
    };
    glEnable(GL_PRIMITIVE_RESTART);
    glPrimitiveRestartIndex(kStripRestart);

    // Fills in order, each run of layers with lines followed by their casings, then their lines.
    for (size_t i = 0; i < states.size();) {
        if (!hasPaths(states[i])) {
            drawFill(states[i++]);
            continue;
        }
        size_t end = i;
        while (end < states.size() && hasPaths(states[end])) drawFill(states[end++]);
        useLineProgram();
        for (size_t k = i; k < end; ++k) drawPaths(camera, *layerOf(states[k]), states[k], true, stats);
        for (size_t k = i; k < end; ++k) drawPaths(camera, *layerOf(states[k]), states[k], false, stats);
        i = end;
    }

    lap("fills");
    // Outlines, fine to coarse; the selection outline last so nothing covers it.
    useLineProgram();
    for (auto it = states.rbegin(); it != states.rend(); ++it) {
        GpuLayer* g = layerOf(*it);
        if (!g || !it->outline || it->strokeWidthPx <= 0 || (it->coverage && g->coverage) ||
            (it->boxes && g->boxCount > 0))
            continue;
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), it->opacity);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", it->stroke);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), it->strokeWidthPx * 0.5f);
        const GpuMesh& mesh = g->meshFor(camera.unitsPerPixel);
        forVisibleRuns(mesh, &Run::outline, [&](uint32_t first, uint32_t count) {
            drawStrips(mesh.outline, GLsizei(count), first, true, stats);
        });
    }

    lap("outlines");
    // Point symbols over the map, then the frame's own (clusters).
    for (const auto& s : states)
        if (GpuLayer* g = layerOf(s); g && g->symbolCount > 0 && s.symbolSizePx > 0)
            drawSymbols(camera, *g, s, IndexRange{0, uint32_t(g->symbolCount)}, nullptr, stats);
    drawFrameSymbols(camera, stats);

    useLineProgram();
    for (const auto& s : states) {
        GpuLayer* g = layerOf(s);
        if (!g || s.selected < 0 || size_t(s.selected) >= g->lineRanges.size()) continue;
        const size_t f = size_t(s.selected);
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), 1.0f);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", s.selectColor);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), std::max(2.0f, s.strokeWidthPx * 1.5f));
        const auto& r = g->lineRanges[f];
        drawStrips(g->mesh.outline, GLsizei(r.count), r.first, false, stats);
        if (f < g->pathRanges.size() && g->pathRanges[f].count > 0) {
            glUniform1f(lineProgram_.uniform("u_halfWidthPx"), std::max(2.0f, s.pathWidthPx * 0.5f + 2.0f));
            drawStrips(g->paths, GLsizei(g->pathRanges[f].count), g->pathRanges[f].first, false, stats);
        }
        if (f < g->symbolRanges.size() && g->symbolRanges[f].count > 0) {
            LayerDrawState ring = s;
            ring.symbolOutline = s.selectColor;
            ring.symbolOutlineWidthPx = 3;
            ring.symbolSizePx = s.symbolSizePx + 6;
            drawSymbols(camera, *g, ring, g->symbolRanges[f], nullptr, stats);
            useLineProgram();
        }
    }

    glDisable(GL_PRIMITIVE_RESTART);
    pending_.reset();

    lap("symbols");
    stats.drawCalls += drawScreen(camera, overlay);
    lap("screen");
    if (prof) std::fprintf(stderr, "\n");
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
