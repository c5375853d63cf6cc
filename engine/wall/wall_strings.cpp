#include "wall/wall_strings.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace gs {

namespace {

struct Entry {
    const char* zh;
    const char* en;
};

// Indexed by Str.
constexpr std::array<Entry, std::size_t(Str::Count_)> kStrings = {{
    {"网格化治理指挥中心", "Grid Governance Command Center"},
    {"在办事件", "Open issues"},
    {"超期事件", "Overdue"},
    {"今日新增", "New today"},
    {"今日办结", "Resolved today"},
    {"办结率", "Resolution rate"},
    {"响应时长中位数", "Median response"},
    {"在岗志愿者", "Volunteers on duty"},
    {"较昨日同时", "vs. yesterday"},
    {"昨日无数据", "no data yesterday"},
    {"近24小时事件数", "Issues per hour, last 24 h"},
    {"今日", "Last 24 h"},
    {"前一日", "Day before"},
    {"在办事件分类", "Open issues by category"},
    {"近24小时事件状态", "Issues of the last 24 h by status"},
    {"超期事件网格排行", "Grids with most overdue issues"},
    {"响应最慢网格", "Grids with slowest response"},
    {"最新事件", "Newest events"},
    {"紧急事件", "Urgent issue"},
    {"暂无紧急事件", "No urgent issue"},
    {"数据源", "Feeds"},
    {"正常", "live"},
    {"数据源静默", "Feed silent"},
    {"未配置数据源", "No feed configured"},
    {"最后消息", "Last message"},
    {"未分配网格", "No grid"},
    {"其他", "Other"},
    {"小时", "h"},
    {"分钟", "min"},
    {"秒", "s"},
    {"前", "ago"},
    {"接收", "received"},
    {"拒收", "rejected"},
    {"网格", "Grid"},
    {"公开屏", "Public display"},
    {"超期", "overdue by"},
    {"上报于", "reported"},
    {"仅显示网格汇总", "Grid totals only"},
    {"巡览", "Tour"},
    {"件", "issues"},
}};

struct Category {
    const char* key;
    const char* zh;
    const char* en;
};
constexpr Category kCategories[] = {
    {"sanitation", "环境卫生", "Sanitation"},
    {"facility_repair", "设施维修", "Facility repair"},
    {"safety_hazard", "安全隐患", "Safety hazard"},
    {"traffic", "交通出行", "Traffic"},
    {"noise", "噪音扰民", "Noise"},
    {"dispute", "矛盾纠纷", "Dispute"},
    {"elderly_care", "养老关爱", "Elderly care"},
    {"greenery", "园林绿化", "Greenery"},
    {"other", "其他", "Other"},
};

constexpr Entry kStatuses[] = {{"已上报", "Reported"}, {"已派单", "Assigned"}, {"处理中", "In progress"},
                               {"已办结", "Resolved"}, {"已关闭", "Closed"},   {"已取消", "Cancelled"}};

}  // namespace

std::string_view tr(Lang lang, Str id) {
    const Entry& e = kStrings[std::size_t(id)];
    return lang == Lang::Zh ? e.zh : e.en;
}

std::string_view statusName(Lang lang, std::uint8_t s) {
    if (s >= std::size(kStatuses)) return "?";
    return lang == Lang::Zh ? kStatuses[s].zh : kStatuses[s].en;
}

std::string categoryName(Lang lang, std::string_view key) {
    if (key.empty()) key = "other";
    for (const auto& c : kCategories)
        if (key == c.key) return lang == Lang::Zh ? c.zh : c.en;
    return std::string(key);
}

std::optional<Lang> parseLang(std::string_view code) {
    if (code == "zh" || code == "zh-CN" || code == "zh_CN") return Lang::Zh;
    if (code == "en" || code == "en-US" || code == "en_US" || code == "en-GB") return Lang::En;
    return std::nullopt;
}

std::string formatCount(long long n) {
    // Unsigned magnitude: -LLONG_MIN does not fit a long long.
    const unsigned long long magnitude = n < 0 ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    std::string digits = std::to_string(magnitude), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string formatPercent(double f) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", f * 100.0);
    return b;
}

std::string formatHours(Lang lang, double hours) {
    char b[48];
    if (hours < 1.0)
        std::snprintf(b, sizeof b, lang == Lang::Zh ? "%.0f 分钟" : "%.0f min", hours * 60.0);
    else
        std::snprintf(b, sizeof b, lang == Lang::Zh ? "%.1f 小时" : "%.1f h", hours);
    return b;
}

std::string formatDelta(double d, bool points) {
    char b[48];
    const double r = std::round(d);
    if (r == 0) std::snprintf(b, sizeof b, "±0%s", points ? " pt" : "");
    else std::snprintf(b, sizeof b, "%s%s%s", r > 0 ? "+" : "−", formatCount(std::llabs((long long)r)).c_str(),
                       points ? " pt" : "");
    return b;
}

namespace {

struct LocalTime {
    int year, month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

LocalTime localTime(std::int64_t utcMs, int offsetMinutes) {
    const std::int64_t s = (utcMs >= 0 ? utcMs / 1000 : (utcMs - 999) / 1000) + std::int64_t(offsetMinutes) * 60;
    std::int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    const std::int64_t secs = s - days * 86400;
    LocalTime t{};
    t.hour = int(secs / 3600), t.minute = int(secs / 60 % 60), t.second = int(secs % 60);
    t.weekday = int(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    t.day = int(doy - (153 * mp + 2) / 5 + 1);
    t.month = int(mp < 10 ? mp + 3 : mp - 9);
    t.year = int(std::int64_t(yoe) + era * 400 + (t.month <= 2 ? 1 : 0));
    return t;
}

}  // namespace

std::string formatClock(std::int64_t utcMs, int offsetMinutes, bool seconds) {
    const LocalTime t = localTime(utcMs, offsetMinutes);
    char b[16];
    if (seconds) std::snprintf(b, sizeof b, "%02d:%02d:%02d", t.hour, t.minute, t.second);
    else std::snprintf(b, sizeof b, "%02d:%02d", t.hour, t.minute);
    return b;
}

std::string formatDate(Lang lang, std::int64_t utcMs, int offsetMinutes) {
    static constexpr const char* kZhDays[] = {"日", "一", "二", "三", "四", "五", "六"};
    static constexpr const char* kEnDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kEnMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const LocalTime t = localTime(utcMs, offsetMinutes);
    char b[64];
    if (lang == Lang::Zh)
        std::snprintf(b, sizeof b, "%d年%d月%d日 星期%s", t.year, t.month, t.day, kZhDays[t.weekday]);
    else
        std::snprintf(b, sizeof b, "%s %d %s %d", kEnDays[t.weekday], t.day, kEnMonths[t.month - 1], t.year);
    return b;
}

std::string formatDuration(Lang lang, double seconds) {
    char b[48];
    const bool zh = lang == Lang::Zh;
    if (seconds < 90) std::snprintf(b, sizeof b, zh ? "%.0f 秒" : "%.0f s", seconds);
    else if (seconds < 5400) std::snprintf(b, sizeof b, zh ? "%.0f 分钟" : "%.0f min", seconds / 60);
    else if (seconds < 2 * 86400) std::snprintf(b, sizeof b, zh ? "%.1f 小时" : "%.1f h", seconds / 3600);
    else std::snprintf(b, sizeof b, zh ? "%.0f 天" : "%.0f d", seconds / 86400);
    return b;
}

}  // namespace gs
