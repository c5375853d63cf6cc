// The string table (assets/strings) and the locale's formats: thousands grouping, local clock and
// date at a UTC offset (across midnight both ways, before the epoch), the duration thresholds,
// category names (unknown keys pass through), every key in both languages, every code the panels
// show has words.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "assets/strings.hpp"
#include "live/feed/feed_source.hpp"
#include "live/feed/message.hpp"
#include "live/overlay/live_colors.hpp"
#include "live/overlay/marker_style.hpp"

namespace gs {
namespace {

// 2016-01-27T09:24:56-08:00 = 2016-01-27T17:24:56Z, a Wednesday in San Francisco and already
// Thursday 01:24:56 in Beijing (+08:00).
constexpr std::int64_t kWed = 1453915496000;

TEST(WallStrings, FormatCountGroupsThousands) {
    EXPECT_EQ(formatCount(0), "0");
    EXPECT_EQ(formatCount(7), "7");
    EXPECT_EQ(formatCount(999), "999");
    EXPECT_EQ(formatCount(1000), "1,000");
    EXPECT_EQ(formatCount(12345), "12,345");
    EXPECT_EQ(formatCount(100000), "100,000");
    EXPECT_EQ(formatCount(1234567), "1,234,567");
    EXPECT_EQ(formatCount(-5), "-5");
    EXPECT_EQ(formatCount(-1000), "-1,000");
    EXPECT_EQ(formatCount(-1234567), "-1,234,567");
}

TEST(WallStrings, FormatDateAtOffset) {
    EXPECT_EQ(formatDate(Lang::Zh, kWed, -480), "2016年1月27日 星期三");
    EXPECT_EQ(formatDate(Lang::En, kWed, -480), "Wed 27 Jan 2016");
    // The same instant in Beijing is the next day.
    EXPECT_EQ(formatDate(Lang::Zh, kWed, 480), "2016年1月28日 星期四");
    EXPECT_EQ(formatDate(Lang::En, kWed, 480), "Thu 28 Jan 2016");
    // Sunday is 日, and a leap day.
    EXPECT_EQ(formatDate(Lang::Zh, kWed + 4 * 86400000LL, -480), "2016年1月31日 星期日");
    EXPECT_EQ(formatDate(Lang::En, kWed + 33 * 86400000LL, -480), "Mon 29 Feb 2016");
    // One millisecond before the epoch, in UTC: Wednesday, 31 December 1969.
    EXPECT_EQ(formatDate(Lang::En, -1, 0), "Wed 31 Dec 1969");
    EXPECT_EQ(formatDate(Lang::Zh, -1, 0), "1969年12月31日 星期三");
}

TEST(WallStrings, FormatClockAcrossMidnight) {
    EXPECT_EQ(formatClock(kWed, 0), "17:24:56");
    EXPECT_EQ(formatClock(kWed, -480), "09:24:56");
    EXPECT_EQ(formatClock(kWed, 480), "01:24:56");  // past midnight, next day
    EXPECT_EQ(formatClock(kWed, 480, false), "01:24");
    EXPECT_EQ(formatClock(kWed, 330), "22:54:56");  // +05:30
    // 03:00Z at -08:00 is 19:00 the evening before.
    const std::int64_t threeUtc = kWed - (14 * 3600 + 24 * 60 + 56) * 1000LL;
    EXPECT_EQ(formatClock(threeUtc, 0), "03:00:00");
    EXPECT_EQ(formatClock(threeUtc, -480), "19:00:00");
    EXPECT_EQ(formatClock(threeUtc - 1, -480), "18:59:59");  // milliseconds truncate, never round up
    EXPECT_EQ(formatClock(-1, 0), "23:59:59");
    EXPECT_EQ(formatClock(0, 0, false), "00:00");
}

TEST(WallStrings, FormatDurationThresholds) {
    EXPECT_EQ(formatDuration(Lang::Zh, 12), "12 秒");
    EXPECT_EQ(formatDuration(Lang::En, 12), "12 s");
    EXPECT_EQ(formatDuration(Lang::En, 89), "89 s");
    EXPECT_EQ(formatDuration(Lang::En, 90), "2 min");  // 1.5 min from 90 s on
    EXPECT_EQ(formatDuration(Lang::Zh, 180), "3 分钟");
    EXPECT_EQ(formatDuration(Lang::En, 180), "3 min");
    EXPECT_EQ(formatDuration(Lang::En, 5399), "90 min");
    EXPECT_EQ(formatDuration(Lang::En, 5400), "1.5 h");  // hours from 90 min on
    EXPECT_EQ(formatDuration(Lang::Zh, 7200), "2.0 小时");
    EXPECT_EQ(formatDuration(Lang::En, 2 * 86400 - 36), "48.0 h");
    EXPECT_EQ(formatDuration(Lang::En, 2 * 86400), "2 d");  // days from 48 h on
    EXPECT_EQ(formatDuration(Lang::Zh, 3 * 86400), "3 天");
}

TEST(WallStrings, PercentHoursDelta) {
    EXPECT_EQ(formatPercent(0.82), "82%");
    EXPECT_EQ(formatPercent(0), "0%");
    EXPECT_EQ(formatHours(Lang::Zh, 0.75), "45 分钟");
    EXPECT_EQ(formatHours(Lang::En, 3.4), "3.4 h");
    EXPECT_EQ(formatDelta(12), "+12");
    EXPECT_EQ(formatDelta(-3), "−3");
    EXPECT_EQ(formatDelta(0.4), "±0");
    EXPECT_EQ(formatDelta(1234), "+1,234");
    EXPECT_EQ(formatDelta(4, true), "+4 pt");
}

TEST(WallStrings, CategoryNames) {
    EXPECT_EQ(categoryName(Lang::Zh, "noise"), "噪音扰民");
    EXPECT_EQ(categoryName(Lang::En, "noise"), "Noise");
    EXPECT_EQ(categoryName(Lang::Zh, ""), "其他");  // "" is "other"
    EXPECT_EQ(categoryName(Lang::En, ""), "Other");
    // An unknown key is shown as sent, in both languages.
    EXPECT_EQ(categoryName(Lang::Zh, "pothole_x"), "pothole_x");
    EXPECT_EQ(categoryName(Lang::En, "pothole_x"), "pothole_x");
}

TEST(WallStrings, StatusNamesAndLanguages) {
    EXPECT_EQ(statusName(Lang::Zh, 0), "已上报");
    EXPECT_EQ(statusName(Lang::En, 3), "Resolved");
    EXPECT_EQ(statusName(Lang::En, 6), "?");
    EXPECT_EQ(parseLang("zh"), Lang::Zh);
    EXPECT_EQ(parseLang("en-US"), Lang::En);
    EXPECT_FALSE(parseLang("xx").has_value());
    EXPECT_FALSE(parseLang("").has_value());
}

TEST(WallStrings, TheTableHasEveryKeyInBothLanguages) {
    ASSERT_TRUE(loadStrings());
    EXPECT_EQ(tr(Lang::Zh, "wall.title"), "网格化治理指挥中心");
    EXPECT_EQ(tr(Lang::En, "wall.title"), "Grid Governance Command Center");
    EXPECT_EQ(tr(Lang::Zh, "wall.issues"), "件");
    EXPECT_EQ(tr(Lang::En, "wall.issues"), "issues");
    // The map's words keep the glosses the Chinese pictures always had; English is English only.
    EXPECT_EQ(tr(Lang::Zh, "legend.overdue"), "超时 overdue");
    EXPECT_EQ(tr(Lang::En, "legend.overdue"), "overdue");
    EXPECT_FALSE(findText(Lang::En, "no.such.key").has_value());
    const auto zh = allTexts(Lang::Zh), en = allTexts(Lang::En);
    EXPECT_EQ(zh.size(), en.size());
    for (auto t : zh) EXPECT_FALSE(t.empty());
    for (auto t : en) EXPECT_FALSE(t.empty());
    // Formats take the same values in both languages.
    EXPECT_EQ(trFormat(Lang::En, "feed.open_overdue", 3, 1), "open 3 · overdue 1");
    EXPECT_EQ(trFormat(Lang::Zh, "feed.open_overdue", 3, 1), "在办 open 3 · 超时 overdue 1");
}

// Codes the engine names (reject reasons, feed states, statuses) that the panels show in words:
// each has its words in both tables.
TEST(WallStrings, EveryCodeShownHasWords) {
    for (Lang lang : {Lang::Zh, Lang::En}) {
        for (int r = 0; r < kRejectReasonCount; ++r)
            EXPECT_TRUE(findText(lang, "reason." + std::string(reasonName(RejectReason(r)))))
                << reasonName(RejectReason(r));
        for (int s = 0; s <= int(FeedSourceState::Stopped); ++s)
            EXPECT_TRUE(findText(lang, "feed_state." + std::string(stateName(FeedSourceState(s)))))
                << stateName(FeedSourceState(s));
        for (LiveKind kind : {LiveKind::Issue, LiveKind::Volunteer})
            for (int s = 0; s < statusCount(kind); ++s)
                EXPECT_TRUE(findText(lang, std::string(kind == LiveKind::Issue ? "issue_status." : "volunteer_status.") +
                                               std::string(statusName(kind, std::uint8_t(s)))))
                    << statusName(kind, std::uint8_t(s));
        for (auto figure : {LiveFigure::Open, LiveFigure::Overdue, LiveFigure::NewLastHour, LiveFigure::ResolvedToday,
                            LiveFigure::MedianResponseHours, LiveFigure::VolunteersOnDuty, LiveFigure::Issues})
            EXPECT_TRUE(findText(lang, "figure." + std::string(figureName(figure)))) << figureName(figure);
        const MarkerStyle style = MarkerStyle::defaults();
        for (const auto& [category, shape] : style.categoryShapes) {
            EXPECT_TRUE(findText(lang, "legend_category." + category)) << category;
            EXPECT_TRUE(findText(lang, "category." + category)) << category;
        }
        EXPECT_TRUE(findText(lang, "legend_category.other"));
    }
}

}  // namespace
}  // namespace gs
