#include "live/import/csv_feed.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

#include "core/types.hpp"
#include "geo/china_offsets.hpp"
#include "geo/transformer.hpp"
#include "live/import/csv_reader.hpp"
#include "live/feed/message.hpp"
#include "core/rfc3339.hpp"

namespace gs {

// =============================================================================================
// Calendar helpers (days since 1970-01-01 come from live/rfc3339.hpp)
// =============================================================================================
namespace {

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

int weekday(int64_t days) { return int(((days % 7) + 7 + 4) % 7); }  // 1970-01-01 was a Thursday (4)

std::string_view trim(std::string_view s) {
    const char* ws = " \t\r\n";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string shownText(std::string_view s) {
    std::string text(s.substr(0, 60));
    return "\"" + text + (s.size() > 60 ? "...\"" : "\"");
}

}  // namespace

// =============================================================================================
// Time zones: TZif files (RFC 8536) and their POSIX TZ footer
// =============================================================================================

// A POSIX TZ rule such as "PST8PDT,M3.2.0,M11.1.0": standard and daylight offsets and the local
// times daylight time starts and ends each year.
struct TimeZone::PosixRule {
    struct Date {
        char kind = 'M';  // 'J': Jn, 1..365 without Feb 29; 'D': n, 0..365; 'M': Mm.w.d
        int a = 0, b = 0, c = 0;
    };
    int stdOffset = 0, dstOffset = 0;
    bool hasDst = false;
    Date start, end;
    int startTime = 7200, endTime = 7200;  // seconds after local midnight; may be negative or > 24 h

    static int64_t dayOf(int year, const Date& date) {
        const int64_t jan1 = daysFromCivil(year, 1, 1);
        if (date.kind == 'J') return jan1 + date.a - 1 + (isLeap(year) && date.a >= 60);
        if (date.kind == 'D') return jan1 + date.a;
        const int64_t first = daysFromCivil(year, date.a, 1);
        int64_t day = (date.c - weekday(first) + 7) % 7 + (date.b - 1) * 7;  // w = 5: the last one
        while (day >= daysInMonth(year, date.a)) day -= 7;
        return first + day;
    }

    int offsetAt(int64_t utc) const {
        if (!hasDst) return stdOffset;
        int year, month, day;
        civilFromDays(floorDiv(utc + stdOffset, 86400), year, month, day);
        const int64_t dstStart = dayOf(year, start) * 86400 + startTime - stdOffset;
        const int64_t dstEnd = dayOf(year, end) * 86400 + endTime - dstOffset;
        const bool dst = dstStart < dstEnd ? (utc >= dstStart && utc < dstEnd)    // northern
                                           : !(utc >= dstEnd && utc < dstStart);  // southern
        return dst ? dstOffset : stdOffset;
    }
};

namespace {

// Parses the footer of a TZif file; std::nullopt when it is not a rule this understands.
class PosixRuleParser {
public:
    explicit PosixRuleParser(std::string_view s) : s_(s) {}

    std::optional<TimeZone::PosixRule> parse() {
        TimeZone::PosixRule rule;
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
        if (done()) return std::nullopt;  // daylight time without a rule: not in any TZif file
        if (!(expect(',') && date(rule.start) && time(rule.startTime) && expect(',') && date(rule.end) &&
              time(rule.endTime) && done()))
            return std::nullopt;
        return rule;
    }

private:
    bool done() const { return i_ >= s_.size(); }
    bool expect(char c) { return !done() && s_[i_] == c ? (++i_, true) : false; }
    bool digits(int& out, int maxDigits) {
        size_t n = 0;
        out = 0;
        while (!done() && n < size_t(maxDigits) && s_[i_] >= '0' && s_[i_] <= '9')
            out = out * 10 + (s_[i_++] - '0'), ++n;
        return n > 0;
    }
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
        int sign = 1;
        if (expect('-'))
            sign = -1;
        else
            expect('+');
        int h = 0, m = 0, sec = 0;
        if (!digits(h, 3) || h > maxHours) return false;
        if (expect(':') && !digits(m, 2)) return false;
        if (expect(':') && !digits(sec, 2)) return false;
        out = sign * (h * 3600 + m * 60 + sec);
        return true;
    }
    bool date(TimeZone::PosixRule::Date& d) {
        if (expect('M')) {
            d.kind = 'M';
            return digits(d.a, 2) && d.a >= 1 && d.a <= 12 && expect('.') && digits(d.b, 1) && d.b >= 1 && d.b <= 5 &&
                   expect('.') && digits(d.c, 1) && d.c <= 6;
        }
        d.kind = expect('J') ? 'J' : 'D';
        return digits(d.a, 3) && d.a <= 365 && (d.kind == 'D' || d.a >= 1);
    }
    bool time(int& t) { return !expect('/') || hhmmss(t, 167); }  // RFC 8536 allows -167..167 hours

    std::string_view s_;
    size_t i_ = 0;
};

class BigEndian {
public:
    BigEndian(const std::string& data, size_t pos) : d_(data), pos_(pos) {}
    bool has(size_t n) const { return pos_ + n <= d_.size(); }
    int64_t read(int bytes) {
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v = (v << 8) | uint8_t(d_[pos_++]);
        if (bytes == 4) return int32_t(uint32_t(v));
        return int64_t(v);
    }
    void skip(size_t n) { pos_ += n; }
    size_t pos() const { return pos_; }

private:
    const std::string& d_;
    size_t pos_;
};

std::optional<int> fixedOffset(std::string_view s) {
    // "+08:00", "-0530", "+08"
    if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
    std::string digits;
    for (char c : s.substr(1))
        if (c != ':') digits += c;
    if ((digits.size() != 2 && digits.size() != 4) ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int h = std::stoi(digits.substr(0, 2)), m = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
    if (h > 23 || m > 59) return std::nullopt;
    return (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

}  // namespace

Result<TimeZone> TimeZone::load(std::string_view name) {
    TimeZone zone;
    zone.name_ = std::string(name);
    if (name == "UTC" || name == "Z") return zone;
    if (auto offset = fixedOffset(name)) {
        zone.initialOffset_ = *offset;
        return zone;
    }
    const std::string shown = "time zone " + shownText(name);
    const bool safe =
        !name.empty() && name.front() != '/' && name.find("..") == std::string_view::npos &&
        std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
        });
    if (!safe)
        return Error{shown + " is not an IANA name such as \"America/Los_Angeles\" or an offset such as \"+08:00\""};
    const char* dir = std::getenv("TZDIR");
    const std::filesystem::path path =
        std::filesystem::path(dir && *dir ? dir : "/usr/share/zoneinfo") / std::string(name);
    std::ifstream file(path, std::ios::binary);
    if (!file) return Error{"unknown " + shown + " (no file " + path.string() + ")"};
    const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const Error corrupt{shown + ": " + path.string() + " is not a valid TZif file"};

    // Header: "TZif", version, 15 reserved bytes, six counts.
    if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return corrupt;
    const char version = data[4];
    // The counts, each read as unsigned and bounded (real files have a few hundred at most).
    auto counts = [&](size_t at, int64_t c[6]) {
        BigEndian r(data, at + 20);
        bool sane = true;
        for (int i = 0; i < 6; ++i) {
            c[i] = r.read(4);
            sane = sane && c[i] >= 0 && c[i] < (1 << 20);
        }
        return sane;
    };
    int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    if (!counts(0, c)) return corrupt;
    size_t at = 0;
    int timeBytes = 4;
    if (version >= '2') {
        // Skip the 32-bit block; the 64-bit one follows with its own header.
        at = 44 + size_t(c[3]) * 4 + size_t(c[3]) + size_t(c[4]) * 6 + size_t(c[5]) + size_t(c[2]) * 8 + size_t(c[1]) +
             size_t(c[0]);
        if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0 || !counts(at, c)) return corrupt;
        timeBytes = 8;
    }
    const int64_t leapCount = c[2], timeCount = c[3], typeCount = c[4], charCount = c[5];
    if (leapCount > 0) return Error{shown + ": zones with leap seconds (\"right/\") are not supported"};
    if (typeCount < 1) return corrupt;
    BigEndian r(data, at + 44);
    if (!r.has(size_t(timeCount) * (timeBytes + 1) + size_t(typeCount) * 6)) return corrupt;
    std::vector<int64_t> times(static_cast<size_t>(timeCount));
    for (auto& t : times) t = r.read(timeBytes);
    std::vector<int> typeIndex(static_cast<size_t>(timeCount));
    for (auto& i : typeIndex) i = int(r.read(1));
    std::vector<int> typeOffsets(static_cast<size_t>(typeCount));
    for (auto& o : typeOffsets) {
        o = int(r.read(4));
        r.skip(2);  // is-DST flag and abbreviation index: not needed
    }
    for (int64_t i = 0; i < timeCount; ++i) {
        if (typeIndex[i] >= typeCount || (i > 0 && times[i] <= times[i - 1])) return corrupt;
        zone.transitions_.push_back(times[i]);
        zone.offsets_.push_back(typeOffsets[typeIndex[i]]);
    }
    zone.initialOffset_ = typeOffsets[0];  // RFC 8536 3.2: before the first transition, type 0

    if (timeBytes == 8) {
        r.skip(size_t(charCount) + size_t(c[1]) + size_t(c[0]));
        if (!r.has(2) || data[r.pos()] != '\n') return corrupt;
        const size_t end = data.find('\n', r.pos() + 1);
        if (end == std::string::npos) return corrupt;
        const std::string footer = data.substr(r.pos() + 1, end - r.pos() - 1);
        if (!footer.empty()) {
            auto rule = PosixRuleParser(footer).parse();
            if (!rule) return Error{shown + ": cannot read the rule \"" + footer + "\" at the end of " + path.string()};
            zone.rule_ = std::make_shared<const PosixRule>(*rule);
        }
    }
    return zone;
}

int TimeZone::offsetAt(int64_t utc) const {
    if (transitions_.empty()) return rule_ ? rule_->offsetAt(utc) : initialOffset_;
    if (utc < transitions_.front()) return initialOffset_;
    const size_t i = size_t(std::upper_bound(transitions_.begin(), transitions_.end(), utc) - transitions_.begin()) - 1;
    if (i + 1 == transitions_.size() && rule_) return rule_->offsetAt(utc);
    return offsets_[i];
}

TimeZone::Instant TimeZone::fromLocal(int64_t local) const {
    // Offsets are under 26 hours and transitions days apart: the offsets in force 30 hours either
    // side are the only candidates. A candidate is right if the instant it gives has that offset.
    constexpr int64_t kSpan = 30 * 3600;
    const int before = offsetAt(local - kSpan), after = offsetAt(local + kSpan);
    const bool beforeFits = offsetAt(local - before) == before;
    const bool afterFits = before != after && offsetAt(local - after) == after;
    if (beforeFits && afterFits) {
        const int earlier = std::max(before, after);  // the larger offset gives the earlier instant
        return {local - earlier, earlier, LocalKind::Ambiguous};
    }
    if (beforeFits) return {local - before, before, LocalKind::Unique};
    if (afterFits) return {local - after, after, LocalKind::Unique};
    // In a gap: read with the offset before the jump, which lands after it by the gap's length.
    const int64_t utc = local - before;
    return {utc, offsetAt(utc), LocalKind::Nonexistent};
}

// =============================================================================================
// Parsing and writing times
// =============================================================================================
namespace {

struct TimeFields {
    int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0, millis = 0;
    std::optional<int> offset;
};

class TimeScanner {
public:
    explicit TimeScanner(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool expect(char c) { return peek() == c && !done() ? (++i_, true) : false; }
    bool number(int64_t& out, size_t minDigits, size_t maxDigits) {
        size_t n = 0;
        out = 0;
        while (n < maxDigits && !done() && s_[i_] >= '0' && s_[i_] <= '9') out = out * 10 + (s_[i_++] - '0'), ++n;
        return n >= minDigits;
    }
    template <class T>
    bool number(T& out, size_t minDigits, size_t maxDigits) {
        int64_t v;
        if (!number(v, minDigits, maxDigits)) return false;
        out = T(v);
        return true;
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
        int sign = expect('+') ? 1 : expect('-') ? -1 : 0;
        int h = 0, m = 0;
        if (sign == 0 || !number(h, 2, 2) || h > 23) return false;
        expect(':');
        if (!done() && peek() >= '0' && peek() <= '9' && (!number(m, 2, 2) || m > 59)) return false;
        t.offset = sign * (h * 3600 + m * 60);
        return true;
    }
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
                case 'Y':
                    ok = number(t.year, 4, 4);
                    break;
                case 'm':
                    ok = number(t.month, 1, 2);
                    break;
                case 'd':
                    ok = number(t.day, 1, 2);
                    break;
                case 'H':
                    ok = number(t.hour, 1, 2);
                    break;
                case 'M':
                    ok = number(t.minute, 2, 2);
                    break;
                case 'S':
                    ok = seconds(t);
                    break;
                case 'z':
                    ok = offset(t);
                    break;
                case 'F':
                    ok = match(t, "%Y-%m-%d");
                    break;
                case 'T':
                    ok = match(t, "%H:%M:%S");
                    break;
                case '%':
                    ok = expect('%');
                    break;
                default:
                    ok = false;
            }
            if (!ok) return false;
        }
        return true;
    }

    std::string_view s_;
    size_t i_ = 0;
};

// Why `format` cannot be used, if it cannot.
std::optional<std::string> timeFormatProblem(std::string_view format) {
    if (format == "iso8601") return std::nullopt;
    std::string seen;
    for (size_t f = 0; f < format.size(); ++f) {
        if (format[f] != '%') continue;
        const char c = ++f < format.size() ? format[f] : '\0';
        if (std::string_view("YmdHMSzFT%").find(c) == std::string_view::npos || c == '\0')
            return "unsupported conversion \"%" + std::string(1, c) +
                   "\" (supported: %Y %m %d %H %M %S %z %F %T %%, or \"iso8601\")";
        seen += c == 'F' ? "Ymd" : std::string(1, c);
    }
    for (char needed : std::string_view("Ymd"))
        if (seen.find(needed) == std::string::npos) return std::string("needs %") + needed + " (or %F) for the date";
    return std::nullopt;
}

}  // namespace

Result<FeedTime> parseFeedTime(std::string_view text, std::string_view format, const TimeZone* zone) {
    text = trim(text);
    TimeFields t;
    TimeScanner scanner(text);
    const bool matched = format == "iso8601" ? scanner.iso8601(t) : scanner.strftime(t, format);
    if (!matched) return Error{shownText(text) + " does not match the time format " + shownText(format)};
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysInMonth(t.year, t.month) || t.hour > 23 ||
        t.minute > 59 || t.second > 59)
        return Error{shownText(text) + " is not a valid date and time"};
    const int64_t local = daysFromCivil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    FeedTime out;
    if (t.offset) {
        const int64_t utc = local - *t.offset;
        out.offsetSeconds = zone ? zone->offsetAt(utc) : *t.offset;
        out.utcMillis = utc * 1000 + t.millis;
        return out;
    }
    if (!zone) return Error{shownText(text) + " has no UTC offset, and the mapping names no time_zone"};
    const TimeZone::Instant instant = zone->fromLocal(local);
    out.utcMillis = instant.utcSeconds * 1000 + t.millis;
    out.offsetSeconds = instant.offsetSeconds;
    out.kind = instant.kind;
    return out;
}

std::string formatFeedTime(const FeedTime& t) {
    // RFC 3339 offsets have whole minutes; only local mean times (before ~1900) have seconds.
    return formatRfc3339(t.utcMillis, int(std::lround(t.offsetSeconds / 60.0)));
}

// =============================================================================================
// The mapping
// =============================================================================================
namespace {

using Json = nlohmann::json;

struct MappingContext {
    std::string origin;
    std::optional<Error> error;
    void fail(const std::string& path, const std::string& message) {
        if (!error) error = Error{origin + ": " + path + ": " + message};
    }
};

std::string shownJson(const Json& v) {
    std::string text = v.dump();
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

void readColumn(MappingContext& ctx, const Json& v, const std::string& path, std::string& out) {
    if (v.is_string() && !v.get<std::string>().empty())
        out = v.get<std::string>();
    else
        ctx.fail(path, "expected a column name (a non-empty string), got " + shownJson(v));
}

void readText(MappingContext& ctx, const Json& v, const std::string& path, std::string& out) {
    if (v.is_string())
        out = v.get<std::string>();
    else
        ctx.fail(path, "expected a string, got " + shownJson(v));
}

bool isObject(MappingContext& ctx, const Json& v, const std::string& path) {
    if (!v.is_object()) ctx.fail(path, "expected an object, got " + shownJson(v));
    return v.is_object();
}

void checkKeys(MappingContext& ctx, const Json& object, const std::string& path, std::set<std::string> known) {
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.count(it.key()) && !it.key().starts_with("_"))
            ctx.fail(path + (path.empty() ? "" : ".") + it.key(), "unknown key");
}

void readTextMap(MappingContext& ctx, const Json& v, const std::string& path, std::map<std::string, std::string>& out) {
    if (!isObject(ctx, v, path)) return;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.value().is_string() && !it.value().get<std::string>().empty())
            out[it.key()] = it.value().get<std::string>();
        else
            ctx.fail(path + "." + it.key(), "expected a non-empty string, got " + shownJson(it.value()));
    }
}

std::optional<int> priorityValue(const Json& v) {
    if (v.is_number_integer() && v.get<int64_t>() >= 1 && v.get<int64_t>() <= 3) return int(v.get<int64_t>());
    return std::nullopt;
}

const std::set<std::string> kContractProperties = {
    "kind",       "category", "status",      "priority",         "title", "address",       "grid_id", "reported_at",
    "updated_at", "due_at",   "resolved_at", "source_closed_at", "team",  "assigned_issue"};

}  // namespace

Result<CsvFeedMapping> parseCsvFeedMapping(std::string_view jsonText, std::string_view origin) {
    MappingContext ctx{std::string(origin), std::nullopt};
    Json root;
    try {
        root = Json::parse(jsonText);
    } catch (const Json::parse_error& e) {
        return Error{std::string(origin) + ": not valid JSON: " + e.what()};
    }
    if (!root.is_object()) return Error{std::string(origin) + ": the mapping must be a JSON object"};
    checkKeys(ctx, root, "",
              {"id",     "id_prefix", "lon",     "lat",          "x",           "y",         "crs",
               "opened", "closed",    "status",  "close_status", "time_format", "time_zone", "category",
               "title",  "address",   "grid_id", "priority",     "due",         "due_hours", "properties"});

    CsvFeedMapping m;
    m.origin = std::string(origin);
    auto column = [&](const char* key, std::string& out, bool required) {
        if (root.contains(key))
            readColumn(ctx, root[key], key, out);
        else if (required)
            ctx.fail(key, "missing (the column that holds it)");
    };
    column("id", m.idColumn, true);
    if (root.contains("id_prefix")) readText(ctx, root["id_prefix"], "id_prefix", m.idPrefix);
    const bool lonLat = root.contains("lon") || root.contains("lat");
    const bool xy = root.contains("x") || root.contains("y");
    if (lonLat && xy) ctx.fail("x", "give either lon/lat or x/y, not both");
    column(xy ? "x" : "lon", m.xColumn, true);
    column(xy ? "y" : "lat", m.yColumn, true);
    if (root.contains("crs")) readText(ctx, root["crs"], "crs", m.crs);
    column("opened", m.openedColumn, true);
    column("closed", m.closedColumn, false);
    column("address", m.addressColumn, false);
    column("grid_id", m.gridIdColumn, false);

    static const std::set<std::string> kStatusValues = {"open", "resolved", "closed", "cancelled"};
    if (root.contains("status") && isObject(ctx, root["status"], "status")) {
        const Json& s = root["status"];
        checkKeys(ctx, s, "status", {"column", "values"});
        if (s.contains("column"))
            readColumn(ctx, s["column"], "status.column", m.statusColumn);
        else
            ctx.fail("status.column", "missing");
        if (s.contains("values"))
            readTextMap(ctx, s["values"], "status.values", m.statusValues);
        else
            ctx.fail("status.values", "missing (source text -> open, resolved, closed or cancelled)");
        for (const auto& [text, value] : m.statusValues)
            if (!kStatusValues.count(value))
                ctx.fail("status.values." + text, "\"" + value + "\" is not open, resolved, closed or cancelled");
        for (const auto& [text, value] : m.statusValues)
            if (value != "open" && !root.contains("closed"))
                ctx.fail("closed", "missing: status \"" + text + "\" closes a case, so a closed-time column is needed");
    }
    if (root.contains("close_status")) {
        readText(ctx, root["close_status"], "close_status", m.closeStatus);
        if (m.closeStatus != "closed" && m.closeStatus != "resolved" && m.closeStatus != "cancelled")
            ctx.fail("close_status", "\"" + m.closeStatus + "\" is not closed, resolved or cancelled");
    }

    if (root.contains("time_format")) {
        readText(ctx, root["time_format"], "time_format", m.timeFormat);
        if (auto problem = timeFormatProblem(m.timeFormat)) ctx.fail("time_format", *problem);
    }
    if (root.contains("time_zone")) readText(ctx, root["time_zone"], "time_zone", m.timeZone);

    if (!root.contains("category")) {
        ctx.fail("category", "missing (a column, or {\"column\", \"map\", \"default\"}); every issue needs one");
    } else if (root["category"].is_string()) {
        m.categoryColumns.emplace_back();
        readColumn(ctx, root["category"], "category", m.categoryColumns.back());
    } else if (isObject(ctx, root["category"], "category")) {
        const Json& c = root["category"];
        checkKeys(ctx, c, "category", {"column", "columns", "map", "default"});
        if (c.contains("column") && c.contains("columns"))
            ctx.fail("category.columns", "give either column or columns");
        if (c.contains("column")) {
            m.categoryColumns.emplace_back();
            readColumn(ctx, c["column"], "category.column", m.categoryColumns.back());
        }
        if (c.contains("columns")) {
            if (!c["columns"].is_array() || c["columns"].empty())
                ctx.fail("category.columns", "expected a non-empty array of column names");
            for (size_t i = 0; c["columns"].is_array() && i < c["columns"].size(); ++i) {
                m.categoryColumns.emplace_back();
                readColumn(ctx, c["columns"][i], "category.columns[" + std::to_string(i) + "]",
                           m.categoryColumns.back());
            }
        }
        if (c.contains("map")) readTextMap(ctx, c["map"], "category.map", m.categoryMap);
        if (c.contains("default")) {
            std::string d;
            readText(ctx, c["default"], "category.default", d);
            if (d.empty()) ctx.fail("category.default", "must not be empty");
            m.categoryDefault = d;
        }
        if (m.categoryColumns.size() > 1 && m.categoryMap.empty())
            ctx.fail("category.columns", "several columns need a map (the first value found in it wins)");
        if (m.categoryColumns.empty() && !m.categoryDefault) ctx.fail("category", "needs a column or a default");
    }

    if (root.contains("title")) {
        const Json& t = root["title"];
        if (t.is_string()) {
            m.titleColumns.emplace_back();
            readColumn(ctx, t, "title", m.titleColumns.back());
        } else if (isObject(ctx, t, "title")) {
            checkKeys(ctx, t, "title", {"columns", "translations", "separator"});
            if (t.contains("columns") && t["columns"].is_array() && !t["columns"].empty()) {
                for (size_t i = 0; i < t["columns"].size(); ++i) {
                    m.titleColumns.emplace_back();
                    readColumn(ctx, t["columns"][i], "title.columns[" + std::to_string(i) + "]", m.titleColumns.back());
                }
            } else {
                ctx.fail("title.columns", "expected a non-empty array of column names");
            }
            if (t.contains("translations"))
                readTextMap(ctx, t["translations"], "title.translations", m.titleTranslations);
            if (t.contains("separator")) readText(ctx, t["separator"], "title.separator", m.titleSeparator);
        }
    }

    if (root.contains("priority")) {
        const Json& p = root["priority"];
        if (p.is_string()) {
            readColumn(ctx, p, "priority", m.priorityColumn);
        } else if (isObject(ctx, p, "priority")) {
            checkKeys(ctx, p, "priority", {"column", "map", "default"});
            if (p.contains("column"))
                readColumn(ctx, p["column"], "priority.column", m.priorityColumn);
            else
                ctx.fail("priority.column", "missing");
            if (p.contains("map") && isObject(ctx, p["map"], "priority.map")) {
                for (auto it = p["map"].begin(); it != p["map"].end(); ++it) {
                    if (auto v = priorityValue(it.value()))
                        m.priorityMap[it.key()] = *v;
                    else
                        ctx.fail("priority.map." + it.key(), "expected 1, 2 or 3, got " + shownJson(it.value()));
                }
            }
            if (p.contains("default")) {
                if (auto v = priorityValue(p["default"]))
                    m.priorityDefault = *v;
                else
                    ctx.fail("priority.default", "expected 1, 2 or 3, got " + shownJson(p["default"]));
            }
        }
    }

    if (root.contains("due") && root.contains("due_hours")) ctx.fail("due_hours", "give either due or due_hours");
    column("due", m.dueColumn, false);
    if (root.contains("due_hours")) {
        const Json& h = root["due_hours"];
        if (h.is_number() && h.get<double>() >= 0 && std::isfinite(h.get<double>()))
            m.dueHours = h.get<double>();
        else
            ctx.fail("due_hours", "expected a number of hours >= 0, got " + shownJson(h));
    }

    if (root.contains("properties") && isObject(ctx, root["properties"], "properties")) {
        for (auto it = root["properties"].begin(); it != root["properties"].end(); ++it) {
            if (kContractProperties.count(it.key()))
                ctx.fail("properties." + it.key(), "is a contract property the converter writes itself");
            std::string col;
            readColumn(ctx, it.value(), "properties." + it.key(), col);
            m.properties.emplace_back(it.key(), col);
        }
    }
    if (ctx.error) return *ctx.error;
    return m;
}

Result<CsvFeedMapping> loadCsvFeedMapping(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return Error{path.string() + ": cannot open the mapping file"};
    std::ostringstream text;
    text << file.rdbuf();
    return parseCsvFeedMapping(text.str(), path.string());
}

// =============================================================================================
// The conversion
// =============================================================================================
namespace {

using OrderedJson = nlohmann::ordered_json;

std::optional<double> parseNumber(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

bool isWgs84Name(std::string_view crs) {
    return crs.empty() || crs == "EPSG:4326" || crs == "OGC:CRS84" || crs == "WGS84" || crs == "WGS 84";
}

struct Columns {
    int id = -1, x = -1, y = -1, opened = -1, closed = -1, status = -1, address = -1, gridId = -1, priority = -1,
        due = -1;
    std::vector<int> category, title;
    std::vector<std::pair<std::string, int>> properties;
};

struct Message {
    int64_t utcMillis;
    std::string line;
};

class Converter {
public:
    Converter(const CsvFeedMapping& m, std::string_view csvName) : m_(m), csvName_(csvName) {}

    Status prepare(const std::vector<std::string>& header) {
        if (!m_.timeZone.empty()) {
            auto zone = TimeZone::load(m_.timeZone);
            if (!zone) return Error{m_.origin + ": time_zone: " + zone.error().message};
            zone_ = std::move(zone).value();
        }
        if (!isWgs84Name(m_.crs) && chinaOffsetCrs(m_.crs) == ChinaOffsetCrs::None) {
            auto t = Transformer::create(m_.crs, "EPSG:4326");
            if (!t) return Error{m_.origin + ": crs: " + t.error().message};
            transformer_ = std::make_unique<Transformer>(std::move(t).value());
            // And back, to catch points outside the CRS's domain that PROJ still "converts" (a
            // Web Mercator x beyond the world wraps to a valid longitude).
            auto back = Transformer::create("EPSG:4326", m_.crs);
            if (!back) return Error{m_.origin + ": crs: " + back.error().message};
            inverse_ = std::make_unique<Transformer>(std::move(back).value());
        }
        std::optional<Error> missing;
        auto find = [&](const std::string& name, const std::string& key) {
            if (name.empty()) return -1;
            auto it = std::find(header.begin(), header.end(), name);
            if (it != header.end()) return int(it - header.begin());
            if (!missing) {
                std::string all;
                for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
                missing = Error{std::string(csvName_) + ": no column \"" + name + "\" (named by \"" + key + "\" in " +
                                m_.origin + "); the header has: " + all};
            }
            return -1;
        };
        c_.id = find(m_.idColumn, "id");
        c_.x = find(m_.xColumn, "lon/x");
        c_.y = find(m_.yColumn, "lat/y");
        c_.opened = find(m_.openedColumn, "opened");
        c_.closed = find(m_.closedColumn, "closed");
        c_.status = find(m_.statusColumn, "status.column");
        for (const auto& col : m_.categoryColumns) c_.category.push_back(find(col, "category"));
        c_.address = find(m_.addressColumn, "address");
        c_.gridId = find(m_.gridIdColumn, "grid_id");
        c_.priority = find(m_.priorityColumn, "priority");
        c_.due = find(m_.dueColumn, "due");
        for (const auto& t : m_.titleColumns) c_.title.push_back(find(t, "title"));
        for (const auto& [prop, col] : m_.properties) c_.properties.emplace_back(prop, find(col, "properties." + prop));
        if (missing) return *missing;
        header_ = header.size();
        return Status::success();
    }

    void row(const CsvRecord& record, size_t rowNumber) {
        ++stats_.rows;
        row_ = rowNumber;
        line_ = record.line;
        fields_ = &record.fields;
        if (!record.error.empty()) return skip("malformed CSV record", record.error);
        // Fewer fields than the header, or more that hold something: the columns cannot be trusted.
        // Empty extra fields (a trailing comma, as spreadsheets write) are harmless.
        const bool extraText = record.fields.size() > header_ &&
                               std::any_of(record.fields.begin() + std::ptrdiff_t(header_), record.fields.end(),
                                           [](const std::string& f) { return !trim(f).empty(); });
        if (record.fields.size() < header_ || extraText)
            return skip("wrong number of fields",
                        std::to_string(record.fields.size()) + " fields; the header has " + std::to_string(header_));
        // Identity.
        const std::string sourceId(trim(field(c_.id)));
        if (sourceId.empty()) return skip("missing id", "column \"" + m_.idColumn + "\" is empty");
        const std::string id = m_.idPrefix + sourceId;
        // A duplicate of a row already written (ids of skipped rows stay free).
        if (auto it = seenIds_.find(id); it != seenIds_.end())
            return skip("duplicate id", "id \"" + id + "\" was first used on row " + std::to_string(it->second));

        // Position.
        const std::string_view xText = trim(field(c_.x)), yText = trim(field(c_.y));
        if (xText.empty() || yText.empty())
            return skip("missing coordinates", "column \"" + (xText.empty() ? m_.xColumn : m_.yColumn) + "\" is empty");
        const auto x = parseNumber(xText), y = parseNumber(yText);
        if (!x || !y)
            return skip("bad coordinates", m_.xColumn + " " + shownText(xText) + ", " + m_.yColumn + " " +
                                               shownText(yText) + ": not a number");
        Vec2d p{*x, *y};
        if (auto problem = toWgs84(p))
            return skip("coordinates out of range", m_.xColumn + " " + std::string(xText) + ", " + m_.yColumn + " " +
                                                        std::string(yText) + ": " + *problem);

        // Lifecycle.
        auto opened = time(c_.opened, "opened", true);
        if (!opened.ok) return;
        auto closed = time(c_.closed, "closed", false);
        if (!closed.ok) return;
        std::string closeStatus;
        if (c_.status >= 0) {
            const std::string statusText(trim(field(c_.status)));
            auto it = m_.statusValues.find(statusText);
            if (it == m_.statusValues.end())
                return skip("unknown status", "status " + shownText(statusText) + " is not in status.values");
            if (it->second != "open") closeStatus = it->second;
            if (!closeStatus.empty() && !closed.time)
                return skip("closed without a closed time",
                            "status " + shownText(statusText) + " but column \"" + m_.closedColumn + "\" is empty");
            if (closeStatus.empty() && closed.time)
                return skip("open with a closed time", "status " + shownText(statusText) + " is open but column \"" +
                                                           m_.closedColumn + "\" is set");
        } else if (closed.time) {
            closeStatus = m_.closeStatus;
        }

        // What the issue is: the first column value found in the category map (or, without a map, the
        // value itself).
        std::string category, categoryText;
        for (int index : c_.category) {
            const std::string value(trim(field(index)));
            if (categoryText.empty()) categoryText = value;
            if (m_.categoryMap.empty()) break;
            if (auto it = m_.categoryMap.find(value); it != m_.categoryMap.end()) {
                category = it->second;
                break;
            }
        }
        if (m_.categoryMap.empty()) category = categoryText;
        if (category.empty() && m_.categoryDefault) category = *m_.categoryDefault;
        if (category.empty())
            return skip(categoryText.empty() ? "missing category" : "unknown category",
                        categoryText.empty()
                            ? "no category column has a value"
                            : shownText(categoryText) + " is not in category.map and there is no default");

        std::optional<int> priority = m_.priorityDefault;
        if (c_.priority >= 0) {
            const std::string text(trim(field(c_.priority)));
            if (auto it = m_.priorityMap.find(text); it != m_.priorityMap.end()) {
                priority = it->second;
            } else if (auto v = parseNumber(text); v && (*v == 1 || *v == 2 || *v == 3)) {
                priority = int(*v);
            } else if (!text.empty() && !m_.priorityDefault) {
                return skip("bad priority", "priority " + shownText(text) + " is not 1, 2 or 3 nor in priority.map");
            }
        }

        std::optional<FeedTime> due;
        if (m_.dueHours) {
            due = *opened.time;
            due->utcMillis += int64_t(std::llround(*m_.dueHours * 3600.0 * 1000.0));
            due->offsetSeconds = zone_ ? zone_->offsetAt(floorDiv(due->utcMillis, 1000)) : opened.time->offsetSeconds;
        } else if (c_.due >= 0) {
            auto d = time(c_.due, "due", false);
            if (!d.ok) return;
            due = d.time;
        }

        // The messages.
        bool badText = false;
        auto text = [&](std::string_view s) {
            if (!isValidUtf8(s)) badText = true;
            return std::string(s);
        };
        OrderedJson props = OrderedJson::object();
        props["kind"] = "issue";
        props["category"] = text(category);
        props["status"] = "reported";
        if (priority) props["priority"] = *priority;
        const std::string title = makeTitle();
        if (!title.empty()) props["title"] = text(title);
        if (c_.address >= 0 && !trim(field(c_.address)).empty()) props["address"] = text(trim(field(c_.address)));
        if (c_.gridId >= 0 && !trim(field(c_.gridId)).empty()) props["grid_id"] = text(trim(field(c_.gridId)));
        const std::string reportedAt = formatFeedTime(*opened.time);
        props["reported_at"] = reportedAt;
        props["updated_at"] = reportedAt;
        if (due) props["due_at"] = formatFeedTime(*due);
        for (const auto& [name, index] : c_.properties)
            if (!trim(field(index)).empty()) props[name] = text(trim(field(index)));

        OrderedJson feature = OrderedJson::object();
        feature["type"] = "Feature";
        feature["id"] = text(id);
        feature["geometry"] = {{"type", "Point"}, {"coordinates", {p.x, p.y}}};
        feature["properties"] = props;
        emit(opened.time->utcMillis, feature);
        ++stats_.reportedMessages;

        if (!closeStatus.empty()) {
            FeedTime closeAt = *closed.time;
            if (closeAt.utcMillis < opened.time->utcMillis) {
                // The source's own negative resolution time: keep the lifecycle ordered.
                ++stats_.closedBeforeOpened;
                feature["properties"]["source_closed_at"] = formatFeedTime(closeAt);
                closeAt = *opened.time;
            }
            const std::string at = formatFeedTime(closeAt);
            feature["properties"]["status"] = closeStatus;
            feature["properties"]["updated_at"] = at;
            if (closeStatus != "cancelled") feature["properties"]["resolved_at"] = at;
            emit(closeAt.utcMillis, feature);
            ++stats_.closingMessages;
        }
        if (badText) ++stats_.invalidUtf8Rows;
        seenIds_.emplace(id, rowNumber);
        ++stats_.rowsWritten;
    }

    Status write(std::ostream& out) {
        std::stable_sort(messages_.begin(), messages_.end(),
                         [](const Message& a, const Message& b) { return a.utcMillis < b.utcMillis; });
        for (const Message& msg : messages_) out << msg.line << '\n';
        out.flush();
        if (!out) return Error{"cannot write the feed (output stream failed)"};
        stats_.messagesWritten = messages_.size();
        return Status::success();
    }

    CsvFeedStats& stats() { return stats_; }

private:
    struct TimeResult {
        bool ok = true;
        std::optional<FeedTime> time;
    };

    std::string_view field(int index) const {
        return index >= 0 ? std::string_view((*fields_)[index]) : std::string_view();
    }

    void skip(const std::string& reason, const std::string& detail) {
        ++stats_.skippedByReason[reason];
        stats_.skipped.push_back({row_, line_, reason, detail});
    }

    TimeResult time(int index, const std::string& what, bool required) {
        const std::string_view text = trim(field(index));
        if (text.empty()) {
            if (required) skip("missing " + what + " time", "column \"" + m_.openedColumn + "\" is empty");
            return {!required, std::nullopt};
        }
        auto t = parseFeedTime(text, m_.timeFormat, zone_ ? &*zone_ : nullptr);
        if (!t) {
            skip("bad " + what + " time", t.error().message);
            return {false, std::nullopt};
        }
        if (t->kind == TimeZone::LocalKind::Ambiguous) ++stats_.ambiguousLocalTimes;
        if (t->kind == TimeZone::LocalKind::Nonexistent) ++stats_.nonexistentLocalTimes;
        return {true, *t};
    }

    // Converts to WGS 84 lon/lat in place; why not, if it cannot.
    std::optional<std::string> toWgs84(Vec2d& p) {
        const bool geographicSource = isWgs84Name(m_.crs) || chinaOffsetCrs(m_.crs) != ChinaOffsetCrs::None;
        auto outside = [](Vec2d q) { return q.x < -180 || q.x > 180 || q.y < -90 || q.y > 90; };
        if (geographicSource && outside(p)) return std::string("outside longitude -180..180, latitude -90..90");
        bool converted = chinaOffsetToWgs84(m_.crs, std::span<Vec2d>(&p, 1));
        if (transformer_) {
            const Vec2d source = p;
            if (transformer_->transform(std::span<Vec2d>(&p, 1)) != 0) return "cannot be transformed from " + m_.crs;
            Vec2d again = p;
            const double tolerance = 1e-6 * std::max({1.0, std::abs(source.x), std::abs(source.y)});
            if (inverse_->transform(std::span<Vec2d>(&again, 1)) != 0 || !(std::abs(again.x - source.x) < tolerance) ||
                !(std::abs(again.y - source.y) < tolerance))
                return "outside the area where " + m_.crs + " is defined";
            converted = true;
        }
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || outside(p))
            return std::string("outside longitude -180..180, latitude -90..90 after conversion from ") + m_.crs;
        if (converted) {  // ~1 cm is plenty; keeps the lines short
            p.x = std::round(p.x * 1e7) / 1e7;
            p.y = std::round(p.y * 1e7) / 1e7;
        }
        return std::nullopt;
    }

    std::string makeTitle() const {
        std::string source, translated;
        for (int index : c_.title) {
            const std::string value(trim(field(index)));
            if (value.empty()) continue;
            if (source.empty()) source = value;
            if (translated.empty())
                if (auto it = m_.titleTranslations.find(value); it != m_.titleTranslations.end())
                    translated = it->second;
        }
        if (translated.empty() || translated == source) return source;
        if (source.empty()) return translated;
        return translated + m_.titleSeparator + source;
    }

    void emit(int64_t utcMillis, const OrderedJson& feature) {
        messages_.push_back({utcMillis, feature.dump(-1, ' ', false, OrderedJson::error_handler_t::replace)});
    }

    const CsvFeedMapping& m_;
    std::string_view csvName_;
    std::optional<TimeZone> zone_;
    std::unique_ptr<Transformer> transformer_, inverse_;
    Columns c_;
    size_t header_ = 0;
    CsvFeedStats stats_;
    std::unordered_map<std::string, size_t> seenIds_;
    std::vector<Message> messages_;
    size_t row_ = 0, line_ = 0;
    const std::vector<std::string>* fields_ = nullptr;
};

}  // namespace

Result<CsvFeedStats> csvToFeed(std::istream& csv, std::string_view csvName, const CsvFeedMapping& mapping,
                               std::ostream& out) {
    CsvReader reader(csv);
    CsvRecord record;
    auto got = reader.next(record);
    if (!got) return Error{std::string(csvName) + ": " + got.error().message};
    if (!*got) return Error{std::string(csvName) + ": empty file (no header row)"};
    if (!record.error.empty()) return Error{std::string(csvName) + ": header: " + record.error};
    std::vector<std::string> header = record.fields;
    for (auto& h : header) h = std::string(trim(h));

    Converter converter(mapping, csvName);
    if (Status s = converter.prepare(header); !s) return s.error();
    for (size_t row = 1;; ++row) {
        got = reader.next(record);
        if (!got) return Error{std::string(csvName) + ": " + got.error().message};
        if (!*got) break;
        converter.row(record, row);
    }
    if (csv.bad()) return Error{std::string(csvName) + ": read error"};
    if (Status s = converter.write(out); !s) return s.error();
    return converter.stats();
}

Result<CsvFeedStats> csvToFeed(const std::filesystem::path& csvPath, const std::filesystem::path& mappingPath,
                               std::ostream& out) {
    auto mapping = loadCsvFeedMapping(mappingPath);
    if (!mapping) return mapping.error();
    std::ifstream csv(csvPath, std::ios::binary);
    if (!csv) return Error{csvPath.string() + ": cannot open the CSV file"};
    return csvToFeed(csv, csvPath.string(), *mapping, out);
}

std::string CsvFeedStats::summary(std::string_view csvName, size_t examples) const {
    std::ostringstream s;
    s << csvName << ": " << rows << " rows; " << rowsWritten << " written as " << messagesWritten << " messages ("
      << reportedMessages << " reported, " << closingMessages << " closing); " << rowsSkipped() << " skipped";
    for (const auto& [reason, count] : skippedByReason) {
        s << "\n  skipped, " << reason << ": " << count;
        size_t shown = 0;
        for (const CsvSkippedRow& r : skipped) {
            if (r.reason != reason) continue;
            if (shown == examples) {
                s << "\n    ...";
                break;
            }
            s << "\n    row " << r.row << " (line " << r.line << "): " << r.detail;
            ++shown;
        }
    }
    if (closedBeforeOpened)
        s << "\n  adjusted, closed before opened: " << closedBeforeOpened
          << " (close written at the opened time; the source's time kept as source_closed_at)";
    if (nonexistentLocalTimes)
        s << "\n  adjusted, local times in a DST gap: " << nonexistentLocalTimes << " (read as after the jump)";
    if (ambiguousLocalTimes)
        s << "\n  adjusted, ambiguous local times: " << ambiguousLocalTimes << " (read as the first occurrence)";
    if (invalidUtf8Rows)
        s << "\n  adjusted, rows with invalid UTF-8: " << invalidUtf8Rows << " (bad bytes written as U+FFFD)";
    return s.str();
}

}  // namespace gs
