// Single-line label layout: UTF-8 → code points → glyph quads around an anchor.
//
// Labels are names ("唐人街 Chinatown", "网格 G-07"): one line, left to right, no shaping. CJK and
// Latin mix freely because Noto Sans CJK holds both. Coordinates are screen pixels relative to the
// anchor, x right and y down, like the rest of screen space; the renderer adds the anchor
// (snapped to a whole pixel, so glyphs stay sharp) and draws each quad from the atlas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "text/glyph_atlas.hpp"

namespace gs {

inline constexpr char32_t kReplacementCharacter = U'\uFFFD';

// Decodes UTF-8. Every ill-formed sequence (stray continuation byte, truncated or overlong
// sequence, surrogate, beyond U+10FFFF) becomes one U+FFFD per maximal ill-formed subpart, as
// Unicode §3.9 recommends, so a broken attribute shows where it is broken and never crashes.
std::u32string decodeUtf8(std::string_view text);

enum class HAlign { Left, Center, Right };
// Baseline: y = 0 on the baseline. Middle: the line box (ascender to descender) centred on y = 0.
enum class VAlign { Top, Middle, Baseline, Bottom };

struct TextAlign {
    HAlign horizontal = HAlign::Center;
    VAlign vertical = VAlign::Middle;
};

// One glyph to draw: a screen rectangle and the atlas texels it shows.
struct GlyphQuad {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // pixels relative to the anchor, y down
    // Atlas texel coordinates; the shader divides by the atlas size (a uniform), so quads stay
    // valid when the atlas grows.
    float u0 = 0, v0 = 0, u1 = 0, v1 = 0;
    char32_t codePoint = 0;
};

struct TextLayout {
    std::vector<GlyphQuad> quads;
    float advance = 0;  // the pen's travel: the text's logical width
    Box box;            // logical box: advance × (ascender to descender), relative to the anchor
    Box inkBox;         // union of the quads: every pixel drawn, halo included; empty if no quads
};

// Lays out one line of UTF-8 text with the atlas's font, rasterizing glyphs the atlas lacks.
// Control characters (C0, DEL, C1, including newlines) are skipped. Kerning is applied when the
// font has a 'kern' table. Errors come from the atlas (full, or a glyph the font cannot render).
Result<TextLayout> layoutText(std::string_view utf8, GlyphAtlas& atlas, TextAlign align = {});

}  // namespace gs
