// Volunteers' trails (where each was in the last `live.trailMinutes`, fading with age) and the
// counts of marker shapes the legend lists: what the builder keeps between frames from the drawn
// set's changes.
#include <algorithm>
#include <cmath>

#include "live/overlay/overlay_builder.hpp"
#include "live/store/live_store.hpp"

namespace gs {

void OverlayBuilder::updateTrails(const LiveStore& store, std::int64_t now, bool seed) {
    const std::int64_t span = std::int64_t(config_.trailMinutes * 60000.0);
    if (span <= 0) {
        trails_.clear();
        trailVertices_.clear();
        return;
    }
    auto add = [&](std::uint32_t rec, std::int64_t time, Vec2d feedPoint) {
        Trail& t = trails_[rec];
        const Vec2d p = toDisplay(feedPoint);
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return;
        if (!t.points.empty() && t.points.back().point == p) return;
        t.points.push_back({time, p});
    };
    bool changed = false;
    if (seed) {
        // Where the volunteers went in the span, from the store's history.
        for (const LiveChange& c : store.changesBetween(now - span, now + 1)) {
            if (store.record(c.record).kind != LiveKind::Volunteer || !c.after.exists) continue;
            if (c.before.exists && trails_.find(c.record) == trails_.end()) add(c.record, now - span, c.before.point);
            add(c.record, c.time, c.after.point);
        }
        changed = true;
    }
    for (const auto* list : {&changes_.inserted, &changes_.changed})
        for (std::uint32_t rec : *list) {
            const LiveRecord& r = store.record(rec);
            if (r.kind != LiveKind::Volunteer) continue;
            add(rec, r.updatedAt, r.point);
            changed = true;
        }
    for (std::uint32_t rec : changes_.removed)
        changed |= trails_.erase(rec) > 0;
    // Only volunteers on the map keep a trail; each gets its team's colour once.
    for (auto it = trails_.begin(); it != trails_.end();) {
        const LiveRecord& r = store.record(it->first);
        if (!isDrawn(r)) {
            it = trails_.erase(it);
            changed = true;
            continue;
        }
        Trail& t = it->second;
        if (!t.colored) {
            t.color = packer_->pack(store, it->first).color;
            t.colored = true;
        }
        const std::size_t before = t.points.size();
        std::erase_if(t.points, [&](const TrailPoint& p) { return p.time < now - span; });
        if (t.points.size() > std::size_t(config_.trailPoints))
            t.points.erase(t.points.begin(), t.points.end() - config_.trailPoints);
        changed |= t.points.size() != before;
        ++it;
    }
    if (changed || seed || !trailVertices_.empty()) buildTrailVertices(now);
}

void OverlayBuilder::buildTrailVertices(std::int64_t now) {
    trailVertices_.clear();
    const double span = std::max(1.0, config_.trailMinutes * 60000.0);
    const auto& palette = packer_->style().palette;
    // Deterministic order (the map's iteration order is not).
    std::vector<std::uint32_t> recs;
    for (const auto& [rec, t] : trails_)
        if (t.points.size() >= 2) recs.push_back(rec);
    std::sort(recs.begin(), recs.end());
    for (std::uint32_t rec : recs) {
        const Trail& t = trails_.at(rec);
        const Rgba c = palette[t.color];
        for (std::size_t i = 0; i + 1 < t.points.size(); ++i) {
            const Vec2d a = t.points[i].point, b = t.points[i + 1].point;
            const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
            if (len <= 0) continue;
            const float nx = float(-dy / len), ny = float(dx / len);
            // Older parts fade: the newest segment is almost opaque, one a span old is gone.
            auto alpha = [&](std::int64_t time) {
                return float(std::clamp(0.85 * (1.0 - double(now - time) / span), 0.08, 0.85));
            };
            const float a0 = alpha(t.points[i].time), a1 = alpha(t.points[i + 1].time);
            auto vertex = [&](Vec2d p, float side, float alpha) {
                TrailVertex v{float(p.x - origin_.x), float(p.y - origin_.y), nx, ny, side,
                              {c.r * alpha, c.g * alpha, c.b * alpha, alpha}};
                trailVertices_.push_back(v);
            };
            vertex(a, -1, a0);
            vertex(a, 1, a0);
            vertex(b, 1, a1);
            vertex(a, -1, a0);
            vertex(b, 1, a1);
            vertex(b, -1, a1);
        }
    }
}

void OverlayBuilder::countLegendShapes() {
    shapeCounts_.fill(0);
    for (const MarkerInstance& m : slots_.instances())
        if (!(m.flags & MarkerInstance::kVolunteer) && m.shape < kMarkerShapeCount) ++shapeCounts_[m.shape];
}


}  // namespace gs
