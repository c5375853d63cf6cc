// CSV of cases -> live-feed messages: the CSV reader's edge cases, local times across DST (from the
// system tz database through date/tz, and past its table from the zone's POSIX rule, which must
// agree with the table for every zone), the lifecycle lines a small mapping produces, every kind of
// bad row counted with its reason, mapping errors with their JSON paths, and the whole SF 311 file
// with every one of its rows accounted for.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <date/tz.h>

#include "geo/china_offsets.hpp"
#include "live/import/csv_feed.hpp"
#include "live/import/csv_reader.hpp"
#include "live/import/posix_tz_rule.hpp"
#include "live/feed/message.hpp"
#include "core/rfc3339.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif
#ifndef GRIDSCOPE_SOURCE_DIR
#define GRIDSCOPE_SOURCE_DIR "/work/main"
#endif

using namespace gs;
using Json = nlohmann::json;

namespace {

std::vector<CsvRecord> readAll(const std::string& text) {
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<CsvRecord> records;
    CsvRecord r;
    for (;;) {
        auto got = reader.next(r);
        EXPECT_TRUE(got.ok()) << (got.ok() ? "" : got.error().message);
        if (!got.ok() || !*got) break;
        records.push_back(r);
    }
    return records;
}

std::string rfc3339(const char* text, const char* zoneName, const char* format = "iso8601",
                    TimeZone::LocalKind* kind = nullptr) {
    auto zone = TimeZone::load(zoneName);
    EXPECT_TRUE(zone.ok()) << (zone.ok() ? "" : zone.error().message);
    if (!zone.ok()) return "";
    auto t = parseFeedTime(text, format, &*zone);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    if (!t.ok()) return "";
    if (kind) *kind = t->kind;
    return formatFeedTime(*t);
}

CsvFeedMapping mapping(const std::string& json) {
    auto m = parseCsvFeedMapping(json, "test-mapping.json");
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    return m.ok() ? *m : CsvFeedMapping{};
}

struct Converted {
    CsvFeedStats stats;
    std::vector<std::string> lines;
};

Converted convert(const std::string& csv, const CsvFeedMapping& m) {
    std::istringstream in(csv);
    std::ostringstream out;
    auto stats = csvToFeed(in, "test.csv", m, out);
    EXPECT_TRUE(stats.ok()) << (stats.ok() ? "" : stats.error().message);
    Converted c;
    if (stats.ok()) c.stats = *stats;
    std::istringstream lines(out.str());
    for (std::string line; std::getline(lines, line);) c.lines.push_back(line);
    return c;
}

std::string convertError(const std::string& csv, const std::string& mappingJson) {
    auto m = parseCsvFeedMapping(mappingJson, "test-mapping.json");
    if (!m) return m.error().message;
    std::istringstream in(csv);
    std::ostringstream out;
    auto stats = csvToFeed(in, "test.csv", *m, out);
    if (stats.ok()) return "";
    EXPECT_TRUE(out.str().empty()) << "nothing is written on an error";
    return stats.error().message;
}

const char* kSmallMapping = R"({
  "id": "case", "id_prefix": "t-", "lon": "lon", "lat": "lat",
  "opened": "opened", "closed": "closed",
  "status": {"column": "status", "values": {"Open": "open", "Closed": "closed", "Fixed": "resolved"}},
  "time_format": "%Y-%m-%d %H:%M:%S", "time_zone": "America/Los_Angeles",
  "category": {"column": "kind", "map": {"Litter": "sanitation", "Loud": "noise"}, "default": "other"},
  "title": {"columns": ["what", "kind"], "translations": {"Litter": "垃圾"}},
  "address": "where", "due_hours": 72,
  "priority": {"column": "prio", "map": {"high": 1}, "default": 3},
  "properties": {"channel": "via"}
})";

const char* kSmallHeader = "case,opened,closed,status,kind,what,where,prio,via,lon,lat\n";

}  // namespace

// ---- CSV reader ------------------------------------------------------------------------------

TEST(CsvReader, QuotesCommasNewlinesAndEmptyFields) {
    const std::string text =
        "\xEF\xBB\xBF"
        "a,b,c\r\n"                          // BOM, CRLF
        "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"  // embedded comma, doubled quotes
        "2,\"line one\nline two\",\n"        // embedded newline, empty last field
        "\n"                                 // a blank line is no record
        ",,\n"                               // all empty
        "3,\"\",plain \"quote\" inside\n"    // empty quoted field; a quote inside an unquoted one
        "4,last,no newline at end";
    auto records = readAll(text);
    ASSERT_EQ(records.size(), 6u);
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
    EXPECT_EQ(records[2].fields, (std::vector<std::string>{"2", "line one\nline two", ""}));
    EXPECT_EQ(records[3].fields, (std::vector<std::string>{"", "", ""}));
    EXPECT_EQ(records[4].fields, (std::vector<std::string>{"3", "", "plain \"quote\" inside"}));
    EXPECT_EQ(records[5].fields, (std::vector<std::string>{"4", "last", "no newline at end"}));
    // Physical lines: the embedded newline and the blank line count.
    EXPECT_EQ(records[0].line, 1u);
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[2].line, 3u);
    EXPECT_EQ(records[3].line, 6u);
    EXPECT_EQ(records[5].line, 8u);
    for (const auto& r : records) EXPECT_TRUE(r.error.empty());
}

TEST(CsvReader, MalformedRecordsAreFlaggedOrFail) {
    auto records = readAll("a,b\n\"ab\"c,d\ne,f\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_NE(records[1].error.find("after the closing quote of field 1"), std::string::npos);
    EXPECT_TRUE(records[2].error.empty());

    std::istringstream in("a,b\n1,\"never closed\n2,3\n");
    CsvReader reader(in);
    CsvRecord r;
    ASSERT_TRUE(reader.next(r).ok());
    auto bad = reader.next(r);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
}

// ---- Times -----------------------------------------------------------------------------------

TEST(CsvFeedTime, DstInLosAngeles) {
    using K = TimeZone::LocalKind;
    K kind;
    // Spring forward, 2015-03-08: 02:00 PST jumps to 03:00 PDT.
    EXPECT_EQ(rfc3339("2015-03-08 01:30:00", "America/Los_Angeles", "%Y-%m-%d %H:%M:%S", &kind),
              "2015-03-08T01:30:00-08:00");
    EXPECT_EQ(kind, K::Unique);
    EXPECT_EQ(rfc3339("2015-03-08 03:30:00", "America/Los_Angeles", "%Y-%m-%d %H:%M:%S", &kind),
              "2015-03-08T03:30:00-07:00");
    EXPECT_EQ(kind, K::Unique);
    // 02:30 does not exist: read with the offset before the jump, so it lands at 03:30 PDT.
    EXPECT_EQ(rfc3339("2015-03-08 02:30:00", "America/Los_Angeles", "%Y-%m-%d %H:%M:%S", &kind),
              "2015-03-08T03:30:00-07:00");
    EXPECT_EQ(kind, K::Nonexistent);
    // Fall back, 2015-11-01: 02:00 PDT goes back to 01:00 PST; 01:30 happens twice. We take the
    // first occurrence (still daylight time, -07:00), as java.time and Python's fold=0 do.
    EXPECT_EQ(rfc3339("2015-11-01 01:30:00", "America/Los_Angeles", "%Y-%m-%d %H:%M:%S", &kind),
              "2015-11-01T01:30:00-07:00");
    EXPECT_EQ(kind, K::Ambiguous);
    EXPECT_EQ(rfc3339("2015-11-01T00:59:59", "America/Los_Angeles"), "2015-11-01T00:59:59-07:00");
    EXPECT_EQ(rfc3339("2015-11-01T02:00:00", "America/Los_Angeles"), "2015-11-01T02:00:00-08:00");
    // Before the 2007 US rule change DST ended on the last Sunday of October.
    EXPECT_EQ(rfc3339("2006-10-30T12:00:00", "America/Los_Angeles"), "2006-10-30T12:00:00-08:00");
    EXPECT_EQ(rfc3339("2015-07-01T12:00:00", "America/Los_Angeles"), "2015-07-01T12:00:00-07:00");
    EXPECT_EQ(rfc3339("2015-01-01T12:00:00", "America/Los_Angeles"), "2015-01-01T12:00:00-08:00");
    // Past the TZif table (2037): the file's POSIX rule takes over.
    EXPECT_EQ(rfc3339("2040-07-01T12:00:00", "America/Los_Angeles"), "2040-07-01T12:00:00-07:00");
    EXPECT_EQ(rfc3339("2040-12-01T12:00:00", "America/Los_Angeles"), "2040-12-01T12:00:00-08:00");
}

TEST(CsvFeedTime, OtherZonesAndForms) {
    EXPECT_EQ(rfc3339("2026-11-22 08:15:00", "Asia/Shanghai", "%F %T"), "2026-11-22T08:15:00+08:00");
    EXPECT_EQ(rfc3339("2026-11-22T08:15", "+08:00"), "2026-11-22T08:15:00+08:00");
    EXPECT_EQ(rfc3339("2024-02-29T23:59:59.25", "UTC"), "2024-02-29T23:59:59.250Z");
    // Southern hemisphere: daylight time spans the new year (from the table, then from the rule).
    EXPECT_EQ(rfc3339("2016-01-15T12:00:00", "Australia/Sydney"), "2016-01-15T12:00:00+11:00");
    EXPECT_EQ(rfc3339("2016-07-15T12:00:00", "Australia/Sydney"), "2016-07-15T12:00:00+10:00");
    EXPECT_EQ(rfc3339("2045-01-15T12:00:00", "Australia/Sydney"), "2045-01-15T12:00:00+11:00");
    // A time with its own offset keeps its instant and is shown in the source zone.
    EXPECT_EQ(rfc3339("2015-03-08T10:30:00Z", "America/Los_Angeles"), "2015-03-08T03:30:00-07:00");
    EXPECT_EQ(rfc3339("8/3/2015 9:05:07 +0100", "America/Los_Angeles", "%d/%m/%Y %H:%M:%S %z"),
              "2015-03-08T00:05:07-08:00");
    // Without a zone, the text's own offset.
    auto t = parseFeedTime("2015-03-08T10:30:00+05:30", "iso8601", nullptr);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(formatFeedTime(*t), "2015-03-08T10:30:00+05:30");
    EXPECT_EQ(formatFeedTime(FeedTime{-1, 0}), "1969-12-31T23:59:59.999Z");
}

TEST(CsvFeedTime, BadTimesAndZones) {
    auto zone = TimeZone::load("America/Los_Angeles");
    ASSERT_TRUE(zone.ok());
    EXPECT_FALSE(parseFeedTime("2015-02-29T10:00:00", "iso8601", &*zone).ok());  // not a leap year
    EXPECT_FALSE(parseFeedTime("2015-13-01T10:00:00", "iso8601", &*zone).ok());
    EXPECT_FALSE(parseFeedTime("2015-01-01T24:00:00", "iso8601", &*zone).ok());
    EXPECT_FALSE(parseFeedTime("yesterday", "iso8601", &*zone).ok());
    EXPECT_FALSE(parseFeedTime("2015-01-01 10:00", "%Y-%m-%d %H:%M:%S", &*zone).ok());
    auto noZone = parseFeedTime("2015-01-01T10:00:00", "iso8601", nullptr);
    ASSERT_FALSE(noZone.ok());
    EXPECT_NE(noZone.error().message.find("no UTC offset"), std::string::npos);

    auto unknown = TimeZone::load("Mars/Olympus_Mons");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("unknown time zone \"Mars/Olympus_Mons\""), std::string::npos);
    auto typo = TimeZone::load("America/Los_Angles");
    ASSERT_FALSE(typo.ok());
    EXPECT_NE(typo.error().message.find("did you mean \"America/Los_Angeles\"?"), std::string::npos)
        << typo.error().message;
    for (const char* bad : {"../../etc/passwd", "/etc/localtime", "", "right/UTC", "+25:00", "+08:0"})
        EXPECT_FALSE(TimeZone::load(bad).ok()) << bad;
    // Fixed offsets in their three spellings.
    EXPECT_EQ(rfc3339("2026-11-22T08:15:00", "-0530"), "2026-11-22T08:15:00-05:30");
    EXPECT_EQ(rfc3339("2026-11-22T08:15:00", "+08"), "2026-11-22T08:15:00+08:00");
}

// Caught by fuzz_csv_import's check that its lines parse again: a time whose instant, shown at the
// zone's offset, falls before the year 0000 or after 9999 was written as
// "-001-12-31T11:05:00+10:05", which RFC 3339 (and the feed's parser) cannot read. It is a bad time
// of its row now; so is a due time past 9999.
TEST(CsvFeedTime, TimesRfc3339CannotWriteAreBadTimes) {
    auto sydney = TimeZone::load("Australia/Sydney");
    ASSERT_TRUE(sydney.ok());
    auto early = parseFeedTime("0000-01-01T00:00:00+23:00", "iso8601", &*sydney);
    ASSERT_FALSE(early.ok());
    EXPECT_NE(early.error().message.find("outside the years 0000 to 9999"), std::string::npos);
    EXPECT_FALSE(parseFeedTime("9999-12-31T23:00:00-23:00", "iso8601", &*sydney).ok());
    EXPECT_TRUE(parseFeedTime("0000-01-01T00:00:00+01:00", "iso8601", nullptr).ok());  // its own offset
    // Sydney's local mean time, +10:04:52, is shown at whole minutes: the same instant, 8 s later.
    EXPECT_EQ(rfc3339("0000-01-01T12:00:00", "Australia/Sydney"), "0000-01-01T12:00:08+10:05");
    EXPECT_EQ(rfc3339("9999-12-31T23:59:59", "UTC"), "9999-12-31T23:59:59Z");

    const std::string m = R"({"id": "id", "lon": "x", "lat": "y", "opened": "t", "category": "c",
        "time_zone": "Australia/Sydney", "due_hours": 1000000})";
    auto c = convert("id,x,y,t,c\n1,1,2,0000-01-01T00:00:00+23:00,a\n2,1,2,9990-01-01T00:00:00,a\n"
                     "3,1,2,2020-01-01T00:00:00,a\n",
                     mapping(m));
    EXPECT_EQ(c.stats.skippedByReason,
              (std::map<std::string, size_t>{{"bad opened time", 1}, {"bad due time", 1}}));
    ASSERT_EQ(c.lines.size(), 1u);
    EXPECT_EQ(Json::parse(c.lines[0])["properties"]["due_at"], "2134-01-29T16:00:00+11:00");
}

// The hand-written piece kept beside date/tz: a TZif file's POSIX rule (posix_tz_rule.hpp).
TEST(CsvFeedTime, PosixRules) {
    auto at = [](const char* rule, const char* utc) {
        auto r = PosixTzRule::parse(rule);
        EXPECT_TRUE(r.has_value()) << rule;
        return r ? r->offsetAt(*parseRfc3339(utc) / 1000) / 60 : -99999;
    };
    // US Pacific: 2nd Sunday of March 02:00 PST to 1st Sunday of November 02:00 PDT.
    EXPECT_EQ(at("PST8PDT,M3.2.0,M11.1.0", "2015-03-08T09:59:59Z"), -480);
    EXPECT_EQ(at("PST8PDT,M3.2.0,M11.1.0", "2015-03-08T10:00:00Z"), -420);
    EXPECT_EQ(at("PST8PDT,M3.2.0,M11.1.0", "2015-11-01T08:59:59Z"), -420);
    EXPECT_EQ(at("PST8PDT,M3.2.0,M11.1.0", "2015-11-01T09:00:00Z"), -480);
    // Southern hemisphere (daylight time over the new year), a week 5 ("last Sunday").
    EXPECT_EQ(at("AEST-10AEDT,M10.1.0,M4.1.0/3", "2045-01-15T00:00:00Z"), 660);
    EXPECT_EQ(at("AEST-10AEDT,M10.1.0,M4.1.0/3", "2045-07-15T00:00:00Z"), 600);
    EXPECT_EQ(at("CET-1CEST,M3.5.0,M10.5.0/3", "2021-03-28T00:59:59Z"), 60);
    EXPECT_EQ(at("CET-1CEST,M3.5.0,M10.5.0/3", "2021-03-28T01:00:00Z"), 120);
    // Times past 24 h and negative ones (RFC 8536), bracketed names, Julian days, no DST.
    EXPECT_EQ(at("IST-2IDT,M3.4.4/26,M10.5.0", "2040-03-23T00:00:00Z"), 180);  // Friday before last Sunday
    EXPECT_EQ(at("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2040-07-01T00:00:00Z"), -60);
    EXPECT_EQ(at("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2040-01-01T00:00:00Z"), -120);
    EXPECT_EQ(at("XXX3YYY,J60/0,J300/0", "2040-03-01T03:00:00Z"), -120);  // J60 is March 1, even in leap years
    EXPECT_EQ(at("XXX3YYY,J60/0,J300/0", "2040-02-29T12:00:00Z"), -180);
    EXPECT_EQ(at("<+0545>-5:45", "2040-01-01T00:00:00Z"), 345);
    for (const char* bad : {"", "PST", "PST8PDT", "PST8PDT,M3.2.0", "PST8PDT,M13.2.0,M11.1.0", "PS8", "<+08-8",
                            "PST8PDT,M3.6.0,M11.1.0", "PST99", "PST8PDT,J0,J100", "PST8PDT,M3.2.0,M11.1.0,"})
        EXPECT_FALSE(PosixTzRule::parse(bad).has_value()) << bad;
}

// The kept rule must say what the library's table says wherever both speak: for every zone of the
// system tz database whose table ends by 2038 (all but the few with transitions computed far ahead,
// such as Morocco's). A zone with daylight time: at each transition of the table's last seven years
// (computed from the same rule) and between them; one without: at its last transition and after.
TEST(CsvFeedTime, PosixRuleAgreesWithTheTableOfEveryZone) {
    size_t zones = 0, checked = 0;
    auto expectSame = [&](const date::time_zone& zone, const PosixTzRule& rule, date::sys_seconds t) {
        EXPECT_EQ(rule.offsetAt(t.time_since_epoch().count()), zone.get_info(t).offset.count())
            << zone.name() << " at " << t.time_since_epoch().count();
        ++checked;
    };
    for (const date::time_zone& zone : date::get_tzdb().zones) {
        std::ifstream file("/usr/share/zoneinfo/" + zone.name(), std::ios::binary);
        const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (data.size() < 46 || data.compare(0, 4, "TZif") != 0 || data[4] < '2') continue;
        const size_t from = data.rfind('\n', data.size() - 2);
        auto rule = PosixTzRule::parse(data.substr(from + 1, data.size() - from - 2));
        ASSERT_TRUE(rule.has_value()) << zone.name();
        const auto last = zone.get_info(date::sys_days{date::year{9999} / 12 / 31}).begin;
        if (last > date::sys_days{date::year{2038} / 12 / 31}) continue;
        ++zones;
        if (!rule->hasDst) {
            for (int years : {0, 1, 10, 100}) expectSame(zone, *rule, max(last, date::sys_seconds{}) + date::years{years});
            continue;
        }
        for (auto t = last - date::years{7}; t < last;) {
            const date::sys_info info = zone.get_info(t);
            for (auto probe : {info.begin, info.begin + (info.end - info.begin) / 2, info.end - std::chrono::seconds(1)})
                if (probe >= t && probe < last) expectSame(zone, *rule, probe);
            t = info.end;
        }
    }
    EXPECT_GT(zones, 300u);
    EXPECT_GT(checked, 3000u);
}

// ---- Lifecycle messages ------------------------------------------------------------------------

TEST(CsvFeed, SmallMappingProducesTheLifecycleLines) {
    const std::string csv = std::string(kSmallHeader) +
                            "2,2015-03-08 01:30:00,2015-03-08 03:30:00,Closed,Litter,,\"1 Main St, SF\",,phone,"
                            "-122.41,37.79\n"
                            "1,2015-03-07 09:00:00,,Open,Loud,Party next door,,high,web,-122.40,37.80\n";
    auto c = convert(csv, mapping(kSmallMapping));
    ASSERT_EQ(c.lines.size(), 3u);
    EXPECT_EQ(c.lines[0],
              R"({"type":"Feature","id":"t-1","geometry":{"type":"Point","coordinates":[-122.4,37.8]},)"
              R"("properties":{"kind":"issue","category":"noise","status":"reported","priority":1,)"
              R"("title":"Party next door","reported_at":"2015-03-07T09:00:00-08:00",)"
              R"("updated_at":"2015-03-07T09:00:00-08:00","due_at":"2015-03-10T10:00:00-07:00","channel":"web"}})");
    EXPECT_EQ(c.lines[1],
              R"({"type":"Feature","id":"t-2","geometry":{"type":"Point","coordinates":[-122.41,37.79]},)"
              R"("properties":{"kind":"issue","category":"sanitation","status":"reported","priority":3,)"
              R"("title":"垃圾 · Litter","address":"1 Main St, SF","reported_at":"2015-03-08T01:30:00-08:00",)"
              R"("updated_at":"2015-03-08T01:30:00-08:00","due_at":"2015-03-11T02:30:00-07:00","channel":"phone"}})");
    EXPECT_EQ(c.lines[2],
              R"({"type":"Feature","id":"t-2","geometry":{"type":"Point","coordinates":[-122.41,37.79]},)"
              R"("properties":{"kind":"issue","category":"sanitation","status":"closed","priority":3,)"
              R"("title":"垃圾 · Litter","address":"1 Main St, SF","reported_at":"2015-03-08T01:30:00-08:00",)"
              R"("updated_at":"2015-03-08T03:30:00-07:00","due_at":"2015-03-11T02:30:00-07:00","channel":"phone",)"
              R"("resolved_at":"2015-03-08T03:30:00-07:00"}})");
    EXPECT_EQ(c.stats.rows, 2u);
    EXPECT_EQ(c.stats.rowsWritten, 2u);
    EXPECT_EQ(c.stats.messagesWritten, 3u);
    EXPECT_EQ(c.stats.reportedMessages, 2u);
    EXPECT_EQ(c.stats.closingMessages, 1u);
    EXPECT_EQ(c.stats.rowsSkipped(), 0u);
}

TEST(CsvFeed, SortedByInstantAcrossOffsetsAndClosedBeforeOpened) {
    const std::string csv = std::string(kSmallHeader) +
                            // Both ambiguous (the night PDT ends): read as daylight time, so b
                            // (01:30) sorts before a (01:40) whatever the file order.
                            "a,2015-11-01 01:40:00,2015-11-01 01:20:00,Fixed,Litter,,,,,-122.4,37.8\n"
                            "b,2015-11-01 01:30:00,,Open,Litter,,,,,-122.4,37.8\n";
    auto c = convert(csv, mapping(kSmallMapping));
    ASSERT_EQ(c.lines.size(), 3u);
    std::vector<Json> m;
    for (const auto& l : c.lines) m.push_back(Json::parse(l));
    EXPECT_EQ(m[0]["id"], "t-b");
    EXPECT_EQ(m[1]["id"], "t-a");
    EXPECT_EQ(m[1]["properties"]["status"], "reported");
    // Closed (01:20) before opened (01:40): the close is written at the opened time.
    EXPECT_EQ(m[2]["id"], "t-a");
    EXPECT_EQ(m[2]["properties"]["status"], "resolved");
    EXPECT_EQ(m[2]["properties"]["updated_at"], "2015-11-01T01:40:00-07:00");
    EXPECT_EQ(m[2]["properties"]["resolved_at"], "2015-11-01T01:40:00-07:00");
    EXPECT_EQ(m[2]["properties"]["source_closed_at"], "2015-11-01T01:20:00-07:00");
    EXPECT_EQ(c.stats.closedBeforeOpened, 1u);
    EXPECT_EQ(c.stats.ambiguousLocalTimes, 3u);
}

TEST(CsvFeed, BadRowsAreCountedWithReasons) {
    const std::string csv = std::string(kSmallHeader) +
                            "1,2015-01-01 10:00:00,,Open,Litter,,,,,,\n"               // 1 no coordinates
                            "2,2015-01-01 10:00:00,,Open,Litter,,,,,abc,37.8\n"        // 2 not a number
                            "3,2015-01-01 10:00:00,,Open,Litter,,,,,-222.4,37.8\n"     // 3 out of range
                            "4,2015-01-01 10:00,,Open,Litter,,,,,-122.4,37.8\n"        // 4 bad opened
                            "5,,,Open,Litter,,,,,-122.4,37.8\n"                        // 5 no opened
                            "6,2015-01-01 10:00:00,,Pending,Litter,,,,,-122.4,37.8\n"  // 6 unknown status
                            "7,2015-01-01 10:00:00,,Closed,Litter,,,,,-122.4,37.8\n"   // 7 closed, no time
                            "8,2015-01-01 10:00:00,2015-01-02 10:00:00,Open,Litter,,,,,-122.4,37.8\n"  // 8 open, time
                            "9,2015-01-01 10:00:00,2015-01-02 1000,Closed,Litter,,,,,-122.4,37.8\n"    // 9 bad closed
                            "10,2015-01-01 10:00:00,,Open,Litter,,,,,-122.4,37.8\n"                    // 10 good
                            "10,2015-01-01 11:00:00,,Open,Litter,,,,,-122.4,37.8\n"                    // 11 duplicate
                            "11,2015-01-01 10:00:00,,Open,Litter\n"                                    // 12 short
                            "\"12\"x,2015-01-01 10:00:00,,Open,Litter,,,,,-122.4,37.8\n"               // 13 malformed
                            ",2015-01-01 10:00:00,,Open,Litter,,,,,-122.4,37.8\n"                      // 14 no id
                            "\"15\",\"2015-01-01 10:00:00\",,Open,\"multi\nline\",,,,,-122.4,37.8\n"   // 15 good
                            "16,2015-01-01 10:00:00,,Open,Litter,,,,,-122.4,37.8\n";                   // 16 good
    auto c = convert(csv, mapping(kSmallMapping));
    const auto& s = c.stats;
    EXPECT_EQ(s.rows, 16u);
    EXPECT_EQ(s.rowsWritten, 3u);
    EXPECT_EQ(s.rowsSkipped(), 13u);
    EXPECT_EQ(s.rows, s.rowsWritten + s.rowsSkipped());
    EXPECT_EQ(c.lines.size(), 3u);
    const std::map<std::string, size_t> expected = {{"missing coordinates", 1},
                                                    {"bad coordinates", 1},
                                                    {"coordinates out of range", 1},
                                                    {"bad opened time", 1},
                                                    {"missing opened time", 1},
                                                    {"unknown status", 1},
                                                    {"closed without a closed time", 1},
                                                    {"open with a closed time", 1},
                                                    {"bad closed time", 1},
                                                    {"duplicate id", 1},
                                                    {"wrong number of fields", 1},
                                                    {"malformed CSV record", 1},
                                                    {"missing id", 1}};
    EXPECT_EQ(s.skippedByReason, expected);
    ASSERT_EQ(s.skipped.size(), 13u);
    EXPECT_EQ(s.skipped[0].row, 1u);
    EXPECT_EQ(s.skipped[0].line, 2u);
    EXPECT_EQ(s.skipped[0].reason, "missing coordinates");
    EXPECT_EQ(s.skipped[9].row, 11u);
    EXPECT_EQ(s.skipped[9].reason, "duplicate id");
    EXPECT_NE(s.skipped[9].detail.find("row 10"), std::string::npos);
    EXPECT_EQ(s.skipped[12].row, 14u);
    EXPECT_EQ(s.skipped[12].line, 15u);
    // Row 15 holds a quoted line break and is written; so is row 16 after it.
    EXPECT_EQ(Json::parse(c.lines[1])["id"], "t-15");
    EXPECT_EQ(Json::parse(c.lines[1])["properties"]["category"], "other");
    EXPECT_EQ(Json::parse(c.lines[2])["id"], "t-16");
    const std::string summary = s.summary("test.csv");
    EXPECT_NE(summary.find("16 rows; 3 written as 3 messages"), std::string::npos) << summary;
    EXPECT_NE(summary.find("row 9 (line 10)"), std::string::npos) << summary;
}

TEST(CsvFeed, PriorityAndCategoryWithoutDefaults) {
    const std::string m = R"({"id": "id", "lon": "x", "lat": "y", "opened": "t", "time_zone": "UTC",
        "category": {"column": "c", "map": {"a": "sanitation"}}, "priority": "p"})";
    const std::string csv =
        "id,x,y,t,c,p\n"
        "1,1,2,2020-01-01T00:00:00,a,2\n"
        "2,1,2,2020-01-01T00:00:00,b,2\n"
        "3,1,2,2020-01-01T00:00:00,a,urgent\n"
        "4,1,2,2020-01-01T00:00:00,,\n";
    auto c = convert(csv, mapping(m));
    const std::map<std::string, size_t> expected = {
        {"unknown category", 1}, {"bad priority", 1}, {"missing category", 1}};
    EXPECT_EQ(c.stats.skippedByReason, expected);
    ASSERT_EQ(c.lines.size(), 1u);
    EXPECT_EQ(Json::parse(c.lines[0])["properties"]["priority"], 2);
    EXPECT_EQ(Json::parse(c.lines[0])["properties"]["reported_at"], "2020-01-01T00:00:00Z");
}

TEST(CsvFeed, Gcj02SourceIsConvertedToWgs84) {
    const Vec2d wgs{121.4737, 31.2304};
    const Vec2d gcj = wgs84ToGcj02(wgs);
    char row[200];
    std::snprintf(row, sizeof row, "1,%.10f,%.10f,2026-11-22T08:15:00+08:00\n", gcj.x, gcj.y);
    const std::string m = R"({"id": "id", "lon": "lng", "lat": "lat", "crs": "GCJ-02", "opened": "t",
        "category": {"default": "safety_hazard"}})";
    auto c = convert(std::string("id,lng,lat,t\n") + row, mapping(m));
    ASSERT_EQ(c.lines.size(), 1u);
    const Json msg = Json::parse(c.lines[0]);
    EXPECT_NEAR(msg["geometry"]["coordinates"][0].get<double>(), wgs.x, 2e-7);
    EXPECT_NEAR(msg["geometry"]["coordinates"][1].get<double>(), wgs.y, 2e-7);
    EXPECT_EQ(msg["properties"]["category"], "safety_hazard");
    EXPECT_EQ(msg["properties"]["reported_at"], "2026-11-22T08:15:00+08:00");
}

TEST(CsvFeed, ProjectedSourceIsReprojectedByProj) {
    // cs2cs EPSG:4326 -> EPSG:3857: 37.7749 N, 122.4194 W -> -13627665.2712, 4547675.3543.
    const std::string m = R"({"id": "id", "x": "e", "y": "n", "crs": "EPSG:3857", "opened": "t",
        "time_zone": "America/Los_Angeles", "category": {"default": "other"}})";
    auto c = convert(
        "id,e,n,t\n1,-13627665.2712,4547675.3543,2015-06-01T09:00:00\n"
        "2,-99999999,4547675.3543,2015-06-01T09:00:00\n",
        mapping(m));
    ASSERT_EQ(c.lines.size(), 1u);
    const Json msg = Json::parse(c.lines[0]);
    EXPECT_NEAR(msg["geometry"]["coordinates"][0].get<double>(), -122.4194, 1e-7);
    EXPECT_NEAR(msg["geometry"]["coordinates"][1].get<double>(), 37.7749, 1e-7);
    EXPECT_EQ(c.stats.skippedByReason, (std::map<std::string, size_t>{{"coordinates out of range", 1}}));
}

TEST(CsvFeed, MappingAndHeaderErrorsNameTheProblem) {
    const std::string csv = "id,x,y,t\n1,1,2,2020-01-01T00:00:00Z\n";
    auto has = [](const std::string& message, const std::string& part) {
        return message.find(part) != std::string::npos;
    };
    const std::string base = R"("id": "id", "lon": "x", "lat": "y", "opened": "t", "category": {"default": "other"})";
    EXPECT_TRUE(has(convertError(csv, "{" + base + R"(, "colour": "red"})"), "test-mapping.json: colour: unknown key"));
    EXPECT_EQ(convertError(csv, "{" + base + R"(, "time_zon": "UTC"})"),
              "test-mapping.json: time_zon: unknown key (did you mean \"time_zone\"?)");
    EXPECT_TRUE(has(convertError(csv, R"({"lon": "x", "lat": "y", "opened": "t", "category": "c"})"), "id: missing"));
    EXPECT_TRUE(has(convertError(csv, "{" + base + R"(, "time_format": "%d.%m.%y"})"), "%y"));
    EXPECT_TRUE(
        has(convertError(csv, "{" + base + R"(, "closed": "t", "status": {"column": "id", "values": {"1": "done"}}})"),
            "status.values.1"));
    EXPECT_TRUE(has(convertError(csv, "{" + base + R"(, "address": "street"})"), "no column \"street\""));
    EXPECT_TRUE(has(convertError(csv, "{" + base + R"(, "time_zone": "Europe/Atlantis"})"), "Europe/Atlantis"));
    EXPECT_TRUE(has(convertError(csv, "{" + base + R"(, "crs": "EPSG:999999"})"), "crs"));
    EXPECT_TRUE(has(convertError(csv, "{" + base + R"(, "properties": {"status": "id"}})"), "properties.status"));
    EXPECT_TRUE(has(convertError(csv, "{not json"), "test-mapping.json: parse error at line 1, column 3"));
    EXPECT_EQ(convertError(csv, "{" + base + R"(, "due_hours": 1e400})"),
              "test-mapping.json: number overflow parsing '1e400'");  // found by fuzz_config: it threw
    // "_" keys are comments on every object of the mapping; tables (status.values) are data.
    EXPECT_EQ(convertError(csv, "{" + base + R"(, "_note": "x", "status": {"_why": 1, "column": "id",
                                                    "values": {"1": "open"}}})"),
              "");
    EXPECT_EQ(convertError(csv, "{" + base + R"(, "status": {"column": "id", "values": {"_1": "shut"}}})"),
              "test-mapping.json: status.values._1: \"shut\" is not open, resolved, closed or cancelled");
    const std::string noCategory = R"("id": "id", "lon": "x", "lat": "y", "opened": "t")";
    EXPECT_EQ(convertError(csv, "{" + noCategory + R"(, "category": {"column": "id", "map": {"1": 7}}})"),
              "test-mapping.json: category.map.1: expected a non-empty string, got 7");
    EXPECT_EQ(convertError(csv, "{" + noCategory + R"(, "category": {"colunm": "id"}})"),
              "test-mapping.json: category.colunm: unknown key (did you mean \"column\"?)");
    EXPECT_TRUE(has(convertError("", "{" + base + "}"), "no header"));
    EXPECT_TRUE(has(convertError("id,x,y,t\n1,\"2,3\n", "{" + base + "}"), "never closed"));
    EXPECT_EQ(convertError(csv, "{" + base + "}"), "");
}

// ---- The whole SF 311 file and the demo feed cut from it ----------------------------------------

namespace {

const std::filesystem::path kSfCsv = std::filesystem::path(GRIDSCOPE_SHARED_DATA) / "sf" / "sf311_cases.csv";
const std::filesystem::path kRepo = GRIDSCOPE_SOURCE_DIR;

// The whole SF file through the repo's mapping, converted once for the tests below.
const Result<CsvFeedStats>& sfConversion(std::string* text = nullptr) {
    static std::string output;
    static const Result<CsvFeedStats> stats = [] {
        std::ostringstream out;
        auto s = csvToFeed(kSfCsv, kRepo / "tools" / "feed" / "sf311_mapping.json", out);
        output = out.str();
        return s;
    }();
    if (text) *text = output;
    return stats;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string fileText(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// The contract's own parser (live/message.hpp) must take every line as it is.
LiveMessage parsed(const std::string& line) {
    ParseResult r = parseMessage(line);
    if (const auto* rejection = std::get_if<Rejection>(&r)) {
        ADD_FAILURE() << "rejected (" << reasonName(rejection->reason) << ": " << rejection->detail << "): " << line;
        return {};
    }
    return std::get<LiveMessage>(std::move(r));
}

}  // namespace

TEST(CsvFeed, EverySf311RowIsAccountedFor) {
    if (!std::filesystem::exists(kSfCsv)) GTEST_SKIP() << "no shared data at " << kSfCsv;
    std::string text;
    const auto& stats = sfConversion(&text);
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    const CsvFeedStats& s = stats.value();
    EXPECT_EQ(s.rows, 14312u);
    EXPECT_EQ(s.rowsWritten, 14288u);
    EXPECT_EQ(s.rowsSkipped(), 24u);
    EXPECT_EQ(s.skippedByReason, (std::map<std::string, size_t>{{"missing coordinates", 24}}));
    EXPECT_EQ(s.rows, s.rowsWritten + s.rowsSkipped());
    // 13,717 cases are closed, 20 of them among the 24 without coordinates.
    EXPECT_EQ(s.reportedMessages, 14288u);
    EXPECT_EQ(s.closingMessages, 13697u);
    EXPECT_EQ(s.messagesWritten, 14288u + 13697u);
    EXPECT_EQ(s.closedBeforeOpened, 184u);
    EXPECT_EQ(s.nonexistentLocalTimes, 0u);
    EXPECT_EQ(s.ambiguousLocalTimes, 0u);
    EXPECT_EQ(s.invalidUtf8Rows, 0u);

    // Every line is a contract message; updated_at never goes backwards; each id is reported once.
    const auto lines = linesOf(text);
    EXPECT_EQ(lines.size(), s.messagesWritten);
    int64_t previous = INT64_MIN;
    std::map<std::string, int> reported;
    for (const std::string& line : lines) {
        const LiveMessage m = parsed(line);
        ASSERT_EQ(m.kind, LiveKind::Issue) << line;
        ASSERT_TRUE(m.point.has_value()) << line;
        ASSERT_TRUE(m.issueStatus() == IssueStatus::Reported || m.issueStatus() == IssueStatus::Closed) << line;
        ASSERT_NE(m.reportedAt, kNoTime) << line;
        ASSERT_NE(m.dueAt, kNoTime) << line;
        ASSERT_GE(m.updatedAt, previous) << line;
        previous = m.updatedAt;
        if (m.issueStatus() == IssueStatus::Reported)
            ++reported[m.id];
        else
            ASSERT_EQ(m.resolvedAt, m.updatedAt) << line;
    }
    EXPECT_EQ(reported.size(), 14288u);
    for (const auto& [id, n] : reported) ASSERT_EQ(n, 1) << id;
}

// data/feed/ (tools/feed/make_demo_feed.sh): the issues are lines of the full conversion, byte for
// byte (so the demo is remade whenever the mapping changes); the volunteers follow the contract.
TEST(CsvFeed, DemoFeedIsCutFromTheSf311Feed) {
    const auto issuesPath = kRepo / "data" / "feed" / "sf311_demo.ndjson";
    const auto demoPath = kRepo / "data" / "feed" / "demo.ndjson";
    ASSERT_TRUE(std::filesystem::exists(demoPath)) << demoPath;
    EXPECT_LT(std::filesystem::file_size(demoPath), 2u << 20);
    EXPECT_LT(std::filesystem::file_size(issuesPath), 2u << 20);

    const auto issueLines = linesOf(fileText(issuesPath));
    const auto demoLines = linesOf(fileText(demoPath));
    std::vector<std::string> issuesInDemo;
    std::set<std::string> issueIds, volunteerIds;
    int64_t previous = INT64_MIN;
    for (const std::string& line : demoLines) {
        const LiveMessage m = parsed(line);
        ASSERT_GE(m.updatedAt, previous) << line;
        previous = m.updatedAt;
        if (m.kind == LiveKind::Issue) {
            issuesInDemo.push_back(line);
            issueIds.insert(m.id);
        }
    }
    EXPECT_EQ(issuesInDemo, issueLines);
    for (const std::string& line : demoLines) {
        const LiveMessage m = parsed(line);
        if (m.kind != LiveKind::Volunteer) continue;
        volunteerIds.insert(m.id);
        ASSERT_TRUE(m.point.has_value()) << line;
        ASSERT_FALSE(m.team.empty()) << line;
        const bool busy = m.volunteerStatus() == VolunteerStatus::Busy;
        ASSERT_EQ(busy, !m.assignedIssue.empty()) << line;
        if (busy) {
            ASSERT_TRUE(issueIds.count(m.assignedIssue)) << line;
        }
    }
    EXPECT_EQ(volunteerIds.size(), 20u);

    if (!std::filesystem::exists(kSfCsv)) GTEST_SKIP() << "no shared data at " << kSfCsv;
    std::string text;
    ASSERT_TRUE(sfConversion(&text).ok());
    const auto all = linesOf(text);
    const std::set<std::string> full(all.begin(), all.end());
    for (const std::string& line : issueLines) ASSERT_TRUE(full.count(line)) << "not in the SF 311 feed: " << line;
}
