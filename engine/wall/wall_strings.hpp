// Every string the wall shows, in one table (Chinese first, English with --lang en), and the
// locale's number, time and date formats. Feed category keys (sanitation, noise, ...) are
// translated here too; an unknown key is shown as sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gs {

enum class Lang { Zh, En };

enum class Str {
    Title, Open, Overdue, NewToday, ResolvedToday, ResolutionRate, MedianResponse, VolunteersOnDuty,
    VsYesterday, NoYesterday, Hourly, HourlyToday, HourlyBefore, Categories, Statuses, RankingOverdue,
    RankingResponse, Ticker, Alert, AlertNone, FeedHealth, FeedOk, FeedSilent, FeedNoSource, LastMessage,
    Unassigned, Other, Hours, Minutes, Seconds, Ago, Received, Rejected, Grid, Public, OverdueBy, Reported,
    PublicNote, Tour, Issues,
    Count_  // keep last
};

std::string_view tr(Lang lang, Str id);
std::string_view statusName(Lang lang, std::uint8_t issueStatus);
std::string categoryName(Lang lang, std::string_view key);  // "" is "other"

std::optional<Lang> parseLang(std::string_view code);

// 12,345 (both locales group by thousands with commas).
std::string formatCount(long long n);
// "82%"; "3.4 小时" / "3.4 h"; "45 分钟" / "45 min" under an hour.
std::string formatPercent(double fraction);
std::string formatHours(Lang lang, double hours);
// A signed change: "+12", "−3", "±0"; percent points for rates ("+4 pt").
std::string formatDelta(double delta, bool percentPoints = false);
// Local wall-clock time and date at the given UTC offset.
std::string formatClock(std::int64_t utcMs, int utcOffsetMinutes, bool seconds = true);
std::string formatDate(Lang lang, std::int64_t utcMs, int utcOffsetMinutes);
// "12 秒" / "12 s", "3 分钟" / "3 min", "2 小时" / "2 h".
std::string formatDuration(Lang lang, double seconds);

}  // namespace gs
