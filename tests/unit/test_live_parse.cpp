// The live feed's message parser against every rule of the contract (docs/live-feed.md): what a
// good message yields, and for each bad one the reason a feed check and the UI would show.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "live/store/live_store.hpp"
#include "live/feed/message.hpp"
#include "core/rfc3339.hpp"

namespace gs {
namespace {

using nlohmann::json;

const char* kIssue =
    R"({"type":"Feature","id":"evt-000123",
        "geometry":{"type":"Point","coordinates":[120.3012,31.6123]},
        "properties":{"kind":"issue","category":"safety_hazard","status":"reported",
          "priority":2,"title":"楼道堆物","grid_id":"G-07",
          "reported_at":"2026-11-22T08:15:00+08:00","updated_at":"2026-11-22T08:15:00+08:00",
          "due_at":"2026-11-22T20:15:00+08:00"}})";

const char* kVolunteer =
    R"({"type":"Feature","id":"vol-0042",
        "geometry":{"type":"Point","coordinates":[120.3020,31.6101]},
        "properties":{"kind":"volunteer","team":"银铃巡逻队","status":"on_duty",
          "updated_at":"2026-11-22T08:16:30+08:00","assigned_issue":"evt-000123"}})";

std::int64_t at(const char* rfc3339) { return parseRfc3339(rfc3339).value(); }

// The good issue with one change made through a JSON patch of the parsed object.
std::string issueWith(const std::function<void(json&)>& edit) {
    json j = json::parse(kIssue);
    edit(j);
    return j.dump();
}

LiveMessage parsed(std::string_view bytes, const ParseOptions& options = {}) {
    ParseResult r = parseMessage(bytes, options);
    if (auto* rejection = std::get_if<Rejection>(&r)) {
        ADD_FAILURE() << "rejected (" << reasonName(rejection->reason) << "): " << rejection->detail;
        return {};
    }
    return std::get<LiveMessage>(std::move(r));
}

// The reason `bytes` is rejected for, or "accepted".
std::string reasonOf(std::string_view bytes, const ParseOptions& options = {}) {
    ParseResult r = parseMessage(bytes, options);
    if (auto* rejection = std::get_if<Rejection>(&r)) {
        EXPECT_FALSE(rejection->detail.empty()) << "a rejection must say why";
        return std::string(reasonName(rejection->reason));
    }
    return "accepted";
}

TEST(LiveParse, ContractIssueExampleYieldsEveryField) {
    const LiveMessage m = parsed(kIssue);
    EXPECT_EQ(m.kind, LiveKind::Issue);
    EXPECT_EQ(m.id, "evt-000123");
    ASSERT_TRUE(m.point.has_value());
    EXPECT_DOUBLE_EQ(m.point->x, 120.3012);
    EXPECT_DOUBLE_EQ(m.point->y, 31.6123);
    EXPECT_EQ(m.issueStatus(), IssueStatus::Reported);
    EXPECT_EQ(m.category, "safety_hazard");
    EXPECT_EQ(m.priority, 2);
    EXPECT_EQ(m.title, "楼道堆物");
    EXPECT_EQ(m.gridId, "G-07");
    EXPECT_EQ(m.reportedAt, at("2026-11-22T00:15:00Z"));
    EXPECT_EQ(m.updatedAt, at("2026-11-22T00:15:00Z"));
    EXPECT_EQ(m.dueAt, at("2026-11-22T12:15:00Z"));
    EXPECT_EQ(m.resolvedAt, kNoTime);
    EXPECT_EQ(m.extraProperties, "");
}

TEST(LiveParse, ContractVolunteerExampleYieldsEveryField) {
    const LiveMessage m = parsed(kVolunteer);
    EXPECT_EQ(m.kind, LiveKind::Volunteer);
    EXPECT_EQ(m.id, "vol-0042");
    EXPECT_EQ(m.volunteerStatus(), VolunteerStatus::OnDuty);
    EXPECT_EQ(m.team, "银铃巡逻队");
    EXPECT_EQ(m.assignedIssue, "evt-000123");
    EXPECT_EQ(m.priority, 3) << "the default priority";
    EXPECT_EQ(m.updatedAt, at("2026-11-22T00:16:30Z"));
    EXPECT_EQ(m.category, "") << "category is not required of volunteers";
}

TEST(LiveParse, RecordSeparatorsAndSurroundingWhitespaceAreSkipped) {
    const std::string plain = parsed(kIssue).id;
    EXPECT_EQ(parsed(std::string("\x1e") + kIssue + "\n").id, plain);
    EXPECT_EQ(parsed(std::string("\x1e\x1e  ") + kIssue + "\r\n").id, plain);
    EXPECT_EQ(messageText(std::string("\x1e") + "{}\r\n"), "{}");
    EXPECT_EQ(reasonOf("\x1e"), "invalid_json") << "a separator alone is an empty message";
    EXPECT_EQ(reasonOf("\x1e \x1e" + std::string(kIssue)), "accepted");
}

TEST(LiveParse, NumericIdsBecomeTheirDecimalString) {
    EXPECT_EQ(parsed(issueWith([](json& j) { j["id"] = 42; })).id, "42");
    EXPECT_EQ(parsed(issueWith([](json& j) { j["id"] = -7; })).id, "-7");
    EXPECT_EQ(parsed(issueWith([](json& j) { j["id"] = 18446744073709551615ull; })).id, "18446744073709551615");
    EXPECT_EQ(parsed(R"({"id":12.0,"geometry":null,"properties":{"kind":"volunteer","status":"busy",
                       "updated_at":"2026-01-01T00:00:00Z"}})").id, "12")
        << "12.0 and 12 name the same thing";
    EXPECT_EQ(parsed(issueWith([](json& j) { j["id"] = 1.5; })).id, "1.5");
    EXPECT_EQ(parsed(issueWith([](json& j) { j["properties"]["grid_id"] = 7; })).gridId, "7");
}

TEST(LiveParse, AnythingElseIsKeptAsJson) {
    const std::string text = issueWith([](json& j) {
        j["properties"]["reporter"] = "张三";
        j["properties"]["photos"] = json::array({"a.jpg", "b \"quoted\".jpg"});
        j["properties"]["meta"] = {{"source", "12345"}, {"score", 1.5}, {"n", -3}, {"ok", true}, {"none", nullptr}};
        j["bbox"] = json::array({1, 2, 3, 4});  // a foreign member outside properties: ignored
    });
    const LiveMessage m = parsed(text);
    ASSERT_FALSE(m.extraProperties.empty());
    const json extra = json::parse(m.extraProperties);
    EXPECT_EQ(extra["reporter"], "张三");
    EXPECT_EQ(extra["photos"], json::array({"a.jpg", "b \"quoted\".jpg"}));
    EXPECT_EQ(extra["meta"]["score"], 1.5);
    EXPECT_EQ(extra["meta"]["n"], -3);
    EXPECT_EQ(extra["meta"]["ok"], true);
    EXPECT_TRUE(extra["meta"]["none"].is_null());
    EXPECT_EQ(extra.size(), 3u) << "known fields are not repeated in the extras: " << m.extraProperties;
    EXPECT_EQ(m.title, "楼道堆物");

    // Control characters survive the round trip.
    const LiveMessage c = parsed(issueWith([](json& j) { j["properties"]["note"] = std::string("a\nb\x01", 4); }));
    EXPECT_EQ(json::parse(c.extraProperties)["note"], std::string("a\nb\x01", 4));
}

TEST(LiveParse, NullOptionalFieldsAreAbsentAndNullGeometryHasNoPoint) {
    const LiveMessage m = parsed(issueWith([](json& j) {
        j["geometry"] = nullptr;
        j["properties"]["due_at"] = nullptr;
        j["properties"]["priority"] = nullptr;
        j["properties"]["title"] = nullptr;
    }));
    EXPECT_FALSE(m.point.has_value());
    EXPECT_EQ(m.dueAt, kNoTime);
    EXPECT_EQ(m.priority, 3);
    EXPECT_EQ(m.title, "");
    // Without a geometry member at all, too (the store decides whether the id needs one).
    EXPECT_FALSE(parsed(issueWith([](json& j) { j.erase("geometry"); })).point.has_value());
    // A third coordinate (altitude) is allowed and ignored.
    EXPECT_DOUBLE_EQ(parsed(issueWith([](json& j) { j["geometry"]["coordinates"] = {120.5, 31.5, 12.0}; })).point->x,
                     120.5);
}

TEST(LiveParse, InvalidJsonIsRejected) {
    EXPECT_EQ(reasonOf(""), "invalid_json");
    EXPECT_EQ(reasonOf("   \n"), "invalid_json");
    EXPECT_EQ(reasonOf(std::string(kIssue).substr(0, 60)), "invalid_json") << "truncated";
    EXPECT_EQ(reasonOf(std::string(kIssue) + " {}"), "invalid_json") << "trailing data";
    EXPECT_EQ(reasonOf(R"({"id":"a",})"), "invalid_json") << "trailing comma";
    EXPECT_EQ(reasonOf("{'id':'a'}"), "invalid_json");
    EXPECT_EQ(reasonOf(R"({"id":"a" /* c */})"), "invalid_json") << "no comments";
    // NaN and Infinity are not JSON.
    std::string nan = kIssue;
    nan.replace(nan.find("120.3012"), 8, "NaN");
    EXPECT_EQ(reasonOf(nan), "invalid_json");
    std::string inf = kIssue;
    inf.replace(inf.find("31.6123"), 7, "Infinity");
    EXPECT_EQ(reasonOf(inf), "invalid_json");
    std::string overflow = kIssue;
    overflow.replace(overflow.find("31.6123"), 7, "1e400");
    EXPECT_EQ(reasonOf(overflow), "invalid_json") << "a number too large for a double";
    ParseResult r = parseMessage("{\"id\":}");
    ASSERT_TRUE(std::holds_alternative<Rejection>(r));
    EXPECT_NE(std::get<Rejection>(r).detail.find("column"), std::string::npos) << std::get<Rejection>(r).detail;
}

TEST(LiveParse, InvalidUtf8IsRejectedBeforeJson) {
    auto withTitle = [](std::string bytes) {
        std::string s = kIssue;
        s.replace(s.find("楼道堆物"), std::string("楼道堆物").size(), bytes);
        return s;
    };
    EXPECT_EQ(reasonOf(withTitle("楼道堆物")), "accepted");
    EXPECT_EQ(reasonOf(withTitle("\xff")), "invalid_utf8");
    EXPECT_EQ(reasonOf(withTitle("\xc0\xaf")), "invalid_utf8") << "overlong '/'";
    EXPECT_EQ(reasonOf(withTitle("\xe0\x80\xaf")), "invalid_utf8") << "overlong, 3 bytes";
    EXPECT_EQ(reasonOf(withTitle("\xed\xa0\x80")), "invalid_utf8") << "a UTF-16 surrogate";
    EXPECT_EQ(reasonOf(withTitle("\xf4\x90\x80\x80")), "invalid_utf8") << "past U+10FFFF";
    EXPECT_EQ(reasonOf(withTitle("\xe6\xa5")), "invalid_utf8") << "a character cut short";
    EXPECT_EQ(reasonOf(std::string(kIssue) + "\xe6"), "invalid_utf8") << "cut at the very end";
    EXPECT_EQ(reasonOf(withTitle("\xf0\x9f\x98\x80")), "accepted") << "an emoji (4 bytes) is fine";
    EXPECT_TRUE(isValidUtf8("plain ascii, long enough for the 8-byte fast path"));
}

TEST(LiveParse, MissingRequiredFieldsAreRejected) {
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j.erase("id"); })), "missing_field");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j.erase("properties"); })), "missing_field");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"] = nullptr; })), "missing_field");
    for (const char* field : {"kind", "status", "updated_at", "category", "reported_at"}) {
        EXPECT_EQ(reasonOf(issueWith([&](json& j) { j["properties"].erase(field); })), "missing_field") << field;
        EXPECT_EQ(reasonOf(issueWith([&](json& j) { j["properties"][field] = nullptr; })), "missing_field") << field;
    }
    // A volunteer needs neither category nor reported_at.
    json v = json::parse(kVolunteer);
    v["properties"].erase("team");
    EXPECT_EQ(reasonOf(v.dump()), "accepted");
    v["properties"].erase("updated_at");
    EXPECT_EQ(reasonOf(v.dump()), "missing_field");
}

TEST(LiveParse, WrongTypesAreRejected) {
    EXPECT_EQ(reasonOf("[1,2]"), "wrong_type") << "not an object";
    EXPECT_EQ(reasonOf("42"), "wrong_type");
    EXPECT_EQ(reasonOf("\"Feature\""), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["type"] = 5; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["id"] = true; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["id"] = json::object({{"a", 1}}); })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"] = json::array({1}); })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"] = "issue"; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["kind"] = 1; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["status"] = 3; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["priority"] = "2"; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["updated_at"] = 1795306500000; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["title"] = 7; })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["category"] = json::array({"a"}); })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["address"] = json::object(); })), "wrong_type");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["grid_id"] = false; })), "wrong_type");
}

TEST(LiveParse, ValuesOutsideTheirSetAreRejected) {
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["type"] = "FeatureCollection"; })), "bad_value");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["id"] = ""; })), "bad_value");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["kind"] = "event"; })), "bad_value");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["status"] = "done"; })), "bad_value")
        << "unknown status";
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["status"] = "on_duty"; })), "bad_value")
        << "a volunteer status on an issue";
    json v = json::parse(kVolunteer);
    v["properties"]["status"] = "reported";
    EXPECT_EQ(reasonOf(v.dump()), "bad_value") << "an issue status on a volunteer";
    for (double p : {0.0, 4.0, -1.0, 2.5})
        EXPECT_EQ(reasonOf(issueWith([&](json& j) { j["properties"]["priority"] = p; })), "bad_value") << p;
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["priority"] = 7; })), "bad_value");
    EXPECT_EQ(parsed(issueWith([](json& j) { j["properties"]["priority"] = 1.0; })).priority, 1);
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["category"] = ""; })), "bad_value");

    ParseResult r = parseMessage(issueWith([](json& j) { j["properties"]["status"] = "done"; }));
    const std::string detail = std::get<Rejection>(r).detail;
    EXPECT_NE(detail.find("\"done\""), std::string::npos) << detail;
    EXPECT_NE(detail.find("in_progress"), std::string::npos) << "lists the statuses: " << detail;
}

TEST(LiveParse, GeometryMustBeAPoint) {
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["type"] = "LineString"; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) {
                  j["geometry"] = {{"type", "Polygon"}, {"coordinates", {{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}};
              })),
              "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"] = json::array({120, 31}); })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"] = "POINT(120 31)"; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"].erase("coordinates"); })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"].erase("type"); })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["type"] = 1; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["coordinates"] = json::array({120}); })),
              "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["coordinates"] = {1, 2, 3, 4}; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["coordinates"] = {{120, 31}}; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["coordinates"] = {"120", "31"}; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["coordinates"] = nullptr; })), "bad_geometry");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["geometry"]["coordinates"] = {{"x", 1}}; })), "bad_geometry");
}

TEST(LiveParse, CoordinatesOutsideTheCrsRangeAreRejected) {
    auto at = [](double x, double y) {
        return issueWith([&](json& j) { j["geometry"]["coordinates"] = {x, y}; });
    };
    EXPECT_EQ(reasonOf(at(180, 90)), "accepted") << "the edges are valid";
    EXPECT_EQ(reasonOf(at(-180, -90)), "accepted");
    EXPECT_EQ(reasonOf(at(180.0001, 31)), "bad_coordinates");
    EXPECT_EQ(reasonOf(at(120, -90.5)), "bad_coordinates");
    EXPECT_EQ(reasonOf(at(1e308, 31)), "bad_coordinates");
    EXPECT_EQ(reasonOf(at(31.6, 120.3)), "bad_coordinates") << "lat/lon swapped";
    // A projected feed (CGCS2000 3-degree GK zone 40, EPSG:4547) declares its own valid range.
    ParseOptions gk;
    gk.validRange = Box{344000.0, 2000000.0, 656000.0, 6000000.0};
    EXPECT_EQ(reasonOf(at(500000, 3500000), gk), "accepted");
    EXPECT_EQ(parsed(at(500000, 3500000), gk).point->y, 3500000);
    EXPECT_EQ(reasonOf(at(120.3, 31.6), gk), "bad_coordinates");
}

TEST(LiveParse, TooLargeMessagesAreRejected) {
    // Just under the default 1 MiB: a huge but valid message, its extra property kept whole.
    const std::string filler(1000000, 'x');
    const std::string big = issueWith([&](json& j) { j["properties"]["notes"] = filler; });
    ASSERT_LT(big.size(), std::size_t(1) << 20);
    const LiveMessage m = parsed(big);
    EXPECT_EQ(json::parse(m.extraProperties)["notes"], filler);
    // Over it.
    const std::string huge = issueWith([&](json& j) { j["properties"]["notes"] = std::string(1100000, 'x'); });
    EXPECT_EQ(reasonOf(huge), "too_large");
    EXPECT_EQ(reasonOf(std::string(2 << 20, '\xff')), "too_large") << "size is checked first";
    // Configurable.
    ParseOptions small;
    small.maxBytes = 200;
    EXPECT_EQ(reasonOf(kIssue, small), "too_large");
    EXPECT_EQ(reasonOf(kVolunteer, ParseOptions{.maxBytes = 1000}), "accepted");
}

TEST(LiveParse, DeepNestingInExtrasDoesNotOverflowTheStack) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    std::string text = kVolunteer;
    text.insert(text.find("\"team\""), "\"deep\":" + deep + ",");
    const LiveMessage m = parsed(text);
    EXPECT_EQ(m.extraProperties.size(), deep.size() + 9);
    std::string skipped = kVolunteer;  // deep nesting where the parser skips the value
    skipped.insert(skipped.find("\"geometry\""), "\"foreign\":" + deep + ",");
    EXPECT_EQ(reasonOf(skipped), "accepted");
}

TEST(LiveParse, TimesMustBeRfc3339WithOffset) {
    auto withUpdated = [](const std::string& t) {
        return issueWith([&](json& j) { j["properties"]["updated_at"] = t; });
    };
    EXPECT_EQ(reasonOf(withUpdated("2026-11-22T08:15:00")), "bad_time") << "no offset";
    EXPECT_EQ(reasonOf(withUpdated("2026-11-22")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2026/11/22 08:15:00+08:00")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2026-13-01T00:00:00Z")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2026-02-29T00:00:00Z")), "bad_time") << "2026 is not a leap year";
    EXPECT_EQ(reasonOf(withUpdated("2026-11-22T24:00:00Z")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2026-11-22T08:15:00+0800")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2026-11-22T08:15:00.Z")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2026-11-22T08:15:00Z ")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("yesterday")), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("")), "bad_time");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["due_at"] = "soon"; })), "bad_time");
    EXPECT_EQ(reasonOf(issueWith([](json& j) { j["properties"]["resolved_at"] = "2026-11-22"; })), "bad_time");
    EXPECT_EQ(reasonOf(withUpdated("2024-02-29T23:59:59.999-05:30")), "accepted");
}

TEST(LiveParse, Rfc3339ParsesToUtcMilliseconds) {
    EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parseRfc3339("1970-01-01T08:00:00+08:00"), 0);
    EXPECT_EQ(parseRfc3339("2026-11-22T08:15:00+08:00"), 1795306500000);
    EXPECT_EQ(parseRfc3339("2026-11-22t00:15:00z"), 1795306500000) << "lower case t and z";
    EXPECT_EQ(parseRfc3339("2026-11-22 00:15:00Z"), 1795306500000) << "a space for T";
    EXPECT_EQ(parseRfc3339("2026-11-22T00:15:00.5Z"), 1795306500500);
    EXPECT_EQ(parseRfc3339("2026-11-22T00:15:00.123456789Z"), 1795306500123) << "truncated to ms";
    EXPECT_EQ(parseRfc3339("2026-11-21T19:45:00-04:30"), 1795306500000);
    EXPECT_EQ(parseRfc3339("1969-12-31T23:59:59Z"), -1000);
    EXPECT_EQ(parseRfc3339("2016-12-31T23:59:60Z"), parseRfc3339("2017-01-01T00:00:00Z")) << "leap second";
    EXPECT_EQ(formatRfc3339(1795306500000, 480), "2026-11-22T08:15:00+08:00");
    EXPECT_EQ(formatRfc3339(1795306500250), "2026-11-22T00:15:00.250Z");
    EXPECT_EQ(formatRfc3339(-1000), "1969-12-31T23:59:59Z");
    // Every day of four centuries round-trips through the civil conversions.
    for (std::int64_t d = daysFromCivil(1900, 1, 1); d < daysFromCivil(2300, 1, 1); d += 1) {
        int y, m, day;
        civilFromDays(d, y, m, day);
        ASSERT_EQ(daysFromCivil(y, m, day), d);
    }
    EXPECT_EQ(localDayStart(parseRfc3339("2026-11-22T23:59:00+08:00").value(), 480),
              parseRfc3339("2026-11-22T00:00:00+08:00").value());
    EXPECT_EQ(localDayStart(parseRfc3339("2026-11-23T00:00:00+08:00").value(), 480),
              parseRfc3339("2026-11-23T00:00:00+08:00").value());
}

TEST(LiveParse, ReasonNamesAreStable) {
    const std::vector<std::string> expected = {"invalid_json",    "invalid_utf8", "missing_field", "wrong_type",
                                               "bad_value",       "bad_geometry", "bad_coordinates", "too_large",
                                               "bad_time",        "no_geometry_for_new_id", "queue_overflow"};
    ASSERT_EQ(int(expected.size()), kRejectReasonCount);
    for (int i = 0; i < kRejectReasonCount; ++i) {
        EXPECT_EQ(reasonName(RejectReason(i)), expected[size_t(i)]);
        EXPECT_EQ(reasonFromName(expected[size_t(i)]), RejectReason(i));
    }
}

// Every rule once more through the store: each rejection is counted under its own reason.
TEST(LiveParse, EachReasonIsCountedByTheStore) {
    const std::multimap<RejectReason, std::string> bad = {
        {RejectReason::InvalidJson, "{\"id\":"},
        {RejectReason::InvalidJson, "NaN"},
        {RejectReason::InvalidUtf8, std::string(kIssue).replace(40, 1, "\xfe")},
        {RejectReason::MissingField, issueWith([](json& j) { j["properties"].erase("kind"); })},
        {RejectReason::WrongType, issueWith([](json& j) { j["properties"]["priority"] = "high"; })},
        {RejectReason::BadValue, issueWith([](json& j) { j["properties"]["status"] = "unknown"; })},
        {RejectReason::BadValue, issueWith([](json& j) { j["properties"]["priority"] = 9; })},
        {RejectReason::BadGeometry, issueWith([](json& j) { j["geometry"]["type"] = "MultiPoint"; })},
        {RejectReason::BadCoordinates, issueWith([](json& j) { j["geometry"]["coordinates"] = {200, 31}; })},
        {RejectReason::TooLarge, issueWith([](json& j) { j["properties"]["x"] = std::string(1 << 20, 'x'); })},
        {RejectReason::BadTime, issueWith([](json& j) { j["properties"]["reported_at"] = "8:15"; })},
        {RejectReason::NoGeometryForNewId, issueWith([](json& j) { j["geometry"] = nullptr; })},
    };
    LiveStore store;
    for (const auto& [reason, text] : bad) {
        EXPECT_EQ(store.ingest(text), IngestOutcome::Rejected) << reasonName(reason);
        EXPECT_TRUE(store.accounting().balanced());
    }
    store.countQueueOverflow(3);
    for (int i = 0; i < kRejectReasonCount; ++i) {
        const auto reason = RejectReason(i);
        const std::uint64_t expected = reason == RejectReason::QueueOverflow ? 3 : bad.count(reason);
        EXPECT_EQ(store.accounting().rejectedFor(reason), expected) << reasonName(reason);
    }
    EXPECT_EQ(store.accounting().received, bad.size() + 3);
    EXPECT_EQ(store.accounting().rejected, bad.size() + 3);
    EXPECT_EQ(store.size(), 0u);
    EXPECT_TRUE(store.accounting().balanced());
}

}  // namespace
}  // namespace gs
