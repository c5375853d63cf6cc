#include "wall/wall_model.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <unordered_set>

#include "core/rfc3339.hpp"

namespace gs {
namespace {

const std::string& lookup(const std::vector<std::vector<std::string>>& table, int level, int grid) {
    static const std::string kEmpty;
    if (level < 0 || grid < 0 || std::size_t(level) >= table.size()) return kEmpty;
    const std::vector<std::string>& row = table[std::size_t(level)];
    return std::size_t(grid) < row.size() ? row[std::size_t(grid)] : kEmpty;
}

bool inRange(std::int64_t t, std::int64_t first, std::int64_t last) { return t >= first && t <= last; }

double hours(std::int64_t ms) { return double(ms) / double(kMillisPerHour); }

// The store's median convention: the mean of the middle two for an even count. Reorders `samples`.
std::optional<double> medianHours(std::vector<std::int64_t>& samples) {
    if (samples.empty()) return std::nullopt;
    const std::size_t mid = samples.size() / 2;
    std::nth_element(samples.begin(), samples.begin() + std::ptrdiff_t(mid), samples.end());
    const std::int64_t upper = samples[mid];
    if (samples.size() % 2) return hours(upper);
    const std::int64_t lower = *std::max_element(samples.begin(), samples.begin() + std::ptrdiff_t(mid));
    return hours(lower + (upper - lower) / 2);
}

std::optional<double> rate(int resolved, int open) {
    if (resolved + open == 0) return std::nullopt;
    return double(resolved) / double(resolved + open);
}

bool onDuty(std::uint8_t volunteerStatus) {
    return volunteerStatus == std::uint8_t(VolunteerStatus::OnDuty) ||
           volunteerStatus == std::uint8_t(VolunteerStatus::Busy);
}

// Everything the issue figures need, gathered in one pass over the records.
struct IssuePass {
    int newToday = 0, newTodayBefore = 0;
    int resolvedToday = 0, resolvedTodayBefore = 0;
    int openBefore = 0, overdueBefore = 0;
    std::vector<std::int64_t> responses, responsesBefore;  // ms, of the issues resolved "today"
    std::vector<int> openByCategory;                       // by category pool index
    std::vector<std::uint32_t> categoryRecord;             // a record carrying each category
    std::array<int, 24> hourly{}, hourlyBefore{};
    std::array<int, 6> byStatus{};
};

IssuePass scanIssues(const LiveStore& store, std::int64_t clock, int utcOffsetMinutes) {
    IssuePass p;
    const std::int64_t before = clock - kMillisPerDay;  // T
    const std::int64_t dayStart = localDayStart(clock, utcOffsetMinutes);
    const std::int64_t dayStartBefore = localDayStart(before, utcOffsetMinutes);
    const std::int64_t binsStart = clock - 2 * kMillisPerDay;  // hourlyBefore's first bin, then hourly's
    for (std::uint32_t rec = 0; rec < store.size(); ++rec) {
        const LiveRecord& r = store.record(rec);
        if (r.kind != LiveKind::Issue) continue;
        if (isIssueOpen(r)) {
            if (r.category >= p.openByCategory.size()) {
                p.openByCategory.resize(r.category + 1, 0);
                p.categoryRecord.resize(r.category + 1, LiveStore::kNone);
            }
            ++p.openByCategory[r.category];
            p.categoryRecord[r.category] = rec;
        }
        const std::int64_t reported = r.reportedAt;
        const std::int64_t resolved = resolutionTime(r);
        if (reported != kNoTime) {
            p.newToday += inRange(reported, dayStart, clock);
            p.newTodayBefore += inRange(reported, dayStartBefore, before);
            if (reported >= binsStart && reported < clock) {
                const std::int64_t bin = (reported - binsStart) / kMillisPerHour;
                if (bin < 24) {
                    ++p.hourlyBefore[std::size_t(bin)];
                } else {
                    ++p.hourly[std::size_t(bin - 24)];
                    assert(r.status < p.byStatus.size());
                    ++p.byStatus[r.status];
                }
            }
        }
        if (resolved != kNoTime) {
            const bool sample = reported != kNoTime && resolved >= reported;  // negative: a data error
            if (inRange(resolved, dayStart, clock)) {
                ++p.resolvedToday;
                if (sample) p.responses.push_back(resolved - reported);
            }
            if (inRange(resolved, dayStartBefore, before)) {
                ++p.resolvedTodayBefore;
                if (sample) p.responsesBefore.push_back(resolved - reported);
            }
        }
        const bool resolvedByT = resolved != kNoTime && resolved <= before;
        const bool cancelledByT = r.status == std::uint8_t(IssueStatus::Cancelled) && r.updatedAt <= before;
        if (reported != kNoTime && reported <= before && !resolvedByT && !cancelledByT) {
            ++p.openBefore;
            p.overdueBefore += r.dueAt != kNoTime && r.dueAt < before;
        }
    }
    return p;
}

// Volunteers on duty or busy at t: the current count with the history's changes after t undone.
// Undoing is a telescoping sum over each volunteer's chain of changes, so this is what
// store.stateAt(t) would give, in O(changes after t) instead of stateAt's O(records) (two
// record-sized arrays: about 100 ms for a 1M-record store). Nothing when t is before the horizon.
std::optional<double> volunteersOnDutyAt(const LiveStore& store, std::int64_t t, int onDutyNow) {
    if (t < store.history().horizon() || t == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
    int count = onDutyNow;
    for (const LiveChange& c : store.changesBetween(t + 1, std::numeric_limits<std::int64_t>::max())) {
        if (store.record(c.record).kind != LiveKind::Volunteer) continue;
        count -= int(c.after.exists && onDuty(c.after.status)) - int(c.before.exists && onDuty(c.before.status));
    }
    return double(count);
}

std::vector<std::pair<std::string, int>> topCategories(const LiveStore& store, const IssuePass& p, std::size_t n) {
    std::vector<std::pair<std::string, int>> all;
    for (std::size_t c = 0; c < p.openByCategory.size(); ++c)
        if (p.openByCategory[c] > 0) all.emplace_back(std::string(store.category(p.categoryRecord[c])), p.openByCategory[c]);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (all.size() <= n) return all;
    int other = 0;
    for (std::size_t i = n; i < all.size(); ++i) other += all[i].second;
    all.resize(n);
    all.emplace_back(std::string(), other);
    return all;
}

class Ranker {
public:
    Ranker(const LiveStore& store, const WallGridNames& grids, const WallModelOptions& options, int level)
        : store_(store), grids_(grids), options_(options), level_(level) {}

    void rank(WallModel& model) const {
        for (int g = 0; g < store_.gridCount(level_); ++g) {
            const GridFigures f = store_.figures(level_, g);
            if (f.overdue > 0) model.mostOverdue.push_back(row(g, f));
            if (f.medianResponseMs && (!options_.publicMode || f.responseSamples >= options_.minCount))
                model.slowestResponse.push_back(row(g, f));
        }
        // On the values shown: a suppressed count (0) sorts below every shown one (>= minCount), which
        // is its true place; ties go by what is shown (open, then grid), so the order reveals no more than "<k".
        std::sort(model.mostOverdue.begin(), model.mostOverdue.end(), [](const RankingRow& a, const RankingRow& b) {
            if (a.overdue.value != b.overdue.value) return a.overdue.value > b.overdue.value;
            if (a.open.value != b.open.value) return a.open.value > b.open.value;
            return a.grid < b.grid;
        });
        std::sort(model.slowestResponse.begin(), model.slowestResponse.end(), [](const RankingRow& a, const RankingRow& b) {
            if (*a.medianResponseHours != *b.medianResponseHours) return *a.medianResponseHours > *b.medianResponseHours;
            return a.grid < b.grid;
        });
        if (model.mostOverdue.size() > options_.rankingSize) model.mostOverdue.resize(options_.rankingSize);
        if (model.slowestResponse.size() > options_.rankingSize) model.slowestResponse.resize(options_.rankingSize);
    }

private:
    GridCount count(int value) const {
        if (options_.publicMode && value > 0 && value < options_.minCount) return {0, true};
        return {value, false};
    }

    RankingRow row(int g, const GridFigures& f) const {
        RankingRow row;
        row.grid = g;
        row.gridId = lookup(grids_.ids, level_, g);
        row.gridName = lookup(grids_.names, level_, g);
        row.overdue = count(f.overdue);
        row.open = count(f.open);
        if (f.medianResponseMs && (!options_.publicMode || f.responseSamples >= options_.minCount))
            row.medianResponseHours = hours(*f.medianResponseMs);
        return row;
    }

    const LiveStore& store_;
    const WallGridNames& grids_;
    const WallModelOptions& options_;
    int level_;
};

// The history's newest changes of issues: asks for more while volunteers crowd them out.
std::vector<LiveChange> newestIssueChanges(const LiveStore& store, std::size_t n) {
    std::vector<LiveChange> issues;
    if (n == 0) return issues;
    for (std::size_t ask = n;; ask *= 2) {
        const std::vector<LiveChange> changes = store.history().newest(ask);
        issues.clear();
        for (const LiveChange& c : changes) {
            if (store.record(c.record).kind != LiveKind::Issue) continue;
            issues.push_back(c);
            if (issues.size() == n) return issues;
        }
        if (changes.size() < ask) return issues;  // the whole history was read
    }
}

std::string titleOf(const LiveStore& store, std::uint32_t rec) {
    Result<LiveMessage> details = store.details(rec);
    assert(details.ok() && "the store parsed this text when it applied it");
    return details ? details->title : std::string();
}

void fillTicker(const LiveStore& store, const WallGridNames& grids, const WallModelOptions& options, WallModel& model) {
    const int finest = store.levelCount() - 1;
    for (const LiveChange& c : newestIssueChanges(store, options.tickerSize)) {
        TickerEvent e;
        e.time = c.time;
        e.gridName = lookup(grids.names, finest, c.after.grid);
        if (options.publicMode) e.gridName = publicPlaceOf(store, grids, c.record, options.minCount).name;
        e.category = std::string(store.category(c.record));
        e.status = c.after.status;
        e.priority = c.after.priority;
        if (!options.publicMode) {  // not even read: the public model never holds them
            e.title = titleOf(store, c.record);
            e.issueId = std::string(store.id(c.record));
            e.point = c.after.point;
        }
        model.ticker.push_back(std::move(e));
    }
}

}  // namespace

WallModel buildWallModel(const LiveStore& store, const WallGridNames& grids, const WallModelOptions& options) {
    WallModel model;
    if (!store.clock()) return model;
    const std::int64_t clock = *store.clock();
    const std::int64_t before = clock - kMillisPerDay;
    model.clock = clock;

    IssuePass p = scanIssues(store, clock, options.utcOffsetMinutes);
    const GridFigures totals = store.totals();
    model.open = {double(totals.open), double(p.openBefore)};
    model.overdue = {double(totals.overdue), double(p.overdueBefore)};
    model.newToday = {double(p.newToday), double(p.newTodayBefore)};
    model.resolvedToday = {double(p.resolvedToday), double(p.resolvedTodayBefore)};
    model.resolutionRate = {rate(p.resolvedToday, totals.open), rate(p.resolvedTodayBefore, p.openBefore)};
    model.medianResponseHours = {medianHours(p.responses), medianHours(p.responsesBefore)};
    const int onDutyNow = totals.volunteersOnDuty + totals.volunteersBusy;
    model.volunteersOnDuty = {double(onDutyNow), volunteersOnDutyAt(store, before, onDutyNow)};
    model.hourly = p.hourly;
    model.hourlyBefore = p.hourlyBefore;
    model.byStatus = p.byStatus;
    model.byCategory = topCategories(store, p, options.categories);

    const int level = options.rankingLevel < 0 ? store.levelCount() - 1 : options.rankingLevel;
    assert(level < store.levelCount() || store.levelCount() == 0);
    if (level >= 0 && level < store.levelCount()) Ranker(store, grids, options, level).rank(model);

    fillTicker(store, grids, options, model);
    return model;
}

PublicPlace publicPlaceOf(const LiveStore& store, const WallGridNames& grids, std::uint32_t record, int minCount) {
    for (int level = store.levelCount() - 1; level >= 0; --level) {
        const int g = store.grid(record, level);
        if (g >= 0 && store.figures(level, g).issues >= minCount) return {level, g, lookup(grids.names, level, g)};
    }
    return {};
}

std::vector<UrgentEvent> urgentIssuesBetween(const LiveStore& store, const WallGridNames& grids, std::int64_t since,
                                             std::int64_t until) {
    std::vector<UrgentEvent> out;
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (since >= until) return out;
    // changesBetween is [t0, t1): (since, until] is [since + 1, until + 1).
    const std::vector<LiveChange> changes = store.changesBetween(since + 1, until == kMax ? kMax : until + 1);
    const int finest = store.levelCount() - 1;
    std::unordered_set<std::uint32_t> seen;
    for (const LiveChange& c : changes) {
        const LiveRecord& r = store.record(c.record);
        if (r.kind != LiveKind::Issue || c.after.priority != 1) continue;
        if (c.after.status > std::uint8_t(IssueStatus::InProgress)) continue;  // already over: nothing to alert
        if (c.before.exists && c.before.priority == 1) continue;               // was urgent already
        if (!seen.insert(c.record).second) continue;
        UrgentEvent e;
        e.id = std::string(store.id(c.record));
        e.point = c.after.point;
        e.reportedAt = r.reportedAt;
        e.category = std::string(store.category(c.record));
        e.title = titleOf(store, c.record);
        e.gridName = lookup(grids.names, finest, c.after.grid);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace gs
