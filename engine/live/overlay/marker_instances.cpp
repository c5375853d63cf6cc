#include "live/overlay/marker_instances.hpp"

#include <algorithm>
#include <cmath>

#include "geo/transformer.hpp"
#include "live/store/live_store.hpp"

namespace gs {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

bool markerOverdue(const MarkerInstance& m, MarkerClock clock) {
    if (m.flags & (MarkerInstance::kVolunteer | MarkerInstance::kBadge)) return false;
    if (m.dueSec == MarkerInstance::kNeverDue) return false;
    return clock.sec > m.dueSec || (clock.sec == m.dueSec && clock.frac > 0.0f);
}

double markerAgeSeconds(const MarkerInstance& m, MarkerClock clock) {
    if (m.appearSec == MarkerInstance::kNoAppear) return -1.0;
    return double(std::int64_t(clock.sec) - m.appearSec) + clock.frac;
}

MarkerPacker::MarkerPacker(MarkerStyle style, Vec2d origin, std::int64_t timeBaseMs, const Transformer* toDisplay)
    : style_(std::move(style)), origin_(origin), timeBaseMs_(timeBaseMs), toDisplay_(toDisplay) {}

MarkerClock MarkerPacker::clock(std::int64_t nowMs) const {
    const std::int64_t d = nowMs - timeBaseMs_;
    const std::int64_t sec = floorDiv(d, 1000);
    MarkerClock c;
    c.sec = std::int32_t(std::clamp<std::int64_t>(sec, INT32_MIN + 1, INT32_MAX - 1));
    c.frac = float(d - sec * 1000) / 1000.0f;
    return c;
}

std::int32_t MarkerPacker::toSeconds(std::int64_t ms) const {
    const std::int64_t sec = floorDiv(ms - timeBaseMs_, 1000);
    // The sentinels stay reserved: a time beyond ±68 years of the base is clamped next to them.
    return std::int32_t(std::clamp<std::int64_t>(sec, INT32_MIN + 1, INT32_MAX - 1));
}

std::uint8_t MarkerPacker::teamColor(std::string_view team) {
    if (team.empty()) return kPulseColor;  // white: a volunteer without a team
    auto it = teams_.find(std::string(team));
    if (it == teams_.end())
        it = teams_.emplace(std::string(team), std::uint8_t(kTeamColor0 + teams_.size() % kTeamColorCount)).first;
    return it->second;
}

void MarkerPacker::packFields(const LiveStore& store, std::uint32_t rec, MarkerInstance& out) {
    const LiveRecord& r = store.record(rec);
    out.flags = 0;
    if (r.kind == LiveKind::Volunteer) {
        out.flags |= MarkerInstance::kVolunteer;
        if (r.status == std::uint8_t(VolunteerStatus::Busy)) out.flags |= MarkerInstance::kBusy;
        out.shape = std::uint8_t(style_.volunteerShape);
        out.sizePx = style_.volunteerSizePx;
        out.appearSec = MarkerInstance::kNoAppear;
        out.dueSec = MarkerInstance::kNeverDue;
        // The team is display text, kept in the message (volunteers are few; issues never get here).
        auto details = store.details(rec);
        out.color = teamColor(details ? std::string_view(details->team) : std::string_view());
        return;
    }
    if (r.category >= categoryShape_.size()) categoryShape_.resize(r.category + 1, 0xff);
    std::uint8_t& shape = categoryShape_[r.category];
    if (shape == 0xff) shape = std::uint8_t(style_.shapeFor(store.category(rec)));
    out.shape = shape;
    out.color = std::uint8_t(kStatusColor0 + std::min<std::uint8_t>(r.status, 5));
    out.sizePx = style_.sizeFor(r.priority);
    const std::int64_t appear = r.reportedAt != kNoTime ? r.reportedAt : r.updatedAt;
    out.appearSec = appear != kNoTime ? toSeconds(appear) : MarkerInstance::kNoAppear;
    out.dueSec = r.dueAt != kNoTime ? toSeconds(r.dueAt) : MarkerInstance::kNeverDue;
}

void MarkerPacker::place(Vec2d p, MarkerInstance& out) const {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
        out.x = out.y = 0;
        out.flags |= MarkerInstance::kHidden;
        return;
    }
    out.x = float(p.x - origin_.x);
    out.y = float(p.y - origin_.y);
}

MarkerInstance MarkerPacker::pack(const LiveStore& store, std::uint32_t rec) {
    MarkerInstance m;
    packFields(store, rec, m);
    Vec2d p = store.record(rec).point;
    if (toDisplay_ && !toDisplay_->isIdentity()) (void)toDisplay_->transform(std::span<Vec2d>(&p, 1));
    place(p, m);
    return m;
}

void MarkerPacker::packSlots(const LiveStore& store, std::uint32_t first, std::uint32_t end, MarkerInstance* out) {
    if (end <= first) return;
    scratch_.resize(end - first);
    for (std::uint32_t s = first; s < end; ++s) {
        const std::uint32_t rec = store.drawnRecord(s);
        packFields(store, rec, out[s - first]);
        scratch_[s - first] = store.record(rec).point;
    }
    if (toDisplay_ && !toDisplay_->isIdentity()) (void)toDisplay_->transform(std::span<Vec2d>(scratch_));
    for (std::uint32_t i = 0; i < end - first; ++i) place(scratch_[i], out[i]);
}

UploadStats MarkerSlots::apply(const DrawChanges& changes, const LiveStore& store, MarkerPacker& packer,
                               InstanceUploader& gpu) {
    UploadStats stats;
    count_ = changes.drawnCount;
    if (count_ > capacity_) {
        // Geometric growth: n inserts cost O(n) uploads in all, however they arrive.
        capacity_ = std::max({count_, capacity_ * 2, std::uint32_t(1024)});
        mirror_.resize(capacity_);
        for (const SlotRange& r : changes.dirty) packer.packSlots(store, r.begin, r.end, &mirror_[r.begin]);
        gpu.allocate(capacity_);
        gpu.upload(0, {mirror_.data(), count_});
        stats.reallocated = true;
        stats.ranges = 1;
        stats.slots = count_;
        return stats;
    }
    std::size_t i = 0;
    while (i < changes.dirty.size()) {
        const std::uint32_t begin = changes.dirty[i].begin;
        std::uint32_t end = changes.dirty[i].end;
        packer.packSlots(store, begin, end, &mirror_[begin]);
        // Take the following ranges along while the gaps are small.
        while (i + 1 < changes.dirty.size() && changes.dirty[i + 1].begin - end <= mergeGap_) {
            ++i;
            const SlotRange& next = changes.dirty[i];
            packer.packSlots(store, next.begin, next.end, &mirror_[next.begin]);
            end = next.end;
        }
        ++i;
        gpu.upload(begin, {mirror_.data() + begin, end - begin});
        ++stats.ranges;
        stats.slots += end - begin;
    }
    return stats;
}

}  // namespace gs
