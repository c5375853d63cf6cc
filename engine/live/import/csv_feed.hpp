// A CSV of cases (a hotline's or a city's export) turned into live-feed messages: the engine side
// of `gridscope feed from-csv CSV --mapping MAP.json`.
//
// Each row is one issue. Its lifecycle becomes messages of the live-feed contract, one GeoJSON
// Feature per line, each complete (geometry and every property): `reported` at the opened time and,
// when the case was closed, a `closed` (or `resolved` / `cancelled`, per the mapping) message at the
// closed time, with resolved_at (not for `cancelled`). Times are written as RFC 3339 with the source zone's offset at that instant. The
// output is sorted by updated_at (the instant; rows in file order, reported before closed, on ties).
//
// Nothing is dropped in silence: a row that cannot become messages (no coordinates, a bad time,
// an unknown status, fewer fields than the header...) is skipped, counted under its reason and
// listed with its row and line number. A later row with the id of a written one is skipped too. Deliberate adjustments are counted too:
// - closed before opened (the source's own negative resolution times): the close is emitted at
//   the opened time, so the lifecycle stays ordered; the source's closed time is kept in the
//   property `source_closed_at`.
// - a local time that does not exist (skipped by a DST jump forward) is read with the offset in
//   force before the jump, i.e. shifted forward by the jump (02:30 becomes 03:30 daylight time);
//   an ambiguous one (repeated by a DST jump back) takes the earlier instant, the first
//   occurrence (01:30 on the night PDT ends is read as 01:30-07:00). Both are counted.
//
// The mapping JSON (unknown keys are errors; keys starting with "_" are comments):
//   "id": column, "id_prefix": text                          required / optional
//   "lon", "lat": columns  (or "x", "y")                     required
//   "crs": "EPSG:4326" (default), "GCJ-02", "BD-09" or any CRS PROJ reads; converted to WGS 84
//        (a point outside the CRS's domain, found by transforming back, is "coordinates out of range")
//   "opened": column (required), "closed": column
//   "status": {"column": c, "values": {"Open": "open", "Closed": "closed", ...}}
//        values are open | resolved | closed | cancelled; without "status", a row is closed when
//        its closed time is set, and the close message takes "close_status" (default "closed")
//   "time_format": "iso8601" (default) or a strftime subset: %Y %m %d %H %M %S (with an optional
//        fraction) %z %F %T %%; "time_zone": an IANA name ("America/Los_Angeles"), "UTC" or a
//        fixed offset ("+08:00"); without it every time must carry its own offset
//   "category": column | {"column": c, "map": {source text: key}, "default": key}, or "columns":
//        [c, ...] instead of "column": the first of their values found in the map gives the key
//   "title": column | {"columns": [c, ...], "translations": {source text: text}, "separator": " · "}
//        the first non-empty value is the source text; the first value with a translation gives
//        the translated text; the title is "translated · source" (either alone if the other is
//        missing)
//   "address", "grid_id": columns
//   "priority": column | {"column": c, "map": {text: 1..3}, "default": 1..3}
//   "due": column, or "due_hours": hours after the opened time
//   "properties": {property name: column}                    copied as text when not empty
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace gs {

// ---- Time zones and times ------------------------------------------------------------------

// A time zone from the system tz database: the TZif file /usr/share/zoneinfo/NAME (or $TZDIR/NAME),
// its transitions and, past the last one, its POSIX rule (so "slim" TZif files work too). libstdc++
// 12 has no std::chrono::locate_zone, and the C library's TZ/mktime is process-global state, so
// this reads the file itself; a loaded TimeZone is immutable and safe to share between threads.
class TimeZone {
public:
    // An IANA name ("America/Los_Angeles", "Asia/Shanghai", "UTC") or a fixed offset "+08:00".
    static Result<TimeZone> load(std::string_view name);

    enum class LocalKind { Unique, Ambiguous, Nonexistent };
    struct Instant {
        int64_t utcSeconds = 0;
        int offsetSeconds = 0;  // in force at that instant
        LocalKind kind = LocalKind::Unique;
    };

    // The UTC offset (seconds east) in force at an instant.
    int offsetAt(int64_t utcSeconds) const;
    // The instant a local wall-clock time (seconds since 1970-01-01T00:00 local) names: ambiguous
    // times take the earlier instant, nonexistent ones the offset before the jump (see above).
    Instant fromLocal(int64_t localSeconds) const;

    const std::string& name() const { return name_; }

    struct PosixRule;  // the TZif footer, defined in the .cpp

private:
    std::string name_;
    std::vector<int64_t> transitions_;       // UTC seconds, ascending
    std::vector<int> offsets_;               // offsets_[i] is in force from transitions_[i]
    int initialOffset_ = 0;                  // before the first transition
    std::shared_ptr<const PosixRule> rule_;  // after the last transition, if the file has one
};

// A point in time as the feed writes it: the instant and the offset to show it with.
struct FeedTime {
    int64_t utcMillis = 0;
    int offsetSeconds = 0;
    TimeZone::LocalKind kind = TimeZone::LocalKind::Unique;
};

// Parses `text` with `format` ("iso8601" or the strftime subset above). A time with its own offset
// keeps it; one without takes `zone`'s (an Error when zone is null). The Error says what is wrong
// with the text, without naming the row (the caller does).
Result<FeedTime> parseFeedTime(std::string_view text, std::string_view format, const TimeZone* zone);

// RFC 3339 at the time's offset, e.g. "2015-03-08T03:30:00-07:00" (live/rfc3339.hpp's format: "Z"
// for a zero offset, milliseconds only when not zero).
std::string formatFeedTime(const FeedTime& time);

// ---- The mapping -----------------------------------------------------------------------------

struct CsvFeedMapping {
    std::string origin;  // the mapping file, for messages

    std::string idColumn, idPrefix;
    std::string xColumn, yColumn;  // lon/lat or x/y
    std::string crs;               // empty: WGS 84 lon/lat
    std::string openedColumn, closedColumn;

    std::string statusColumn;
    std::map<std::string, std::string> statusValues;  // source text -> open|resolved|closed|cancelled
    std::string closeStatus = "closed";

    std::string timeFormat = "iso8601";
    std::string timeZone;  // empty: times carry their own offsets

    std::vector<std::string> categoryColumns;  // with a map: the first value found in it wins
    std::map<std::string, std::string> categoryMap;
    std::optional<std::string> categoryDefault;

    std::vector<std::string> titleColumns;
    std::map<std::string, std::string> titleTranslations;
    std::string titleSeparator = " · ";

    std::string addressColumn, gridIdColumn;

    std::string priorityColumn;
    std::map<std::string, int> priorityMap;
    std::optional<int> priorityDefault;

    std::string dueColumn;
    std::optional<double> dueHours;

    std::vector<std::pair<std::string, std::string>> properties;  // property name, column
};

// `origin` names the text in messages (usually the file name).
Result<CsvFeedMapping> parseCsvFeedMapping(std::string_view jsonText, std::string_view origin);
Result<CsvFeedMapping> loadCsvFeedMapping(const std::filesystem::path& path);

// ---- The conversion --------------------------------------------------------------------------

struct CsvSkippedRow {
    size_t row = 0;      // data row, 1-based (the header is not counted)
    size_t line = 0;     // physical line the row starts on, 1-based (the header is line 1)
    std::string reason;  // the reason class, a key of CsvFeedStats::skippedByReason
    std::string detail;  // what exactly, e.g. `lat "abc" is not a number`
};

struct CsvFeedStats {
    size_t rows = 0;             // data rows read
    size_t rowsWritten = 0;      // rows that became messages
    size_t messagesWritten = 0;  // lines written
    size_t reportedMessages = 0, closingMessages = 0;
    std::map<std::string, size_t> skippedByReason;
    std::vector<CsvSkippedRow> skipped;  // every skipped row, in file order

    // Rows written with a deliberate adjustment (see the top of this file).
    size_t closedBeforeOpened = 0;
    size_t nonexistentLocalTimes = 0;  // times, not rows
    size_t ambiguousLocalTimes = 0;    // times, not rows
    size_t invalidUtf8Rows = 0;        // text with bad bytes, written with U+FFFD in their place

    size_t rowsSkipped() const { return skipped.size(); }
    // A few lines for a person (the CLI prints it to stderr): totals, then each skip reason with
    // its count and its first `examples` rows, then the adjustments.
    std::string summary(std::string_view csvName, size_t examples = 5) const;
};

// Reads the CSV (header row first), writes the sorted messages to `out`. Errors: the files cannot
// be read, the mapping is invalid, a mapped column is not in the header, the time zone or CRS is
// unknown, a quoted field never closes. Nothing is written to `out` on an error.
Result<CsvFeedStats> csvToFeed(std::istream& csv, std::string_view csvName, const CsvFeedMapping& mapping,
                               std::ostream& out);
Result<CsvFeedStats> csvToFeed(const std::filesystem::path& csvPath, const std::filesystem::path& mappingPath,
                               std::ostream& out);

}  // namespace gs
