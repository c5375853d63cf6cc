#include "text/glyph_atlas.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gs {
namespace {

// One tap of the halo's disc: a texel offset and how much of that texel the disc covers, so the
// halo's outer edge is antialiased rather than stair-stepped.
struct HaloTap {
    int dx, dy;
    float weight;
};

std::vector<HaloTap> haloDisc(float radius) {
    std::vector<HaloTap> taps;
    const int reach = static_cast<int>(std::ceil(radius));
    for (int dy = -reach; dy <= reach; ++dy)
        for (int dx = -reach; dx <= reach; ++dx) {
            const float distance = std::sqrt(static_cast<float>(dx * dx + dy * dy));
            const float weight = std::clamp(radius + 0.5f - distance, 0.0f, 1.0f);
            if (weight > 0) taps.push_back({dx, dy, weight});
        }
    return taps;
}

AtlasRegion unite(AtlasRegion a, AtlasRegion b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

}  // namespace

float GlyphAtlas::defaultHaloRadius(int pixelSize) {
    return std::clamp(static_cast<float>(pixelSize) / 8.0f, 1.5f, 4.0f);
}

GlyphAtlas::GlyphAtlas(Font font, GlyphAtlasOptions options)
    : font_(std::move(font)), options_(options) {
    assert(options_.maxSize > 0 && options_.initialWidth > 0 && options_.initialHeight > 0);
    haloRadius_ = options_.haloRadius > 0 ? options_.haloRadius : defaultHaloRadius(font_.pixelSize());
    // The disc reaches radius + 0.5; one more texel keeps a zero border round every rectangle, so
    // bilinear sampling at a quad's edge never picks up a neighbouring glyph.
    padding_ = static_cast<int>(std::ceil(haloRadius_ + 0.5f)) + 1;
    width_ = std::min(options_.initialWidth, options_.maxSize);
    height_ = std::min(options_.initialHeight, options_.maxSize);
    pixels_.assign(static_cast<size_t>(width_) * height_ * kChannels, 0);
}

Result<AtlasGlyph> GlyphAtlas::glyph(char32_t codePoint) {
    if (auto known = glyphIndexOf_.find(codePoint); known != glyphIndexOf_.end())
        return glyphs_.at(known->second);

    // Several code points can share a glyph (e.g. unmapped ones all give .notdef); rasterize once.
    const uint32_t index = font_.glyphIndex(codePoint);
    if (auto packed = glyphs_.find(index); packed != glyphs_.end()) {
        glyphIndexOf_.emplace(codePoint, index);
        return packed->second;
    }
    auto added = add(index);
    if (!added) return added;
    glyphIndexOf_.emplace(codePoint, index);
    return added;
}

Result<AtlasGlyph> GlyphAtlas::add(uint32_t glyphIndex) {
    auto bitmap = font_.rasterize(glyphIndex);
    if (!bitmap) return bitmap.error();

    AtlasGlyph glyph;
    glyph.glyphIndex = glyphIndex;
    glyph.advance = bitmap->advance;
    if (bitmap->width == 0 || bitmap->height == 0) {
        // Nothing to draw (a space): an advance and no rectangle.
        glyphs_.emplace(glyphIndex, glyph);
        return glyph;
    }

    const int w = bitmap->width + 2 * padding_;
    const int h = bitmap->height + 2 * padding_;
    int x = 0, y = 0;
    if (!allocate(w, h, x, y))
        return Error{"glyph atlas for '" + font_.path() + "' at " + std::to_string(font_.pixelSize()) +
                     " px is full (" + std::to_string(glyphs_.size()) + " glyphs in " +
                     std::to_string(width_) + "x" + std::to_string(height_) + ", max " +
                     std::to_string(options_.maxSize) + " per side)"};

    // Glyph coverage into R, centred in the padded rectangle.
    const auto texel = [&](int tx, int ty) -> uint8_t* {
        return pixels_.data() + (static_cast<size_t>(y + ty) * width_ + (x + tx)) * kChannels;
    };
    const auto coverageAt = [&](int bx, int by) {
        return bitmap->coverage[static_cast<size_t>(by) * bitmap->width + bx];
    };
    for (int by = 0; by < bitmap->height; ++by)
        for (int bx = 0; bx < bitmap->width; ++bx)
            texel(bx + padding_, by + padding_)[0] = coverageAt(bx, by);

    // Halo into G: a grey-scale dilation by the disc, scattered from the inked texels only (most
    // of a rectangle is empty). The centre tap has weight 1, which is what makes G >= R.
    std::vector<float> halo(static_cast<size_t>(w) * h, 0.0f);
    const std::vector<HaloTap> disc = haloDisc(haloRadius_);
    for (int by = 0; by < bitmap->height; ++by)
        for (int bx = 0; bx < bitmap->width; ++bx) {
            const float coverage = coverageAt(bx, by);
            if (coverage == 0) continue;
            for (const HaloTap& tap : disc) {
                const int hx = bx + padding_ + tap.dx, hy = by + padding_ + tap.dy;
                float& target = halo[static_cast<size_t>(hy) * w + hx];
                target = std::max(target, coverage * tap.weight);
            }
        }
    for (int ty = 0; ty < h; ++ty)
        for (int tx = 0; tx < w; ++tx)
            texel(tx, ty)[1] = static_cast<uint8_t>(std::lround(halo[static_cast<size_t>(ty) * w + tx]));

    glyph.x = x;
    glyph.y = y;
    glyph.width = w;
    glyph.height = h;
    glyph.offsetX = bitmap->left - padding_;
    glyph.offsetY = -bitmap->top - padding_;
    glyphs_.emplace(glyphIndex, glyph);
    markDirty({x, y, x + w, y + h});
    return glyph;
}

bool GlyphAtlas::allocate(int w, int h, int& x, int& y) {
    if (w > options_.maxSize || h > options_.maxSize) return false;
    for (;;) {
        if (findOnShelf(w, h, x, y)) return true;
        if (!grow()) return false;
    }
}

// Shelf packing: rows of glyphs of similar height. Glyphs of one font at one size are nearly all
// the same height (CJK ideographs especially), so shelves waste little and packing is O(shelves).
bool GlyphAtlas::findOnShelf(int w, int h, int& x, int& y) {
    Shelf* best = nullptr;
    for (Shelf& shelf : shelves_)
        if (shelf.height >= h && shelf.nextX + w <= width_ && (!best || shelf.height < best->height))
            best = &shelf;

    // A much taller shelf would waste its extra rows for the whole row's width; start a new shelf
    // instead when there is room, and use the taller one only rather than grow.
    const int slack = h / 4 + 2;
    const int newShelfY = shelves_.empty() ? 0 : shelves_.back().y + shelves_.back().height;
    const bool roomForShelf = newShelfY + h <= height_ && w <= width_;
    if (!best || (best->height - h > slack && roomForShelf)) {
        if (!roomForShelf) return false;
        shelves_.push_back({newShelfY, h, 0});
        best = &shelves_.back();
    }
    x = best->nextX;
    y = best->y;
    best->nextX += w;
    return true;
}

// Doubles the smaller side, copying rows so every glyph keeps its texel coordinates; quads hold
// texel coordinates (not normalised ones) so that layouts made before a growth stay valid.
bool GlyphAtlas::grow() {
    const bool canWiden = width_ * 2 <= options_.maxSize;
    const bool canHeighten = height_ * 2 <= options_.maxSize;
    if (!canWiden && !canHeighten) return false;

    if (canWiden && (width_ <= height_ || !canHeighten)) {
        const int newWidth = width_ * 2;
        std::vector<uint8_t> wider(static_cast<size_t>(newWidth) * height_ * kChannels, 0);
        const size_t rowBytes = static_cast<size_t>(width_) * kChannels;
        for (int row = 0; row < height_; ++row)
            std::copy_n(pixels_.data() + row * rowBytes, rowBytes, wider.data() + row * rowBytes * 2);
        pixels_ = std::move(wider);
        width_ = newWidth;
    } else {
        height_ *= 2;  // rows are contiguous: appending zero rows keeps the old ones in place
        pixels_.resize(static_cast<size_t>(width_) * height_ * kChannels, 0);
    }
    resized_ = true;
    return true;
}

void GlyphAtlas::markDirty(AtlasRegion region) { dirtyRegion_ = unite(dirtyRegion_, region); }

void GlyphAtlas::markClean() {
    resized_ = false;
    dirtyRegion_ = {};
}

void GlyphAtlas::clear() {
    std::fill(pixels_.begin(), pixels_.end(), 0);
    shelves_.clear();
    glyphIndexOf_.clear();
    glyphs_.clear();
    markDirty({0, 0, width_, height_});
}

}  // namespace gs
