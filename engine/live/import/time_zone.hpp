// The time zone a CSV's local wall-clock times are read in.
//
// Zones come from the system tz database (/usr/share/zoneinfo, Debian's tzdata) through Howard
// Hinnant's date/tz (Debian's libdate-tz, built with USE_OS_TZDB: it reads those files and never
// downloads). libstdc++ 12 has no std::chrono::locate_zone, and the C library's TZ/mktime is
// process-global state, hence the library. What it cannot do, times past the TZif table, is read
// from the file's POSIX rule (posix_tz_rule.hpp says why).
//
// A loaded TimeZone is immutable and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace date {
class time_zone;
}

namespace gs {

struct PosixTzRule;

class TimeZone {
public:
    // An IANA name ("America/Los_Angeles", "Asia/Shanghai", "UTC") or a fixed offset ("+08:00",
    // "-0530", "+08"). An unknown name is an Error naming it (with the closest known name, if one
    // is close).
    static Result<TimeZone> load(std::string_view name);

    enum class LocalKind { Unique, Ambiguous, Nonexistent };
    struct Instant {
        int64_t utcSeconds = 0;
        int offsetSeconds = 0;  // in force at that instant
        LocalKind kind = LocalKind::Unique;
    };

    // The UTC offset (seconds east) in force at an instant.
    int offsetAt(int64_t utcSeconds) const;
    // The instant a local wall-clock time (seconds since 1970-01-01T00:00 local) names. A time
    // repeated by a jump back takes the earlier instant (the first occurrence, as java.time and
    // Python's fold=0 do); a time skipped by a jump forward is read with the offset before the
    // jump, i.e. it lands after the jump by the jump's length (02:30 becomes 03:30 daylight time).
    Instant fromLocal(int64_t localSeconds) const;

    const std::string& name() const { return name_; }

private:
    std::string name_;
    const date::time_zone* zone_ = nullptr;  // null: a fixed offset
    int fixedOffset_ = 0;
    // From this instant on (the table's last transition) the file's POSIX rule gives the offset.
    int64_t ruleFrom_ = INT64_MAX;
    std::shared_ptr<const PosixTzRule> rule_;
};

}  // namespace gs
