#include "style/palette.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace gs {

namespace {

struct Ramp {
    const char* name;
    std::vector<uint32_t> stops;  // 0xRRGGBB, low to high
};

// Ramps as a few hand-picked stops, interpolated; dark-background friendly at their high ends.
const std::vector<Ramp>& ramps() {
    static const std::vector<Ramp> r = {
        {"YlOrRd", {0xffffcc, 0xfed976, 0xfd8d3c, 0xe31a1c, 0x800026}},
        {"Blues", {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c}},
        {"Greens", {0xedf8e9, 0xbae4b3, 0x74c476, 0x31a354, 0x006d2c}},
        {"Purples", {0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x756bb1, 0x54278f}},
        {"Viridis", {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725}},
        {"Magma", {0x000004, 0x51127c, 0xb73779, 0xfc8961, 0xfcfdbf}},
        {"Cividis", {0x00204c, 0x414d6b, 0x7c7b78, 0xbcaf6f, 0xffea46}},
        {"RdYlGn", {0xd7191c, 0xfdae61, 0xffffbf, 0xa6d96a, 0x1a9641}},
        {"Spectral", {0xd7191c, 0xfdae61, 0xffffbf, 0xabdda4, 0x2b83ba}},
    };
    return r;
}

Rgba fromHex(uint32_t v) {
    return {((v >> 16) & 255) / 255.0f, ((v >> 8) & 255) / 255.0f, (v & 255) / 255.0f, 1.0f};
}

}  // namespace

std::vector<std::string> paletteNames() {
    std::vector<std::string> names;
    for (const auto& r : ramps()) names.push_back(r.name);
    return names;
}

Result<std::vector<Rgba>> paletteColors(const std::string& name, int classes) {
    auto it = std::find_if(ramps().begin(), ramps().end(),
                           [&](const Ramp& r) { return name == r.name; });
    if (it == ramps().end()) {
        std::string known;
        for (const auto& n : paletteNames()) known += (known.empty() ? "" : ", ") + n;
        return Error{"unknown palette \"" + name + "\" (known: " + known + ")"};
    }
    std::vector<Rgba> out;
    const auto& stops = it->stops;
    for (int k = 0; k < classes; ++k) {
        double t = classes == 1 ? 1.0 : double(k) / (classes - 1);
        double pos = t * (stops.size() - 1);
        size_t i = std::min(stops.size() - 2, size_t(pos));
        double f = pos - i;
        Rgba a = fromHex(stops[i]), b = fromHex(stops[i + 1]);
        out.push_back({float(a.r + (b.r - a.r) * f), float(a.g + (b.g - a.g) * f),
                       float(a.b + (b.b - a.b) * f), 1.0f});
    }
    return out;
}

Rgba parseHexColor(const std::string& text, bool* ok) {
    unsigned v = 0;
    bool good = (text.size() == 7 || text.size() == 9) && text[0] == '#';
    for (size_t i = 1; good && i < text.size(); ++i) good = std::isxdigit(unsigned(text[i])) != 0;
    if (good) v = unsigned(std::stoul(text.substr(1), nullptr, 16));
    if (ok) *ok = good;
    if (!good) return {};
    if (text.size() == 7) return fromHex(v);
    return {((v >> 24) & 255) / 255.0f, ((v >> 16) & 255) / 255.0f, ((v >> 8) & 255) / 255.0f,
            (v & 255) / 255.0f};
}

std::string toHexColor(Rgba c) {
    auto b = [](float x) { return int(std::lround(std::clamp(x, 0.0f, 1.0f) * 255)); };
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", b(c.r), b(c.g), b(c.b), b(c.a));
    return buf;
}

uint32_t packRgba8(Rgba c) {
    auto b = [](float x) { return uint32_t(std::lround(std::clamp(x, 0.0f, 1.0f) * 255)); };
    return b(c.r) | (b(c.g) << 8) | (b(c.b) << 16) | (b(c.a) << 24);
}

}  // namespace gs
