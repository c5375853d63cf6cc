#include "render/heatmap_renderer.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>

namespace gs {

namespace {

void allocateFloatTexture(const gl::Texture& t, int w, int h, GLint filter) {
    glBindTexture(GL_TEXTURE_2D, t.id());
    GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, nullptr));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void attach(const gl::Framebuffer& fb, const gl::Texture& t) {
    glBindFramebuffer(GL_FRAMEBUFFER, fb.id());
    GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.id(), 0));
}

}  // namespace

Result<std::unique_ptr<HeatmapRenderer>> HeatmapRenderer::create() {
    std::unique_ptr<HeatmapRenderer> r(new HeatmapRenderer());
    auto splat = gl::Program::build("heatmap_splat");
    if (!splat) return splat.error();
    auto convolve = gl::Program::build("heatmap_pass", "#define GS_CONVOLVE 1\n");
    if (!convolve) return convolve.error();
    r->convolve_ = std::move(*convolve);
    auto reduce = gl::Program::build("heatmap_pass", "#define GS_REDUCE 1\n");
    if (!reduce) return reduce.error();
    auto color = gl::Program::build("heatmap_pass", "#define GS_COLOR 1\n");
    if (!color) return color.error();
    r->splat_ = std::move(*splat);
    r->reduce_ = std::move(*reduce);
    r->color_ = std::move(*color);

    r->points_ = gl::Buffer::create();
    r->pointsVao_ = gl::VertexArray::create();
    glBindVertexArray(r->pointsVao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, r->points_.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(HeatmapPoint), (void*)offsetof(HeatmapPoint, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, sizeof(HeatmapPoint), (void*)offsetof(HeatmapPoint, weight));
    r->passVao_ = gl::VertexArray::create();  // core profile draws need one bound, even with no attributes
    glBindVertexArray(0);

    // Blending into a 32-bit float target is what the splat needs; a driver without it fails here,
    // once, rather than drawing nothing.
    GLint previous = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
    r->density_ = gl::Texture::create();
    r->densityFb_ = gl::Framebuffer::create();
    allocateFloatTexture(r->density_, 4, 4, GL_LINEAR);
    attach(r->densityFb_, r->density_);
    GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
    if (status != GL_FRAMEBUFFER_COMPLETE) return Error{"heatmap: the GL driver cannot render into an R32F texture"};

    r->binsTexture_ = gl::Texture::create();
    r->ramp_ = gl::Texture::create();
    const Rgba grey[2] = {{0, 0, 0, 1}, {1, 1, 1, 1}};
    r->setRamp(grey);
    return r;
}

std::vector<HeatmapPoint> HeatmapRenderer::pack(Vec2d origin, std::span<const Vec2d> points,
                                                std::span<const float> weights) {
    std::vector<HeatmapPoint> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        out[i] = {float(points[i].x - origin.x), float(points[i].y - origin.y), weights.empty() ? 1.0f : weights[i]};
    return out;
}

void HeatmapRenderer::setPoints(Vec2d origin, std::span<const HeatmapPoint> points) {
    origin_ = origin;
    count_ = std::uint32_t(points.size());
    cpuPoints_.assign(points.begin(), points.end());
    glBindBuffer(GL_ARRAY_BUFFER, points_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(points.size_bytes()), points.data(), GL_STATIC_DRAW));
}

void HeatmapRenderer::updatePoints(std::uint32_t first, std::span<const HeatmapPoint> points) {
    if (points.empty()) return;
    assert(std::size_t(first) + points.size() <= count_);
    std::copy(points.begin(), points.end(), cpuPoints_.begin() + std::ptrdiff_t(first));
    glBindBuffer(GL_ARRAY_BUFFER, points_.id());
    GL_CHECK(glBufferSubData(GL_ARRAY_BUFFER, GLintptr(std::size_t(first) * sizeof(HeatmapPoint)),
                             GLsizeiptr(points.size_bytes()), points.data()));
}

void HeatmapRenderer::setRamp(std::span<const Rgba> colors) {
    if (colors.empty()) return;
    std::uint8_t texels[256 * 4];
    for (int i = 0; i < 256; ++i) {
        // Linear between the given colours, so a short list is a smooth ramp too.
        double pos = colors.size() == 1 ? 0.0 : i / 255.0 * double(colors.size() - 1);
        std::size_t k = std::min(colors.size() - 1, std::size_t(pos));
        std::size_t k1 = std::min(colors.size() - 1, k + 1);
        double f = pos - double(k);
        const Rgba a = colors[k], b = colors[k1];
        const float c[4] = {float(a.r + (b.r - a.r) * f), float(a.g + (b.g - a.g) * f), float(a.b + (b.b - a.b) * f),
                            1.0f};
        for (int j = 0; j < 4; ++j) texels[i * 4 + j] = std::uint8_t(std::lround(std::clamp(c[j], 0.0f, 1.0f) * 255));
    }
    glBindTexture(GL_TEXTURE_2D, ramp_.id());
    GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels));
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void HeatmapRenderer::ensureTargets(int width, int height) {
    if (width == texW_ && height == texH_ && !levels_.empty()) return;
    texW_ = width;
    texH_ = height;
    allocateFloatTexture(density_, width, height, GL_LINEAR);
    attach(densityFb_, density_);
    allocateFloatTexture(binsTexture_, width, height, GL_NEAREST);
    // The max chain: each level a quarter of the last on each side, down to one texel.
    levels_.clear();
    levelFbs_.clear();
    levelSizes_.clear();
    int w = width, h = height;
    do {
        w = std::max(1, (w + 3) / 4);
        h = std::max(1, (h + 3) / 4);
        levels_.push_back(gl::Texture::create());
        levelFbs_.push_back(gl::Framebuffer::create());
        levelSizes_.push_back({w, h});
        allocateFloatTexture(levels_.back(), w, h, GL_NEAREST);
        attach(levelFbs_.back(), levels_.back());
    } while (w > 1 || h > 1);
}

void HeatmapRenderer::computeDensity(const Camera& camera, const HeatmapSettings& s, std::uint32_t first,
                                     std::uint32_t count) {
    GLint previousFb = 0, previousViewport[4] = {};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previousFb);
    glGetIntegerv(GL_VIEWPORT, previousViewport);

    // Radius in display units: ground metres through the CRS's stretch at the view's centre
    // (Web Mercator's changes by well under 1 % across a city), or screen pixels.
    unitsPerMetre_ = s.webMercator ? webMercatorUnitsPerMetre(camera.center.y) : 1.0;
    const double radiusUnits =
        s.radiusUnit == HeatmapRadiusUnit::Metres ? s.radius * unitsPerMetre_ : s.radius * camera.unitsPerPixel;
    const double radiusPx = radiusUnits / camera.unitsPerPixel;
    const int maxTexels = std::max(1, s.maxKernelTexels);
    pixelsPerTexel_ = std::max(1, int(std::ceil(radiusPx / maxTexels)));
    texelSize_ = camera.unitsPerPixel * pixelsPerTexel_;
    radiusTexels_ = radiusUnits / texelSize_;
    innerW_ = (camera.width + pixelsPerTexel_ - 1) / pixelsPerTexel_;
    innerH_ = (camera.height + pixelsPerTexel_ - 1) / pixelsPerTexel_;
    // A radius and a texel: an event's sprite (exact) or its 4 bins (binned) reach no further.
    margin_ = int(std::ceil(radiusTexels_)) + 2;
    ensureTargets(innerW_ + 2 * margin_, innerH_ + 2 * margin_);
    // The screen's left and top edges are texel boundaries; the texture starts a margin beyond.
    const Vec2d screenTopLeft = camera.screenToWorld({0, 0});
    innerTopLeft_ = screenTopLeft;
    const Vec2d textureLowerLeft{screenTopLeft.x - margin_ * texelSize_,
                                 screenTopLeft.y - (innerH_ + margin_) * texelSize_};

    glBindFramebuffer(GL_FRAMEBUFFER, densityFb_.id());
    glViewport(0, 0, texW_, texH_);
    // The convolution and the max chain overwrite their texels; only the splat blends (and the
    // caller's last draw, e.g. our own colour pass, may have left blending on).
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    count = std::uint32_t(std::min<std::uint64_t>(count, first < count_ ? count_ - first : 0));
    // Per display unit² → per ground m² (× unitsPerMetre²) → per km² (× 1e6).
    const float amplitude = float(densityKernelNorm(s.kernel, radiusUnits) * unitsPerMetre_ * unitsPerMetre_ * 1e6);
    if (count > 0 && radiusTexels_ > 0 && s.method == HeatmapMethod::Binned) {
        binEvents(textureLowerLeft, first, count);
        convolve_.use();
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, binsTexture_.id());
        glUniform1i(convolve_.uniform("u_bins"), 0);
        glUniform1i(convolve_.uniform("u_kernel"), int(s.kernel));
        glUniform1f(convolve_.uniform("u_radius"), float(radiusTexels_));
        glUniform1f(convolve_.uniform("u_amplitude"), amplitude);
        // The visible texels and a ring of one (the colour pass interpolates up to half a texel out).
        glViewport(margin_ - 1, margin_ - 1, innerW_ + 2, innerH_ + 2);
        glBindVertexArray(passVao_.id());
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glViewport(0, 0, texW_, texH_);
    } else if (count > 0 && radiusTexels_ > 0) {
        splat_.use();
        // Offsets are taken in double and only then narrowed (as the map's layers do).
        glUniform2f(splat_.uniform("u_offset"), float(origin_.x - textureLowerLeft.x),
                    float(origin_.y - textureLowerLeft.y));
        glUniform1f(splat_.uniform("u_texelsPerUnit"), float(1.0 / texelSize_));
        glUniform2f(splat_.uniform("u_size"), float(texW_), float(texH_));
        glUniform1f(splat_.uniform("u_radius"), float(radiusTexels_));
        glUniform1i(splat_.uniform("u_kernel"), int(s.kernel));
        glUniform1f(splat_.uniform("u_amplitude"), amplitude);
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        glBlendFunc(GL_ONE, GL_ONE);
        glEnable(GL_PROGRAM_POINT_SIZE);
        glBindVertexArray(pointsVao_.id());
        glDrawArrays(GL_POINTS, GLint(first), GLsizei(count));
        glDisable(GL_PROGRAM_POINT_SIZE);
        glDisable(GL_BLEND);
    }

    // The max of the visible texels, down to one texel that the colour pass reads in place.
    reduce_.use();
    glUniform1i(reduce_.uniform("u_source"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(passVao_.id());
    for (std::size_t i = 0; i < levels_.size(); ++i) {
        glBindFramebuffer(GL_FRAMEBUFFER, levelFbs_[i].id());
        glViewport(0, 0, levelSizes_[i].first, levelSizes_[i].second);
        glBindTexture(GL_TEXTURE_2D, i == 0 ? density_.id() : levels_[i - 1].id());
        glUniform2i(reduce_.uniform("u_sourceOffset"), i == 0 ? margin_ : 0, i == 0 ? margin_ : 0);
        glUniform2i(reduce_.uniform("u_sourceSize"), i == 0 ? innerW_ : levelSizes_[i - 1].first,
                    i == 0 ? innerH_ : levelSizes_[i - 1].second);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }
    glBindVertexArray(0);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previousFb));
    glViewport(previousViewport[0], previousViewport[1], previousViewport[2], previousViewport[3]);
}

void HeatmapRenderer::drawColors(const HeatmapSettings& s) {
    if (levels_.empty()) return;
    GLint viewport[4] = {};
    glGetIntegerv(GL_VIEWPORT, viewport);
    color_.use();
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, density_.id());
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, levels_.back().id());
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, ramp_.id());
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(color_.uniform("u_density"), 0);
    glUniform1i(color_.uniform("u_max"), 1);
    glUniform1i(color_.uniform("u_ramp"), 2);
    glUniform1f(color_.uniform("u_fixedMax"), float(s.fixedMax));
    // gl_FragCoord counts from the viewport's corner of the framebuffer; the density's visible
    // texels start a margin in, at the viewport's lower-left pixel (the screen's bottom edge lies
    // inside the last visible row when the height is not a multiple of s).
    const double bottomGap = innerH_ * pixelsPerTexel_ - viewport[3];
    glUniform2f(color_.uniform("u_texelOffset"), float(margin_ - double(viewport[0]) / pixelsPerTexel_),
                float(margin_ + (bottomGap - viewport[1]) / pixelsPerTexel_));
    glUniform1f(color_.uniform("u_texelsPerPixel"), float(1.0 / pixelsPerTexel_));
    glUniform2f(color_.uniform("u_densitySize"), float(texW_), float(texH_));
    glUniform1i(color_.uniform("u_log"), s.scale == HeatmapScale::Log ? 1 : 0);
    glUniform1f(color_.uniform("u_decades"), float(std::max(0.1, s.logDecades)));
    glUniform1f(color_.uniform("u_fade"), std::max(1e-3f, s.fade));
    glUniform1f(color_.uniform("u_opacity"), s.opacity);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_DEPTH_TEST);
    glBindVertexArray(passVao_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
}

void HeatmapRenderer::binEvents(Vec2d textureLowerLeft, std::uint32_t first, std::uint32_t count) {
    bins_.assign(std::size_t(texW_) * std::size_t(texH_), 0.0f);
    // Texel coordinates of an event: (its offset from the origin + this) / texel size; texel
    // centres sit at i + 0.5. The offset is taken in double, as the GPU's is.
    const double inv = 1.0 / texelSize_;
    const double offX = (origin_.x - textureLowerLeft.x) * inv - 0.5, offY = (origin_.y - textureLowerLeft.y) * inv - 0.5;
    float* bins = bins_.data();
    const int w = texW_, h = texH_;
    for (std::uint32_t k = first; k < first + count; ++k) {
        const HeatmapPoint& p = cpuPoints_[k];
        const double fx = p.x * inv + offX, fy = p.y * inv + offY;
        if (!(fx >= 0 && fy >= 0 && fx < w - 1 && fy < h - 1)) continue;  // beyond the margin: reaches nothing shown
        const int i = int(fx), j = int(fy);
        const float ax = float(fx - i), ay = float(fy - j);
        float* b = bins + std::size_t(j) * std::size_t(w) + std::size_t(i);
        b[0] += p.weight * (1 - ax) * (1 - ay);
        b[1] += p.weight * ax * (1 - ay);
        b[w] += p.weight * (1 - ax) * ay;
        b[w + 1] += p.weight * ax * ay;
    }
    glBindTexture(GL_TEXTURE_2D, binsTexture_.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    GL_CHECK(glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_FLOAT, bins_.data()));
}

HeatmapRange HeatmapRenderer::range(const HeatmapSettings& s) const {
    HeatmapRange r;
    r.scale = s.scale;
    if (s.fixedMax > 0) {
        r.top = s.fixedMax;
    } else if (!levels_.empty()) {
        float top = 0;
        glBindTexture(GL_TEXTURE_2D, levels_.back().id());
        GL_CHECK(glGetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_FLOAT, &top));
        r.top = top;
    }
    r.bottom = s.scale == HeatmapScale::Log ? r.top / std::pow(10.0, std::max(0.1, s.logDecades)) : 0.0;
    return r;
}

HeatmapDensity HeatmapRenderer::readDensity() const {
    HeatmapDensity d;
    if (levels_.empty()) return d;
    std::vector<float> all(std::size_t(texW_) * std::size_t(texH_));
    glBindTexture(GL_TEXTURE_2D, density_.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    GL_CHECK(glGetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_FLOAT, all.data()));
    d.grid.originX = innerTopLeft_.x;
    d.grid.originY = innerTopLeft_.y;
    d.grid.pixelSize = texelSize_;
    d.grid.width = innerW_;
    d.grid.height = innerH_;
    d.grid.unitsPerMetre = unitsPerMetre_;
    d.values.resize(d.grid.pixelCount());
    // GL rows count from the bottom; the grid's from the top.
    for (int row = 0; row < innerH_; ++row) {
        const float* src = all.data() + std::size_t(margin_ + innerH_ - 1 - row) * std::size_t(texW_) + std::size_t(margin_);
        std::copy(src, src + innerW_, d.values.begin() + std::ptrdiff_t(row) * innerW_);
    }
    return d;
}

}  // namespace gs
