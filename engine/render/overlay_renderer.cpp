#include "render/overlay_renderer.hpp"

#include "render/gl.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gs {

Result<std::unique_ptr<OverlayRenderer>> OverlayRenderer::create() {
    auto m = MarkerRenderer::create();
    if (!m) return m.error();
    std::unique_ptr<OverlayRenderer> r(new OverlayRenderer());
    r->markers_ = std::move(*m);
    return r;
}

OverlayRenderer::~OverlayRenderer() = default;

int OverlayRenderer::drawUnder(const Camera& camera, const OverlayDrawList& list) {
    if (!list.markers) return 0;
    int calls = markers_->drawTrails(camera, list.uniforms, list.trails, list.trailHalfWidthPx);
    MarkerUniforms scaled = list.uniforms;
    scaled.uiScale = list.markerUiScale;
    calls += markers_->drawSlots(camera, scaled, std::uint32_t(list.slots.size()), list.dense);
    return calls;
}

int OverlayRenderer::drawOver(const Camera& camera, const OverlayDrawList& list, const ScreenBatch& text) {
    int calls = markers_->drawTransient(camera, list.uniforms, list.badges);
    calls += markers_->drawScreen(camera, text);
    calls += markers_->drawScreen(camera, list.legendText);
    calls += markers_->drawTransient(camera, list.uniforms, list.icons);
    return calls;
}

int OverlayRenderer::draw(const Camera& camera, const OverlayDrawList& list, const ScreenBatch& text) {
    if (!list.active) return markers_->drawScreen(camera, text);
    const int calls = drawUnder(camera, list);
    return calls + drawOver(camera, list, text);
}

namespace {

constexpr int kTilePx = 32;
// Past this share of dirty tiles, one full redraw costs less than the rectangles.
constexpr double kFullRedrawShare = 0.4;

}  // namespace

int OverlayRenderer::drawCached(const Camera& camera, const OverlayDrawList& list, const ScreenBatch& text,
                                GLuint mapFramebuffer, std::uint64_t mapGeneration) {
    redrawnPixels_ = 0;
    if (!incremental_ || !list.active || !list.markers || !list.dense) return -1;
    GLint target = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    const MarkerUniforms& u = list.uniforms;
    MarkerUniforms scaled = u;
    scaled.uiScale = list.markerUiScale;
    const float trailHalfWidth = list.trailHalfWidthPx;
    const PictureKey key{camera.center, camera.unitsPerPixel, camera.width, camera.height, scaled.uiScale,
                         trailHalfWidth, mapGeneration};
    auto fits = [&](const std::unique_ptr<TextureTarget>& t) {
        return t && t->width() == camera.width && t->height() == camera.height;
    };
    if (!fits(picture_) && fits(sparePicture_)) {
        // Back to the other size (a wall's map between flights and stops): no new texture, as a
        // software driver keeps freed ones; what it holds is redrawn (the key differs).
        std::swap(picture_, sparePicture_);
        pictureValid_ = false;
    }
    if (!fits(picture_)) {
        if (picture_) sparePicture_ = std::move(picture_);
        auto t = TextureTarget::create(camera.width, camera.height);
        if (!t) {
            pictureValid_ = false;
            return -1;
        }
        picture_ = std::make_unique<TextureTarget>(std::move(*t));
        pictureValid_ = false;
    }
    const std::span<const MarkerInstance> now = list.slots;
    bool full = !pictureValid_ || !(key == pictureKey_);

    // Screen boxes in GL pixels (origin bottom left), as the shaders place things; a margin of two
    // pixels covers the float rounding between this and the GPU's.
    const int w = camera.width, h = camera.height;
    const int tilesX = (w + kTilePx - 1) / kTilePx, tilesY = (h + kTilePx - 1) / kTilePx;
    const double sx = 2.0 / (camera.unitsPerPixel * w), sy = 2.0 / (camera.unitsPerPixel * h);
    const double ox = u.origin.x - camera.center.x, oy = u.origin.y - camera.center.y;
    auto toPx = [&](double x, double y) {
        return Vec2d{((x + ox) * sx + 1.0) * 0.5 * w, ((y + oy) * sy + 1.0) * 0.5 * h};
    };
    dirtyTiles_.assign(std::size_t(tilesX) * std::size_t(tilesY), 0);
    std::size_t dirtyCount = 0;
    auto markBox = [&](double x0, double y0, double x1, double y1) {
        if (!(x1 >= 0 && y1 >= 0 && x0 < w && y0 < h)) return;  // off screen, or not finite
        const int tx0 = std::max(0, int(std::floor(x0 / kTilePx))), tx1 = std::min(tilesX - 1, int(std::floor(x1 / kTilePx)));
        const int ty0 = std::max(0, int(std::floor(y0 / kTilePx))), ty1 = std::min(tilesY - 1, int(std::floor(y1 / kTilePx)));
        for (int ty = ty0; ty <= ty1; ++ty)
            for (int tx = tx0; tx <= tx1; ++tx) {
                std::uint8_t& t = dirtyTiles_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(tx)];
                dirtyCount += t == 0;
                t = 1;
            }
    };
    // A dense marker is a point sprite of 2 * (radius + 1) pixels (marker.vert.glsl, GS_DENSE).
    auto halfSize = [&](const MarkerInstance& m) { return double(m.sizePx) * 0.5 * scaled.uiScale + 1.0 + 2.0; };
    auto markerBox = [&](const MarkerInstance& m, double& x0, double& y0, double& x1, double& y1) {
        if (m.flags & MarkerInstance::kHidden) return false;
        const Vec2d c = toPx(m.x, m.y);
        const double r = halfSize(m);
        x0 = c.x - r, y0 = c.y - r, x1 = c.x + r, y1 = c.y + r;
        return true;
    };
    auto markMarker = [&](const MarkerInstance& m) {
        double x0, y0, x1, y1;
        if (markerBox(m, x0, y0, x1, y1)) markBox(x0, y0, x1, y1);
    };
    auto markTrails = [&](std::span<const TrailVertex> v) {
        const double margin = trailHalfWidth + 3.0;
        for (std::size_t i = 0; i + 5 < v.size(); i += 6) {  // a segment: two triangles, six vertices
            Vec2d a = toPx(v[i].x, v[i].y), b = toPx(v[i + 2].x, v[i + 2].y);
            markBox(std::min(a.x, b.x) - margin, std::min(a.y, b.y) - margin, std::max(a.x, b.x) + margin,
                    std::max(a.y, b.y) + margin);
        }
    };
    if (!full) {
        const std::size_t before = pictureInstances_.size();
        for (std::size_t i = 0; i < std::max(before, now.size()); ++i) {
            if (i >= before) {
                markMarker(now[i]);
            } else if (i >= now.size()) {
                markMarker(pictureInstances_[i]);
            } else if (!(now[i] == pictureInstances_[i])) {
                markMarker(pictureInstances_[i]);
                markMarker(now[i]);
            } else if (markerOverdue(now[i], u.clock) != markerOverdue(now[i], pictureClock_)) {
                markMarker(now[i]);  // turned red with the clock
            }
        }
        if (list.trails.size() != pictureTrails_.size() ||
            (!list.trails.empty() &&
             std::memcmp(list.trails.data(), pictureTrails_.data(), list.trails.size() * sizeof(TrailVertex)) != 0)) {
            markTrails(pictureTrails_);
            markTrails(list.trails);
        }
        if (double(dirtyCount) > kFullRedrawShare * double(dirtyTiles_.size())) full = true;
    }

    int calls = 0;
    picture_->bind();
    if (full) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, mapFramebuffer);
        GL_CHECK(glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST));
        calls += drawUnder(camera, list);
        redrawnPixels_ = double(w) * double(h);
    } else if (dirtyCount > 0) {
        // Dirty tiles as rectangles: runs along each row of tiles, a run continued downwards while
        // the row below has the same one.
        runs_.clear();
        tileRun_.assign(dirtyTiles_.size(), -1);
        std::vector<std::pair<int, int>> open;  // (run index, first tile x) of the row above, by run start
        std::vector<std::pair<int, int>> rowRuns;
        for (int ty = 0; ty < tilesY; ++ty) {
            rowRuns.clear();
            for (int tx = 0; tx < tilesX;) {
                if (!dirtyTiles_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(tx)]) {
                    ++tx;
                    continue;
                }
                int end = tx;
                while (end < tilesX && dirtyTiles_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(end)]) ++end;
                const int x0 = tx * kTilePx, x1 = std::min(w, end * kTilePx);
                const int y0 = ty * kTilePx, y1 = std::min(h, (ty + 1) * kTilePx);
                int run = -1;
                for (const auto& [r, start] : open) {
                    const auto& pr = runs_[std::size_t(r)];
                    if (pr.x == x0 && pr.w == x1 - x0 && pr.y + pr.h == y0) run = r;
                }
                if (run >= 0) {
                    runs_[std::size_t(run)].h = y1 - runs_[std::size_t(run)].y;
                } else {
                    run = int(runs_.size());
                    runs_.push_back({0, 0, x0, y0, x1 - x0, y1 - y0});
                }
                rowRuns.emplace_back(run, tx);
                for (int t = tx; t < end; ++t) tileRun_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(t)] = run;
                tx = end;
            }
            open.swap(rowRuns);
        }
        // Every marker touching a rectangle is drawn in it, in slot order (the full draw's order).
        runMembers_.clear();
        std::vector<int> seen(runs_.size(), -1);
        for (std::uint32_t i = 0; i < now.size(); ++i) {
            double x0, y0, x1, y1;
            if (!markerBox(now[i], x0, y0, x1, y1) || !(x1 >= 0 && y1 >= 0 && x0 < w && y0 < h)) continue;
            const int tx0 = std::max(0, int(std::floor(x0 / kTilePx))), tx1 = std::min(tilesX - 1, int(std::floor(x1 / kTilePx)));
            const int ty0 = std::max(0, int(std::floor(y0 / kTilePx))), ty1 = std::min(tilesY - 1, int(std::floor(y1 / kTilePx)));
            for (int ty = ty0; ty <= ty1; ++ty)
                for (int tx = tx0; tx <= tx1; ++tx) {
                    const int r = tileRun_[std::size_t(ty) * std::size_t(tilesX) + std::size_t(tx)];
                    if (r < 0 || seen[std::size_t(r)] == int(i)) continue;
                    seen[std::size_t(r)] = int(i);
                    runMembers_.emplace_back(std::uint32_t(r), i);
                }
        }
        std::stable_sort(runMembers_.begin(), runMembers_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        runPoints_.clear();
        runPoints_.reserve(runMembers_.size());
        for (std::size_t k = 0; k < runMembers_.size(); ++k) {
            auto& run = runs_[runMembers_[k].first];
            if (run.count == 0) run.first = std::uint32_t(runPoints_.size());
            ++run.count;
            runPoints_.push_back(now[runMembers_[k].second]);
        }
        calls += markers_->drawPointRuns(camera, scaled, runPoints_, runs_, list.trails, trailHalfWidth,
                                          mapFramebuffer);
        for (const auto& r : runs_) redrawnPixels_ += double(r.w) * double(r.h);
    }
    // The picture to the frame, and what goes over it.
    glBindFramebuffer(GL_READ_FRAMEBUFFER, picture_->framebuffer());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target));
    glViewport(0, 0, w, h);
    GL_CHECK(glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(target));
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    pictureKey_ = key;
    pictureValid_ = true;
    pictureInstances_.assign(now.begin(), now.end());
    pictureClock_ = u.clock;
    pictureTrails_.assign(list.trails.begin(), list.trails.end());
    return calls + drawOver(camera, list, text);
}


}  // namespace gs
