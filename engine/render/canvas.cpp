#include "render/canvas.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

GlyphAtlas* CanvasFonts::atlas(int pixelSize, FontWeight weight, int& id) {
    pixelSize = std::clamp(pixelSize, 6, 400);
    const auto key = std::make_pair(pixelSize, int(weight));
    auto it = atlases_.find(key);
    if (it == atlases_.end()) {
        if (error_) return nullptr;
        auto font = Font::loadDefault(pixelSize, weight);
        if (!font && weight != FontWeight::Regular) font = Font::loadDefault(pixelSize, FontWeight::Regular);
        if (!font) {
            error_ = font.error();
            return nullptr;
        }
        GlyphAtlasOptions options;
        options.haloRadius = std::max(1.0f, float(pixelSize) / 12.0f);
        Entry e{int(atlases_.size()), std::make_unique<GlyphAtlas>(std::move(*font), options)};
        it = atlases_.emplace(key, std::move(e)).first;
    }
    id = it->second.id;
    return it->second.atlas.get();
}

void CanvasList::reset(float scale) {
    scale_ = scale;
    vertices_.clear();
    runs_.clear();
    clips_.clear();
    clipStack_.clear();
    strings_.clear();
    groups_.clear();
    previous_ = std::move(layouts_);
    layouts_.clear();
}

CanvasVertex* CanvasList::append(CanvasKind kind, int texture, std::size_t count, bool large) {
    const int clip = clipStack_.empty() ? -1 : clipStack_.back();
    // Small untextured quads join the run before them (any texture bound there is not sampled by
    // them); glyphs join a run of their atlas, or of small untextured quads, which then takes the
    // atlas; a large untextured quad and the glyphs after it are apart (CanvasRun); a picture is a
    // run of its own (its texture may be missing when drawn: the run is skipped then, and nothing
    // else with it).
    CanvasRun* last = runs_.empty() ? nullptr : &runs_.back();
    bool join = last && last->clip == clip && last->kind != CanvasKind::Image;
    if (join && kind == CanvasKind::Image) join = false;
    if (join && kind == CanvasKind::Glyph) {
        if (last->kind == CanvasKind::Solid && !last->large) last->kind = kind, last->texture = texture;
        else join = last->texture == texture;
    }
    if (join && large && last->kind != CanvasKind::Solid) join = false;
    if (!join) {
        const bool textured = kind == CanvasKind::Glyph || kind == CanvasKind::Image;
        runs_.push_back({textured ? kind : CanvasKind::Solid, textured ? texture : -1, clip,
                         std::uint32_t(vertices_.size()), 0});
    }
    runs_.back().count += std::uint32_t(count);
    runs_.back().large = runs_.back().large || large;
    vertices_.resize(vertices_.size() + count);
    return vertices_.data() + vertices_.size() - count;
}

void CanvasList::quad(CanvasKind kind, int texture, const Vec2f (&p)[4], const float (&uv)[4][2], Rgba color,
                      const float (&aux)[4][4]) {
    // Two triangles: 0 1 2, 0 2 3.
    static constexpr int kOrder[6] = {0, 1, 2, 0, 2, 3};
    // Twice the area by the shoelace formula (the corners go round the quad).
    float twiceArea = 0;
    for (int i = 0; i < 4; ++i) twiceArea += p[i].x * p[(i + 1) % 4].y - p[(i + 1) % 4].x * p[i].y;
    const bool textured = kind == CanvasKind::Glyph || kind == CanvasKind::Image;
    CanvasVertex* v = append(kind, texture, 6, !textured && std::abs(twiceArea) >= 2 * kLargeQuadArea);
    for (int i = 0; i < 6; ++i) {
        const int k = kOrder[i];
        v[i] = {p[k].x, p[k].y, uv[k][0], uv[k][1], {color.r, color.g, color.b, color.a},
                {aux[k][0], aux[k][1], aux[k][2], aux[k][3]}, std::uint32_t(kind)};
    }
}

void CanvasList::rect(const Box& r, Rgba color) {
    if (r.empty() || color.a <= 0) return;
    const Vec2f p[4] = {{float(r.minX), float(r.minY)}, {float(r.maxX), float(r.minY)},
                        {float(r.maxX), float(r.maxY)}, {float(r.minX), float(r.maxY)}};
    const float uv[4][2] = {};
    const float aux[4][4] = {};
    quad(CanvasKind::Solid, -1, p, uv, color, aux);
}

void CanvasList::roundedRect(const Box& r, float radius, Rgba color) {
    if (r.empty() || color.a <= 0) return;
    const float hw = float(r.maxX - r.minX) / 2, hh = float(r.maxY - r.minY) / 2;
    radius = std::clamp(radius, 0.0f, std::min(hw, hh));
    // Nine patches: the distance field only where it matters, at the four corners (a software
    // rasterizer pays for every fragment of it); the rest is plain fill.
    const float m = 1.0f / scale_;  // a pixel of margin for the antialiased edge
    const float x0 = float(r.minX), y0 = float(r.minY), x1 = float(r.maxX), y1 = float(r.maxY);
    const float c = std::min(radius + m, std::min(hw, hh));
    if (c <= m * 1.01f) {
        rect(r, color);
        return;
    }
    Box mid;
    mid.minX = x0 + c, mid.maxX = x1 - c, mid.minY = y0, mid.maxY = y1;
    rect(mid, color);
    Box left, right;
    left.minX = x0, left.maxX = x0 + c, left.minY = y0 + c, left.maxY = y1 - c;
    right.minX = x1 - c, right.maxX = x1, right.minY = y0 + c, right.maxY = y1 - c;
    rect(left, color);
    rect(right, color);
    const float cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    auto corner = [&](float qx0, float qy0, float qx1, float qy1) {
        const Vec2f p[4] = {{qx0, qy0}, {qx1, qy0}, {qx1, qy1}, {qx0, qy1}};
        const float uv[4][2] = {{radius, 0}, {radius, 0}, {radius, 0}, {radius, 0}};
        const float aux[4][4] = {{qx0 - cx, qy0 - cy, hw, hh}, {qx1 - cx, qy0 - cy, hw, hh},
                                 {qx1 - cx, qy1 - cy, hw, hh}, {qx0 - cx, qy1 - cy, hw, hh}};
        quad(CanvasKind::Round, -1, p, uv, color, aux);
    };
    corner(x0, y0, x0 + c, y0 + c);
    corner(x1 - c, y0, x1, y0 + c);
    corner(x1 - c, y1 - c, x1, y1);
    corner(x0, y1 - c, x0 + c, y1);
}

void CanvasList::disc(Vec2f c, float radius, Rgba color) {
    Box b;
    b.minX = c.x - radius, b.maxX = c.x + radius, b.minY = c.y - radius, b.maxY = c.y + radius;
    roundedRect(b, radius, color);
}

void CanvasList::line(Vec2f a, Vec2f b, float width, Rgba color) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::hypot(dx, dy);
    if (len <= 0 || color.a <= 0) return;
    // The quad reaches a pixel past the line's half width on each side for the antialiased edge,
    // and half a width past each end (square caps, so joined segments leave no notch).
    const float half = width / 2, reach = half + 1.0f / scale_;
    const float nx = -dy / len * reach, ny = dx / len * reach;
    const float ex = dx / len * half, ey = dy / len * half;
    const Vec2f p[4] = {{a.x - ex + nx, a.y - ey + ny}, {b.x + ex + nx, b.y + ey + ny},
                        {b.x + ex - nx, b.y + ey - ny}, {a.x - ex - nx, a.y - ey - ny}};
    const float uv[4][2] = {};
    const float aux[4][4] = {{reach, half, 0, 0}, {reach, half, 0, 0}, {-reach, half, 0, 0}, {-reach, half, 0, 0}};
    quad(CanvasKind::Line, -1, p, uv, color, aux);
}

void CanvasList::polyline(std::span<const Vec2f> points, float width, Rgba color) {
    for (std::size_t i = 1; i < points.size(); ++i) line(points[i - 1], points[i], width, color);
}

void CanvasList::image(const Box& r, int imageId, Rgba tint) {
    if (r.empty()) return;
    const Vec2f p[4] = {{float(r.minX), float(r.minY)}, {float(r.maxX), float(r.minY)},
                        {float(r.maxX), float(r.maxY)}, {float(r.minX), float(r.maxY)}};
    // Framebuffer pictures are stored bottom row first.
    const float uv[4][2] = {{0, 1}, {1, 1}, {1, 0}, {0, 0}};
    const float aux[4][4] = {};
    quad(CanvasKind::Image, imageId, p, uv, tint, aux);
}

const TextLayout* CanvasList::layout(std::string_view utf8, int pixelSize, FontWeight weight, int& atlasId) {
    GlyphAtlas* atlas = fonts_->atlas(pixelSize, weight, atlasId);
    if (!atlas) return nullptr;
    auto key = std::make_tuple(std::string(utf8), pixelSize, int(weight));
    auto it = layouts_.find(key);
    if (it == layouts_.end()) {
        auto old = previous_.find(key);
        if (old != previous_.end()) {
            it = layouts_.emplace(key, std::move(old->second)).first;
        } else {
            auto l = layoutText(utf8, *atlas, TextAlign{HAlign::Left, VAlign::Baseline});
            it = layouts_.emplace(key, l ? std::optional<TextLayout>(std::move(*l)) : std::nullopt).first;
        }
    }
    return it->second ? &*it->second : nullptr;
}

float CanvasList::measure(std::string_view utf8, float size, FontWeight weight) {
    int id = 0;
    const TextLayout* l = layout(utf8, int(std::lround(size * scale_)), weight, id);
    return l ? l->advance / scale_ : 0.0f;
}

namespace {

// Cuts UTF-8 text after `codePoints` code points.
std::string_view prefix(std::string_view s, std::size_t codePoints) {
    std::size_t i = 0;
    for (std::size_t n = 0; i < s.size() && n < codePoints; ++n) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
    return s.substr(0, i);
}

}  // namespace

float CanvasList::text(std::string_view utf8, Vec2f anchor, const TextStyle& style) {
    if (utf8.empty()) return 0;
    strings_.emplace_back(utf8);
    const int px = int(std::lround(style.size * scale_));
    int atlasId = 0;
    const TextLayout* l = layout(utf8, px, style.weight, atlasId);
    if (!l) return 0;
    std::string cut;
    if (style.maxWidth > 0 && l->advance / scale_ > style.maxWidth) {
        // Binary search for the longest prefix that fits with an ellipsis.
        const std::size_t total = decodeUtf8(utf8).size();
        std::size_t lo = 0, hi = total;
        while (lo < hi) {
            const std::size_t mid = (lo + hi + 1) / 2;
            std::string candidate = std::string(prefix(utf8, mid)) + "…";
            int id = 0;
            const TextLayout* c = layout(candidate, px, style.weight, id);
            if (c && c->advance / scale_ <= style.maxWidth) lo = mid;
            else hi = mid - 1;
        }
        cut = std::string(prefix(utf8, lo)) + "…";
        l = layout(cut, px, style.weight, atlasId);
        if (!l) return 0;
    }
    const float s = 1.0f / scale_;
    // The layout is left/baseline aligned in target pixels; place it by the style's alignment.
    float x = anchor.x, y = anchor.y;
    const float w = l->advance * s;
    if (style.align.horizontal == HAlign::Center) x -= w / 2;
    else if (style.align.horizontal == HAlign::Right) x -= w;
    GlyphAtlas* atlas = fonts_->atlas(px, style.weight, atlasId);
    const float asc = atlas->font().ascender() * s, desc = atlas->font().descender() * s;  // desc < 0
    if (style.align.vertical == VAlign::Top) y += asc;
    else if (style.align.vertical == VAlign::Middle) y += (asc + desc) / 2;
    else if (style.align.vertical == VAlign::Bottom) y += desc;
    // Snap the pen to target pixels: glyphs stay crisp.
    x = std::round(x * scale_) / scale_;
    y = std::round(y * scale_) / scale_;
    const float aux[4][4] = {{style.halo.r, style.halo.g, style.halo.b, style.halo.a},
                             {style.halo.r, style.halo.g, style.halo.b, style.halo.a},
                             {style.halo.r, style.halo.g, style.halo.b, style.halo.a},
                             {style.halo.r, style.halo.g, style.halo.b, style.halo.a}};
    for (const GlyphQuad& q : l->quads) {
        const Vec2f p[4] = {{x + q.x0 * s, y + q.y0 * s}, {x + q.x1 * s, y + q.y0 * s},
                            {x + q.x1 * s, y + q.y1 * s}, {x + q.x0 * s, y + q.y1 * s}};
        const float uv[4][2] = {{q.u0, q.v0}, {q.u1, q.v0}, {q.u1, q.v1}, {q.u0, q.v1}};
        quad(CanvasKind::Glyph, atlasId, p, uv, style.color, aux);
    }
    return w;
}

void CanvasList::beginGroup(const Box& bounds, bool live) {
    groups_.push_back({bounds, live, std::uint32_t(vertices_.size()), 0});
}

void CanvasList::endGroup() {
    if (!groups_.empty()) groups_.back().count = std::uint32_t(vertices_.size()) - groups_.back().first;
}

void CanvasList::pushClip(const Box& r) {
    Box c = r;
    if (!clipStack_.empty()) {
        const Box& outer = clips_[std::size_t(clipStack_.back())];
        c.minX = std::max(c.minX, outer.minX), c.minY = std::max(c.minY, outer.minY);
        c.maxX = std::min(c.maxX, outer.maxX), c.maxY = std::min(c.maxY, outer.maxY);
    }
    clips_.push_back(c);
    clipStack_.push_back(int(clips_.size()) - 1);
}

void CanvasList::popClip() {
    if (!clipStack_.empty()) clipStack_.pop_back();
}

}  // namespace gs
