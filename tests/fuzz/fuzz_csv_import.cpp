// libFuzzer target: `feed from-csv`'s converter (engine/live/import) on any CSV and mapping. It must
// never crash, hang or hit undefined behaviour, and what it writes must keep its promises: every
// row is written or skipped with a reason, every line is a message the feed's own parser accepts,
// and the lines are sorted by updated_at. Built by tests/fuzz.cmake.
//
// Input: a mapping (JSON) and the CSV, separated by the first line "===". Without that line the
// whole input is the CSV and the first byte picks one of the built-in mappings below (local times
// across DST, a projected CRS, GCJ-02 and offsets in the text), so the fuzzer explores rows without
// having to write a valid mapping first. Seeds: tests/fuzz/csv_corpus.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include "live/feed/message.hpp"
#include "live/import/csv_feed.hpp"

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_csv_import: invariant broken: %s\n", what);
        std::abort();
    }
}

const char* const kMappings[] = {
    // Local times in a zone with DST, status values, maps, translations, due hours.
    R"({"id": "case", "id_prefix": "t-", "lon": "lon", "lat": "lat", "opened": "opened", "closed": "closed",
        "status": {"column": "status", "values": {"Open": "open", "Closed": "closed", "Fixed": "resolved",
                                                  "Void": "cancelled"}},
        "time_format": "%Y-%m-%d %H:%M:%S", "time_zone": "America/Los_Angeles",
        "category": {"columns": ["kind", "what"], "map": {"Litter": "sanitation", "Loud": "noise"}, "default": "other"},
        "title": {"columns": ["what", "kind"], "translations": {"Litter": "垃圾"}},
        "address": "where", "due_hours": 72, "priority": {"column": "prio", "map": {"high": 1}, "default": 3},
        "properties": {"channel": "via"}})",
    // A projected CRS through PROJ, ISO 8601 times in a southern-hemisphere zone, a due column.
    R"({"id": "id", "x": "e", "y": "n", "crs": "EPSG:3857", "opened": "t", "closed": "c", "due": "d",
        "close_status": "resolved", "time_zone": "Australia/Sydney", "category": "cat", "priority": "p",
        "grid_id": "g"})",
    // GCJ-02 coordinates, times with their own offsets (no zone), a strftime format with %z.
    R"({"id": "id", "lon": "lng", "lat": "lat", "crs": "GCJ-02", "opened": "t", "closed": "c",
        "time_format": "%d/%m/%Y %H:%M:%S %z", "category": {"default": "safety_hazard"}, "title": "name"})",
    // A fixed offset, fractions of seconds, BD-09.
    R"({"id": "id", "lon": "x", "lat": "y", "crs": "BD-09", "opened": "t", "time_zone": "+08:00",
        "time_format": "%FT%T", "category": "c", "due_hours": 0.5})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    gs::Result<gs::CsvFeedMapping> mapping = gs::Error{"none"};
    std::string_view csv;
    if (const std::size_t split = input.find("\n===\n"); split != std::string_view::npos) {
        mapping = gs::parseCsvFeedMapping(input.substr(0, split), "mapping.json");
        if (!mapping) return 0;
        csv = input.substr(split + 5);
    } else {
        if (size == 0) return 0;
        mapping = gs::parseCsvFeedMapping(kMappings[data[0] % std::size(kMappings)], "built-in.json");
        check(mapping.ok(), "the built-in mappings are valid");
        csv = input.substr(1);
    }

    std::istringstream in{std::string(csv)};
    std::ostringstream out;
    auto stats = gs::csvToFeed(in, "fuzz.csv", *mapping, out);
    if (!stats) {
        check(out.str().empty(), "nothing is written on an error");
        return 0;
    }
    const gs::CsvFeedStats& s = *stats;
    check(s.rows == s.rowsWritten + s.rowsSkipped(), "every row is written or skipped");
    check(s.messagesWritten == s.reportedMessages + s.closingMessages, "messages = reported + closing");
    check(s.reportedMessages == s.rowsWritten, "one reported message per written row");
    std::size_t skipped = 0;
    for (const auto& [reason, count] : s.skippedByReason) skipped += count;
    check(skipped == s.rowsSkipped(), "the reasons count every skipped row");
    (void)s.summary("fuzz.csv");

    // Every line is a contract message, in updated_at order.
    const std::string text = out.str();
    std::size_t lines = 0;
    std::int64_t previous = INT64_MIN;
    for (std::size_t begin = 0; begin < text.size();) {
        const std::size_t end = text.find('\n', begin);
        check(end != std::string::npos, "every line ends with a newline");
        const std::string_view line(text.data() + begin, end - begin);
        begin = end + 1;
        ++lines;
        gs::ParseResult r = gs::parseMessage(line);
        if (const auto* rejection = std::get_if<gs::Rejection>(&r)) {
            if (rejection->reason == gs::RejectReason::TooLarge) continue;  // a huge row: the feed's limit
            std::fprintf(stderr, "rejected (%s): %s\n%.*s\n", std::string(gs::reasonName(rejection->reason)).c_str(),
                         rejection->detail.c_str(), int(line.size()), line.data());
            check(false, "every line is accepted by the feed's parser");
        }
        const gs::LiveMessage& m = std::get<gs::LiveMessage>(r);
        check(m.updatedAt >= previous, "lines sorted by updated_at");
        previous = m.updatedAt;
    }
    check(lines == s.messagesWritten, "messagesWritten counts the lines");
    return 0;
}
