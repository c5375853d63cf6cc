#include "style/palette.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "assets/assets.hpp"
#include "core/color.hpp"

namespace gs {

namespace {

struct Ramp {
    std::string name;
    std::vector<Rgba> stops;  // low to high
};

// assets/palettes.json: {"palettes": [{"name": "YlOrRd", "stops": ["#ffffcc", ...]}, ...]}.
Result<std::vector<Ramp>> readRamps() {
    return assets::read<std::vector<Ramp>>(
        "palettes.json", "the palettes", {"palettes"}, [](const config::Object& root, std::vector<Ramp>& out) {
            root.array("palettes", "palettes", true, true, [&](const config::Json& json, const std::string& path) {
                const config::Object p(root.context(), &json, path, {"name", "stops"});
                Ramp ramp;
                p.string("name", ramp.name, true);
                std::vector<std::string> stops;
                p.strings("stops", stops, true);
                if (!p.context().ok()) return;
                if (stops.size() < 2) return p.fail("stops", "a palette needs at least 2 colours");
                for (std::size_t i = 0; i < stops.size(); ++i) {
                    auto c = parseColor(stops[i]);
                    if (!c)
                        return p.context().fail(p.at("stops") + "[" + std::to_string(i) + "]",
                                                "\"" + stops[i] + "\" is not a colour (use \"#rrggbb\")");
                    ramp.stops.push_back({c->r, c->g, c->b, 1.0f});
                }
                for (const Ramp& r : out)
                    if (r.name == ramp.name) return p.fail("name", "\"" + ramp.name + "\" is named twice");
                out.push_back(std::move(ramp));
            });
        });
}

const Result<std::vector<Ramp>>& rampsResult() {
    static const Result<std::vector<Ramp>> r = readRamps();
    return r;
}

const std::vector<Ramp>& ramps() {
    if (!rampsResult()) assets::fail(rampsResult().error());
    return rampsResult().value();
}

Rgba fromHex(uint32_t v) {
    return {((v >> 16) & 255) / 255.0f, ((v >> 8) & 255) / 255.0f, (v & 255) / 255.0f, 1.0f};
}

}  // namespace

Status loadPalettes() {
    if (!rampsResult()) return rampsResult().error();
    return {};
}

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
        const Rgba a = stops[i], b = stops[i + 1];
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
