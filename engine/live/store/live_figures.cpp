#include "live/store/live_figures.hpp"

#include <cassert>
#include <limits>

namespace gs {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b) {
    if (b > 0 && a > kMax - b) return kMax;
    if (b < 0 && a < kMin - b) return kMin;
    return a + b;
}

// figureBits: bit 2k = member of counter k, bit 2k+1 = counted below counter k's threshold.
constexpr std::uint16_t memberBit(int k) { return std::uint16_t(1u << (2 * k)); }
constexpr std::uint16_t belowBit(int k) { return std::uint16_t(1u << (2 * k + 1)); }

}  // namespace

LiveFigures::LiveFigures(std::vector<int> gridCounts, int utcOffsetMinutes)
    : gridCounts_(std::move(gridCounts)), utcOffsetMinutes_(utcOffsetMinutes) {
    std::size_t offset = 0;
    for (int count : gridCounts_) {
        assert(count >= 0);
        levelOffset_.push_back(offset);
        offset += std::size_t(count) + 1;  // + the level's unassigned cell
    }
    levelOffset_.push_back(offset);  // totals
    cells_.resize(offset + 1);
    responses_.resize(offset + 1);
}

template <class F>
void LiveFigures::forEachCell(std::span<const std::int32_t> grids, F&& f) {
    for (std::size_t l = 0; l < gridCounts_.size(); ++l) {
        const std::int32_t g = grids[l];
        f(levelOffset_[l] + (g < 0 ? std::size_t(gridCounts_[l]) : std::size_t(g)));
    }
    f(levelOffset_.back());
}

void LiveFigures::addMember(int k, std::int64_t key, std::uint32_t rec, LiveRecord& r,
                            std::span<const std::int32_t> grids) {
    r.figureBits |= memberBit(k);
    if (counters_[size_t(k)].add(key, rec, r.version)) {
        r.figureBits |= belowBit(k);
        forEachCell(grids, [&](std::size_t c) { ++cells_[c].below[size_t(k)]; });
    }
}

void LiveFigures::add(std::uint32_t rec, LiveRecord& r, std::span<const std::int32_t> grids) {
    assert(r.figureBits == 0);
    const bool issue = r.kind == LiveKind::Issue;
    const bool open = isIssueOpen(r);
    const bool onDuty = !issue && r.status == std::uint8_t(VolunteerStatus::OnDuty);
    const bool busy = !issue && r.status == std::uint8_t(VolunteerStatus::Busy);
    const std::int64_t resolved = resolutionTime(r);
    const bool response = resolved != kNoTime && r.reportedAt != kNoTime && resolved >= r.reportedAt;
    forEachCell(grids, [&](std::size_t c) {
        Cell& cell = cells_[c];
        cell.issues += issue;
        cell.open += open;
        cell.volunteers += !issue;
        cell.onDuty += onDuty;
        cell.busy += busy;
        if (response) responses_[c].insert(resolved - r.reportedAt);
    });
    if (!issue) return;
    if (open && r.dueAt != kNoTime) addMember(kOverdue, r.dueAt, rec, r, grids);
    if (r.reportedAt != kNoTime) {
        addMember(kReportedUpToNow, r.reportedAt, rec, r, grids);
        addMember(kReportedUpToHourAgo, r.reportedAt, rec, r, grids);
    }
    if (resolved != kNoTime) {
        addMember(kResolvedUpToNow, resolved, rec, r, grids);
        addMember(kResolvedBeforeToday, resolved, rec, r, grids);
    }
}

void LiveFigures::remove(std::uint32_t, LiveRecord& r, std::span<const std::int32_t> grids) {
    const bool issue = r.kind == LiveKind::Issue;
    const bool open = isIssueOpen(r);
    const bool onDuty = !issue && r.status == std::uint8_t(VolunteerStatus::OnDuty);
    const bool busy = !issue && r.status == std::uint8_t(VolunteerStatus::Busy);
    const std::int64_t resolved = resolutionTime(r);
    const bool response = resolved != kNoTime && r.reportedAt != kNoTime && resolved >= r.reportedAt;
    forEachCell(grids, [&](std::size_t c) {
        Cell& cell = cells_[c];
        cell.issues -= issue;
        cell.open -= open;
        cell.volunteers -= !issue;
        cell.onDuty -= onDuty;
        cell.busy -= busy;
        if (response) {
            [[maybe_unused]] const bool erased = responses_[c].erase(resolved - r.reportedAt);
            assert(erased);
        }
        for (int k = 0; k < kCounterCount; ++k)
            if (r.figureBits & belowBit(k)) --cell.below[size_t(k)];
    });
    for (int k = 0; k < kCounterCount; ++k)
        if (r.figureBits & memberBit(k)) counters_[size_t(k)].dropped();
    r.figureBits = 0;
    ++r.version;  // every heap entry of the old state is stale now
}

void LiveFigures::setClock(std::int64_t now, std::vector<LiveRecord>& records,
                           const std::vector<std::int32_t>& grids) {
    clock_ = now;
    const std::array<std::int64_t, kCounterCount> thresholds = {
        now,                                              // due_at < now
        saturatingAdd(now, 1),                            // reported_at <= now
        saturatingAdd(now, 1 - kMillisPerHour),           // reported_at <= now - 1 h
        saturatingAdd(now, 1),                            // resolved <= now
        localDayStart(now, utcOffsetMinutes_),            // resolved < local midnight
    };
    const std::size_t levels = gridCounts_.size();
    auto isCurrent = [&](std::uint32_t rec, std::uint32_t version) { return records[rec].version == version; };
    for (int k = 0; k < kCounterCount; ++k) {
        counters_[size_t(k)].setThreshold(thresholds[size_t(k)], isCurrent, [&](std::uint32_t rec, int delta) {
            LiveRecord& r = records[rec];
            if (delta > 0) r.figureBits |= belowBit(k);
            else r.figureBits &= std::uint16_t(~belowBit(k));
            const std::span<const std::int32_t> g(grids.data() + std::size_t(rec) * levels, levels);
            forEachCell(g, [&](std::size_t c) { cells_[c].below[size_t(k)] += delta; });
        });
        counters_[size_t(k)].compact(isCurrent);
    }
}

GridFigures LiveFigures::figuresOf(std::size_t c) const {
    const Cell& cell = cells_[c];
    GridFigures f;
    f.issues = cell.issues;
    f.open = cell.open;
    f.overdue = cell.below[kOverdue];
    f.newLastHour = cell.below[kReportedUpToNow] - cell.below[kReportedUpToHourAgo];
    f.resolvedToday = cell.below[kResolvedUpToNow] - cell.below[kResolvedBeforeToday];
    f.responseSamples = std::int32_t(responses_[c].size());
    f.medianResponseMs = responses_[c].median();
    f.volunteers = cell.volunteers;
    f.volunteersOnDuty = cell.onDuty;
    f.volunteersBusy = cell.busy;
    return f;
}

GridFigures LiveFigures::figures(int level, int grid) const {
    assert(level >= 0 && level < levelCount() && grid >= -1 && grid < gridCounts_[size_t(level)]);
    const std::size_t l = std::size_t(level);
    return figuresOf(levelOffset_[l] + (grid < 0 ? std::size_t(gridCounts_[l]) : std::size_t(grid)));
}

GridFigures LiveFigures::totals() const { return figuresOf(levelOffset_.back()); }

}  // namespace gs
