// PNG files: a fast parallel writer for snapshots and a libpng reader for tests.
//
// Writing a 3840x2160 snapshot is on the benchmark path, and libpng's defaults (zlib level 6,
// five trial filters per row, one thread) spend most of a second on it. The writer here builds the
// PNG container itself, picks a cheap filter per row, and deflates bands of rows on all hardware
// threads at a low zlib level; the bands join into one valid zlib stream (see png.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "image/image.hpp"

namespace gs {

enum class PngColor {
    Auto,  // RGB when every pixel is opaque (a quarter less to compress), RGBA otherwise
    Rgba,  // always keep the alpha channel
    Rgb,   // always drop the alpha channel, even where pixels are translucent
};

struct PngOptions {
    // zlib level 0-9. Level 1 on filtered map images is several times faster than level 6 for
    // files only slightly larger.
    int level = 1;
    // Bands compressed in parallel; 0 = one per hardware thread (at least 2), skipping the extra
    // threads for images too small to be worth it. Any other value is used as given (capped at
    // the number of rows), so tests can force a multi-band stream on a small image.
    int threads = 0;
    PngColor color = PngColor::Auto;
    // Rows per band when encoding from a row reader; 0 = about 4 MB of pixels per band.
    int streamBandRows = 0;
};

// Encodes to memory. Fails only for an empty or inconsistent image or a zlib failure.
Result<std::vector<uint8_t>> encodePng(const Image& image, const PngOptions& options = {});

// Encodes and writes a file; errors name the path.
Status writePng(const std::string& path, const Image& image, const PngOptions& options = {});

// Fills rows [y0, y1) of the picture, top row first, as RGBA8 with width * 4 bytes per row.
using PngRowReader = std::function<Status(int y0, int y1, uint8_t* rgba)>;

// Encodes a picture read band by band (a few megabytes at a time) instead of from a whole Image:
// a snapshot reads its framebuffer straight into the encoder, so the 4K picture never exists
// twice. The calling thread reads; compression of one band overlaps the reading of the next.
// With PngColor::Auto the alpha channel is kept (the pixels are not all known in advance).
Result<std::vector<uint8_t>> encodePngRows(int width, int height, const PngRowReader& read,
                                           const PngOptions& options = {});
Status writePngRows(const std::string& path, int width, int height, const PngRowReader& read,
                    const PngOptions& options = {});

// Decodes any PNG (palette, grey, 16-bit, interlaced, with or without alpha) to RGBA8. Colour
// values are kept exactly as stored: no gamma or colour-profile conversion, so tests compare the
// bytes that were written. `name` only labels error messages.
Result<Image> decodePng(const uint8_t* data, size_t size, const std::string& name = "PNG data");

// Reads a file with decodePng; errors name the path.
Result<Image> readPng(const std::string& path);

}  // namespace gs
