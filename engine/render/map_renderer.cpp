#include "render/map_renderer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <string>
#include <chrono>
#include <functional>

#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

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

void MapRenderer::throttle(size_t triangles) {
    if (!chunkTriangles_) return;
    // Small draws (a few features' runs) add up to a chunk before a fence.
    submitted_ += triangles;
    if (submitted_ < chunkTriangles_) return;
    submitted_ = 0;
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
            throttle(size_t(std::min(chunk, count - done)) / 3);
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
        return g && g->paths.pointCount > 0 && s.pathWidthPx > 0;
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
    // A size-ordered mesh split at `under` (LayerDrawState::boxesUnder): per run in view, the
    // prefix of its range `range` (fill indices or outline points) for the footprints at least that large,
    // or with boxes, the box positions of the rest; consecutive pieces merged.
    auto forVisibleSplit = [&](const GpuMesh& m, float under, IndexRange Run::*range, bool boxes, auto&& draw) {
        const std::vector<uint32_t>& before = range == &Run::fill ? m.fillBefore : m.lineBefore;
        uint32_t first = 0, count = 0;
        auto add = [&](uint32_t f, uint32_t c) {
            if (c == 0) return;
            if (count > 0 && first + count == f) {
                count += c;
                return;
            }
            if (count > 0) draw(first, count);
            first = f;
            count = c;
        };
        for (const Run& run : m.runs) {
            if (run.features.count == 0 || !run.bounds.intersects(view)) continue;
            const float* sizes = m.sizes.data() + run.features.first;
            const uint32_t k = uint32_t(std::lower_bound(sizes, sizes + run.features.count, under, std::greater<float>()) - sizes);
            if (boxes) {
                add(run.features.first + k, run.features.count - k);
            } else {
                const IndexRange& r = run.*range;
                add(r.first, k == run.features.count ? r.count : before[run.features.first + k]);
            }
        }
        if (count > 0) draw(first, count);
    };
    auto drawFill = [&](const LayerDrawState& s) {
        GpuLayer* g = layerOf(s);
        if (!g) return;
        // Each footprint as its box (all of them, or those under boxesUnder), fill and outline in
        // one pass.
        const bool split = s.boxesUnder > 0 && g->mesh.sizeOrdered() && g->boxCount > 0;
        const bool boxes = s.boxes && g->boxCount > 0;
        if ((boxes || split) && (s.fill || (s.outline && s.strokeWidthPx > 0))) {
            auto box = [&](uint32_t first, uint32_t count) { drawBoxes(camera, *g, s, first, count, stats); };
            if (split) forVisibleSplit(g->mesh, s.boxesUnder, &Run::fill, true, box);
            else forVisibleRuns(g->mesh, &Run::features, box);
        }
        if (!s.fill) return;
        if (s.coverage && g->coverage) return drawCoverage(camera, *g, s);
        fillProgram_.use();
        setCommonUniforms(fillProgram_, camera, *g);
        if (!boxes || s.boxesAndMeshes) {
            const GpuMesh& mesh = split ? g->mesh : g->meshFor(camera.unitsPerPixel);
            glUniform1f(fillProgram_.uniform("u_opacity"), s.opacity);
            glUniform1i(fillProgram_.uniform("u_useUniformColor"), 0);
            glBindVertexArray(mesh.fillVao.id());
            auto fill = [&](uint32_t first, uint32_t count) { drawRange(GLsizei(count), first); };
            if (split) forVisibleSplit(mesh, s.boxesUnder, &Run::fill, false, fill);
            else forVisibleRuns(mesh, &Run::fill, fill);
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
    auto useLineProgram = [&] { this->useLineProgram(camera); };

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
            (it->boxes && g->boxCount > 0 && !it->boxesAndMeshes))
            continue;
        setCommonUniforms(lineProgram_, camera, *g);
        glUniform1f(lineProgram_.uniform("u_opacity"), it->opacity);
        glUniform1i(lineProgram_.uniform("u_useUniformColor"), 1);
        setColor(lineProgram_, "u_color", it->stroke);
        glUniform1f(lineProgram_.uniform("u_halfWidthPx"), it->strokeWidthPx * 0.5f);
        if (it->boxesUnder > 0 && g->mesh.sizeOrdered() && g->boxCount > 0) {  // the boxes drew their own
            forVisibleSplit(g->mesh, it->boxesUnder, &Run::outline, false, [&](uint32_t first, uint32_t count) {
                drawStrips(g->mesh.outline, GLsizei(count), first, true, stats);
            });
            continue;
        }
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

    drawSelection(camera, states, stats);

    pending_.reset();

    lap("symbols");
    stats.drawCalls += drawScreen(camera, overlay);
    lap("screen");
    if (prof) std::fprintf(stderr, "\n");
    glBindVertexArray(0);
    return stats;
}

void MapRenderer::useLineProgram(const Camera& camera) {
    lineProgram_.use();
    glUniform2f(lineProgram_.uniform("u_pixelToClip"), 2.0f / camera.width, 2.0f / camera.height);
    glUniform1i(lineProgram_.uniform("u_points"), 1);
    glUniform1i(lineProgram_.uniform("u_features"), 2);
    glUniform1i(lineProgram_.uniform("u_distances"), 3);
    glUniform1f(lineProgram_.uniform("u_unitsPerPixel"), float(camera.unitsPerPixel));
    glUniform2f(lineProgram_.uniform("u_dash"), 0.0f, 0.0f);
}

void MapRenderer::drawSelection(const Camera& camera, std::span<const LayerDrawState> states, FrameStats& stats) {
    useLineProgram(camera);
    for (const auto& s : states) {
        GpuLayer* g = s.visible && s.layer >= 0 && size_t(s.layer) < layers_.size() ? layers_[size_t(s.layer)].get() : nullptr;
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
            useLineProgram(camera);
        }
    }
    glBindVertexArray(0);
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
