// Sequential and diverging colour ramps for choropleths, sampled into as many classes as needed.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

// Known names: YlOrRd, Blues, Greens, Purples, Viridis, Magma, RdYlGn, Spectral, Cividis.
Result<std::vector<Rgba>> paletteColors(const std::string& name, int classes);
std::vector<std::string> paletteNames();

Rgba parseHexColor(const std::string& text, bool* ok = nullptr);
std::string toHexColor(Rgba c);
uint32_t packRgba8(Rgba c);  // bytes R,G,B,A in memory order, for GL_RGBA/GL_UNSIGNED_BYTE

}  // namespace gs
