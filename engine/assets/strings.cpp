#include "assets/strings.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

#include "assets/assets.hpp"
#include "config/checker.hpp"

namespace gs {

namespace {

using Json = config::Json;
using Texts = std::map<std::string, std::string, std::less<>>;

struct Tables {
    std::array<Texts, 2> texts;  // by Lang
};

constexpr std::array<const char*, 2> kCodes = {"zh", "en"};

std::string tableFile(Lang lang) { return std::string("strings/") + kCodes[std::size_t(lang)] + ".json"; }

bool isKeyName(std::string_view key) {
    if (key.empty()) return false;
    for (char c : key)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

// A group of the table: an object whose values are texts or groups; keys join with '.'.
void readGroup(config::Context& ctx, const Json& json, const std::string& path, Texts& out) {
    config::Object::Keys keys;
    if (json.is_object())
        for (const auto& item : json.items()) keys.push_back(item.key());
    const config::Object group(ctx, &json, path, keys);
    if (!group.present()) return;
    if (keys.empty()) return group.fail("", "an empty group");
    for (const std::string& key : keys) {
        if (!ctx.ok()) return;
        if (!isKeyName(key)) return group.fail(key, "a key is letters, digits and '_'");
        const Json& value = json[key];
        if (value.is_object()) {
            readGroup(ctx, value, group.at(key), out);
        } else {
            std::string text;
            group.string(key.c_str(), text, true);
            if (ctx.ok()) out.emplace(group.at(key), std::move(text));
        }
    }
}

Result<Texts> readTable(Lang lang) {
    const std::filesystem::path file = assets::path(tableFile(lang));
    auto text = config::readText(file, "the string table");
    if (!text) return text.error();
    auto json = config::parseJson(*text, file.string());
    if (!json) return json.error();
    config::Context ctx{file.string(), file.parent_path(), std::nullopt};
    Texts texts;
    readGroup(ctx, *json, "", texts);
    if (ctx.error) return *ctx.error;
    return texts;
}

// The values a text takes: its printf conversions in order ("%.1f" -> "f", "%llu" -> "llu"; "%%"
// takes none), then its named fields ("{year}"), which each language orders as its grammar wants.
std::vector<std::string> takes(std::string_view text) {
    std::vector<std::string> out, fields;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            const std::size_t end = text.find('}', i);
            if (end != std::string_view::npos) fields.push_back(std::string(text.substr(i, end - i + 1)));
            continue;
        }
        if (text[i] != '%') continue;
        std::size_t j = i + 1;
        if (j < text.size() && text[j] == '%') {
            i = j;
            continue;
        }
        while (j < text.size() && std::string_view("-+ #0").find(text[j]) != std::string_view::npos) ++j;
        while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '*' || text[j] == '.')) ++j;
        const std::size_t length = j;
        while (j < text.size() && std::string_view("hljztL").find(text[j]) != std::string_view::npos) ++j;
        if (j < text.size()) out.push_back(std::string(text.substr(length, j - length + 1)));
        i = j;
    }
    std::sort(fields.begin(), fields.end());
    out.insert(out.end(), fields.begin(), fields.end());
    return out;
}

std::string list(const std::vector<std::string>& values) {
    if (values.empty()) return "nothing";
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : " ") + (v.front() == '{' ? v : "%" + v);
    return out;
}

Result<Tables> readTables() {
    Tables t;
    for (Lang lang : {Lang::Zh, Lang::En}) {
        auto texts = readTable(lang);
        if (!texts) return texts.error();
        t.texts[std::size_t(lang)] = std::move(*texts);
    }
    // Both languages hold every key, and each key's texts take the same values in the same order
    // (a format with a value too few would read past its arguments).
    const Texts& zh = t.texts[0];
    const Texts& en = t.texts[1];
    for (Lang lang : {Lang::Zh, Lang::En}) {
        const Texts& mine = t.texts[std::size_t(lang)];
        const Texts& other = t.texts[1 - std::size_t(lang)];
        for (const auto& [key, text] : other)
            if (!mine.contains(key))
                return Error{assets::path(tableFile(lang)).string() + ": " + key + ": missing (" +
                             tableFile(lang == Lang::Zh ? Lang::En : Lang::Zh) + " has it)"};
    }
    for (const auto& [key, text] : zh) {
        const auto a = takes(text), b = takes(en.at(key));
        if (a != b)
            return Error{assets::path(tableFile(Lang::En)).string() + ": " + key + ": takes " + list(b) + " but " +
                         tableFile(Lang::Zh) + " takes " + list(a) + " (both languages take the same values in the same order)"};
    }
    return t;
}

const Result<Tables>& tablesResult() {
    static const Result<Tables> tables = readTables();
    return tables;
}

const Tables& tables() {
    const Result<Tables>& t = tablesResult();
    if (!t) assets::fail(t.error());
    return t.value();
}

// "{year}年{month}月" with the fields filled in.
std::string fillFields(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string>> fields) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            const std::size_t end = text.find('}', i);
            if (end != std::string_view::npos) {
                const std::string_view name = text.substr(i + 1, end - i - 1);
                for (const auto& [n, value] : fields)
                    if (n == name) {
                        out += value;
                        break;
                    }
                i = end;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

constexpr std::array<const char*, 6> kStatusKeys = {"issue_status.reported", "issue_status.assigned",
                                                    "issue_status.in_progress", "issue_status.resolved",
                                                    "issue_status.closed", "issue_status.cancelled"};

}  // namespace

std::optional<Lang> parseLang(std::string_view code) {
    if (code == "zh" || code == "zh-CN" || code == "zh_CN") return Lang::Zh;
    if (code == "en" || code == "en-US" || code == "en_US" || code == "en-GB") return Lang::En;
    return std::nullopt;
}

std::string_view langCode(Lang lang) { return kCodes[std::size_t(lang)]; }

Status loadStrings() {
    const Result<Tables>& t = tablesResult();
    if (!t) return t.error();
    return {};
}

std::optional<std::string_view> findText(Lang lang, std::string_view key) {
    const Texts& texts = tables().texts[std::size_t(lang)];
    if (auto it = texts.find(key); it != texts.end()) return std::string_view(it->second);
    return std::nullopt;
}

std::string_view tr(Lang lang, std::string_view key) {
    if (auto text = findText(lang, key)) return *text;
    assert(!"a key the string table does not have");
    // Release builds show the key (kept here so that the view stays valid and NUL-terminated).
    static std::mutex mutex;
    static std::set<std::string, std::less<>> missing;
    std::lock_guard<std::mutex> lock(mutex);
    return *missing.emplace(key).first;
}

std::vector<std::string_view> allTexts(Lang lang) {
    std::vector<std::string_view> out;
    for (const auto& [key, text] : tables().texts[std::size_t(lang)]) out.push_back(text);
    return out;
}

std::string_view statusName(Lang lang, std::uint8_t s) {
    if (s >= kStatusKeys.size()) return "?";
    return tr(lang, kStatusKeys[s]);
}

std::string categoryName(Lang lang, std::string_view key) {
    if (key.empty()) key = "other";
    if (auto text = findText(lang, "category." + std::string(key))) return std::string(*text);
    return std::string(key);
}

std::string formatCount(long long n) {
    // Unsigned magnitude: -LLONG_MIN does not fit a long long.
    const unsigned long long magnitude = n < 0 ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    std::string digits = std::to_string(magnitude), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string formatPercent(double f) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", f * 100.0);
    return b;
}

std::string formatHours(Lang lang, double hours) {
    if (hours < 1.0) return trFormat(lang, "format.minutes", hours * 60.0);
    return trFormat(lang, "format.hours", hours);
}

std::string formatDelta(double d, bool points) {
    char b[48];
    const double r = std::round(d);
    if (r == 0) std::snprintf(b, sizeof b, "±0%s", points ? " pt" : "");
    else std::snprintf(b, sizeof b, "%s%s%s", r > 0 ? "+" : "−", formatCount(std::llabs((long long)r)).c_str(),
                       points ? " pt" : "");
    return b;
}

namespace {

struct LocalTime {
    int year, month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

LocalTime localTime(std::int64_t utcMs, int offsetMinutes) {
    const std::int64_t s = (utcMs >= 0 ? utcMs / 1000 : (utcMs - 999) / 1000) + std::int64_t(offsetMinutes) * 60;
    std::int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    const std::int64_t secs = s - days * 86400;
    LocalTime t{};
    t.hour = int(secs / 3600), t.minute = int(secs / 60 % 60), t.second = int(secs % 60);
    t.weekday = int(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    t.day = int(doy - (153 * mp + 2) / 5 + 1);
    t.month = int(mp < 10 ? mp + 3 : mp - 9);
    t.year = int(std::int64_t(yoe) + era * 400 + (t.month <= 2 ? 1 : 0));
    return t;
}

}  // namespace

std::string formatClock(std::int64_t utcMs, int offsetMinutes, bool seconds) {
    const LocalTime t = localTime(utcMs, offsetMinutes);
    char b[16];
    if (seconds) std::snprintf(b, sizeof b, "%02d:%02d:%02d", t.hour, t.minute, t.second);
    else std::snprintf(b, sizeof b, "%02d:%02d", t.hour, t.minute);
    return b;
}

std::string formatDate(Lang lang, std::int64_t utcMs, int offsetMinutes) {
    static constexpr const char* kDays[] = {"weekday.sun", "weekday.mon", "weekday.tue", "weekday.wed",
                                            "weekday.thu", "weekday.fri", "weekday.sat"};
    static constexpr const char* kMonths[] = {"month.jan", "month.feb", "month.mar", "month.apr",
                                              "month.may", "month.jun", "month.jul", "month.aug",
                                              "month.sep", "month.oct", "month.nov", "month.dec"};
    const LocalTime t = localTime(utcMs, offsetMinutes);
    return fillFields(tr(lang, "format.date"), {{"year", std::to_string(t.year)},
                                                {"month", std::string(tr(lang, kMonths[t.month - 1]))},
                                                {"day", std::to_string(t.day)},
                                                {"weekday", std::string(tr(lang, kDays[t.weekday]))}});
}

std::string formatDuration(Lang lang, double seconds) {
    if (seconds < 90) return trFormat(lang, "format.seconds", seconds);
    if (seconds < 5400) return trFormat(lang, "format.minutes", seconds / 60);
    if (seconds < 2 * 86400) return trFormat(lang, "format.hours", seconds / 3600);
    return trFormat(lang, "format.days", seconds / 86400);
}

}  // namespace gs
