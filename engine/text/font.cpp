#include "text/font.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H

namespace gs {
namespace {

// Debian builds FreeType without FT_CONFIG_OPTION_ERROR_STRINGS, so FT_Error_String returns null;
// fterrors.h is written to be re-included with FT_ERRORDEF redefined to build this table.
struct FreeTypeErrorText {
    int code;
    const char* text;
};
#undef FTERRORS_H_
#define FT_ERRORDEF(e, v, s) {e, s},
#define FT_ERROR_START_LIST {
#define FT_ERROR_END_LIST {0, nullptr}};
constexpr FreeTypeErrorText kFreeTypeErrors[] =
#include FT_ERRORS_H

std::string describe(FT_Error error) {
    for (const auto& entry : kFreeTypeErrors)
        if (entry.text && entry.code == error) return entry.text;
    return "FreeType error " + std::to_string(error);
}

// FreeType's 26.6 fixed point to pixels.
float fromFixed26(long value) { return static_cast<float>(value) / 64.0f; }

// The search order for fonts-noto-cjk: Debian/Ubuntu first, then Fedora, Arch and local installs.
constexpr std::array kFontDirectories = {
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/noto",
    "/usr/local/share/fonts",
};

// In NotoSansCJK-*.ttc the faces are JP, KR, SC, TC, HK; SC is face 2 in every release so far.
constexpr int kSimplifiedChineseFace = 2;
constexpr const char* kSimplifiedChineseFamily = "Noto Sans CJK SC";

// The font files read into memory, by path; a weak entry so a file leaves memory with its last face.
std::atomic<bool> gReadFilesIntoMemory{false};
std::mutex gFileBytesMutex;
std::map<std::string, std::weak_ptr<const std::vector<unsigned char>>> gFileBytes;

Result<std::shared_ptr<const std::vector<unsigned char>>> sharedFileBytes(const std::string& path) {
    std::lock_guard lock(gFileBytesMutex);
    if (auto held = gFileBytes[path].lock()) return held;
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return Error{"cannot open font file '" + path + "': " + std::strerror(errno)};
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return Error{"cannot read the size of font file '" + path + "': " + ec.message()};
    auto bytes = std::make_shared<std::vector<unsigned char>>(size);
    if (size > 0 && std::fread(bytes->data(), 1, size, file.get()) != size)
        return Error{"cannot read font file '" + path + "' into memory (" + std::to_string(size) + " bytes)"};
    gFileBytes[path] = bytes;
    return std::shared_ptr<const std::vector<unsigned char>>(std::move(bytes));
}

}  // namespace

void Font::setReadFilesIntoMemory(bool on) { gReadFilesIntoMemory = on; }

size_t Font::bytesInMemory() {
    std::lock_guard lock(gFileBytesMutex);
    size_t total = 0;
    for (auto it = gFileBytes.begin(); it != gFileBytes.end();) {
        if (auto held = it->second.lock()) {
            total += held->size();
            ++it;
        } else {
            it = gFileBytes.erase(it);
        }
    }
    return total;
}

const void* Font::memoryBuffer() const { return fileBytes_ ? fileBytes_->data() : nullptr; }

void Font::LibraryDeleter::operator()(FT_LibraryRec_* library) const { FT_Done_FreeType(library); }
void Font::FaceDeleter::operator()(FT_FaceRec_* face) const { FT_Done_Face(face); }

Font::Font(Font&&) noexcept = default;
Font& Font::operator=(Font&&) noexcept = default;
Font::~Font() = default;

Result<Font> Font::load(const std::string& path, int faceIndex, int pixelSize) {
    assert(pixelSize > 0 && faceIndex >= 0);
    // Checked first because FreeType reports a missing file as "cannot open resource", which
    // does not tell a user whether the path or the file is wrong.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return Error{"font file '" + path + "' does not exist or is not a regular file"};

    Font font;
    FT_Library library = nullptr;
    if (FT_Error error = FT_Init_FreeType(&library))
        return Error{"cannot initialise FreeType for font '" + path + "': " + describe(error)};
    font.library_.reset(library);

    if (gReadFilesIntoMemory) {
        auto bytes = sharedFileBytes(path);
        if (!bytes) return bytes.error();
        font.fileBytes_ = std::move(*bytes);
    }
    FT_Face face = nullptr;
    const FT_Error opened =
        font.fileBytes_ ? FT_New_Memory_Face(library, font.fileBytes_->data(),
                                             static_cast<FT_Long>(font.fileBytes_->size()), faceIndex, &face)
                        : FT_New_Face(library, path.c_str(), faceIndex, &face);
    if (FT_Error error = opened) {
        if (error == FT_Err_Invalid_Argument)
            return Error{"font file '" + path + "' has no face " + std::to_string(faceIndex)};
        return Error{"cannot load font file '" + path + "' (face " + std::to_string(faceIndex) +
                     "): " + describe(error)};
    }
    font.face_.reset(face);
    if (!FT_IS_SCALABLE(face))
        return Error{"font file '" + path + "' is a bitmap font; labels need a scalable font"};
    if (FT_Error error = FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(pixelSize)))
        return Error{"font file '" + path + "' cannot be sized to " + std::to_string(pixelSize) +
                     " px: " + describe(error)};
    // A Unicode charmap is what makes code point lookups meaningful; FreeType picks one when the
    // face has it, but say so plainly when it does not.
    if (FT_Select_Charmap(face, FT_ENCODING_UNICODE) != 0)
        return Error{"font file '" + path + "' has no Unicode character map"};

    font.path_ = path;
    font.faceIndex_ = faceIndex;
    font.pixelSize_ = pixelSize;
    // The OS/2 typographic metrics of a CJK font are the ideographic em box (Noto: 0.88 / -0.12
    // em), which hugs the glyphs: label boxes stay tight and "middle" centres ideographs. The hhea
    // metrics FreeType reports by default leave half an em of line gap in the box.
    const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2));
    if (os2 && os2->version != 0xFFFF && os2->sTypoAscender > 0 && os2->sTypoDescender <= 0) {
        const float scale = static_cast<float>(pixelSize) / static_cast<float>(face->units_per_EM);
        font.ascender_ = static_cast<float>(os2->sTypoAscender) * scale;
        font.descender_ = static_cast<float>(os2->sTypoDescender) * scale;
        font.lineHeight_ = font.ascender_ - font.descender_ + static_cast<float>(os2->sTypoLineGap) * scale;
    } else {
        font.ascender_ = fromFixed26(face->size->metrics.ascender);
        font.descender_ = fromFixed26(face->size->metrics.descender);
        font.lineHeight_ = fromFixed26(face->size->metrics.height);
    }
    return font;
}

Result<std::string> Font::findDefaultPath(FontWeight weight) {
    const char* file = weight == FontWeight::Bold ? "NotoSansCJK-Bold.ttc" : "NotoSansCJK-Regular.ttc";
    std::error_code ec;
    for (const char* directory : kFontDirectories) {
        auto candidate = std::filesystem::path(directory) / file;
        if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    }
    std::string searched;
    for (const char* directory : kFontDirectories) {
        if (!searched.empty()) searched += ", ";
        searched += directory;
    }
    return Error{std::string("the label font ") + file + " was not found (searched " + searched +
                 "); install it with: apt-get install fonts-noto-cjk"};
}

Result<Font> Font::loadDefault(int pixelSize, FontWeight weight) {
    auto path = findDefaultPath(weight);
    if (!path) return path.error();
    auto font = load(*path, kSimplifiedChineseFace, pixelSize);
    if (!font || font->familyName() == kSimplifiedChineseFamily) return font;

    // A repackaged collection may order its faces differently: look for SC by name, so that
    // Chinese labels never silently get Japanese glyph forms.
    for (int index = 0; index < font->face_->num_faces; ++index) {
        auto other = load(*path, index, pixelSize);
        if (other && other->familyName() == kSimplifiedChineseFamily) return other;
    }
    return Error{"font file '" + *path + "' has no '" + kSimplifiedChineseFamily +
                 "' face; reinstall fonts-noto-cjk"};
}

std::string Font::familyName() const {
    return face_->family_name ? face_->family_name : "";
}

uint32_t Font::glyphIndex(char32_t codePoint) const {
    return FT_Get_Char_Index(face_.get(), static_cast<FT_ULong>(codePoint));
}

bool Font::hasKerning() const { return FT_HAS_KERNING(face_.get()); }

float Font::kerning(uint32_t leftGlyph, uint32_t rightGlyph) const {
    if (!hasKerning() || leftGlyph == 0 || rightGlyph == 0) return 0;
    FT_Vector delta{};
    // Unfitted: the layout keeps a fractional pen and snaps each glyph, so rounding here would
    // round twice.
    if (FT_Get_Kerning(face_.get(), leftGlyph, rightGlyph, FT_KERNING_UNFITTED, &delta) != 0) return 0;
    return fromFixed26(delta.x);
}

Result<GlyphBitmap> Font::rasterize(uint32_t glyphIndex) const {
    FT_Face face = face_.get();
    // Light hinting snaps only vertically: CJK strokes stay crisp at 14–16 px without the
    // horizontal distortion full hinting gives Latin text. Embedded bitmaps are skipped because
    // they exist only for some sizes and would make labels change style with size.
    const FT_Int32 flags = FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP;
    if (FT_Error error = FT_Load_Glyph(face, glyphIndex, flags))
        return Error{"font '" + path_ + "': cannot load glyph " + std::to_string(glyphIndex) + ": " +
                     describe(error)};
    if (FT_Error error = FT_Render_Glyph(face->glyph, FT_RENDER_MODE_LIGHT))
        return Error{"font '" + path_ + "': cannot render glyph " + std::to_string(glyphIndex) + ": " +
                     describe(error)};

    const FT_GlyphSlot slot = face->glyph;
    const FT_Bitmap& bitmap = slot->bitmap;
    GlyphBitmap out;
    out.width = static_cast<int>(bitmap.width);
    out.height = static_cast<int>(bitmap.rows);
    out.left = slot->bitmap_left;
    out.top = slot->bitmap_top;
    out.advance = fromFixed26(slot->advance.x);
    out.coverage.resize(static_cast<size_t>(out.width) * out.height);

    if (bitmap.pixel_mode != FT_PIXEL_MODE_GRAY && bitmap.pixel_mode != FT_PIXEL_MODE_MONO)
        return Error{"font '" + path_ + "': glyph " + std::to_string(glyphIndex) +
                     " rendered in an unsupported pixel mode " + std::to_string(bitmap.pixel_mode)};
    for (int y = 0; y < out.height; ++y) {
        // A negative pitch means rows are stored bottom-up with `buffer` at the bottom row, as
        // FreeType's own FT_Bitmap_Convert reads them; adding the pitch always moves one row down.
        const unsigned char* top = bitmap.buffer;
        if (bitmap.pitch < 0) top -= static_cast<ptrdiff_t>(bitmap.pitch) * (out.height - 1);
        const unsigned char* row = top + static_cast<ptrdiff_t>(y) * bitmap.pitch;
        uint8_t* dst = out.coverage.data() + static_cast<size_t>(y) * out.width;
        for (int x = 0; x < out.width; ++x) {
            if (bitmap.pixel_mode == FT_PIXEL_MODE_GRAY) {
                // num_grays is 256 for every rasterizer FreeType ships; scale in case it is not.
                dst[x] = static_cast<uint8_t>(row[x] * 255 / std::max(1, bitmap.num_grays - 1));
            } else {
                dst[x] = (row[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
            }
        }
    }
    return out;
}

}  // namespace gs
