#include "live/import/posix_tz_rule.hpp"

#include <date/date.h>

#include <algorithm>
#include <chrono>

namespace gs {

namespace {

// The grammar of POSIX.1-2017 section 8.3 as RFC 8536 extends it (hours up to 167 in the times).
class Parser {
public:
    explicit Parser(std::string_view s) : s_(s) {}

    std::optional<PosixTzRule> parse() {
        PosixTzRule rule;
        int value = 0;
        if (!name() || !hhmmss(value, 24)) return std::nullopt;
        rule.stdOffset = -value;  // POSIX counts west of Greenwich as positive
        if (done()) return rule;
        if (!name()) return std::nullopt;
        rule.hasDst = true;
        rule.dstOffset = rule.stdOffset + 3600;
        if (!done() && s_[i_] != ',') {
            if (!hhmmss(value, 24)) return std::nullopt;
            rule.dstOffset = -value;
        }
        if (done()) return std::nullopt;
        if (!(expect(',') && date(rule.start) && time(rule.startTime) && expect(',') && date(rule.end) &&
              time(rule.endTime) && done()))
            return std::nullopt;
        return rule;
    }

private:
    bool done() const { return i_ >= s_.size(); }
    bool expect(char c) { return !done() && s_[i_] == c ? (++i_, true) : false; }
    bool digits(int& out, int maxDigits) {
        int n = 0;
        out = 0;
        while (!done() && n < maxDigits && s_[i_] >= '0' && s_[i_] <= '9') out = out * 10 + (s_[i_++] - '0'), ++n;
        return n > 0;
    }
    // "<+08>" (any text between the brackets) or three letters or more.
    bool name() {
        if (expect('<')) {
            const size_t close = s_.find('>', i_);
            if (close == std::string_view::npos) return false;
            i_ = close + 1;
            return true;
        }
        const size_t from = i_;
        while (!done() && ((s_[i_] >= 'A' && s_[i_] <= 'Z') || (s_[i_] >= 'a' && s_[i_] <= 'z'))) ++i_;
        return i_ - from >= 3;
    }
    // [+-]h[hh][:mm[:ss]] in seconds.
    bool hhmmss(int& out, int maxHours) {
        const int sign = expect('-') ? -1 : (expect('+'), 1);
        int h = 0, m = 0, sec = 0;
        if (!digits(h, 3) || h > maxHours) return false;
        if (expect(':') && (!digits(m, 2) || m > 59)) return false;
        if (expect(':') && (!digits(sec, 2) || sec > 59)) return false;
        out = sign * (h * 3600 + m * 60 + sec);
        return true;
    }
    bool date(PosixTzRule::Date& d) {
        if (expect('M')) {
            d.kind = 'M';
            return digits(d.a, 2) && d.a >= 1 && d.a <= 12 && expect('.') && digits(d.b, 1) && d.b >= 1 && d.b <= 5 &&
                   expect('.') && digits(d.c, 1) && d.c <= 6;
        }
        d.kind = expect('J') ? 'J' : 'D';
        return digits(d.a, 3) && d.a <= 365 && (d.kind == 'D' || d.a >= 1);
    }
    bool time(int& t) { return !expect('/') || hhmmss(t, 167); }

    std::string_view s_;
    size_t i_ = 0;
};

// The day a rule date names in `year`, by date.h's calendar.
date::sys_days dayOf(date::year year, const PosixTzRule::Date& d) {
    const date::sys_days jan1{year / date::January / 1};
    if (d.kind == 'J') return jan1 + date::days{d.a - 1 + (year.is_leap() && d.a >= 60 ? 1 : 0)};
    if (d.kind == 'D') return jan1 + date::days{d.a};
    const date::month month{unsigned(d.a)};
    const date::weekday weekday{unsigned(d.c)};
    if (d.b == 5) return date::sys_days{year / month / weekday[date::last]};
    return date::sys_days{year / month / weekday[unsigned(d.b)]};
}

int64_t secondsOf(date::sys_days day) {
    return std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count();
}

}  // namespace

std::optional<PosixTzRule> PosixTzRule::parse(std::string_view text) { return Parser(text).parse(); }

int PosixTzRule::offsetAt(int64_t utc) const {
    if (!hasDst) return stdOffset;
    // The year of the instant in standard time; the callers keep instants within years 0..10^4 and
    // a few centuries either side, far inside date::year's range.
    constexpr int64_t kLimit = int64_t(20000) * 366 * 86400;
    utc = std::clamp<int64_t>(utc, -kLimit, kLimit);
    const date::sys_seconds local{std::chrono::seconds{utc + stdOffset}};
    const date::year year = date::year_month_day{date::floor<date::days>(local)}.year();
    const int64_t dstStart = secondsOf(dayOf(year, start)) + startTime - stdOffset;
    const int64_t dstEnd = secondsOf(dayOf(year, end)) + endTime - dstOffset;
    const bool dst = dstStart < dstEnd ? (utc >= dstStart && utc < dstEnd)    // northern
                                       : !(utc >= dstEnd && utc < dstStart);  // southern
    return dst ? dstOffset : stdOffset;
}

}  // namespace gs
