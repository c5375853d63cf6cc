#include "live/import/time_zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <fstream>
#include <iterator>

#include "config/checker.hpp"
#include "live/import/posix_tz_rule.hpp"

namespace gs {

namespace {

// Instants handled, in seconds either side of 1970: ±34,000 years. Callers read 4-digit years, so
// this only keeps the arithmetic below from overflowing on nonsense.
constexpr int64_t kLimit = int64_t(1) << 40;

int64_t clamped(int64_t seconds) { return std::clamp(seconds, -kLimit, kLimit); }

std::string quoted(std::string_view s) {
    return "\"" + std::string(s.substr(0, 60)) + (s.size() > 60 ? "...\"" : "\"");
}

// "+08:00", "-0530", "+08": seconds east.
std::optional<int> fixedOffset(std::string_view s) {
    if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
    std::string digits;
    for (char c : s.substr(1))
        if (c != ':') digits += c;
    if ((digits.size() != 2 && digits.size() != 4) ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int h = (digits[0] - '0') * 10 + (digits[1] - '0');
    const int m = digits.size() == 4 ? (digits[2] - '0') * 10 + (digits[3] - '0') : 0;
    if (h > 23 || m > 59) return std::nullopt;
    return (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

// The last line of the zone's TZif file, where RFC 8536 puts the POSIX rule; empty when the file
// has none (version 1) or cannot be read. The folders are the ones the library looks in, in its
// order (libdate-tz 3.0.1, discover_tz_dir on Linux).
std::string tzifFooter(const std::string& zoneName) {
    for (const char* dir : {"/usr/share/zoneinfo/uclibc", "/usr/share/zoneinfo", "/var/db/zoneinfo"}) {
        std::ifstream file(std::string(dir) + "/" + zoneName, std::ios::binary);
        if (!file) continue;
        const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (data.size() < 46 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') return {};
        const size_t start = data.rfind('\n', data.size() - 2);
        return start == std::string::npos ? std::string() : data.substr(start + 1, data.size() - start - 2);
    }
    return {};
}

// " (did you mean "X"?)" for a zone name within a third of `name`'s length, else a hint.
std::string unknownZoneHint(std::string_view name, const date::tzdb& db) {
    const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
    const std::string* best = nullptr;
    std::size_t bestDistance = limit + 1;
    for (const date::time_zone& z : db.zones)
        if (std::size_t d = config::editDistance(name, z.name()); d < bestDistance) best = &z.name(), bestDistance = d;
    if (best) return " (did you mean \"" + *best + "\"?)";
    return " (not in the system tz database; use an IANA name such as \"America/Los_Angeles\", \"UTC\" or an "
           "offset such as \"+08:00\")";
}

}  // namespace

Result<TimeZone> TimeZone::load(std::string_view name) {
    TimeZone zone;
    zone.name_ = std::string(name);
    if (name == "UTC" || name == "Z") return zone;
    if (auto offset = fixedOffset(name)) {
        zone.fixedOffset_ = *offset;
        return zone;
    }
    const std::string shown = "time zone " + quoted(name);
    try {
        const date::tzdb& db = date::get_tzdb();
        try {
            zone.zone_ = date::locate_zone(name);
        } catch (const std::exception&) {
            return Error{"unknown " + shown + unknownZoneHint(name, db)};
        }
        // The table ends at its last transition: from there on the file's rule, if it has one.
        const std::string footer = tzifFooter(zone.zone_->name());
        if (!footer.empty()) {
            auto rule = PosixTzRule::parse(footer);
            if (!rule) return Error{shown + ": cannot read the rule \"" + footer + "\" at the end of its TZif file"};
            zone.rule_ = std::make_shared<const PosixTzRule>(*rule);
            const auto last = zone.zone_->get_info(date::sys_days{date::year{9999} / 12 / 31});
            zone.ruleFrom_ = std::max<int64_t>(last.begin.time_since_epoch().count(), -kLimit);
        }
    } catch (const std::exception& e) {
        return Error{shown + ": the system tz database cannot be read (" + e.what() + ")"};
    }
    return zone;
}

int TimeZone::offsetAt(int64_t utc) const {
    if (!zone_) return fixedOffset_;
    utc = clamped(utc);
    if (rule_ && utc >= ruleFrom_) return rule_->offsetAt(utc);
    return int(zone_->get_info(date::sys_seconds{std::chrono::seconds{utc}}).offset.count());
}

TimeZone::Instant TimeZone::fromLocal(int64_t local) const {
    if (!zone_) return {local - fixedOffset_, fixedOffset_, LocalKind::Unique};
    local = clamped(local);
    // Offsets are under 26 hours and transitions days apart: the offsets in force 30 hours either
    // side of a local time are the only ones it can have.
    constexpr int64_t kSpan = 30 * 3600;
    if (!rule_ || local + kSpan < ruleFrom_) {
        // Within the table: the library says whether the time is unique, repeated or skipped.
        const date::local_info info = zone_->get_info(date::local_seconds{std::chrono::seconds{local}});
        const int first = int(info.first.offset.count());
        switch (info.result) {
            case date::local_info::unique:
                return {local - first, first, LocalKind::Unique};
            case date::local_info::ambiguous:  // first: the earlier instant, before the jump back
                return {local - first, first, LocalKind::Ambiguous};
            default:  // nonexistent; first: the offset before the jump forward
                return {local - first, int(info.second.offset.count()), LocalKind::Nonexistent};
        }
    }
    // Past the table: the same answers from offsetAt. A candidate offset is right if the instant
    // it gives has that offset.
    const int before = offsetAt(local - kSpan), after = offsetAt(local + kSpan);
    const bool beforeFits = offsetAt(local - before) == before;
    const bool afterFits = before != after && offsetAt(local - after) == after;
    if (beforeFits && afterFits) {
        const int earlier = std::max(before, after);  // the larger offset gives the earlier instant
        return {local - earlier, earlier, LocalKind::Ambiguous};
    }
    if (beforeFits) return {local - before, before, LocalKind::Unique};
    if (afterFits) return {local - after, after, LocalKind::Unique};
    const int64_t utc = local - before;  // in a gap: the offset before the jump
    return {utc, offsetAt(utc), LocalKind::Nonexistent};
}

}  // namespace gs
