// Sequential and diverging colour ramps for choropleths (assets/palettes.json), sampled into as
// many classes as needed.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

// The ramps are assets/palettes.json (YlOrRd, Blues, Greens, Purples, Viridis, Magma, Cividis,
// RdYlGn, Spectral), read on first use; loadPalettes() reads them at start and reports a bad file.
Status loadPalettes();
Result<std::vector<Rgba>> paletteColors(const std::string& name, int classes);
std::vector<std::string> paletteNames();

Rgba parseHexColor(const std::string& text, bool* ok = nullptr);
std::string toHexColor(Rgba c);
uint32_t packRgba8(Rgba c);  // bytes R,G,B,A in memory order, for GL_RGBA/GL_UNSIGNED_BYTE

}  // namespace gs
