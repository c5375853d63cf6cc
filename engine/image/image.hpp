// An RGBA8 image in memory: what the renderer reads back, what PNG files hold, what tests compare.
//
// Rows run top to bottom, as in PNG files. glReadPixels delivers rows bottom to top, so a snapshot
// calls flipVertically() once before encoding.
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace gs {

struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;  // width * height * 4 bytes

    static constexpr int kChannels = 4;

    // An image of the given size filled with one colour (opaque black unless told otherwise).
    static Image filled(int width, int height, uint8_t r = 0, uint8_t g = 0, uint8_t b = 0,
                        uint8_t a = 255) {
        assert(width >= 0 && height >= 0);
        Image image{width, height, {}};
        image.rgba.resize(size_t(width) * size_t(height) * kChannels);
        for (size_t i = 0; i < image.rgba.size(); i += kChannels) {
            image.rgba[i] = r;
            image.rgba[i + 1] = g;
            image.rgba[i + 2] = b;
            image.rgba[i + 3] = a;
        }
        return image;
    }

    bool empty() const { return width <= 0 || height <= 0; }
    size_t stride() const { return size_t(width) * kChannels; }
    // True when the pixel buffer matches the declared size (a programmer error otherwise).
    bool consistent() const {
        return width >= 0 && height >= 0 && rgba.size() == stride() * size_t(height);
    }

    uint8_t* row(int y) {
        assert(y >= 0 && y < height);
        return rgba.data() + stride() * size_t(y);
    }
    const uint8_t* row(int y) const {
        assert(y >= 0 && y < height);
        return rgba.data() + stride() * size_t(y);
    }

    // The four bytes (r, g, b, a) of pixel (x, y); y counts from the top.
    uint8_t* pixel(int x, int y) {
        assert(x >= 0 && x < width);
        return row(y) + size_t(x) * kChannels;
    }
    const uint8_t* pixel(int x, int y) const {
        assert(x >= 0 && x < width);
        return row(y) + size_t(x) * kChannels;
    }

    void setPixel(int x, int y, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
        uint8_t* p = pixel(x, y);
        p[0] = r;
        p[1] = g;
        p[2] = b;
        p[3] = a;
    }

    // Every alpha is 255: the PNG writer may then drop the alpha channel. Runs before every
    // snapshot encode, so it tests two pixels per 64-bit word, a block at a time (vectorisable).
    bool isOpaque() const {
        constexpr uint64_t kAlpha = std::endian::native == std::endian::little
                                        ? 0xff000000ff000000ull : 0x000000ff000000ffull;
        constexpr size_t kBlock = 4096;  // bytes tested before each early exit
        size_t i = 0;
        while (i + 8 <= rgba.size()) {
            const size_t end = std::min(rgba.size() & ~size_t(7), i + kBlock);
            uint64_t all = kAlpha;
            for (; i < end; i += 8) {
                uint64_t word;
                std::memcpy(&word, rgba.data() + i, 8);
                all &= word;
            }
            if ((all & kAlpha) != kAlpha) return false;
        }
        return i == rgba.size() || rgba[i + 3] == 255;  // an odd pixel count leaves one pixel
    }

    // Reverses the row order in place (GL reads bottom-up, PNG stores top-down).
    void flipVertically() {
        assert(consistent());
        const size_t bytes = stride();
        for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom)
            std::swap_ranges(row(top), row(top) + bytes, row(bottom));
    }

    friend bool operator==(const Image&, const Image&) = default;
};

}  // namespace gs
