// A POSIX TZ rule such as "PST8PDT,M3.2.0,M11.1.0": the line at the end of a TZif file (RFC 8536
// section 3.3) that gives a zone's offsets after the file's last transition.
//
// Why this is hand-written while the rest of time zones comes from Howard Hinnant's date/tz
// (Debian's libdate-tz, reading the system tz database): its 3.0.1 build with USE_OS_TZDB reads the
// transitions of a TZif file but not this line, so past the table it keeps the last offset for
// ever. Measured: America/Los_Angeles at 2040-07-01 12:00 comes back as -08:00 (PST) instead of
// -07:00, and a "slim" TZif file (transitions only up to the rule change, the rule after) would be
// wrong from the 2000s on. The library's own POSIX rule class (date/ptz.h) does not compile as
// C++20 with GCC 12 (its hh_mm_ss is ambiguous with std::chrono::hh_mm_ss). So this reads the rule;
// the dates it names are computed with date.h's calendar types.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gs {

struct PosixTzRule {
    // A day of the year: 'M' Mm.w.d (month m, week w = 1..5 where 5 is the last, weekday d = 0..6
    // from Sunday), 'J' Jn (1..365, Feb 29 never counted) or 'D' n (0..365, Feb 29 counted).
    struct Date {
        char kind = 'M';
        int a = 0, b = 0, c = 0;
    };
    int stdOffset = 0, dstOffset = 0;  // seconds east of UTC
    bool hasDst = false;
    Date start, end;
    // Seconds after local midnight (standard time for the start, daylight time for the end); may be
    // negative or past 24 h (RFC 8536 allows -167..167 hours).
    int startTime = 7200, endTime = 7200;

    // The rule; std::nullopt when `text` is not one (a DST name without dates is not either: no
    // TZif file has one, and the POSIX default dates are US rules of 1987).
    static std::optional<PosixTzRule> parse(std::string_view text);

    // The UTC offset (seconds east) in force at an instant.
    int offsetAt(int64_t utcSeconds) const;
};

}  // namespace gs
