#include "render/wall_renderer.hpp"

#include <cmath>
#include <utility>
#include <string>
#include <cstdlib>

#include "platform/gl_thread.hpp"

namespace gs {

Result<std::unique_ptr<WallRenderer>> WallRenderer::create() {
    std::unique_ptr<WallRenderer> r(new WallRenderer());
    auto map = SceneRenderer::create();
    if (!map) return map.error();
    r->map_ = std::move(*map);
    auto canvas = CanvasRenderer::create();
    if (!canvas) return canvas.error();
    r->canvas_ = std::move(*canvas);
    if (const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER))) {
        const std::string renderer = name;
        r->software_ = renderer.find("llvmpipe") != std::string::npos || renderer.find("softpipe") != std::string::npos;
    }
    return r;
}

WallRenderer::~WallRenderer() = default;

Result<RenderStats> WallRenderer::drawMap(int image, const Camera& camera, const ViewState& view) {
    // One picture per size a map panel is drawn at (full, and smaller while the camera moves on
    // a software renderer): alternating sizes never reallocates.
    const auto key = std::make_tuple(image, camera.width, camera.height);
    auto it = maps_.find(key);
    if (it == maps_.end()) {
        auto t = TextureTarget::create(camera.width, camera.height);
        if (!t) return t.error();
        // A resized window leaves old sizes behind: keep at most two per panel.
        int sizes = 0;
        for (const auto& [k, v] : maps_) sizes += std::get<0>(k) == image;
        if (sizes >= 2)
            for (auto old = maps_.begin(); old != maps_.end(); ++old)
                if (std::get<0>(old->first) == image && old->second.texture() != lastTexture_[image]) {
                    maps_.erase(old);
                    break;
                }
        it = maps_.emplace(key, std::move(*t)).first;
    }
    // The framebuffer bound now is the one the canvas goes to (a snapshot's): keep it bound after.
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    it->second.bind();
    RenderStats stats = map_->render(camera, view);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
    // A map still being drawn band by band leaves the panel on the picture it had.
    if (stats.partial) return stats;
    lastTexture_[image] = it->second.texture();
    if (images_.size() <= std::size_t(image)) images_.resize(std::size_t(image) + 1, 0);
    images_[std::size_t(image)] = it->second.texture();
    return stats;
}

namespace {

std::uint64_t hashBytes(const void* data, std::size_t n, std::uint64_t h = 1469598103934665603ull) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

// The wall's picture in target pixels for a canvas drawn at `scale`.
std::pair<int, int> pictureSize(int canvasWidth, int canvasHeight, float scale) {
    return {std::max(1, int(std::lround(float(canvasWidth) * scale))),
            std::max(1, int(std::lround(float(canvasHeight) * scale)))};
}

double areaOf(const std::vector<Box>& boxes) {
    double pixels = 0;
    for (const Box& b : boxes) pixels += (b.maxX - b.minX) * (b.maxY - b.minY);
    return pixels;
}

}  // namespace

std::vector<Box> WallRenderer::dirtyRects(const CanvasList& list, int w, int h, float scale, bool& full,
                                          std::vector<std::uint64_t>& hashes) const {
    // Which groups changed: a group's vertices (positions, colours, glyphs) hashed, plus its
    // place in the list (a group that moved in the order is redrawn).
    const auto& groups = list.groups();
    hashes.clear();
    hashes.reserve(groups.size());
    const auto& vertices = list.vertices();
    for (const auto& g : groups) {
        std::uint64_t hsh = hashBytes(vertices.data() + g.first, std::size_t(g.count) * sizeof(CanvasVertex));
        hsh = hashBytes(&g.bounds, sizeof g.bounds, hsh);
        hashes.push_back(hsh);
    }
    if (groups.empty() || groupHashes_.empty()) full = true;
    // GRIDSCOPE_WALL_FULL_REDRAW=1: every frame from scratch (the worst case, for benchmarks).
    static const bool alwaysFull = std::getenv("GRIDSCOPE_WALL_FULL_REDRAW") != nullptr;
    if (alwaysFull) full = true;
    std::vector<Box> dirty;
    auto markDirty = [&](const Box& canvasBox) {
        Box b;
        b.minX = std::floor(canvasBox.minX * scale), b.minY = std::floor(canvasBox.minY * scale);
        b.maxX = std::ceil(canvasBox.maxX * scale), b.maxY = std::ceil(canvasBox.maxY * scale);
        b.minX = std::max(0.0, b.minX), b.minY = std::max(0.0, b.minY);
        b.maxX = std::min(double(w), b.maxX), b.maxY = std::min(double(h), b.maxY);
        if (b.empty()) return;
        // Overlapping rectangles are drawn once, as their union.
        for (Box& d : dirty)
            if (d.intersects(b)) {
                d.add(b.minX, b.minY);
                d.add(b.maxX, b.maxY);
                return;
            }
        dirty.push_back(b);
    };
    if (!full) {
        // Groups are matched to last frame's in order (a hash covers a group's vertices and
        // bounds): a matched group kept its place among the others and is clean unless it is live;
        // a group that appeared, and one that went (an alert card, a banner), marks its box. So a
        // card coming or going redraws its box, not the wall.
        std::size_t j = 0;
        constexpr std::size_t kLookahead = 8;
        for (std::size_t i = 0; i < groups.size(); ++i) {
            std::size_t found = groupHashes_.size();
            for (std::size_t k = j; k < groupHashes_.size() && k < j + kLookahead; ++k)
                if (groupHashes_[k] == hashes[i]) {
                    found = k;
                    break;
                }
            if (found == groupHashes_.size()) {
                markDirty(groups[i].bounds);  // new, or changed
                continue;
            }
            for (std::size_t k = j; k < found; ++k) markDirty(groupBounds_[k]);  // gone
            j = found + 1;
            if (groups[i].live) markDirty(groups[i].bounds);
        }
        for (std::size_t k = j; k < groupHashes_.size(); ++k) markDirty(groupBounds_[k]);  // gone at the end
        // Rectangles that grew into each other are merged again.
        for (bool merged = true; merged;) {
            merged = false;
            for (std::size_t a = 0; a < dirty.size() && !merged; ++a)
                for (std::size_t b = a + 1; b < dirty.size(); ++b)
                    if (dirty[a].intersects(dirty[b])) {
                        dirty[a].add(dirty[b].minX, dirty[b].minY);
                        dirty[a].add(dirty[b].maxX, dirty[b].maxY);
                        dirty.erase(dirty.begin() + std::ptrdiff_t(b));
                        merged = true;
                        break;
                    }
        }
    }
    return dirty;
}

double WallRenderer::pendingRedrawPixels(const CanvasList& list, int canvasWidth, int canvasHeight, float scale) const {
    const auto [w, h] = pictureSize(canvasWidth, canvasHeight, scale);
    bool full = !wall_ || wall_->width() != w || wall_->height() != h;
    std::vector<std::uint64_t> hashes;
    const std::vector<Box> dirty = dirtyRects(list, w, h, scale, full, hashes);
    return full ? double(w) * double(h) : areaOf(dirty);
}

Status WallRenderer::drawCanvas(CanvasList& list, int canvasWidth, int canvasHeight, float scale, Rgba background,
                                bool toBound) {
    // Once a wall frame, headless too (the soak has no swap): objects dropped off the GL thread go.
    gl::drainDeletions();
    const auto [w, h] = pictureSize(canvasWidth, canvasHeight, scale);
    bool full = toBound;
    if (!toBound) {
        if (!wall_ || wall_->width() != w || wall_->height() != h) {
            auto t = TextureTarget::create(w, h);
            if (!t) return t.error();
            wall_ = std::make_unique<TextureTarget>(std::move(*t));
            full = true;
        }
        wall_->bind();
    }
    scale_ = scale;
    glViewport(0, 0, w, h);
    glClearColor(background.r, background.g, background.b, 1);
    std::vector<std::uint64_t> hashes;
    std::vector<Box> dirty = dirtyRects(list, w, h, scale, full, hashes);
    groupBounds_.clear();
    for (const auto& g : list.groups()) groupBounds_.push_back(g.bounds);
    groupHashes_ = std::move(hashes);
    redrawPixels_ = 0;
    if (full) {
        glDisable(GL_SCISSOR_TEST);
        glClear(GL_COLOR_BUFFER_BIT);
        canvas_->draw(list, float(canvasWidth), float(canvasHeight), w, h, images_);
        redrawPixels_ = double(w) * double(h);
        return {};
    }
    // The dirty rectangles do not overlap: each is cleared, then the list is drawn once over all
    // of them (each run under each rectangle it touches), which leaves every pixel as drawing the
    // list rectangle by rectangle would, with a GL state change per run instead of per run and
    // rectangle (see CanvasRenderer::draw).
    if (dirty.empty()) return {};
    glEnable(GL_SCISSOR_TEST);
    for (const Box& d : dirty) {
        glScissor(int(d.minX), h - int(d.maxY), int(d.maxX - d.minX), int(d.maxY - d.minY));
        glClear(GL_COLOR_BUFFER_BIT);
    }
    redrawPixels_ = areaOf(dirty);
    glDisable(GL_SCISSOR_TEST);
    canvas_->draw(list, float(canvasWidth), float(canvasHeight), w, h, images_, dirty);
    return {};
}

GLuint WallRenderer::pictureFramebuffer() const { return wall_ ? wall_->framebuffer() : 0; }

void WallRenderer::present(std::span<const OutputViewport> outputs, int windowWidth, int windowHeight) {
    if (!wall_) return;
    if (!readFbo_) {
        readFbo_ = gl::Framebuffer::create();
        readTexture_ = 0;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, readFbo_.id());
    if (readTexture_ != wall_->texture()) {
        GL_CHECK(
            glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, wall_->texture(), 0));
        readTexture_ = wall_->texture();
    }
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glViewport(0, 0, windowWidth, windowHeight);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    for (const OutputViewport& o : outputs) {
        // Canvas pixels to the picture's, and y down to GL's y up, on both sides.
        const int srcX0 = int(std::lround(o.canvas.minX * scale_)), srcX1 = int(std::lround(o.canvas.maxX * scale_));
        const int srcY0 = wall_->height() - int(std::lround(o.canvas.maxY * scale_));
        const int srcY1 = wall_->height() - int(std::lround(o.canvas.minY * scale_));
        const int dstY0 = windowHeight - (o.y + o.height), dstY1 = windowHeight - o.y;
        const bool same = srcX1 - srcX0 == o.width && srcY1 - srcY0 == o.height;
        GL_CHECK(glBlitFramebuffer(srcX0, srcY0, srcX1, srcY1, o.x, dstY0, o.x + o.width, dstY1, GL_COLOR_BUFFER_BIT,
                                   same ? GL_NEAREST : GL_LINEAR));
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
}

}  // namespace gs
