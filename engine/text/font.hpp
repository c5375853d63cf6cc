// A font face loaded with FreeType at one raster pixel size.
//
// Labels in a command centre are Chinese first, so the default font is Noto Sans CJK SC from
// Debian's fonts-noto-cjk; its Latin glyphs are proportional, so mixed text ("唐人街 Chinatown")
// needs no fallback font.
//
// Thread-safety: a Font (and the FreeType face inside it) must be used by one thread at a time.
// Each Font owns its own FT_Library, so two Fonts may live on two threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"

// FreeType's handle types, declared here so that users of Font need no FreeType headers.
struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace gs {

enum class FontWeight { Regular, Bold };

// One glyph rendered to an 8-bit coverage bitmap. Offsets follow FreeType: `left` is the distance
// from the pen to the bitmap's left edge, `top` from the baseline up to its top row.
struct GlyphBitmap {
    int width = 0;
    int height = 0;
    int left = 0;
    int top = 0;
    float advance = 0;               // pixels to move the pen after this glyph
    std::vector<uint8_t> coverage;   // width * height, row-major, top row first
};

class Font {
public:
    // Loads face `faceIndex` of the font file at `path`, rasterized at `pixelSize` pixels per em.
    // The error names the path and says what was wrong (missing, unreadable, not a font).
    static Result<Font> load(const std::string& path, int faceIndex, int pixelSize);

    // Noto Sans CJK SC (Simplified Chinese) from the usual Debian and distribution locations;
    // an error that says to install fonts-noto-cjk when none is found.
    static Result<Font> loadDefault(int pixelSize, FontWeight weight = FontWeight::Regular);

    // Where loadDefault would read from; also used by tools that print their font.
    static Result<std::string> findDefaultPath(FontWeight weight = FontWeight::Regular);

    // Where the faces loaded from now on keep their font file (process-wide; faces already loaded
    // keep theirs). Off (the default): FreeType maps the file and the kernel reads its pages as
    // glyphs need them, so a 20 MB CJK collection costs only the pages used. On: each file is read
    // whole into memory once and shared by every face loaded from it while any of them lives, so
    // that a glyph first drawn hours into a run never waits for the disk (the wall, which locks
    // its pages, turns this on; snapshots keep it off).
    static void setReadFilesIntoMemory(bool on);
    // Bytes of font files currently held in memory by live faces (each file counted once).
    static size_t bytesInMemory();
    // The file bytes this face reads from when it was loaded with the files in memory, else null.
    const void* memoryBuffer() const;

    Font(Font&&) noexcept;
    Font& operator=(Font&&) noexcept;
    ~Font();

    const std::string& path() const { return path_; }
    int faceIndex() const { return faceIndex_; }
    std::string familyName() const;
    int pixelSize() const { return pixelSize_; }

    // Vertical metrics in pixels, FreeType's sign convention: ascender > 0, descender < 0. They
    // are the typographic (OS/2) ones, for a CJK font the ideographic em box.
    float ascender() const { return ascender_; }
    float descender() const { return descender_; }
    float lineHeight() const { return lineHeight_; }

    // 0 when the face has no glyph for the code point (FreeType's .notdef).
    uint32_t glyphIndex(char32_t codePoint) const;

    // Horizontal kerning in pixels between two glyph indices; 0 when the face has no 'kern' table.
    // (Noto CJK keeps its kerning in OpenType GPOS, which needs a shaper such as HarfBuzz; for
    // short map labels the proportional advances are enough.)
    bool hasKerning() const;
    float kerning(uint32_t leftGlyph, uint32_t rightGlyph) const;

    // Renders one glyph to coverage. Errors name the font file and the glyph.
    Result<GlyphBitmap> rasterize(uint32_t glyphIndex) const;

private:
    struct LibraryDeleter { void operator()(FT_LibraryRec_* library) const; };
    struct FaceDeleter { void operator()(FT_FaceRec_* face) const; };

    Font() = default;

    // Declared first so that the face, which reads from them, is destroyed first; null when
    // FreeType maps the file.
    std::shared_ptr<const std::vector<unsigned char>> fileBytes_;
    // Declared library before the face so that the face, which needs it, is destroyed first.
    std::unique_ptr<FT_LibraryRec_, LibraryDeleter> library_;
    std::unique_ptr<FT_FaceRec_, FaceDeleter> face_;
    std::string path_;
    int faceIndex_ = 0;
    int pixelSize_ = 0;
    float ascender_ = 0;
    float descender_ = 0;
    float lineHeight_ = 0;
};

}  // namespace gs
