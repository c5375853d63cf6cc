#include "core/color.hpp"

#include <cctype>
#include <string>

namespace gs {

std::optional<Rgba> parseColor(std::string_view text) {
    if ((text.size() != 7 && text.size() != 9) || text[0] != '#') return std::nullopt;
    float channels[4] = {0, 0, 0, 1};
    for (size_t i = 1, c = 0; i < text.size(); i += 2, ++c) {
        if (!std::isxdigit(static_cast<unsigned char>(text[i])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 1])))
            return std::nullopt;
        channels[c] = std::stoi(std::string(text.substr(i, 2)), nullptr, 16) / 255.0f;
    }
    return Rgba{channels[0], channels[1], channels[2], channels[3]};
}

}  // namespace gs
