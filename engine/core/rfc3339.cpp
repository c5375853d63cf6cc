#include "core/rfc3339.hpp"

#include <cstdio>

namespace gs {
namespace {

// Reads exactly `count` ASCII digits at `pos`; false if any is not a digit.
bool readDigits(std::string_view s, size_t pos, int count, int& value) {
    if (pos + size_t(count) > s.size()) return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const unsigned d = unsigned(s[pos + size_t(i)]) - unsigned('0');
        if (d > 9) return false;
        v = v * 10 + int(d);
    }
    value = v;
    return true;
}

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

}  // namespace

std::int64_t daysFromCivil(int year, int month, int day) {
    const std::int64_t y = std::int64_t(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = floorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;                                        // [0, 399]
    const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                // [0, 146096]
    return era * 146097 + doe - 719468;
}

void civilFromDays(std::int64_t days, int& year, int& month, int& day) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    day = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::optional<std::int64_t> parseRfc3339(std::string_view s) {
    // Fixed part: YYYY-MM-DDTHH:MM:SS (19 characters).
    int year, month, day, hour, minute, second;
    if (s.size() < 20) return std::nullopt;
    if (!readDigits(s, 0, 4, year) || s[4] != '-' || !readDigits(s, 5, 2, month) || s[7] != '-' ||
        !readDigits(s, 8, 2, day))
        return std::nullopt;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
    if (!readDigits(s, 11, 2, hour) || s[13] != ':' || !readDigits(s, 14, 2, minute) || s[16] != ':' ||
        !readDigits(s, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;

    size_t pos = 19;
    int millis = 0;
    if (s[pos] == '.') {
        ++pos;
        const size_t first = pos;
        int scale = 100;
        while (pos < s.size() && unsigned(s[pos]) - unsigned('0') <= 9) {
            millis += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == first) return std::nullopt;  // "." needs at least one digit
    }
    if (pos >= s.size()) return std::nullopt;  // the offset is mandatory

    int offsetMinutes = 0;
    const char o = s[pos];
    if (o == 'Z' || o == 'z') {
        ++pos;
    } else if (o == '+' || o == '-') {
        int oh, om;
        if (!readDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !readDigits(s, pos + 4, 2, om))
            return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offsetMinutes = (oh * 60 + om) * (o == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;

    const std::int64_t days = daysFromCivil(year, month, day);
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    return (seconds - std::int64_t(offsetMinutes) * 60) * kMillisPerSecond + millis;
}

std::string formatRfc3339(std::int64_t epochMs, int offsetMinutes) {
    const std::int64_t local = epochMs + std::int64_t(offsetMinutes) * kMillisPerMinute;
    const std::int64_t days = floorDiv(local, kMillisPerDay);
    const std::int64_t inDay = local - days * kMillisPerDay;
    int year, month, day;
    civilFromDays(days, year, month, day);
    const int ms = int(inDay % 1000);
    const int secs = int(inDay / 1000);
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, secs / 3600,
                          secs / 60 % 60, secs % 60);
    if (ms != 0) n += std::snprintf(buf + n, sizeof buf - size_t(n), ".%03d", ms);
    if (offsetMinutes == 0) {
        std::snprintf(buf + n, sizeof buf - size_t(n), "Z");
    } else {
        const int a = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
        std::snprintf(buf + n, sizeof buf - size_t(n), "%c%02d:%02d", offsetMinutes < 0 ? '-' : '+', a / 60,
                      a % 60);
    }
    return buf;
}

std::int64_t localDayStart(std::int64_t epochMs, int offsetMinutes) {
    const std::int64_t offset = std::int64_t(offsetMinutes) * kMillisPerMinute;
    return floorDiv(epochMs + offset, kMillisPerDay) * kMillisPerDay - offset;
}

}  // namespace gs
