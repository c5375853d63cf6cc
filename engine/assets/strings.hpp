// Every string gridscope shows on a screen (the map window, the wall, the map's legend and labels),
// in one table per language: assets/strings/zh.json (the default) and en.json, read once through
// the checker. Keys are "group.name" ("feed.title", "legend.overdue"); both tables must hold the
// same keys, none empty, with the same printf conversions in the same order (the loader checks; so
// does tests/strings/check_strings.py, which also fails on a literal that reaches the screen
// without the table). Also the locale's number, time and date formats.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace gs {

enum class Lang { Zh, En };

// "zh", "zh-CN", "zh_CN"; "en", "en-US", "en_US", "en-GB".
std::optional<Lang> parseLang(std::string_view code);
std::string_view langCode(Lang lang);  // "zh", "en"

// Reads both tables (once; later calls return the first outcome). main() calls it at start so a
// bad table is one line naming the file and key; without that the first lookup loads them and
// a failure ends the program with that line (assets::fail).
Status loadStrings();

// The text of `key`. Its data() is NUL-terminated and may be given to printf-style calls as the
// format: the loader has checked that both languages take the same arguments. An unknown key is
// a programmer error (the string test catches literal keys); it shows as the key itself.
std::string_view tr(Lang lang, std::string_view key);
// The text of `key` if the table has it (keys made from codes: "reason." + a reject reason).
std::optional<std::string_view> findText(Lang lang, std::string_view key);
// A key's format filled in (snprintf).
template <class... Args>
std::string trFormat(Lang lang, std::string_view key, Args... args) {
    const char* format = tr(lang, key).data();
    const int n = std::snprintf(nullptr, 0, format, args...);
    if (n <= 0) return {};
    std::string out(std::size_t(n) + 1, '\0');
    std::snprintf(out.data(), out.size(), format, args...);
    out.resize(std::size_t(n));
    return out;
}
// Every string of a language (the window's font is built to hold each of their characters).
std::vector<std::string_view> allTexts(Lang lang);

// Issue status by its number (reported, assigned, ...; "?" past the end), a feed category by its
// key ("" is "other"; an unknown key is shown as sent).
std::string_view statusName(Lang lang, std::uint8_t issueStatus);
std::string categoryName(Lang lang, std::string_view key);

// 12,345 (both locales group by thousands with commas).
std::string formatCount(long long n);
// "82%"; "3.4 小时" / "3.4 h"; "45 分钟" / "45 min" under an hour.
std::string formatPercent(double fraction);
std::string formatHours(Lang lang, double hours);
// A signed change: "+12", "−3", "±0"; percent points for rates ("+4 pt").
std::string formatDelta(double delta, bool percentPoints = false);
// Local wall-clock time and date at the given UTC offset.
std::string formatClock(std::int64_t utcMs, int utcOffsetMinutes, bool seconds = true);
std::string formatDate(Lang lang, std::int64_t utcMs, int utcOffsetMinutes);
// "12 秒" / "12 s", "3 分钟" / "3 min", "2 小时" / "2 h".
std::string formatDuration(Lang lang, double seconds);

}  // namespace gs
