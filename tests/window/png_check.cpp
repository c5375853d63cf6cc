// window_png_check F.png [WIDTH HEIGHT]: exit 0 when the picture exists, has the given size and
// shows a real frame (many colours, not one cleared background); 1 otherwise, with the reason.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "image/png.hpp"

int main(int argc, char** argv) {
    if (argc != 2 && argc != 4) {
        std::fprintf(stderr, "usage: window_png_check F.png [WIDTH HEIGHT]\n");
        return 2;
    }
    auto image = gs::readPng(argv[1]);
    if (!image) {
        std::fprintf(stderr, "window_png_check: %s\n", image.error().message.c_str());
        return 1;
    }
    if (argc == 4 && (image->width != std::atoi(argv[2]) || image->height != std::atoi(argv[3]))) {
        std::fprintf(stderr, "window_png_check: %s is %dx%d, expected %sx%s\n", argv[1], image->width,
                     image->height, argv[2], argv[3]);
        return 1;
    }
    // A map with panels, labels and antialiased edges has hundreds of colours; a window that drew
    // nothing but its background has one or two.
    constexpr size_t kMinColours = 32;
    std::unordered_set<uint32_t> colours;
    for (size_t i = 0; i < image->rgba.size() && colours.size() < kMinColours; i += 4) {
        uint32_t c;
        std::memcpy(&c, &image->rgba[i], 4);
        colours.insert(c);
    }
    std::printf("%s: %dx%d, %s%zu colours\n", argv[1], image->width, image->height,
                colours.size() >= kMinColours ? "at least " : "", colours.size());
    return colours.size() >= kMinColours ? 0 : 1;
}
