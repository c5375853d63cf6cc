// Colours as users write them in configuration files.
#pragma once

#include <optional>
#include <string_view>

#include "core/types.hpp"

namespace gs {

// "#rrggbb" or "#rrggbbaa" (hex digits in either case).
std::optional<Rgba> parseColor(std::string_view text);

}  // namespace gs
