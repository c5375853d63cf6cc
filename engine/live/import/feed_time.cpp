#include "live/import/feed_time.hpp"

#include <date/date.h>

#include <cmath>

#include "core/rfc3339.hpp"
#include "live/import/import_text.hpp"

namespace gs {

namespace {

using import_text::shown;

struct TimeFields {
    int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0, millis = 0;
    std::optional<int> offset;
};

// Reads a text left to right against a format; every read takes a bounded number of digits, so no
// field can overflow whatever the text.
class TimeScanner {
public:
    explicit TimeScanner(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool expect(char c) { return !done() && peek() == c ? (++i_, true) : false; }
    bool number(int& out, size_t minDigits, size_t maxDigits) {
        size_t n = 0;
        out = 0;
        while (n < maxDigits && !done() && s_[i_] >= '0' && s_[i_] <= '9') out = out * 10 + (s_[i_++] - '0'), ++n;
        return n >= minDigits;
    }
    // Seconds with an optional fraction, kept to milliseconds (truncated).
    bool seconds(TimeFields& t) {
        if (!number(t.second, 2, 2)) return false;
        if (peek() == '.' || peek() == ',') {
            ++i_;
            size_t n = 0;
            int ms = 0;
            while (!done() && s_[i_] >= '0' && s_[i_] <= '9') {
                if (n < 3) ms = ms * 10 + (s_[i_] - '0');
                ++i_, ++n;
            }
            if (n == 0) return false;
            for (size_t k = n; k < 3; ++k) ms *= 10;
            t.millis = ms;
        }
        return true;
    }
    // Z, +hh, +hhmm or +hh:mm.
    bool offset(TimeFields& t) {
        if (expect('Z') || expect('z')) {
            t.offset = 0;
            return true;
        }
        const int sign = expect('+') ? 1 : expect('-') ? -1 : 0;
        int h = 0, m = 0;
        if (sign == 0 || !number(h, 2, 2) || h > 23) return false;
        expect(':');
        if (!done() && peek() >= '0' && peek() <= '9' && (!number(m, 2, 2) || m > 59)) return false;
        t.offset = sign * (h * 3600 + m * 60);
        return true;
    }
    // YYYY-MM-DD, then optionally T (or a space) hh:mm[:ss[.fff]] and an offset.
    bool iso8601(TimeFields& t) {
        if (!(number(t.year, 4, 4) && expect('-') && number(t.month, 2, 2) && expect('-') && number(t.day, 2, 2)))
            return false;
        if (done()) return true;
        if (!(expect('T') || expect('t') || expect(' '))) return false;
        if (!(number(t.hour, 2, 2) && expect(':') && number(t.minute, 2, 2))) return false;
        if (expect(':') && !seconds(t)) return false;
        if (!done() && !offset(t)) return false;
        return done();
    }
    bool strftime(TimeFields& t, std::string_view format) { return match(t, format) && done(); }

private:
    bool match(TimeFields& t, std::string_view format) {
        for (size_t f = 0; f < format.size(); ++f) {
            if (format[f] != '%') {
                if (!expect(format[f])) return false;
                continue;
            }
            const char conversion = ++f < format.size() ? format[f] : '\0';
            bool ok = true;
            switch (conversion) {
                case 'Y': ok = number(t.year, 4, 4); break;
                case 'm': ok = number(t.month, 1, 2); break;
                case 'd': ok = number(t.day, 1, 2); break;
                case 'H': ok = number(t.hour, 1, 2); break;
                case 'M': ok = number(t.minute, 2, 2); break;
                case 'S': ok = seconds(t); break;
                case 'z': ok = offset(t); break;
                case 'F': ok = match(t, "%Y-%m-%d"); break;
                case 'T': ok = match(t, "%H:%M:%S"); break;
                case '%': ok = expect('%'); break;
                default: ok = false;
            }
            if (!ok) return false;
        }
        return true;
    }

    std::string_view s_;
    size_t i_ = 0;
};

}  // namespace

std::optional<std::string> timeFormatProblem(std::string_view format) {
    if (format == "iso8601") return std::nullopt;
    std::string seen;
    for (size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%') continue;
        const char c = ++f < format.size() ? format[f] : '\0';
        if (c == '\0' || std::string_view("YmdHMSzFT%").find(c) == std::string_view::npos)
            return "unsupported conversion \"%" + (c ? std::string(1, c) : std::string()) +
                   "\" (supported: %Y %m %d %H %M %S %z %F %T %%, or \"iso8601\")";
        seen += c == 'F' ? "Ymd" : std::string(1, c);
    }
    for (char needed : std::string_view("Ymd"))
        if (seen.find(needed) == std::string::npos) return std::string("needs %") + needed + " (or %F) for the date";
    return std::nullopt;
}

Result<FeedTime> parseFeedTime(std::string_view text, std::string_view format, const TimeZone* zone) {
    text = import_text::trim(text);
    TimeFields t;
    TimeScanner scanner(text);
    const bool matched = format == "iso8601" ? scanner.iso8601(t) : scanner.strftime(t, format);
    if (!matched) return Error{shown(text) + " does not match the time format " + shown(format)};
    // A format without %Y/%m/%d leaves them at -1: the mapping's check rejects such formats, and
    // this one keeps a hand-made mapping from reaching the calendar with them.
    const date::year_month_day ymd{date::year{t.year}, date::month{unsigned(t.month)}, date::day{unsigned(t.day)}};
    if (t.year < 0 || t.month < 1 || t.day < 1 || !ymd.ok() || t.hour > 23 || t.minute > 59 || t.second > 59)
        return Error{shown(text) + " is not a valid date and time"};
    const int64_t days = date::sys_days{ymd}.time_since_epoch().count();
    const int64_t local = days * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    FeedTime out;
    if (t.offset) {
        const int64_t utc = local - *t.offset;
        out.offsetSeconds = zone ? zone->offsetAt(utc) : *t.offset;
        out.utcMillis = utc * 1000 + t.millis;
    } else {
        if (!zone) return Error{shown(text) + " has no UTC offset, and the mapping names no time_zone"};
        const TimeZone::Instant instant = zone->fromLocal(local);
        out.utcMillis = instant.utcSeconds * 1000 + t.millis;
        out.offsetSeconds = instant.offsetSeconds;
        out.kind = instant.kind;
    }
    // "0000-01-01T00:00:00+05:00" shown in Sydney is in the year -1, which RFC 3339 cannot write
    // (fuzz_csv_import's check that every line parses again caught it).
    if (!isWritable(out)) return Error{shown(text) + " falls outside the years 0000 to 9999 at the zone's offset"};
    return out;
}

bool isWritable(const FeedTime& t) {
    constexpr int64_t kDay = 86400 * 1000;
    const int64_t first = date::sys_days{date::year{0} / 1 / 1}.time_since_epoch().count() * kDay;
    const int64_t end = date::sys_days{date::year{10000} / 1 / 1}.time_since_epoch().count() * kDay;
    const int64_t local = t.utcMillis + int64_t(std::lround(t.offsetSeconds / 60.0)) * 60000;
    return local >= first && local < end;
}

std::string formatFeedTime(const FeedTime& t) {
    // RFC 3339 offsets have whole minutes; only local mean times (before ~1900) have seconds.
    return formatRfc3339(t.utcMillis, int(std::lround(t.offsetSeconds / 60.0)));
}

}  // namespace gs
