// Small writers of JSON text for engine/live: the parser's copy of unknown properties, and values
// quoted in rejection messages.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

namespace gs {

template <class T>
void appendJsonInteger(std::string& out, T value) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

// `s` (UTF-8) as a JSON string: quotes, backslashes and control characters escaped.
inline void appendJsonString(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u < 0x20) {
            out.append("\\u00");
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

// A value quoted for a human message, cut to about `maxBytes` without splitting a UTF-8 character.
inline std::string quotedForMessage(std::string_view s, std::size_t maxBytes = 80) {
    std::size_t cut = s.size();
    if (cut > maxBytes) {
        cut = maxBytes;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string out = "\"";
    out.append(s.substr(0, cut));
    if (cut < s.size()) out += "...";
    return out + "\"";
}

}  // namespace gs
