// RFC 3339 timestamps of the live feed, as UTC epoch milliseconds.
//
// Hand-written on purpose: no locale, no strptime, no time zone database, so parsing costs tens of
// nanoseconds and behaves the same on every machine. Only what RFC 3339 section 5.6 allows is taken,
// with one common relaxation (a space instead of "T"); the offset ("Z" or "+08:00") is mandatory,
// because a local time without one cannot be ordered against other senders' times.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace gs {

// "No time" in the live types: a field that was absent.
inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

inline constexpr std::int64_t kMillisPerSecond = 1000;
inline constexpr std::int64_t kMillisPerMinute = 60 * kMillisPerSecond;
inline constexpr std::int64_t kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr std::int64_t kMillisPerDay = 24 * kMillisPerHour;

// "2026-11-22T08:15:00+08:00", "2026-11-22T00:15:00.250Z", "2026-11-22 08:15:00.5+08:00".
// Fractions beyond milliseconds are truncated; a leap second (:60) counts as the next second.
// Returns nothing for anything else (no offset, bad digits, day 31 of a 30-day month, ...).
std::optional<std::int64_t> parseRfc3339(std::string_view text);

// The same instant written back, at the given UTC offset in minutes ("Z" for 0), with milliseconds
// only when they are not zero. For messages, logs and tests.
std::string formatRfc3339(std::int64_t epochMs, int offsetMinutes = 0);

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t daysFromCivil(int year, int month, int day);
void civilFromDays(std::int64_t days, int& year, int& month, int& day);

// Start of the local calendar day (at the given UTC offset) that contains `epochMs`, in UTC ms.
std::int64_t localDayStart(std::int64_t epochMs, int offsetMinutes);

}  // namespace gs
