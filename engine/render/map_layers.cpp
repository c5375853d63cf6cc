// MapRenderer's GPU copies of loaded layers: uploads (once per layer), colour tables, the
// shader warm-up. Drawing is in map_renderer.cpp.
#include "render/map_renderer.hpp"
#include "render/size_order.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>

#include "geometry/outline.hpp"
#include "scene/loaded_layer.hpp"

namespace gs {

namespace {

constexpr int kColorRow = 1024;  // features per row of the colour table (matches the shaders)

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

template <class V>
void releaseIf(bool release, V& array) {
    if (release) V().swap(array);
}

}  // namespace

void MapRenderer::uploadStrips(LineMesh& mesh, GpuStrips& out, bool release) {
    out.vao = gl::VertexArray::create();  // no attributes: line.vert.glsl pulls from the textures
    // Chunks (of points) begin between two points off the strip (the end of one ring or line and
    // the start of the next), never inside a ring's or line's strip.
    const auto& features = mesh.features;
    constexpr size_t kChunkPoints = kSoftwareChunkTriangles / 2;
    for (size_t at = kChunkPoints; at < features.size(); at += kChunkPoints) {
        while (at < features.size() && !((features[at - 1] & features[at]) & kOffStrip)) ++at;
        if (at < features.size()) out.breaks.push_back(uint32_t(at));
    }
    out.pointCount = GLsizei(mesh.points.size());
    uploadBufferTexture(out.points, out.pointsTex, GL_RG32F, mesh.points);
    releaseIf(release, mesh.points);
    uploadBufferTexture(out.features, out.featuresTex, GL_R32UI, mesh.features);
    releaseIf(release, mesh.features);
    if (!mesh.distances.empty()) {
        uploadBufferTexture(out.distances, out.distancesTex, GL_R32F, mesh.distances);
        releaseIf(release, mesh.distances);
    }
}

void MapRenderer::uploadSymbols(PointMesh& mesh, GpuLayer& g, bool release) {
    g.symbolCount = GLsizei(mesh.points.size());
    if (g.symbolCount == 0) return;
    g.symbolVao = gl::VertexArray::create();
    glBindVertexArray(g.symbolVao.id());
    glBindBuffer(GL_ARRAY_BUFFER, symbolCorners_.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    uploadBuffer(g.symbolPoints, GL_ARRAY_BUFFER, mesh.points);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
    glVertexAttribDivisor(1, 1);
    uploadBuffer(g.symbolFeatures, GL_ARRAY_BUFFER, mesh.features);
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, sizeof(uint32_t), nullptr);
    glVertexAttribDivisor(2, 1);
    glBindVertexArray(0);
    releaseIf(release, mesh.points);
    releaseIf(release, mesh.features);
}

void MapRenderer::uploadMesh(FillMesh& fill, LineMesh& outline, const std::vector<IndexRange>& fillRanges,
                             const std::vector<IndexRange>& lineRanges, const std::vector<Box>& bounds, GpuMesh& g,
                             bool release, const SizeOrderRequest* sizeOrder, std::optional<SizeOrder> ordered) {
    // Runs of features for culling: their index ranges are contiguous (features append in order).
    // About 1,024 runs a layer, 1 to 256 features each (featureRuns): a street's view (or a tile of
    // one) then draws its few blocks' and grids' runs, not a square kilometre's. Big layers' sources
    // keep neighbours together; small ones (a city's districts, alphabetical) need not, so each of
    // their features is a run. Runs in view one after the other are drawn in one call.
    const size_t n = std::min({fillRanges.size(), lineRanges.size(), bounds.size()});
    const std::vector<IndexRange> runFeatureRanges = featureRuns(n);
    for (const IndexRange& features : runFeatureRanges) {
        const size_t f0 = features.first, f1 = f0 + features.count;
        Run run;
        for (size_t f = f0; f < f1; ++f) run.bounds.add(bounds[f]);
        run.features = features;
        // The span of the run's ranges (in feature order, or in size order where ordered before:
        // ordering moves ranges within their run's span only).
        auto span = [&](const std::vector<IndexRange>& ranges) {
            uint32_t begin = UINT32_MAX, end = 0;
            for (size_t f = f0; f < f1; ++f) {
                begin = std::min(begin, ranges[f].first);
                end = std::max(end, ranges[f].first + ranges[f].count);
            }
            return IndexRange{begin, end - begin};
        };
        run.fill = span(fillRanges);
        run.outline = span(lineRanges);
        g.runs.push_back(run);
    }
    if (sizeOrder && n > 0 && n == fillRanges.size() && sizeOrder->areas->size() == n) {
        const bool done = ordered && ordered->feature.size() == n;
        SizeOrder order = done ? std::move(*ordered)
                               : orderRunsBySize(runFeatureRanges, *sizeOrder->areas, fillRanges, lineRanges, fill.indices,
                                                 outline, *sizeOrder->fillRanges, *sizeOrder->lineRanges);
        g.sizes = std::move(order.size);
        g.fillBefore = std::move(order.fillBefore);
        g.lineBefore = std::move(order.lineBefore);
        // The same size at every region of a layer (a position per feature): written over in
        // place, not a fresh buffer (a city's 4 MB cost a software renderer's new pages each time).
        GpuLayer& boxes = *sizeOrder->boxesOf;
        const GLsizeiptr bytes = GLsizeiptr(order.feature.size() * sizeof(uint32_t));
        if (boxes.boxOrder && boxes.boxOrderBytes == bytes) {
            glBindBuffer(GL_TEXTURE_BUFFER, boxes.boxOrder.id());
            GL_CHECK(glBufferSubData(GL_TEXTURE_BUFFER, 0, bytes, order.feature.data()));
            glBindBuffer(GL_TEXTURE_BUFFER, 0);
        } else {
            uploadBufferTexture(boxes.boxOrder, boxes.boxOrderTex, GL_R32UI, order.feature);
            boxes.boxOrderBytes = bytes;
        }
    }

    // The outline's points and features, uploaded once, are the fill's vertices too: the line
    // shader reads them as buffer textures, the fill's VAO as attributes.
    uploadStrips(outline, g.outline, release);
    g.fillVao = gl::VertexArray::create();
    glBindVertexArray(g.fillVao.id());
    uploadBuffer(g.fillIbo, GL_ELEMENT_ARRAY_BUFFER, fill.indices);
    glBindBuffer(GL_ARRAY_BUFFER, g.outline.points.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, g.outline.features.id());
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, sizeof(uint32_t), nullptr);
    g.fillIndexCount = GLsizei(fill.indices.size());
    releaseIf(release, fill.indices);
    glBindVertexArray(0);
}

void MapRenderer::uploadCoverageBlocks(const Coverage& coverage, GpuLayer& g) {
    // Blocks of 64 x 64 cells; one with any covered cell is drawn with its eight neighbours, so
    // that filtering (bilinear, and mipmaps up to 64 cells a pixel) never misses a covered cell.
    constexpr int kBlock = 64;
    const int bw = (coverage.width + kBlock - 1) / kBlock, bh = (coverage.height + kBlock - 1) / kBlock;
    std::vector<char> covered(size_t(bw) * size_t(bh), 0), drawn(covered.size(), 0);
    for (int y = 0; y < coverage.height; ++y)
        for (int x = 0; x < coverage.width; ++x)
            if (coverage.alpha[size_t(y) * size_t(coverage.width) + size_t(x)] != 0)
                covered[size_t(y / kBlock) * size_t(bw) + size_t(x / kBlock)] = 1;
    for (int by = 0; by < bh; ++by)
        for (int bx = 0; bx < bw; ++bx)
            if (covered[size_t(by) * size_t(bw) + size_t(bx)])
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const int x = bx + dx, y = by + dy;
                        if (x >= 0 && y >= 0 && x < bw && y < bh) drawn[size_t(y) * size_t(bw) + size_t(x)] = 1;
                    }
    // Two triangles per run of drawn blocks along a row (few, large triangles: a software
    // rasterizer pays for each), corners in the coverage quad's -1..1 (coverage.vert.glsl).
    std::vector<Vec2f> corners;
    auto at = [&](int cx, int cy) {
        return Vec2f{float(std::min(cx, coverage.width)) / float(coverage.width) * 2 - 1,
                     float(std::min(cy, coverage.height)) / float(coverage.height) * 2 - 1};
    };
    for (int by = 0; by < bh; ++by)
        for (int bx = 0; bx < bw;) {
            if (!drawn[size_t(by) * size_t(bw) + size_t(bx)]) {
                ++bx;
                continue;
            }
            int end = bx;
            while (end < bw && drawn[size_t(by) * size_t(bw) + size_t(end)]) ++end;
            const Vec2f a = at(bx * kBlock, by * kBlock), b = at(end * kBlock, by * kBlock),
                        c = at(bx * kBlock, (by + 1) * kBlock), d = at(end * kBlock, (by + 1) * kBlock);
            corners.insert(corners.end(), {a, b, c, c, b, d});
            bx = end;
        }
    g.coverageBlockVertices = GLsizei(corners.size());
    if (corners.empty()) return;
    g.coverageBlocksVao = gl::VertexArray::create();
    glBindVertexArray(g.coverageBlocksVao.id());
    uploadBuffer(g.coverageBlocks, GL_ARRAY_BUFFER, corners);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
    glBindVertexArray(0);
}

void MapRenderer::uploadBoxes(const std::vector<FootprintBox>& boxes, GpuLayer& g) {
    if (boxes.empty()) return;
    static_assert(sizeof(FootprintBox) == 3 * sizeof(Vec2f), "box.vert.glsl reads a box as three RG32F texels");
    g.boxVao = gl::VertexArray::create();  // no attributes: box.vert.glsl pulls from the texture
    uploadBufferTexture(g.boxes, g.boxesTex, GL_RG32F, boxes);
    g.boxCount = GLsizei(boxes.size());
}

// The per-feature ranges where the GPU layer keeps them (highlight and selection): moved out of a
// released buildings layer (a city's are 16 MB, nothing reads them there again), copied from any
// other (its labels read them).
void MapRenderer::takeRanges(LoadedLayer& layer, GpuLayer& g, bool release) {
    if (release && layer.config.role == LayerRole::Buildings) {
        g.fillRanges = std::move(layer.fillRanges);
        g.lineRanges = std::move(layer.lineRanges);
        layer.fillRanges.clear();
        layer.lineRanges.clear();
    } else {
        g.fillRanges = layer.fillRanges;
        g.lineRanges = layer.lineRanges;
    }
}

// A building layer with boxes and its meshes in: ordered by size, so that a view draws its small
// footprints as boxes and the others as triangles (the layer's per-feature ranges follow).
// Whether every feature of the layer has its box, on the CPU still or on the GPU.
bool MapRenderer::hasBoxes(const LoadedLayer& layer, const GpuLayer& g) {
    return layer.footprintBoxes.size() == layer.featureCount() || size_t(g.boxCount) == layer.featureCount();
}

const MapRenderer::SizeOrderRequest* MapRenderer::sizeOrderRequest(LoadedLayer& layer, GpuLayer& g,
                                                                   SizeOrderRequest& request) {
    // A deferred layer's region (LoadedLayer::meshedRegion) too: its features with no mesh sort
    // last, as size 0, and are drawn as their boxes at any zoom.
    const bool region = layer.meshesDeferred && !layer.meshedRegion.empty();
    const bool boxes = hasBoxes(layer, g);
    if (!boxes || layer.featureCount() == 0 || (layer.meshesDeferred && !region) ||
        layer.boxesUnderArea > 0 || (layer.fill.indices.empty() && !region))
        return nullptr;
    request = SizeOrderRequest{&layer.areas, &layer.fillRanges, &layer.lineRanges, &g};
    return &request;
}

Result<int> MapRenderer::addLayer(LoadedLayer& layer, bool releaseMeshes) {
    GLint maxTexels = 0;
    glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &maxTexels);
    for (const LineMesh* mesh : {&layer.outline, &layer.paths})
        if (mesh->points.size() > size_t(maxTexels))
            return Error{"layer \"" + layer.config.id + "\": " + std::to_string(mesh->points.size()) +
                         " line points, more than this GL's buffer textures hold (" + std::to_string(maxTexels) +
                         "); use a coarser level of detail"};
    auto g = std::make_unique<GpuLayer>();
    g->origin = layer.origin;
    g->featureCount = layer.featureCount();
    g->pathRanges = layer.pathRanges;
    g->symbolRanges = layer.symbolRanges;

    SizeOrderRequest order;
    uploadMesh(layer.fill, layer.outline, layer.fillRanges, layer.lineRanges, layer.bounds, g->mesh, releaseMeshes,
               sizeOrderRequest(layer, *g, order));
    takeRanges(layer, *g, releaseMeshes);  // where they are now
    if (layer.footprintBoxes.size() == layer.featureCount()) uploadBoxes(layer.footprintBoxes, *g);
    if (releaseMeshes) std::vector<FootprintBox>().swap(layer.footprintBoxes);
    for (CoarseMesh& c : layer.coarser) {
        GpuMesh& m = g->coarser.emplace_back();
        m.tolerance = c.tolerance;
        uploadMesh(c.fill, c.outline, c.fillRanges, c.lineRanges, layer.bounds, m, releaseMeshes);
    }
    if (releaseMeshes) std::vector<CoarseMesh>().swap(layer.coarser);
    if (!layer.coverage.empty()) {
        g->coverage = gl::Texture::create();
        glBindTexture(GL_TEXTURE_2D, g->coverage.id());
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, layer.coverage.width, layer.coverage.height, 0, GL_RED,
                              GL_UNSIGNED_BYTE, layer.coverage.alpha.data()));
        for (size_t level = 1; level <= layer.coverage.mips.size(); ++level)
            GL_CHECK(glTexImage2D(GL_TEXTURE_2D, GLint(level), GL_R8, layer.coverage.mipWidth(level),
                                  layer.coverage.mipHeight(level), 0, GL_RED, GL_UNSIGNED_BYTE,
                                  layer.coverage.mips[level - 1].data()));
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, GLint(layer.coverage.mips.size()));
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        g->coverageExtent = layer.coverage.extent;
        uploadCoverageBlocks(layer.coverage, *g);
        if (releaseMeshes) layer.coverage = Coverage{};
    }
    if (!layer.paths.points.empty()) uploadStrips(layer.paths, g->paths, releaseMeshes);
    uploadSymbols(layer.symbols, *g, releaseMeshes);

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

bool MapRenderer::ordersRegionsBySize(int handle, const LoadedLayer& layer) const {
    if (handle < 0 || size_t(handle) >= layers_.size()) return false;
    // sizeOrderRequest's verdict for the layer once a region's meshes are in (meshedRegion set).
    const GpuLayer& g = *layers_[size_t(handle)];
    const bool boxes = hasBoxes(layer, g);
    return layer.meshesDeferred && boxes && layer.featureCount() > 0 && !(layer.boxesUnderArea > 0);
}

void MapRenderer::replaceMeshes(int handle, LoadedLayer& layer, bool releaseMeshes, std::optional<SizeOrder> ordered) {
    if (handle < 0 || size_t(handle) >= layers_.size()) return;
    GpuLayer& g = *layers_[size_t(handle)];
    g.mesh = GpuMesh{};
    SizeOrderRequest order;
    uploadMesh(layer.fill, layer.outline, layer.fillRanges, layer.lineRanges, layer.bounds, g.mesh, releaseMeshes,
               sizeOrderRequest(layer, g, order), std::move(ordered));
    takeRanges(layer, g, releaseMeshes);
    if (!g.boxes && layer.footprintBoxes.size() == layer.featureCount()) {
        uploadBoxes(layer.footprintBoxes, g);
    } else if (g.boxes) {
        // The boxes the meshes' read emptied (footprints none of whose parts triangulated),
        // emptied in place: the layer's own copy may be gone since their first upload.
        glBindBuffer(GL_TEXTURE_BUFFER, g.boxes.id());
        for (uint32_t f : layer.boxesEmptied)
            if (GLsizei(f) < g.boxCount)
                glBufferSubData(GL_TEXTURE_BUFFER, GLintptr(f * sizeof(FootprintBox)), sizeof(FootprintBox), &kNoBox);
        glBindBuffer(GL_TEXTURE_BUFFER, 0);
    }
    layer.boxesEmptied.clear();
    if (releaseMeshes) std::vector<FootprintBox>().swap(layer.footprintBoxes);
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
    layer.bounds = {Box{0, 0, 10, 10}};
    if (appendPolygon(square, {0, 0}, 0, true, layer.outline, layer.fill)) {
        layer.fillRanges.push_back({0, uint32_t(layer.fill.indices.size())});
        layer.lineRanges.push_back({0, uint32_t(layer.outline.points.size())});
        layer.footprintBoxes = {FootprintBox{{5, 5}, {1, 0}, {5, 5}}};
        if (auto handle = addLayer(layer)) {
            Camera camera;
            camera.setViewport(kSize, kSize);
            camera.fit(Box{-5, -5, 15, 15});
            LayerDrawState state;
            state.layer = *handle;
            state.hovered = 0;
            state.selected = 0;
            draw(camera, Rgba{0, 0, 0, 0}, std::span(&state, 1), ScreenBatch{});
            state.boxes = true;  // a snapshot at a few pixels a footprint draws boxes
            draw(camera, Rgba{0, 0, 0, 0}, std::span(&state, 1), ScreenBatch{});
            glFinish();  // the variants are compiled at draw time; wait so the buffers can go
            layers_.pop_back();
        }
    }
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
}

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

}  // namespace gs
