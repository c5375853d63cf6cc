// isConnectionString (declared in vector_source.hpp) lives apart from vector_source.cpp: it is
// plain text, and the scene config's parser needs it without GDAL (the libFuzzer target
// fuzz_config links the parsers alone, tests/fuzz.cmake).
#include <algorithm>
#include <cctype>

#include "source/vector_source.hpp"

namespace gs {

bool isConnectionString(std::string_view source) {
    if (source.starts_with("/vsi")) return true;
    // "PG:...", "WFS:...", "https://...": a driver or scheme prefix of two or more word characters
    // (one letter would be a Windows drive).
    const size_t colon = source.find(':');
    if (colon == std::string_view::npos || colon < 2) return false;
    return std::all_of(source.begin(), source.begin() + colon,
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string gdalPath(const std::string& s) {
    if (s.size() > 3 && s.compare(s.size() - 3, 3, ".gz") == 0 && !isConnectionString(s)) return "/vsigzip/" + s;
    return s;
}

}  // namespace gs
