// Pixels of the bound read framebuffer, for the tests that compare two ways of drawing a picture.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <string>

#include "image/png.hpp"
#include "render/gl.hpp"

namespace gs::test {

// The bound read framebuffer's w x h pixels, RGBA, GL rows (bottom first).
inline std::vector<std::uint8_t> readBoundPixels(int w, int h) {
    std::vector<std::uint8_t> px(std::size_t(w) * std::size_t(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    return px;
}

// How many pixels differ in any channel (all of them when the sizes differ).
inline std::size_t differingPixels(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    if (a.size() != b.size()) return std::max(a.size(), b.size()) / 4;
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); i += 4)
        n += a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2] || a[i + 3] != b[i + 3];
    return n;
}

// Mean absolute difference of two w x h pictures' 8 x 8 block averages, per channel (r, g, b;
// 0..255): what a viewer across the room resolves of features a few pixels across. w and h are
// multiples of 8.
inline double blockDifference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, int w, int h) {
    double total = 0;
    int blocks = 0;
    for (int by = 0; by < h; by += 8)
        for (int bx = 0; bx < w; bx += 8, ++blocks)
            for (int c = 0; c < 3; ++c) {
                double sa = 0, sb = 0;
                for (int y = by; y < by + 8; ++y)
                    for (int x = bx; x < bx + 8; ++x) {
                        sa += a[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4 + std::size_t(c)];
                        sb += b[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4 + std::size_t(c)];
                    }
                total += (sa > sb ? sa - sb : sb - sa) / 64.0;
            }
    return total / (3.0 * blocks);
}

// Writes GL-ordered pixels (rows bottom first, as readBoundPixels returns them) as a PNG, to look at.
inline bool writeGlPixelsPng(const std::string& path, const std::vector<std::uint8_t>& px, int w, int h) {
    Image image;
    image.width = w;
    image.height = h;
    image.rgba.resize(px.size());
    for (int y = 0; y < h; ++y)  // GL rows run bottom-up
        std::copy_n(px.begin() + std::ptrdiff_t(std::size_t(h - 1 - y) * std::size_t(w) * 4), std::size_t(w) * 4,
                    image.rgba.begin() + std::ptrdiff_t(std::size_t(y) * std::size_t(w) * 4));
    return writePng(path, image).ok();
}

}  // namespace gs::test
