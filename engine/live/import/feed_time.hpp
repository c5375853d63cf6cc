// The times of a CSV row: read with the mapping's time format, in its time zone, and written back as
// the feed's RFC 3339.
//
// A format is "iso8601" or a small strftime subset: %Y %m %d %H %M %S (with an optional fraction,
// kept to milliseconds) %z %F %T %%. A subset on purpose: strptime depends on the locale and
// accepts more than it should (it skips spaces anywhere, takes 1-digit years), and a time that
// does not match the format exactly must be a skipped row with its reason, not a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "live/import/time_zone.hpp"

namespace gs {

// A point in time as the feed writes it: the instant and the offset to show it with.
struct FeedTime {
    int64_t utcMillis = 0;
    int offsetSeconds = 0;
    TimeZone::LocalKind kind = TimeZone::LocalKind::Unique;
};

// Why `format` cannot be used, if it cannot ("unsupported conversion "%y" ...", "needs %d ...").
std::optional<std::string> timeFormatProblem(std::string_view format);

// Parses `text` with `format` ("iso8601" or the strftime subset above). A time with its own offset
// keeps its instant and is shown with `zone`'s offset at that instant (with its own offset when
// zone is null); one without takes `zone`'s (an Error when zone is null). A time that is not
// isWritable is an Error too. The Error says what is wrong with the text, without naming the row
// (the caller does).
Result<FeedTime> parseFeedTime(std::string_view text, std::string_view format, const TimeZone* zone);

// Whether formatFeedTime can write the time: RFC 3339 has 4-digit years, so the local time at the
// offset shown must fall in the years 0000 to 9999. A time read from a cell with its own offset,
// shown in another zone, or one computed from another (due_hours), can fall outside them.
bool isWritable(const FeedTime& time);

// RFC 3339 at the time's offset, e.g. "2015-03-08T03:30:00-07:00" (core/rfc3339.hpp's format: "Z"
// for a zero offset, milliseconds only when not zero).
std::string formatFeedTime(const FeedTime& time);

}  // namespace gs
