// A CSV of cases (a hotline's or a city's export) turned into live-feed messages: the engine side
// of `gridscope feed from-csv CSV --mapping MAP.json`.
//
// Each row is one issue. Its lifecycle becomes messages of the live-feed contract, one GeoJSON
// Feature per line, each complete (geometry and every property): `reported` at the opened time and,
// when the case was closed, a `closed` (or `resolved` / `cancelled`, per the mapping) message at the
// closed time, with resolved_at (not for `cancelled`). Times are written as RFC 3339 with the
// source zone's offset at that instant. The output is sorted by updated_at (the instant; rows in
// file order, reported before closed, on ties).
//
// Nothing is dropped in silence: a row that cannot become messages (no coordinates, a bad time,
// an unknown status, fewer fields than the header...) is skipped, counted under its reason and
// listed with its row and line number. A later row with the id of a written one is skipped too.
// Deliberate adjustments are counted too:
// - closed before opened (the source's own negative resolution times): the close is emitted at
//   the opened time, so the lifecycle stays ordered; the source's closed time is kept in the
//   property `source_closed_at`.
// - a local time that does not exist (skipped by a DST jump forward) is read with the offset in
//   force before the jump, i.e. shifted forward by the jump (02:30 becomes 03:30 daylight time);
//   an ambiguous one (repeated by a DST jump back) takes the earlier instant, the first
//   occurrence (01:30 on the night PDT ends is read as 01:30-07:00). Both are counted.
//
// The parts: time_zone.hpp (zones from the system tz database), feed_time.hpp (reading and writing
// the times), csv_mapping.hpp (the mapping JSON), csv_reader.hpp (RFC 4180 records); this file turns
// rows into messages. Including it gives all of them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "live/import/csv_mapping.hpp"
#include "live/import/feed_time.hpp"
#include "live/import/time_zone.hpp"

namespace gs {

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
