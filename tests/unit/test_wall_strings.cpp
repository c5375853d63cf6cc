// The wall's strings and formats: thousands grouping, local clock and date at a UTC offset (across
// midnight both ways, before the epoch), the duration thresholds, category names (unknown keys pass
// through) and the string table (every entry has Chinese and English text).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "wall/wall_strings.hpp"

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

TEST(WallStrings, EveryStringHasChineseAndEnglish) {
    EXPECT_EQ(tr(Lang::Zh, Str::Title), "网格化治理指挥中心");
    EXPECT_EQ(tr(Lang::En, Str::Title), "Grid Governance Command Center");
    EXPECT_EQ(tr(Lang::Zh, Str::Issues), "件");  // the last entry: the table is not shifted
    EXPECT_EQ(tr(Lang::En, Str::Issues), "issues");
    for (int i = 0; i < int(Str::Count_); ++i) {
        const auto id = Str(i);
        const std::string zh(tr(Lang::Zh, id)), en(tr(Lang::En, id));
        EXPECT_FALSE(zh.empty()) << "Str " << i;
        EXPECT_FALSE(en.empty()) << "Str " << i;
        // The Chinese column is Chinese (non-ASCII), the English column plain ASCII.
        bool zhHasCjk = false, enAscii = true;
        for (unsigned char c : zh) zhHasCjk = zhHasCjk || c >= 0x80;
        for (unsigned char c : en) enAscii = enAscii && c < 0x80;
        EXPECT_TRUE(zhHasCjk) << "Str " << i << ": \"" << zh << "\"";
        EXPECT_TRUE(enAscii) << "Str " << i << ": \"" << en << "\"";
    }
}

}  // namespace
}  // namespace gs
