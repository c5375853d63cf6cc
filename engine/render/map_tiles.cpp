#include "render/map_tiles.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace gs {

namespace {

constexpr int kMaxLevel = 24;  // 2^24 tiles a side: far past any street of a city-sized extent

// A tile's rectangle in the target's pixels (GL's, rows bottom-up), edges rounded the same way
// for neighbours so that they meet without a gap.
struct PixelRect {
    GLint x0, y0, x1, y1;
};

PixelRect screenRect(const Camera& camera, const Box& b) {
    const double left = camera.center.x - camera.unitsPerPixel * camera.width * 0.5;
    const double bottom = camera.center.y - camera.unitsPerPixel * camera.height * 0.5;
    auto px = [&](double world, double origin) { return GLint(std::lround((world - origin) / camera.unitsPerPixel)); };
    return {px(b.minX, left), px(b.minY, bottom), px(b.maxX, left), px(b.maxY, bottom)};
}

}  // namespace

void MapTiles::setPyramid(const Box& extent, std::uint64_t generation) {
    const bool same = hasPyramid_ && generation == generation_ && extent.minX == extent_.minX &&
                      extent.minY == extent_.minY && extent.maxX == extent_.maxX && extent.maxY == extent_.maxY;
    if (same) return;
    for (Slot& s : slots_) s.valid = false;
    index_.clear();
    extent_ = extent;
    generation_ = generation;
    unitsPerPixel0_ = std::max(extent.width(), extent.height()) / kTilePx;
    hasPyramid_ = !extent.empty() && unitsPerPixel0_ > 0;
}

int MapTiles::levelFor(double unitsPerPixel) const {
    if (!hasPyramid_ || !(unitsPerPixel > 0)) return 0;
    // Rounded down: a texel covers one to two pixels. (A scale a hair off a level's own, by
    // rounding in the camera's arithmetic, still gets that level.)
    const double z = std::log2(unitsPerPixel0_ / unitsPerPixel);
    return std::clamp(int(std::floor(z + 1e-9)), 0, kMaxLevel);
}

double MapTiles::unitsPerPixel(int level) const { return std::ldexp(unitsPerPixel0_, -level); }

Box MapTiles::tileBox(TileId id) const {
    const double side = unitsPerPixel(id.z) * kTilePx;
    Box b;
    b.add(extent_.minX + id.x * side, extent_.minY + id.y * side);
    b.add(extent_.minX + (id.x + 1) * side, extent_.minY + (id.y + 1) * side);
    return b;
}

bool MapTiles::range(int z, const Box& view, int& x0, int& y0, int& x1, int& y1) const {
    if (!view.intersects(extent_)) return false;
    const double side = unitsPerPixel(z) * kTilePx;
    const int last = (1 << z) - 1;
    auto cell = [&](double v, double origin) { return std::clamp(int(std::floor((v - origin) / side)), 0, last); };
    x0 = cell(std::max(view.minX, extent_.minX), extent_.minX);
    x1 = cell(std::min(view.maxX, extent_.maxX), extent_.minX);
    y0 = cell(std::max(view.minY, extent_.minY), extent_.minY);
    y1 = cell(std::min(view.maxY, extent_.maxY), extent_.minY);
    return true;
}

void MapTiles::checkLevel(int z) {
    if (levelStates_.size() <= size_t(z)) {
        levelStates_.resize(size_t(z) + 1);
        levelChecked_.resize(size_t(z) + 1, 0);
    }
    if (levelChecked_[size_t(z)] == frame_) return;
    levelChecked_[size_t(z)] = frame_;
    (*statesFor_)(z, scratch_);
    if (scratch_ == levelStates_[size_t(z)]) return;
    for (Slot& s : slots_)
        if (s.valid && s.id.z == z) {
            index_.erase(keyOf(s.id));
            s.valid = false;
        }
    levelStates_[size_t(z)] = scratch_;
}

MapTiles::Slot* MapTiles::find(TileId id) {
    checkLevel(id.z);
    auto it = index_.find(keyOf(id));
    if (it == index_.end()) return nullptr;
    Slot& s = slots_[it->second];
    s.usedFrame = frame_;
    return &s;
}

bool MapTiles::render(TileId id, GLint target, const DrawTile& drawTile, FrameStats& stats) {
    // A slot: a new one while under the cap, else the least recently used one not in this frame.
    size_t slot = slots_.size();
    for (size_t i = 0; i < slots_.size(); ++i)
        if (!slots_[i].valid) {
            slot = i;
            break;
        }
    if (slot == slots_.size() && slots_.size() >= slotCap_) {
        std::uint64_t oldest = frame_;
        for (size_t i = 0; i < slots_.size(); ++i)
            if (slots_[i].usedFrame < oldest) {
                oldest = slots_[i].usedFrame;
                slot = i;
            }
        if (slot == slots_.size()) return false;  // every slot is in this frame
        index_.erase(keyOf(slots_[slot].id));
        slots_[slot].valid = false;
    }
    if (slot == slots_.size()) {
        auto picture = TextureTarget::create(kTilePx, kTilePx);
        if (!picture) return false;
        slots_.push_back(Slot{std::move(*picture), {}, 0, false});
    }
    Slot& s = slots_[slot];
    Camera camera;
    camera.setViewport(kTilePx, kTilePx);
    camera.center = tileBox(id).center();
    camera.unitsPerPixel = unitsPerPixel(id.z);
    glBindFramebuffer(GL_FRAMEBUFFER, s.picture.framebuffer());
    checkLevel(id.z);
    const FrameStats f = drawTile(camera, levelStates_[size_t(id.z)]);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
    stats.triangles += f.triangles;
    stats.drawCalls += f.drawCalls;
    s.id = id;
    s.valid = true;
    s.usedFrame = frame_;
    index_[keyOf(id)] = slot;
    return true;
}

std::vector<TileId> MapTiles::refresh(const Camera& camera, Budget budget, GLint target, const DrawTile& drawTile,
                                      TileFrame& out) {
    ++frame_;
    const Box view = camera.visibleBox();
    const int z = levelFor(camera.unitsPerPixel);
    out.level = z;
    auto renderTile = [&](TileId id) {
        if (render(id, target, drawTile, out.stats)) ++out.rendered;
    };
    int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
    if (range(z, view, x0, y0, x1, y1))
        slotCap_ = std::max(kMaxSlots, size_t(x1 - x0 + 1) * size_t(y1 - y0 + 1) + 32);
    // The coarse level first, whatever the budget: every tile in view has an ancestor there.
    const int zf = std::max(0, z - kFallbackLevels);
    if (range(zf, view, x0, y0, x1, y1))
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                if (!find({zf, x, y})) renderTile({zf, x, y});

    // The wanted level: what is there, then the missing tiles the budget allows, nearest the
    // middle first.
    std::vector<TileId> tiles;
    if (range(z, view, x0, y0, x1, y1))
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) tiles.push_back({z, x, y});
    out.visible = int(tiles.size());
    std::vector<TileId> missing;
    for (TileId t : tiles)
        if (!find(t)) missing.push_back(t);
    const Vec2d mid = camera.center;
    auto distance = [&](TileId t) {
        const Vec2d c = tileBox(t).center();
        return (c.x - mid.x) * (c.x - mid.x) + (c.y - mid.y) * (c.y - mid.y);
    };
    std::sort(missing.begin(), missing.end(), [&](TileId a, TileId b) { return distance(a) < distance(b); });
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < missing.size() && int(i) < budget.tiles; ++i) {
        renderTile(missing[i]);
        if (budget.ms > 0 && i + 1 < missing.size() && int(i) + 1 < budget.tiles) {
            glFinish();
            const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
            if (spent.count() >= budget.ms) break;
        }
    }
    return tiles;
}

bool MapTiles::usable(GLint& target) {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    GLint sampleBuffers = 0;
    glGetIntegerv(GL_SAMPLE_BUFFERS, &sampleBuffers);
    // (Tiles drawn without multisampling would look different in a multisampled target.) Without
    // the composition's program (a broken driver) the caller draws every frame in full.
    return sampleBuffers == 0 && hasPyramid_ && quads_.usable();
}

int MapTiles::warm(const Camera& camera, Budget budget, const StatesFor& statesFor, const DrawTile& drawTile) {
    GLint target = 0;
    if (!usable(target)) return 0;
    statesFor_ = &statesFor;
    TileFrame out;
    const std::vector<TileId> tiles = refresh(camera, budget, target, drawTile, out);
    int missing = 0;
    for (TileId t : tiles) missing += find(t) ? 0 : 1;
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
    glViewport(0, 0, camera.width, camera.height);
    statesFor_ = nullptr;
    return missing;
}

TileFrame MapTiles::draw(const Camera& camera, Rgba background, Budget budget, const StatesFor& statesFor,
                         const DrawTile& drawTile) {
    TileFrame out;
    GLint target = 0;
    if (!usable(target)) return out;
    statesFor_ = &statesFor;
    const std::vector<TileId> tiles = refresh(camera, budget, target, drawTile, out);
    const int z = out.level;

    // Compose: the background, then each tile from its own picture, or from its nearest coarser
    // ancestor with whatever finer tiles are there drawn over it: one textured quad each, copied
    // (no blending), sampled linearly where the tile's scale is not the frame's.
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
    glViewport(0, 0, camera.width, camera.height);
    glClearColor(background.r * background.a, background.g * background.a, background.b * background.a, background.a);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_BLEND);
    quads_.begin();
    const float w = float(camera.width), h = float(camera.height), side = float(kTilePx);
    auto copy = [&](const Slot& s, float sx0, float sy0, float sx1, float sy1, const PixelRect& d) {
        if (d.x1 <= d.x0 || d.y1 <= d.y0 || d.x1 <= 0 || d.y1 <= 0 || d.x0 >= camera.width || d.y0 >= camera.height)
            return;
        quads_.draw(s.picture.texture(), 2 * float(d.x0) / w - 1, 2 * float(d.y0) / h - 1, 2 * float(d.x1) / w - 1,
                    2 * float(d.y1) / h - 1, sx0 / side, sy0 / side, sx1 / side, sy1 / side);
    };
    for (TileId t : tiles) {
        const PixelRect d = screenRect(camera, tileBox(t));
        if (const Slot* s = find(t)) {
            copy(*s, 0, 0, side, side, d);
            ++out.exact;
            continue;
        }
        // The nearest drawn ancestor: the part of its picture over t.
        const Slot* ancestor = nullptr;
        float ax = 0, ay = 0, aside = 0;
        for (int k = 1; k <= z && (kTilePx >> k) >= 1; ++k) {
            const TileId a{z - k, t.x >> k, t.y >> k};
            if (const Slot* s = find(a)) {
                ancestor = s;
                aside = float(kTilePx >> k);
                ax = float(t.x - (a.x << k)) * aside;
                ay = float(t.y - (a.y << k)) * aside;
                break;
            }
        }
        // Finer tiles where they are drawn, the ancestor's picture in the other quarters: each
        // pixel is written once (overdraw cost up to twice the frame's fill on a software renderer).
        const Slot* children[2][2] = {};
        bool anyChild = false;
        if (z < kMaxLevel)
            for (int j = 0; j < 2; ++j)
                for (int i = 0; i < 2; ++i) {
                    children[j][i] = find({z + 1, 2 * t.x + i, 2 * t.y + j});
                    anyChild = anyChild || children[j][i];
                }
        if (!anyChild) {
            if (ancestor) copy(*ancestor, ax, ay, ax + aside, ay + aside, d);
            continue;
        }
        const float half = aside / 2;
        for (int j = 0; j < 2; ++j)
            for (int i = 0; i < 2; ++i) {
                const PixelRect q = screenRect(camera, tileBox({z + 1, 2 * t.x + i, 2 * t.y + j}));
                if (const Slot* c = children[j][i]) copy(*c, 0, 0, side, side, q);
                else if (ancestor) copy(*ancestor, ax + float(i) * half, ay + float(j) * half, ax + float(i + 1) * half, ay + float(j + 1) * half, q);
            }
    }
    quads_.end();
    // What MapRenderer::draw leaves for the passes after it.
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    out.drawn = true;
    statesFor_ = nullptr;
    return out;
}

void MapTiles::clear() {
    slots_.clear();
    index_.clear();
    levelStates_.clear();
    levelChecked_.clear();
    hasPyramid_ = false;
}

}  // namespace gs
