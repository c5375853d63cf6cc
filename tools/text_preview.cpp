// Renders a few map labels with their halo into a PNG, on the CPU, to look at the glyph atlas
// without a GL context. Not part of the build; compile by hand from the repository root:
//
//   g++ -std=c++20 -O2 -Wall -Wextra -Iengine tools/text_preview.cpp engine/text/*.cpp
//       $(pkg-config --cflags --libs freetype2 libpng) -o /tmp/text_preview    (one line)
//   /tmp/text_preview /tmp/text_preview.png [zoom]
//
// Writes OUT (labels at 14, 18, 24 and 32 px over dark, mid and light fills, the way the label
// shader mixes them: halo colour by G, then text colour by R), OUT with "-zoom" (the same, enlarged
// with nearest sampling to see single pixels) and OUT with "-atlas" (the 32 px atlas: R white,
// halo-only texels grey).
#include <png.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "text/font.hpp"
#include "text/glyph_atlas.hpp"
#include "text/text_layout.hpp"

namespace {

struct Rgb {
    uint8_t r, g, b;
};

struct Image {
    int width, height;
    std::vector<Rgb> pixels;
    Image(int w, int h, Rgb fill) : width(w), height(h), pixels(static_cast<size_t>(w) * h, fill) {}
    Rgb& at(int x, int y) { return pixels[static_cast<size_t>(y) * width + x]; }
};

uint8_t mix(uint8_t from, uint8_t to, uint8_t amount) {
    return static_cast<uint8_t>((from * (255 - amount) + to * amount + 127) / 255);
}
Rgb mix(Rgb from, Rgb to, uint8_t amount) {
    return {mix(from.r, to.r, amount), mix(from.g, to.g, amount), mix(from.b, to.b, amount)};
}

bool writePng(const std::string& path, const Image& image) {
    FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return false;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(file);
        return false;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, image.width, image.height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < image.height; ++y) {
        const Rgb* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
        png_write_row(png, reinterpret_cast<png_const_bytep>(row));
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return std::fclose(file) == 0;
}

// What the label shader does per fragment, with 1:1 texel sampling (quads are pixel-aligned).
void drawLabel(Image& image, const gs::TextLayout& layout, const gs::GlyphAtlas& atlas, int anchorX,
               int anchorY, Rgb text, Rgb halo) {
    const auto& texels = atlas.pixels();
    for (const gs::GlyphQuad& q : layout.quads)
        for (int v = static_cast<int>(q.v0); v < static_cast<int>(q.v1); ++v)
            for (int u = static_cast<int>(q.u0); u < static_cast<int>(q.u1); ++u) {
                const int x = anchorX + static_cast<int>(q.x0) + (u - static_cast<int>(q.u0));
                const int y = anchorY + static_cast<int>(q.y0) + (v - static_cast<int>(q.v0));
                if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
                const size_t texel = static_cast<size_t>(v) * atlas.width() + u;
                const uint8_t* t = texels.data() + texel * gs::GlyphAtlas::kChannels;
                Rgb& px = image.at(x, y);
                px = mix(mix(px, halo, t[1]), text, t[0]);
            }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string out = argc > 1 ? argv[1] : "text_preview.png";
    const int zoom = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    // The last one is broken UTF-8, as a bad attribute would be: it shows the replacement glyph.
    const std::vector<std::string> labels = {"唐人街 Chinatown", "网格 G-07", "北滩 North Beach",
                                             "坏\xE7\xBD码 bad\xFF"};
    const std::vector<int> sizes = {14, 18, 24, 32};
    // Fills a grid map uses: the dark background, a choropleth mid blue, a pale YlOrRd class.
    const std::vector<Rgb> fills = {{0x0b, 0x12, 0x20}, {0x1e, 0x3a, 0x5f}, {0xff, 0xed, 0xa0}};
    const Rgb text{0xff, 0xff, 0xff}, halo{0x00, 0x00, 0x00};

    const int columnWidth = 300, rowGap = 12;
    int height = rowGap;
    for (int size : sizes) height += (size * 3 / 2 + rowGap) * static_cast<int>(labels.size());
    Image image(columnWidth * static_cast<int>(fills.size()), height, {0, 0, 0});
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) image.at(x, y) = fills[static_cast<size_t>(x / columnWidth)];

    gs::GlyphAtlas* largest = nullptr;
    std::vector<gs::GlyphAtlas> atlases;
    atlases.reserve(sizes.size());
    int y = rowGap;
    for (int size : sizes) {
        auto font = gs::Font::loadDefault(size);
        if (!font) {
            std::fprintf(stderr, "text_preview: %s\n", font.error().message.c_str());
            return 2;
        }
        gs::GlyphAtlas& atlas = atlases.emplace_back(std::move(font).value());
        largest = &atlas;
        for (const std::string& label : labels) {
            auto layout = gs::layoutText(label, atlas);
            if (!layout) {
                std::fprintf(stderr, "text_preview: %s\n", layout.error().message.c_str());
                return 1;
            }
            const int rowCentre = y + size * 3 / 4;
            for (size_t column = 0; column < fills.size(); ++column)
                drawLabel(image, *layout, atlas, static_cast<int>(column) * columnWidth + columnWidth / 2,
                          rowCentre, text, halo);
            std::printf("%2d px  %-22s advance %6.1f  box %.0fx%.0f\n", size, label.c_str(),
                        layout->advance, layout->box.width(), layout->box.height());
            y += size * 3 / 2 + rowGap;
        }
        std::printf("%2d px atlas: %dx%d, %zu glyphs, halo %.2f px\n", size, atlas.width(),
                    atlas.height(), atlas.glyphCount(), atlas.haloRadius());
    }

    Image zoomed(image.width * zoom, image.height * zoom, {0, 0, 0});
    for (int zy = 0; zy < zoomed.height; ++zy)
        for (int zx = 0; zx < zoomed.width; ++zx) zoomed.at(zx, zy) = image.at(zx / zoom, zy / zoom);

    Image atlasImage(largest->width(), largest->height(), {0, 0, 0});
    for (int ay = 0; ay < atlasImage.height; ++ay)
        for (int ax = 0; ax < atlasImage.width; ++ax) {
            const size_t texel = static_cast<size_t>(ay) * largest->width() + ax;
            const uint8_t* t = largest->pixels().data() + texel * gs::GlyphAtlas::kChannels;
            const uint8_t grey = static_cast<uint8_t>(std::max<int>(t[0], t[1] / 2));
            atlasImage.at(ax, ay) = {grey, grey, grey};
        }

    const std::string stem = out.size() > 4 && out.ends_with(".png") ? out.substr(0, out.size() - 4) : out;
    for (const auto& [path, picture] : {std::pair{out, &image}, std::pair{stem + "-zoom.png", &zoomed},
                                        std::pair{stem + "-atlas.png", &atlasImage}}) {
        if (!writePng(path, *picture)) {
            std::fprintf(stderr, "text_preview: cannot write '%s'\n", path.c_str());
            return 1;
        }
        std::printf("wrote %s (%dx%d)\n", path.c_str(), picture->width, picture->height);
    }
    return 0;
}
