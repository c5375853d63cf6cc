// Small text helpers the CSV import's parts share: fields are compared trimmed, and a value is
// quoted in messages cut to a length a person reads on one line.
#pragma once

#include <string>
#include <string_view>

namespace gs::import_text {

inline std::string_view trim(std::string_view s) {
    const char* ws = " \t\r\n";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// "text" cut to 60 bytes, for messages.
inline std::string shown(std::string_view s) {
    std::string text(s.substr(0, 60));
    return "\"" + text + (s.size() > 60 ? "...\"" : "\"");
}

}  // namespace gs::import_text
