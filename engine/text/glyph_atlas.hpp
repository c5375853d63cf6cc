// A glyph atlas: one RG8 bitmap holding every glyph rasterized so far, packed on shelves.
//
// R is the glyph's coverage and G the halo's: the glyph dilated by `haloRadius` pixels with a soft
// edge. The label shader draws a quad once and mixes halo colour by G, then text colour by R, so
// labels stay readable over any fill without a second pass. G >= R at every texel by
// construction, so the halo always covers the glyph.
//
// Glyphs are rasterized on demand, by code point, the first time a label needs them (a district
// uses a few hundred of the ~20,000 CJK ideographs). The atlas grows when full, up to
// `maxSize` per side, keeping every glyph where it was; past that, glyph() returns an Error and
// the caller may clear() and lay its labels out again.
//
// The atlas is CPU-only; the renderer owns the texture. After changes, dirty() is true and
// dirtyRegion() says what to upload: the whole bitmap after a resize, else one rectangle;
// markClean() once it is uploaded.
//
// Thread-safety: none. Use an atlas from one thread, normally the GL thread that uploads it.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "text/font.hpp"

namespace gs {

struct GlyphAtlasOptions {
    int initialWidth = 512;
    int initialHeight = 256;
    int maxSize = 4096;      // per side; every GL 3.3+ implementation supports at least this
    float haloRadius = -1;   // pixels; <= 0 chooses one from the font size (defaultHaloRadius)
};

// Where a glyph lies in the atlas and how to place it. The rectangle includes the halo margin.
struct AtlasGlyph {
    uint32_t glyphIndex = 0;
    int x = 0, y = 0;              // top-left texel of the rectangle
    int width = 0, height = 0;     // 0 for glyphs with no ink (space)
    int offsetX = 0, offsetY = 0;  // from the pen on the baseline to the rectangle's top-left, y down
    float advance = 0;
};

// A rectangle of texels [x0, x1) × [y0, y1).
struct AtlasRegion {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x0 >= x1 || y0 >= y1; }
};

struct AtlasDirty {
    bool resized = false;   // the size changed: reallocate the texture and upload everything
    AtlasRegion region;     // otherwise: the texels that changed
};

class GlyphAtlas {
public:
    static constexpr int kChannels = 2;  // R = glyph, G = halo

    explicit GlyphAtlas(Font font, GlyphAtlasOptions options = {});

    // A halo readable at label sizes: about 1/8 em, 1.5–4 px.
    static float defaultHaloRadius(int pixelSize);

    const Font& font() const { return font_; }
    float haloRadius() const { return haloRadius_; }

    // The glyph for a code point, rasterized and packed on first use. Errors: the font cannot
    // render it, or the atlas is full at maxSize.
    Result<AtlasGlyph> glyph(char32_t codePoint);
    size_t glyphCount() const { return glyphs_.size(); }

    int width() const { return width_; }
    int height() const { return height_; }
    // width * height * kChannels bytes, rows top first, tightly packed (GL_UNPACK_ALIGNMENT 2 or 1).
    const std::vector<uint8_t>& pixels() const { return pixels_; }

    bool dirty() const { return resized_ || !dirtyRegion_.empty(); }
    AtlasDirty dirtyRegion() const { return {resized_, dirtyRegion_}; }
    void markClean();

    // Forgets every glyph; quads laid out before are invalid afterwards. Keeps the current size.
    void clear();

private:
    struct Shelf {
        int y = 0;
        int height = 0;
        int nextX = 0;
    };

    Result<AtlasGlyph> add(uint32_t glyphIndex);
    // Finds room for a w × h rectangle, growing the bitmap if needed; false when full at maxSize.
    bool allocate(int w, int h, int& x, int& y);
    bool findOnShelf(int w, int h, int& x, int& y);
    bool grow();
    void markDirty(AtlasRegion region);

    Font font_;
    GlyphAtlasOptions options_;
    float haloRadius_ = 0;
    int padding_ = 0;  // texels around each glyph bitmap, room for the halo

    int width_ = 0;
    int height_ = 0;
    std::vector<uint8_t> pixels_;
    std::vector<Shelf> shelves_;

    std::unordered_map<char32_t, uint32_t> glyphIndexOf_;  // code point → glyph index
    std::unordered_map<uint32_t, AtlasGlyph> glyphs_;      // glyph index → placement

    bool resized_ = true;  // the first upload is a full one
    AtlasRegion dirtyRegion_;
};

}  // namespace gs
