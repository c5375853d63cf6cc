#include "text/text_layout.hpp"

#include <cmath>

namespace gs {
namespace {

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Control characters have no glyph worth drawing in a label; a newline in a name field is noise.
bool isControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

}  // namespace

std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t size = text.size();
    size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        }
        // The well-formed sequences of Unicode Table 3-7: the lead byte fixes the length and the
        // allowed range of the second byte, which is what excludes overlongs (E0 80..9F, F0
        // 80..8F), surrogates (ED A0..BF) and code points past U+10FFFF (F4 90.., F5..FF).
        int length = 0;
        unsigned char secondMin = 0x80, secondMax = 0xBF;
        char32_t value = 0;
        if (lead >= 0xC2 && lead <= 0xDF) { length = 2; value = lead & 0x1F; }
        else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3; value = lead & 0x0F;
            if (lead == 0xE0) secondMin = 0xA0;
            if (lead == 0xED) secondMax = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4; value = lead & 0x07;
            if (lead == 0xF0) secondMin = 0x90;
            if (lead == 0xF4) secondMax = 0x8F;
        }
        if (length == 0) {  // C0, C1, F5..FF, or a continuation byte with no lead
            out.push_back(kReplacementCharacter);
            ++i;
            continue;
        }

        // Consume as many bytes as still form a valid prefix; a sequence that breaks off is one
        // U+FFFD and decoding resumes at the byte that broke it (which may start a good sequence).
        size_t consumed = 1;
        bool complete = true;
        for (int k = 1; k < length; ++k) {
            if (i + k >= size) { complete = false; break; }
            const unsigned char byte = bytes[i + k];
            const bool inRange = k == 1 ? (byte >= secondMin && byte <= secondMax) : isContinuation(byte);
            if (!inRange) { complete = false; break; }
            value = (value << 6) | (byte & 0x3F);
            ++consumed;
        }
        out.push_back(complete ? value : kReplacementCharacter);
        i += consumed;
    }
    return out;
}

Result<TextLayout> layoutText(std::string_view utf8, GlyphAtlas& atlas, TextAlign align) {
    const Font& font = atlas.font();
    TextLayout layout;
    const std::u32string codePoints = decodeUtf8(utf8);
    layout.quads.reserve(codePoints.size());

    // The pen keeps fractional advances and kerning; each glyph is snapped to a whole pixel
    // because the atlas holds it rasterized at a whole-pixel origin, and a half-pixel shift would
    // blur it under bilinear sampling.
    float pen = 0;
    uint32_t previousGlyph = 0;
    for (char32_t codePoint : codePoints) {
        if (isControl(codePoint)) continue;
        auto glyph = atlas.glyph(codePoint);
        if (!glyph) return glyph.error();
        pen += font.kerning(previousGlyph, glyph->glyphIndex);
        if (glyph->width > 0) {
            GlyphQuad quad;
            quad.x0 = std::round(pen) + static_cast<float>(glyph->offsetX);
            quad.y0 = static_cast<float>(glyph->offsetY);
            quad.x1 = quad.x0 + static_cast<float>(glyph->width);
            quad.y1 = quad.y0 + static_cast<float>(glyph->height);
            quad.u0 = static_cast<float>(glyph->x);
            quad.v0 = static_cast<float>(glyph->y);
            quad.u1 = static_cast<float>(glyph->x + glyph->width);
            quad.v1 = static_cast<float>(glyph->y + glyph->height);
            quad.codePoint = codePoint;
            layout.quads.push_back(quad);
        }
        pen += glyph->advance;
        previousGlyph = glyph->glyphIndex;
    }
    layout.advance = pen;

    // Alignment shifts are whole pixels for the same reason glyphs are snapped.
    const float top = -font.ascender();
    const float bottom = -font.descender();
    float dx = 0, dy = 0;
    switch (align.horizontal) {
        case HAlign::Left: dx = 0; break;
        case HAlign::Center: dx = -std::round(pen / 2); break;
        case HAlign::Right: dx = -std::round(pen); break;
    }
    switch (align.vertical) {
        case VAlign::Top: dy = -std::round(top); break;
        case VAlign::Middle: dy = -std::round((top + bottom) / 2); break;
        case VAlign::Baseline: dy = 0; break;
        case VAlign::Bottom: dy = -std::round(bottom); break;
    }

    for (GlyphQuad& quad : layout.quads) {
        quad.x0 += dx; quad.x1 += dx;
        quad.y0 += dy; quad.y1 += dy;
        layout.inkBox.add(quad.x0, quad.y0);
        layout.inkBox.add(quad.x1, quad.y1);
    }
    layout.box.add(dx, top + dy);
    layout.box.add(pen + dx, bottom + dy);
    return layout;
}

}  // namespace gs
